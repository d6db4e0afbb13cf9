//! A kawasan: a planning unit of kind `kawasan` spanning one or more kabupaten/kota (a tourism
//! area across three kabupaten). It is a region row, so it has its own council, team, stages,
//! plan and book; this module keeps its member regions and answers the questions that cross
//! the unit's border: which OPDs may own its programmes (its own and its members'), and which of
//! its programmes a member region's OPDs own (shown, read-only, in that region's plan).

use crate::audit::{self, Change};
use crate::entity::{kawasan_member, opd, programme, region};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::region::{kawasan_member as may_join, RegionKind};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use std::collections::HashMap;

/// The member regions of a kawasan (none for any other region), by code, with their rows' ids.
pub async fn members<C: ConnectionTrait>(
    c: &C,
    kawasan_id: i64,
) -> Result<Vec<(kawasan_member::Model, region::Model)>> {
    let rows = kawasan_member::Entity::find().filter(kawasan_member::Column::KawasanId.eq(kawasan_id)).all(c).await?;
    let ids: Vec<i64> = rows.iter().map(|m| m.region_id).collect();
    let regions: HashMap<i64, region::Model> = region::Entity::find()
        .filter(region::Column::Id.is_in(ids))
        .all(c)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut out: Vec<_> = rows.into_iter().filter_map(|m| regions.get(&m.region_id).cloned().map(|r| (m, r))).collect();
    out.sort_by(|a, b| a.1.code.cmp(&b.1.code));
    Ok(out)
}

/// The kawasans a region is a member of.
pub async fn kawasans_of<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<Vec<region::Model>> {
    let ids: Vec<i64> = kawasan_member::Entity::find()
        .select_only()
        .column(kawasan_member::Column::KawasanId)
        .filter(kawasan_member::Column::RegionId.eq(region_id))
        .into_tuple()
        .all(c)
        .await?;
    Ok(region::Entity::find().filter(region::Column::Id.is_in(ids)).order_by_asc(region::Column::Code).all(c).await?)
}

/// The OPDs that may own a programme of the region: its own, and for a kawasan also those of
/// its member regions — these with their region's name after the short name, since every
/// member has its Dinkes. Pages that show a programme's owner look names up here.
pub async fn plan_opds<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<Vec<opd::Model>> {
    let mut own = crate::region::opds::list(c, region_id).await?;
    for (_, member) in members(c, region_id).await? {
        for mut o in crate::region::opds::list(c, member.id).await? {
            o.short_name = format!("{} · {}", o.short_name, member.name);
            own.push(o);
        }
    }
    Ok(own)
}

/// The ids of [`plan_opds`] (what a programme's owner and supporting OPDs are checked against).
pub async fn plan_opd_ids<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<Vec<i64>> {
    let mut regions = vec![region_id];
    regions.extend(members(c, region_id).await?.into_iter().map(|(_, r)| r.id));
    Ok(opd::Entity::find()
        .select_only()
        .column(opd::Column::Id)
        .filter(opd::Column::RegionId.is_in(regions))
        .into_tuple()
        .all(c)
        .await?)
}

