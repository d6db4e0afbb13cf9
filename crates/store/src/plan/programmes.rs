//! Stage 3 programme register: programmes per OPD with their horizon, yearly targets, budgets by
//! funding source (whole rupiah), KPIs, and links to OPDs, partners, problems, apps, data sets,
//! RPJMD goals and neighbouring regions.

use crate::audit::{self, Change};
use crate::entity::{
    app, dataset, plan_item, problem, programme, programme_budget, programme_kpi, programme_kpi_target, programme_link,
    programme_reach, programme_year,
};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::programme::{total, LinkKind};
use kotacerdas_domain::programme_input::{self, KpiInput, ProgrammeInput, References, ValidProgramme};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use std::collections::HashMap;

/// One budget cell as it enters an SQL sum, capped at [`kotacerdas_domain::validate::MAX_RUPIAH`].
/// Every write path refuses larger cells; rows written before the cap existed (or by hand) are
/// counted at the cap, so an aggregate can never overflow and fail the page (SQLite's SUM raises
/// "integer overflow", PostgreSQL's CAST to BIGINT "out of range").
pub const CAPPED_AMOUNT_SQL: &str =
    "(CASE WHEN b.amount > 100000000000000 THEN 100000000000000 WHEN b.amount < 0 THEN 0 ELSE b.amount END)";

/// A KPI with its yearly targets.
#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    pub kpi: programme_kpi::Model,
    pub targets: Vec<programme_kpi_target::Model>,
}

impl Kpi {
    pub fn target(&self, year: i32) -> Option<&str> {
        self.targets.iter().find(|t| t.year == year).map(|t| t.value.as_str())
    }
}

/// A programme with everything that hangs off it.
#[derive(Debug, Clone, Serialize)]
pub struct Programme {
    pub programme: programme::Model,
    pub targets: Vec<programme_year::Model>,
    pub budgets: Vec<programme_budget::Model>,
    pub links: Vec<programme_link::Model>,
    pub kpis: Vec<Kpi>,
    /// Further elements it also serves besides its primary one, in framework order (its money
    /// stays on the primary; see `kotacerdas_domain::reach`).
    pub also_serves: Vec<String>,
}

impl Programme {
    pub fn total_budget(&self) -> i64 {
        total(self.budgets.iter().map(|b| b.amount)).unwrap_or(i64::MAX)
    }
    pub fn budget(&self, year: i32, source: &str) -> i64 {
        self.budgets
            .iter()
            .filter(|b| b.year == year && b.source == source)
            .fold(0i64, |a, b| a.saturating_add(b.amount))
    }
    pub fn year_budget(&self, year: i32) -> i64 {
        self.budgets.iter().filter(|b| b.year == year).fold(0i64, |a, b| a.saturating_add(b.amount))
    }
    pub fn target(&self, year: i32) -> Option<&str> {
        self.targets.iter().find(|t| t.year == year).map(|t| t.target.as_str())
    }
    pub fn link_ids(&self, kind: LinkKind) -> Vec<i64> {
        self.links.iter().filter(|l| l.kind == kind.as_str()).filter_map(|l| l.ref_id).collect()
    }
    pub fn partners(&self) -> Vec<(String, String)> {
        self.links
            .iter()
            .filter(|l| l.kind == LinkKind::Partner.as_str())
            .map(|l| (l.helix.clone().unwrap_or_default(), l.label.clone().unwrap_or_default()))
            .collect()
    }
    /// The further dimensions it serves (not its primary one), in framework order.
    pub fn further_dimensions(&self) -> Vec<&'static str> {
        kotacerdas_domain::reach::further_dimensions(&self.programme.element_code, &self.also_serves)
    }
    pub fn neighbours(&self) -> Vec<String> {
        self.links.iter().filter(|l| l.kind == LinkKind::Neighbour.as_str()).filter_map(|l| l.label.clone()).collect()
    }
}

