//! Alignment of every region that imported the year's RKPD, for the national dashboard and the
//! open data: the same matching as a region's page (`domain::alignment::align`), fed by a fixed
//! number of queries over all regions instead of one set per region.

use crate::entity::{alignment_link, opd, programme, programme_budget, rkpd_import, rkpd_item};
use crate::Result;
use kotacerdas_domain::alignment::{self, Totals};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// Region id → the year's totals, for regions with an import of the year. The OPDs an item is
/// matched against are the region's own (a kawasan's member OPDs are not looked at here: a
/// kawasan has no budget of its own to import).
pub async fn totals<C: ConnectionTrait>(db: &C, year: i32) -> Result<HashMap<i64, Totals>> {
    let mut current: HashMap<i64, rkpd_import::Model> = HashMap::new();
    for i in rkpd_import::Entity::find().filter(rkpd_import::Column::Year.eq(year)).all(db).await? {
        if current.get(&i.region_id).is_none_or(|c| c.revision < i.revision) {
            current.insert(i.region_id, i);
        }
    }
    if current.is_empty() {
        return Ok(HashMap::new());
    }
    let region_ids: Vec<i64> = current.keys().copied().collect();
    let import_ids: Vec<i64> = current.values().map(|i| i.id).collect();
    let mut items: HashMap<i64, Vec<rkpd_item::Model>> = HashMap::new();
    for chunk in import_ids.chunks(500) {
        for it in rkpd_item::Entity::find().filter(rkpd_item::Column::ImportId.is_in(chunk.to_vec())).all(db).await? {
            items.entry(it.region_id).or_default().push(it);
        }
    }
    let mut progs: HashMap<i64, Vec<programme::Model>> = HashMap::new();
    let mut opds: HashMap<i64, Vec<(i64, String, String)>> = HashMap::new();
    let mut links: HashMap<i64, Vec<alignment_link::Model>> = HashMap::new();
    let mut planned: HashMap<i64, i64> = HashMap::new();
    for chunk in region_ids.chunks(500) {
        let ids = chunk.to_vec();
        for p in programme::Entity::find()
            .filter(programme::Column::RegionId.is_in(ids.clone()))
            .filter(programme::Column::StartYear.lte(year))
            .filter(programme::Column::EndYear.gte(year))
            .all(db)
            .await?
        {
            progs.entry(p.region_id).or_default().push(p);
        }
        for o in opd::Entity::find().filter(opd::Column::RegionId.is_in(ids.clone())).all(db).await? {
            opds.entry(o.region_id).or_default().push((o.id, o.name, o.short_name));
        }
        for l in alignment_link::Entity::find().filter(alignment_link::Column::RegionId.is_in(ids)).all(db).await? {
            links.entry(l.region_id).or_default().push(l);
        }
    }
    let prog_ids: Vec<i64> = progs.values().flatten().map(|p| p.id).collect();
    for chunk in prog_ids.chunks(500) {
        for b in programme_budget::Entity::find()
            .select_only()
            .columns([programme_budget::Column::ProgrammeId, programme_budget::Column::Amount])
            .filter(programme_budget::Column::ProgrammeId.is_in(chunk.to_vec()))
            .filter(programme_budget::Column::Year.eq(year))
            .into_tuple::<(i64, i64)>()
            .all(db)
            .await?
        {
            let e = planned.entry(b.0).or_insert(0);
            *e = e.saturating_add(b.1);
        }
    }
    let mut out = HashMap::new();
    for rid in region_ids {
        let o = opds.remove(&rid).unwrap_or_default();
        let ps: Vec<alignment::Programme> = progs
            .remove(&rid)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| {
                let money = planned.get(&p.id).copied().unwrap_or(0);
                (money > 0).then(|| alignment::Programme {
                    id: p.id,
                    name: p.named(),
                    opd_id: p.opd_id,
                    gov_code: p.gov_code.clone().filter(|c| !c.trim().is_empty()),
                    dimension: p.element_code.split('-').next().unwrap_or_default().to_string(),
                    planned: money,
                })
            })
            .collect();
        let its: Vec<alignment::Item> = items
            .remove(&rid)
            .unwrap_or_default()
            .into_iter()
            .map(|i| alignment::Item {
                id: i.id,
                opd_id: alignment::opd_of(&i.opd_name, &o),
                code: i.code,
                name: i.name,
                indicator: i.indicator,
                pagu: i.pagu,
            })
            .collect();
        let ls = super::domain_links(&links.remove(&rid).unwrap_or_default());
        out.insert(rid, alignment::align_with(&ps, &its, &ls, false).region);
    }
    Ok(out)
}