/// The programmes of the kawasans a region belongs to that the region's own OPDs own, by
/// kawasan: (kawasan, programmes with the owning OPD's short name).
pub async fn member_programmes<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
) -> Result<Vec<(region::Model, Vec<(programme::Model, String)>)>> {
    let opds: HashMap<i64, String> =
        crate::region::opds::list(c, region_id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    let mut out = Vec::new();
    for k in kawasans_of(c, region_id).await? {
        let list: Vec<(programme::Model, String)> = programme::Entity::find()
            .filter(programme::Column::RegionId.eq(k.id))
            .filter(programme::Column::OpdId.is_in(opds.keys().copied().collect::<Vec<_>>()))
            .order_by_asc(programme::Column::ElementCode)
            .order_by_asc(programme::Column::Name)
            .all(c)
            .await?
            .into_iter()
            .map(|p| {
                let owner = opds.get(&p.opd_id).cloned().unwrap_or_default();
                (p, owner)
            })
            .collect();
        if !list.is_empty() {
            out.push((k, list));
        }
    }
    Ok(out)
}

/// Add a member region to a kawasan (by the region's id).
pub async fn add(
    db: &DatabaseConnection,
    actor: &Actor,
    kawasan_id: i64,
    region_id: &str,
) -> Result<kawasan_member::Model> {
    let txn = db.begin().await?;
    let kawasan = region::Entity::find_by_id(kawasan_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
    let member = match region_id.trim().parse::<i64>() {
        Ok(id) => region::Entity::find_by_id(id).one(&txn).await?,
        Err(_) => None,
    }
    .ok_or_else(|| StoreError::field("region_id", "err-choice"))?;
    may_join(kawasan.kind(), member.kind(), kawasan.id == member.id)?;
    let taken = kawasan_member::Entity::find()
        .filter(kawasan_member::Column::KawasanId.eq(kawasan_id))
        .filter(kawasan_member::Column::RegionId.eq(member.id))
        .one(&txn)
        .await?;
    if taken.is_some() {
        return Err(StoreError::field("region_id", "err-taken"));
    }
    let m =
        kawasan_member::ActiveModel { kawasan_id: Set(kawasan_id), region_id: Set(member.id), ..Default::default() }
            .insert(&txn)
            .await?;
    audit::record(&txn, actor, Change::new(Some(kawasan_id), "kawasan_member", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

/// Take a member region out of a kawasan. Refused while an OPD of that region owns one of the
/// kawasan's programmes (the programme would point at an OPD outside the unit).
pub async fn remove(db: &DatabaseConnection, actor: &Actor, kawasan_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let m = kawasan_member::Entity::find_by_id(id)
        .filter(kawasan_member::Column::KawasanId.eq(kawasan_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let opds = crate::region::opds::ids(&txn, m.region_id).await?;
    let owned = programme::Entity::find()
        .filter(programme::Column::RegionId.eq(kawasan_id))
        .filter(programme::Column::OpdId.is_in(opds))
        .one(&txn)
        .await?;
    kotacerdas_domain::validate::not_in_use("region_id", u64::from(owned.is_some()))?;
    m.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(kawasan_id), "kawasan_member", id, "delete"), Some(&m), None::<&()>)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The kabupaten and kota that may join a kawasan (for the form's choice).
pub async fn candidates<C: ConnectionTrait>(c: &C) -> Result<Vec<region::Model>> {
    Ok(region::Entity::find()
        .filter(region::Column::Kind.is_in([RegionKind::Kabupaten.as_str(), RegionKind::Kota.as_str()]))
        .order_by_asc(region::Column::Code)
        .all(c)
        .await?)
}

/// Kawasan programmes (and their supporting-OPD links) owned by a member region's OPDs, set
/// aside while a bundle replaces that region's OPDs (which get new ids); see [`restore_owners`].
pub(crate) struct Parked {
    /// (programme id, owning OPD's short name)
    programmes: Vec<(i64, String)>,
    /// (programme link id, supporting OPD's short name)
    links: Vec<(i64, String)>,
    /// The placeholder OPDs holding the programmes meanwhile (one per kawasan).
    placeholders: Vec<i64>,
}

/// Before a bundle replaces region `region_id`'s rows: move the kawasan programmes its OPDs own
/// to a placeholder OPD of their kawasan (an OPD referred to cannot be deleted), remembering the
/// owner by short name (unique within a region, and what the bundle's OPDs keep).
pub(crate) async fn park_owners<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<Parked> {
    use crate::entity::programme_link;
    let names: HashMap<i64, String> =
        crate::region::opds::list(c, region_id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    let ids: Vec<i64> = names.keys().copied().collect();
    let owned = programme::Entity::find()
        .filter(programme::Column::OpdId.is_in(ids.clone()))
        .filter(programme::Column::RegionId.ne(region_id))
        .all(c)
        .await?;
    let mut parked = Parked { programmes: Vec::new(), links: Vec::new(), placeholders: Vec::new() };
    let mut holder: HashMap<i64, i64> = HashMap::new();
    for p in owned {
        let placeholder = match holder.get(&p.region_id) {
            Some(h) => *h,
            None => {
                let o = opd::ActiveModel {
                    region_id: Set(p.region_id),
                    name: Set("Pemilik sementara selama impor bundel".into()),
                    short_name: Set(format!("~impor-{region_id}")),
                    code: Set(None),
                    ..Default::default()
                }
                .insert(c)
                .await?;
                holder.insert(p.region_id, o.id);
                parked.placeholders.push(o.id);
                o.id
            }
        };
        parked.programmes.push((p.id, names.get(&p.opd_id).cloned().unwrap_or_default()));
        let mut am: programme::ActiveModel = p.into();
        am.opd_id = Set(placeholder);
        am.update(c).await?;
    }
    let support = kotacerdas_domain::programme::LinkKind::SupportOpd.as_str();
    let region_programmes: Vec<i64> = programme::Entity::find()
        .select_only()
        .column(programme::Column::Id)
        .filter(programme::Column::RegionId.eq(region_id))
        .into_tuple()
        .all(c)
        .await?;
    for l in programme_link::Entity::find()
        .filter(programme_link::Column::Kind.eq(support))
        .filter(programme_link::Column::RefId.is_in(ids))
        .filter(programme_link::Column::ProgrammeId.is_not_in(region_programmes))
        .all(c)
        .await?
    {
        let name = l.ref_id.and_then(|r| names.get(&r).cloned()).unwrap_or_default();
        parked.links.push((l.id, name));
    }
    Ok(parked)
}

/// After the bundle's rows are in: give the parked programmes and links back to the region's
/// OPDs of the same short name and drop the placeholders. Returns the short names the bundle
/// no longer has (the import is then refused, nothing changed); a supporting link to such an
/// OPD is dropped.
pub(crate) async fn restore_owners<C: ConnectionTrait>(c: &C, region_id: i64, parked: Parked) -> Result<Vec<String>> {
    use crate::entity::programme_link;
    let by_name: HashMap<String, i64> =
        crate::region::opds::list(c, region_id).await?.into_iter().map(|o| (o.short_name, o.id)).collect();
    let mut missing = Vec::new();
    for (id, name) in parked.programmes {
        match by_name.get(&name) {
            Some(opd) => {
                let mut am: programme::ActiveModel =
                    programme::Entity::find_by_id(id).one(c).await?.ok_or(StoreError::NotFound)?.into();
                am.opd_id = Set(*opd);
                am.update(c).await?;
            }
            None => missing.push(name),
        }
    }
    for (id, name) in parked.links {
        let Some(link) = programme_link::Entity::find_by_id(id).one(c).await? else { continue };
        match by_name.get(&name) {
            Some(opd) => {
                let mut am: programme_link::ActiveModel = link.into();
                am.ref_id = Set(Some(*opd));
                am.update(c).await?;
            }
            None => {
                link.delete(c).await?;
            }
        }
    }
    if missing.is_empty() {
        opd::Entity::delete_many().filter(opd::Column::Id.is_in(parked.placeholders)).exec(c).await?;
    }
    Ok(missing)
}