/// The form's (and the template's) values of a stored programme.
impl From<&Programme> for ProgrammeInput {
    fn from(p: &Programme) -> ProgrammeInput {
        let r = &p.programme;
        let ids = |kind| p.link_ids(kind).iter().map(i64::to_string).collect();
        ProgrammeInput {
            opd_id: r.opd_id.to_string(),
            element_code: r.element_code.clone(),
            also_serves: p.also_serves.clone(),
            name: r.name.clone(),
            brand_name: r.brand_name.clone().unwrap_or_default(),
            description: r.description.clone(),
            horizon: r.horizon.clone(),
            start_year: r.start_year.to_string(),
            end_year: r.end_year.to_string(),
            output: r.output.clone().unwrap_or_default(),
            outcome: r.outcome.clone().unwrap_or_default(),
            gov_code: r.gov_code.clone().unwrap_or_default(),
            targets: p.targets.iter().map(|t| (t.year, t.target.clone())).collect(),
            budgets: p.budgets.iter().map(|b| ((b.year, b.source.clone()), b.amount.to_string())).collect(),
            support_opds: ids(LinkKind::SupportOpd),
            partners: p.partners(),
            problems: ids(LinkKind::Problem),
            apps: ids(LinkKind::App),
            datasets: ids(LinkKind::Dataset),
            rpjmd: ids(LinkKind::Rpjmd),
            neighbours: p.neighbours().join(", "),
            kpis: p
                .kpis
                .iter()
                .map(|k| KpiInput {
                    name: k.kpi.name.clone(),
                    unit: k.kpi.unit.clone(),
                    baseline: k.kpi.baseline.clone().unwrap_or_default(),
                    baseline_year: k.kpi.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
                    direction: k.kpi.direction.clone(),
                    targets: k.targets.iter().map(|t| (t.year, t.value.clone())).collect(),
                })
                .collect(),
        }
    }
}

/// What a programme of the region may refer to, for [`programme_input::validate`].
pub async fn references<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<References> {
    async fn ids<C: ConnectionTrait, E: EntityTrait>(
        c: &C,
        id: E::Column,
        region: E::Column,
        region_id: i64,
    ) -> Result<Vec<i64>> {
        Ok(E::find().select_only().column(id).filter(region.eq(region_id)).into_tuple::<i64>().all(c).await?)
    }
    Ok(References {
        // A kawasan's programmes may be owned by its member regions' OPDs.
        opds: crate::region::kawasan::plan_opd_ids(c, region_id).await?,
        problems: ids::<_, problem::Entity>(c, problem::Column::Id, problem::Column::RegionId, region_id).await?,
        apps: ids::<_, app::Entity>(c, app::Column::Id, app::Column::RegionId, region_id).await?,
        datasets: ids::<_, dataset::Entity>(c, dataset::Column::Id, dataset::Column::RegionId, region_id).await?,
        rpjmd_items: ids::<_, plan_item::Entity>(c, plan_item::Column::Id, plan_item::Column::RegionId, region_id)
            .await?,
        masterplan_start: crate::plan::masterplan(c, region_id).await?.map(|m| m.start_year),
    })
}

/// All programmes of a region with their years, budgets, links and KPIs (six queries, however
/// many programmes).
pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<Programme>> {
    let rows = programme::Entity::find()
        .filter(programme::Column::RegionId.eq(region_id))
        .order_by_asc(programme::Column::ElementCode)
        .order_by_asc(programme::Column::Name)
        .all(db)
        .await?;
    with_details(db, rows).await
}

