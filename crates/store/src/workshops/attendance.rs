//! A workshop's invitation list and each day's attendance: rows added one by one or by group
//! (every OPD, the council, the team), check-in through a room's QR link (a random token kept
//! only as its hash, valid until the end of that day in the region's zone) or ticked by the
//! facilitator. One check-in per person per day.

use super::get;
use crate::audit::{self, Change};
use crate::entity::{member, region, workshop, workshop_attendance, workshop_checkin, workshop_invitee};
use crate::region::{members, opds};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::region::Body;
use kotacerdas_domain::workshop::{self as rules, CheckinMethod, InviteeInput, UnitKind};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use sha2::{Digest, Sha256};

/// A workshop's invitees (by unit, then name) and attendance rows.
pub async fn rows<C: ConnectionTrait>(
    db: &C,
    workshop_id: i64,
) -> Result<(Vec<workshop_invitee::Model>, Vec<workshop_attendance::Model>)> {
    let mut invitees = workshop_invitee::Entity::find()
        .filter(workshop_invitee::Column::WorkshopId.eq(workshop_id))
        .order_by_asc(workshop_invitee::Column::Id)
        .all(db)
        .await?;
    invitees.sort_by(|a, b| {
        let rank = |k: &str| UnitKind::ALL.iter().position(|u| u.as_str() == k);
        (a.walk_in, rank(&a.unit_kind), &a.unit_name, a.id).cmp(&(b.walk_in, rank(&b.unit_kind), &b.unit_name, b.id))
    });
    let attendance = workshop_attendance::Entity::find()
        .filter(workshop_attendance::Column::WorkshopId.eq(workshop_id))
        .order_by_asc(workshop_attendance::Column::Id)
        .all(db)
        .await?;
    Ok((invitees, attendance))
}

async fn insert_invitee<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    w: &workshop::Model,
    v: rules::ValidInvitee,
    walk_in: bool,
) -> Result<workshop_invitee::Model> {
    let n = workshop_invitee::Entity::find().filter(workshop_invitee::Column::WorkshopId.eq(w.id)).count(txn).await?;
    if n as usize >= rules::MAX_INVITEES {
        return Err(StoreError::field("name", "err-workshop-list-full"));
    }
    let i = workshop_invitee::ActiveModel {
        workshop_id: Set(w.id),
        region_id: Set(w.region_id),
        name: Set(v.name),
        position: Set(v.position),
        unit_kind: Set(v.unit_kind.as_str().to_string()),
        unit_name: Set(v.unit_name),
        opd_id: Set(v.opd_id),
        walk_in: Set(walk_in),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let what = if walk_in { "walk_in" } else { "create" };
    audit::record(txn, actor, Change::new(Some(w.region_id), "workshop_invitee", i.id, what), None::<&()>, Some(&i))
        .await?;
    Ok(i)
}

/// One invited person.
pub async fn invite(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    workshop_id: i64,
    input: &InviteeInput,
) -> Result<workshop_invitee::Model> {
    let txn = db.begin().await?;
    let w = get(&txn, region_id, workshop_id).await?;
    let v = input.validate(&opds::ids(&txn, region_id).await?)?;
    let i = insert_invitee(&txn, actor, &w, v, false).await?;
    txn.commit().await?;
    Ok(i)
}

/// Groups the invitation list can take at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The head of every OPD of the region.
    OpdHeads,
    /// The Dewan Smart City.
    Council,
    /// The Tim Pelaksana.
    Team,
}

impl Group {
    pub fn parse(s: &str) -> Option<Group> {
        Some(match s {
            "opd_heads" => Group::OpdHeads,
            "council" => Group::Council,
            "team" => Group::Team,
            _ => return None,
        })
    }
}