async fn with_details<C: ConnectionTrait>(db: &C, rows: Vec<programme::Model>) -> Result<Vec<Programme>> {
    fn group<T>(items: Vec<T>, key: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
        let mut m: HashMap<i64, Vec<T>> = HashMap::new();
        for i in items {
            m.entry(key(&i)).or_default().push(i);
        }
        m
    }
    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    let mut targets = group(
        programme_year::Entity::find()
            .filter(programme_year::Column::ProgrammeId.is_in(ids.clone()))
            .order_by_asc(programme_year::Column::Year)
            .all(db)
            .await?,
        |t| t.programme_id,
    );
    let mut budgets = group(
        programme_budget::Entity::find()
            .filter(programme_budget::Column::ProgrammeId.is_in(ids.clone()))
            .all(db)
            .await?,
        |b| b.programme_id,
    );
    let mut links = group(
        programme_link::Entity::find()
            .filter(programme_link::Column::ProgrammeId.is_in(ids.clone()))
            .order_by_asc(programme_link::Column::Id)
            .all(db)
            .await?,
        |l| l.programme_id,
    );
    let mut reach = group(
        programme_reach::Entity::find()
            .filter(programme_reach::Column::ProgrammeId.is_in(ids.clone()))
            .order_by_asc(programme_reach::Column::Id)
            .all(db)
            .await?,
        |r| r.programme_id,
    );
    let kpi_rows = programme_kpi::Entity::find()
        .filter(programme_kpi::Column::ProgrammeId.is_in(ids))
        .order_by_asc(programme_kpi::Column::Position)
        .all(db)
        .await?;
    let mut kpi_targets = group(
        programme_kpi_target::Entity::find()
            .filter(programme_kpi_target::Column::KpiId.is_in(kpi_rows.iter().map(|k| k.id).collect::<Vec<_>>()))
            .order_by_asc(programme_kpi_target::Column::Year)
            .all(db)
            .await?,
        |t| t.kpi_id,
    );
    let mut kpis = group(
        kpi_rows.into_iter().map(|k| Kpi { targets: kpi_targets.remove(&k.id).unwrap_or_default(), kpi: k }).collect(),
        |k| k.kpi.programme_id,
    );
    Ok(rows
        .into_iter()
        .map(|p| Programme {
            targets: targets.remove(&p.id).unwrap_or_default(),
            budgets: budgets.remove(&p.id).unwrap_or_default(),
            links: links.remove(&p.id).unwrap_or_default(),
            kpis: kpis.remove(&p.id).unwrap_or_default(),
            also_serves: reach.remove(&p.id).unwrap_or_default().into_iter().map(|r| r.element_code).collect(),
            programme: p,
        })
        .collect())
}

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<Programme> {
    let row = programme::Entity::find_by_id(id)
        .filter(programme::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    with_details(db, vec![row]).await?.pop().ok_or(StoreError::NotFound)
}

/// Validate without writing (the import's dry run uses this per row).
pub async fn check<C: ConnectionTrait>(c: &C, region_id: i64, input: &ProgrammeInput) -> Result<()> {
    programme_input::validate(input, &references(c, region_id).await?)?;
    Ok(())
}

/// Create (`id` None) or replace a programme with its years, audited with before and after.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &ProgrammeInput,
) -> Result<programme::Model> {
    let txn = db.begin().await?;
    let row = save_in(&txn, actor, region_id, id, input).await?;
    txn.commit().await?;
    Ok(row)
}

/// [`save`] inside the caller's transaction (the XLSX import applies many at once).
pub async fn save_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &ProgrammeInput,
) -> Result<programme::Model> {
    let v = programme_input::validate(input, &references(txn, region_id).await?)?;
    let before = match id {
        Some(id) => Some(get(txn, region_id, id).await?),
        None => None,
    };
    let row = write(txn, region_id, before.as_ref().map(|b| b.programme.clone()), v).await?;
    let after = get(txn, region_id, row.id).await?;
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(txn, actor, Change::new(Some(region_id), "programme", row.id, action), before.as_ref(), Some(&after))
        .await?;
    Ok(row)
}