/// Invite a whole group; people already on the list (same name and unit) are not added twice.
/// `head`: the word for an OPD's head in the reader's language ("Kepala"). Returns how many
/// were added.
pub async fn invite_group(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    workshop_id: i64,
    group: Group,
    head: &str,
) -> Result<usize> {
    let txn = db.begin().await?;
    let w = get(&txn, region_id, workshop_id).await?;
    let (existing, _) = rows(&txn, workshop_id).await?;
    let all_opds = opds::list(&txn, region_id).await?;
    let opd_name = |id: Option<i64>| id.and_then(|id| all_opds.iter().find(|o| o.id == id)).map(|o| o.name.clone());
    let candidates: Vec<rules::ValidInvitee> = match group {
        Group::OpdHeads => all_opds
            .iter()
            .map(|o| rules::ValidInvitee {
                name: format!("{head} {}", o.name),
                position: Some(format!("{head} {}", o.short_name)),
                unit_kind: UnitKind::Opd,
                unit_name: Some(o.name.clone()),
                opd_id: Some(o.id),
            })
            .collect(),
        Group::Council | Group::Team => {
            let body = if group == Group::Council { Body::Dewan } else { Body::Tim };
            let kind = if group == Group::Council { UnitKind::Council } else { UnitKind::Team };
            members::list(&txn, region_id)
                .await?
                .into_iter()
                .filter(|m: &member::Model| m.body == body.as_str())
                .map(|m| rules::ValidInvitee {
                    name: m.name.clone(),
                    position: Some(m.position.clone()),
                    unit_kind: kind,
                    unit_name: opd_name(m.opd_id).or(m.institution.clone()),
                    opd_id: m.opd_id,
                })
                .collect()
        }
    };
    let mut added = 0;
    for c in candidates {
        let dup = existing.iter().any(|e| e.name == c.name && e.unit_name == c.unit_name);
        if !dup {
            insert_invitee(&txn, actor, &w, c, false).await?;
            added += 1;
        }
    }
    txn.commit().await?;
    Ok(added)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(format!("kotacerdas-checkin:{token}").as_bytes()))
}

/// A fresh check-in link token for day `day` of the workshop, valid until the end of that day
/// in the region's zone. Only its hash is kept; the room page shows the token once, as a QR code.
pub async fn issue_token(
    db: &DatabaseConnection,
    actor: &Actor,
    r: &region::Model,
    workshop_id: i64,
    day: i32,
    token: &str,
) -> Result<workshop_checkin::Model> {
    let txn = db.begin().await?;
    let w = get(&txn, r.id, workshop_id).await?;
    if day < 1 || day > rules::days(w.starts_on, w.ends_on) {
        return Err(StoreError::field("day", "err-choice"));
    }
    let date = rules::date_of(w.starts_on, day);
    let c = workshop_checkin::ActiveModel {
        workshop_id: Set(w.id),
        region_id: Set(r.id),
        day: Set(day),
        token_hash: Set(token_hash(token)),
        expires_at: Set(rules::checkin_expiry(date, r.zone().offset_hours())),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // The hash only: the audit log is no way into the room either.
    audit::record(&txn, actor, Change::new(Some(r.id), "workshop", w.id, "checkin_link"), None::<&()>, Some(&c))
        .await?;
    txn.commit().await?;
    Ok(c)
}

/// What a check-in link opens.
#[derive(Debug, Clone)]
pub enum Link {
    /// Valid: the workshop and the day.
    Open(Box<workshop::Model>, i32),
    /// Known but past its day.
    Expired,
    /// No such link.
    Unknown,
}

pub async fn resolve<C: ConnectionTrait>(db: &C, token: &str) -> Result<Link> {
    // A token is 64 hex characters; anything else is no link of ours (and costs no query).
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Link::Unknown);
    }
    let Some(c) = workshop_checkin::Entity::find()
        .filter(workshop_checkin::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
    else {
        return Ok(Link::Unknown);
    };
    if c.expires_at <= chrono::Utc::now() {
        return Ok(Link::Expired);
    }
    match workshop::Entity::find_by_id(c.workshop_id).one(db).await? {
        Some(w) if w.status != rules::WorkshopStatus::Cancelled.as_str() => Ok(Link::Open(Box::new(w), c.day)),
        _ => Ok(Link::Unknown),
    }
}

/// The outcome of a check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckIn {
    Done(String),
    /// This person was checked in on this day already.
    Already(String),
}

async fn check_in_txn<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    w: &workshop::Model,
    invitee: &workshop_invitee::Model,
    day: i32,
    method: CheckinMethod,
) -> Result<CheckIn> {
    let already = workshop_attendance::Entity::find()
        .filter(workshop_attendance::Column::InviteeId.eq(invitee.id))
        .filter(workshop_attendance::Column::Day.eq(day))
        .one(txn)
        .await?;
    if already.is_some() {
        return Ok(CheckIn::Already(invitee.name.clone()));
    }
    let a = workshop_attendance::ActiveModel {
        workshop_id: Set(w.id),
        region_id: Set(w.region_id),
        invitee_id: Set(invitee.id),
        day: Set(day),
        method: Set(method.as_str().to_string()),
        checked_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|e| match e.sql_err() {
        // Two phones at the same moment: the second is the "already" case.
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::NotFound,
        _ => StoreError::Db(e),
    });
    let a = match a {
        Ok(a) => a,
        Err(StoreError::NotFound) => return Ok(CheckIn::Already(invitee.name.clone())),
        Err(e) => return Err(e),
    };
    audit::record(
        txn,
        actor,
        Change::new(Some(w.region_id), "workshop_attendance", a.id, "create"),
        None::<&()>,
        Some(&a),
    )
    .await?;
    Ok(CheckIn::Done(invitee.name.clone()))
}