async fn write<C: ConnectionTrait>(
    txn: &C,
    region_id: i64,
    before: Option<programme::Model>,
    v: ValidProgramme,
) -> Result<programme::Model> {
    let existed = before.is_some();
    let mut am: programme::ActiveModel = before.map(Into::into).unwrap_or_default();
    am.region_id = Set(region_id);
    am.opd_id = Set(v.opd_id);
    am.element_code = Set(v.element);
    am.name = Set(v.name);
    am.brand_name = Set(v.brand);
    am.description = Set(v.description);
    am.horizon = Set(v.horizon.as_str().into());
    am.start_year = Set(v.start);
    am.end_year = Set(v.end);
    am.output = Set(v.output);
    am.outcome = Set(v.outcome);
    am.gov_code = Set(v.gov_code);
    am.updated_at = Set(chrono::Utc::now());
    let row = if existed { am.update(txn).await? } else { am.insert(txn).await? };
    // KPIs keep their ids across an edit: monitoring reports hold actuals per KPI id (deleting
    // and re-creating them dropped every reported actual, and failed a report saved meanwhile).
    let mut kept = match_kpis(txn, row.id, &v.kpis).await?;
    clear_children(txn, row.id, Some(&kept)).await?;
    for (year, target) in v.targets {
        programme_year::ActiveModel {
            programme_id: Set(row.id),
            year: Set(year),
            target: Set(target),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for (year, source, amount) in v.budgets {
        programme_budget::ActiveModel {
            programme_id: Set(row.id),
            year: Set(year),
            source: Set(source.as_str().into()),
            amount: Set(amount),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for l in v.links {
        programme_link::ActiveModel {
            programme_id: Set(row.id),
            kind: Set(l.kind.as_str().into()),
            ref_id: Set(l.ref_id),
            label: Set(l.label),
            helix: Set(l.helix.map(|h| h.as_str().to_string())),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for element in v.also_serves {
        programme_reach::ActiveModel { programme_id: Set(row.id), element_code: Set(element), ..Default::default() }
            .insert(txn)
            .await?;
    }
    for (position, k) in v.kpis.into_iter().enumerate() {
        let mut am = programme_kpi::ActiveModel {
            programme_id: Set(row.id),
            position: Set(position as i32),
            name: Set(k.name),
            unit: Set(k.unit),
            baseline: Set(k.baseline),
            baseline_year: Set(k.baseline_year),
            direction: Set(k.direction.as_str().into()),
            ..Default::default()
        };
        let kpi = match kept.remove(&position) {
            Some(id) => {
                am.id = Set(id);
                am.update(txn).await?
            }
            None => am.insert(txn).await?,
        };
        for (year, value) in k.targets {
            programme_kpi_target::ActiveModel {
                kpi_id: Set(kpi.id),
                year: Set(year),
                value: Set(value),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(row)
}

/// Which stored KPI each new KPI (by its position) continues: the one of the same name first,
/// then the one at the same place among those left. Returns position → stored KPI id.
async fn match_kpis<C: ConnectionTrait>(
    txn: &C,
    id: i64,
    new: &[kotacerdas_domain::programme_input::ValidKpi],
) -> Result<HashMap<usize, i64>> {
    let mut stored = programme_kpi::Entity::find()
        .filter(programme_kpi::Column::ProgrammeId.eq(id))
        .order_by_asc(programme_kpi::Column::Position)
        .all(txn)
        .await?;
    let mut kept = HashMap::new();
    let key = |s: &str| s.trim().to_lowercase();
    for (position, k) in new.iter().enumerate() {
        if let Some(i) = stored.iter().position(|s| key(&s.name) == key(&k.name)) {
            kept.insert(position, stored.remove(i).id);
        }
    }
    for position in 0..new.len() {
        if !kept.contains_key(&position) && !stored.is_empty() {
            kept.insert(position, stored.remove(0).id);
        }
    }
    Ok(kept)
}

/// Remove a programme's dependent rows explicitly (not relying on the backend's cascade); the
/// KPIs in `keep` stay (only their targets are rewritten).
async fn clear_children<C: ConnectionTrait>(txn: &C, id: i64, keep: Option<&HashMap<usize, i64>>) -> Result<()> {
    let kpi_ids: Vec<i64> = programme_kpi::Entity::find()
        .filter(programme_kpi::Column::ProgrammeId.eq(id))
        .all(txn)
        .await?
        .iter()
        .map(|k| k.id)
        .collect();
    programme_kpi_target::Entity::delete_many()
        .filter(programme_kpi_target::Column::KpiId.is_in(kpi_ids.clone()))
        .exec(txn)
        .await?;
    let keep: Vec<i64> = keep.map(|k| k.values().copied().collect()).unwrap_or_default();
    let gone: Vec<i64> = kpi_ids.into_iter().filter(|k| !keep.contains(k)).collect();
    programme_kpi::Entity::delete_many().filter(programme_kpi::Column::Id.is_in(gone)).exec(txn).await?;
    programme_link::Entity::delete_many().filter(programme_link::Column::ProgrammeId.eq(id)).exec(txn).await?;
    programme_reach::Entity::delete_many().filter(programme_reach::Column::ProgrammeId.eq(id)).exec(txn).await?;
    programme_year::Entity::delete_many().filter(programme_year::Column::ProgrammeId.eq(id)).exec(txn).await?;
    programme_budget::Entity::delete_many().filter(programme_budget::Column::ProgrammeId.eq(id)).exec(txn).await?;
    Ok(())
}

/// Drop the links to a record that is being deleted (links carry no foreign key because one
/// table serves several kinds).
pub async fn unlink<C: ConnectionTrait>(txn: &C, kind: LinkKind, ref_id: i64) -> Result<()> {
    programme_link::Entity::delete_many()
        .filter(programme_link::Column::Kind.eq(kind.as_str()))
        .filter(programme_link::Column::RefId.eq(ref_id))
        .exec(txn)
        .await?;
    Ok(())
}

pub async fn delete(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get(&txn, region_id, id).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "programme", id, "delete"), Some(&before), None::<&()>)
        .await?;
    clear_children(&txn, id, None).await?;
    crate::plan::quickwins::forget(&txn, id).await?;
    before.programme.delete(&txn).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sql_cap_is_the_domain_cap() {
        let cap = kotacerdas_domain::validate::MAX_RUPIAH.to_string();
        assert_eq!(super::CAPPED_AMOUNT_SQL.matches(&cap).count(), 2);
    }
}