async fn invitee_of<C: ConnectionTrait>(txn: &C, w: &workshop::Model, id: i64) -> Result<workshop_invitee::Model> {
    workshop_invitee::Entity::find_by_id(id)
        .filter(workshop_invitee::Column::WorkshopId.eq(w.id))
        .one(txn)
        .await?
        .ok_or_else(|| StoreError::field("invitee", "err-choice"))
}

/// Check an invited person in on `day` (from the room's link, or ticked by the facilitator).
pub async fn check_in(
    db: &DatabaseConnection,
    actor: &Actor,
    w: &workshop::Model,
    invitee_id: i64,
    day: i32,
    method: CheckinMethod,
) -> Result<CheckIn> {
    if day < 1 || day > rules::days(w.starts_on, w.ends_on) {
        return Err(StoreError::field("day", "err-choice"));
    }
    let txn = db.begin().await?;
    let invitee = invitee_of(&txn, w, invitee_id).await?;
    let out = check_in_txn(&txn, actor, w, &invitee, day, method).await?;
    txn.commit().await?;
    Ok(out)
}

/// Someone not on the list registers at the door and is checked in on `day`. A person with the
/// same name and unit already on the list is checked in as themselves instead.
pub async fn walk_in(
    db: &DatabaseConnection,
    actor: &Actor,
    w: &workshop::Model,
    day: i32,
    input: &InviteeInput,
) -> Result<CheckIn> {
    let v = InviteeInput { opd_id: String::new(), ..input.clone() }.validate(&[])?;
    let txn = db.begin().await?;
    let (existing, _) = rows(&txn, w.id).await?;
    let same =
        existing.into_iter().find(|e| e.name.to_lowercase() == v.name.to_lowercase() && e.unit_name == v.unit_name);
    let invitee = match same {
        Some(i) => i,
        None => insert_invitee(&txn, actor, w, v, true).await?,
    };
    let out = check_in_txn(&txn, actor, w, &invitee, day, CheckinMethod::Qr).await?;
    txn.commit().await?;
    Ok(out)
}

/// The facilitator's ticks for one day: those ticked are checked in (those already in stay in;
/// a tick is never taken back here, so a phone's check-in cannot be undone by a stale page).
pub async fn tick(
    db: &DatabaseConnection,
    actor: &Actor,
    w: &workshop::Model,
    day: i32,
    ticked: &[i64],
) -> Result<usize> {
    if day < 1 || day > rules::days(w.starts_on, w.ends_on) {
        return Err(StoreError::field("day", "err-choice"));
    }
    let txn = db.begin().await?;
    let mut n = 0;
    for id in ticked {
        let invitee = invitee_of(&txn, w, *id).await?;
        if let CheckIn::Done(_) = check_in_txn(&txn, actor, w, &invitee, day, CheckinMethod::Facilitator).await? {
            n += 1;
        }
    }
    txn.commit().await?;
    Ok(n)
}

/// Per OPD (invited OPD rows only): (OPD id, invited, present on any day).
pub fn per_opd(d: &super::Detail) -> Vec<(i64, usize, usize)> {
    let mut out: Vec<(i64, usize, usize)> = Vec::new();
    for i in d.invitees.iter().filter(|i| !i.walk_in) {
        let Some(opd) = i.opd_id else { continue };
        let here = d.attendance.iter().any(|a| a.invitee_id == i.id);
        match out.iter_mut().find(|x| x.0 == opd) {
            Some(x) => {
                x.1 += 1;
                x.2 += usize::from(here);
            }
            None => out.push((opd, 1, usize::from(here))),
        }
    }
    out
}

/// The invited OPDs nobody of which came to any of a stage's held workshops.
pub async fn absent_opds<C: ConnectionTrait>(db: &C, region_id: i64, stage_id: i64) -> Result<Vec<String>> {
    let mut absent: Vec<i64> = Vec::new();
    let mut came: Vec<i64> = Vec::new();
    for w in super::of_stage(db, region_id, stage_id).await? {
        if w.status != rules::WorkshopStatus::Held.as_str() {
            continue;
        }
        let d = super::detail(db, region_id, w.id).await?;
        for (opd, _, present) in per_opd(&d) {
            if present > 0 {
                came.push(opd);
            } else {
                absent.push(opd);
            }
        }
    }
    absent.retain(|o| !came.contains(o));
    absent.sort_unstable();
    absent.dedup();
    let names = opds::list(db, region_id).await?;
    Ok(absent.iter().filter_map(|id| names.iter().find(|o| o.id == *id)).map(|o| o.name.clone()).collect())
}
