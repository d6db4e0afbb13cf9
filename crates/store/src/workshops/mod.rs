//! Bimtek workshops of a region's stages: the workshop itself, its speakers, agenda and
//! materials (here); the invitation list, check-in and attendance (`attendance`); the minutes
//! and follow-up actions (`minutes`). Every write is audited in its own transaction.

pub mod attendance;
pub mod minutes;

use crate::audit::{self, Change};
use crate::entity::{
    role_assignment, stage, stored_file, workshop, workshop_action, workshop_agenda, workshop_attendance,
    workshop_invitee, workshop_material, workshop_speaker,
};
use crate::files::Storage;
use crate::{Actor, Result, StoreError};
use bytes::Bytes;
use kotacerdas_domain::access::Role;
use kotacerdas_domain::workshop::{self as rules, AgendaInput, SpeakerInput, WorkshopInput};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Serialize;
use std::collections::HashMap;

/// A region's workshops, by start date.
pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<workshop::Model>> {
    Ok(workshop::Entity::find()
        .filter(workshop::Column::RegionId.eq(region_id))
        .order_by_asc(workshop::Column::StartsOn)
        .order_by_asc(workshop::Column::Id)
        .all(db)
        .await?)
}

/// The workshops of one stage (by the stage's row, so each masterplan edition has its own).
pub async fn of_stage<C: ConnectionTrait>(db: &C, region_id: i64, stage_id: i64) -> Result<Vec<workshop::Model>> {
    Ok(list(db, region_id).await?.into_iter().filter(|w| w.stage_id == stage_id).collect())
}

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<workshop::Model> {
    workshop::Entity::find_by_id(id)
        .filter(workshop::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The stage number of each stage row of the region.
pub async fn stage_numbers<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<HashMap<i64, i32>> {
    Ok(stage::Entity::find()
        .filter(stage::Column::RegionId.eq(region_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.number))
        .collect())
}

impl From<&workshop::Model> for WorkshopInput {
    fn from(w: &workshop::Model) -> WorkshopInput {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        WorkshopInput {
            starts_on: w.starts_on.to_string(),
            ends_on: w.ends_on.to_string(),
            venue: w.venue.clone(),
            mode: w.mode.clone(),
            meeting_link: o(&w.meeting_link),
            opened_by_name: o(&w.opened_by_name),
            opened_by_position: o(&w.opened_by_position),
            closed_by_name: o(&w.closed_by_name),
            closed_by_position: o(&w.closed_by_position),
            status: w.status.clone(),
            notes: o(&w.notes),
        }
    }
}

fn fill(am: &mut workshop::ActiveModel, input: &WorkshopInput) -> Result<()> {
    let v = input.validate()?;
    am.starts_on = Set(v.starts_on);
    am.ends_on = Set(v.ends_on);
    am.venue = Set(v.venue);
    am.mode = Set(v.mode.as_str().to_string());
    am.meeting_link = Set(v.meeting_link);
    am.opened_by_name = Set(v.opened_by_name);
    am.opened_by_position = Set(v.opened_by_position);
    am.closed_by_name = Set(v.closed_by_name);
    am.closed_by_position = Set(v.closed_by_position);
    am.status = Set(v.status.as_str().to_string());
    am.notes = Set(v.notes);
    Ok(())
}

/// A new workshop for stage `number` of the region.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    number: i32,
    input: &WorkshopInput,
) -> Result<workshop::Model> {
    let txn = db.begin().await?;
    let s = crate::region::stages::get(&txn, region_id, number).await?;
    let mut am = workshop::ActiveModel {
        region_id: Set(region_id),
        stage_id: Set(s.id),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    fill(&mut am, input)?;
    let w = am.insert(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "workshop", w.id, "create"), None::<&()>, Some(&w)).await?;
    txn.commit().await?;
    Ok(w)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: i64,
    input: &WorkshopInput,
) -> Result<workshop::Model> {
    let txn = db.begin().await?;
    let before = get(&txn, region_id, id).await?;
    let mut am: workshop::ActiveModel = before.clone().into();
    fill(&mut am, input)?;
    let after = am.update(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "workshop", id, "update"), Some(&before), Some(&after))
        .await?;
    txn.commit().await?;
    Ok(after)
}

/// The experts assigned to the region: (user id, name), the accounts a speaker may be.
pub async fn experts<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<(i64, String)>> {
    let ids: Vec<i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::RegionId.eq(region_id))
        .filter(role_assignment::Column::Role.eq(Role::Expert.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    let mut v: Vec<(i64, String)> = crate::accounts::users::names(db, ids).await?.into_iter().collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(v)
}

pub async fn add_speaker(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    workshop_id: i64,
    input: &SpeakerInput,
) -> Result<workshop_speaker::Model> {
    let txn = db.begin().await?;
    get(&txn, region_id, workshop_id).await?;
    let v = input.validate(&experts(&txn, region_id).await?)?;
    let s = workshop_speaker::ActiveModel {
        workshop_id: Set(workshop_id),
        region_id: Set(region_id),
        user_id: Set(v.user_id),
        name: Set(v.name),
        position: Set(v.position),
        role: Set(v.role.as_str().to_string()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "workshop_speaker", s.id, "create"), None::<&()>, Some(&s))
        .await?;
    txn.commit().await?;
    Ok(s)
}

pub async fn add_agenda(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    workshop_id: i64,
    input: &AgendaInput,
) -> Result<workshop_agenda::Model> {
    let txn = db.begin().await?;
    let w = get(&txn, region_id, workshop_id).await?;
    let v = input.validate(rules::days(w.starts_on, w.ends_on))?;
    let a = workshop_agenda::ActiveModel {
        workshop_id: Set(workshop_id),
        region_id: Set(region_id),
        day: Set(v.day),
        time: Set(v.time),
        title: Set(v.title),
        speaker: Set(v.speaker),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "workshop_agenda", a.id, "create"), None::<&()>, Some(&a))
        .await?;
    txn.commit().await?;
    Ok(a)
}

/// A material (slides, a template) uploaded through the stored-file machinery and its limits.
#[allow(clippy::too_many_arguments)]
pub async fn add_material(
    db: &DatabaseConnection,
    storage: &Storage,
    actor: &Actor,
    region_id: i64,
    workshop_id: i64,
    title: &str,
    file_name: &str,
    data: Option<Bytes>,
) -> Result<workshop_material::Model> {
    get(db, region_id, workshop_id).await?;
    let mut e = kotacerdas_domain::validate::Errors::new();
    let title = match title.trim() {
        "" => file_name.trim().chars().take(rules::MAX_NAME).collect::<String>(),
        t => e.text("title", t, rules::MAX_NAME),
    };
    if data.is_none() {
        e.add("file", "err-required", None);
    }
    e.into_result()?;
    let Some(data) = data else { return Err(StoreError::field("file", "err-required")) };
    let file = storage.upload(db, actor, Some(region_id), file_name, data).await?;
    let txn = db.begin().await?;
    let m = workshop_material::ActiveModel {
        workshop_id: Set(workshop_id),
        region_id: Set(region_id),
        file_id: Set(file.id),
        title: Set(if title.is_empty() { file.original_name.clone() } else { title }),
        uploaded_by: Set(actor.user_id),
        uploaded_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "workshop_material", m.id, "create"),
        None::<&()>,
        Some(&m),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// The rows of a workshop that can be removed one by one, by the path's word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Speaker,
    Agenda,
    Material,
    Invitee,
    Action,
}

impl Row {
    pub fn parse(s: &str) -> Option<Row> {
        Some(match s {
            "speakers" => Row::Speaker,
            "agenda" => Row::Agenda,
            "materials" => Row::Material,
            "invitees" => Row::Invitee,
            "actions" => Row::Action,
            _ => return None,
        })
    }

    /// The programme's own rows (agenda, materials) are the experts' to change too; the rest
    /// are the region manager's.
    pub fn experts_may(self) -> bool {
        matches!(self, Row::Agenda | Row::Material)
    }
}

macro_rules! remove_row {
    ($txn:expr, $actor:expr, $region:expr, $ws:expr, $id:expr, $m:ident, $what:literal) => {{
        let before = $m::Entity::find_by_id($id)
            .filter($m::Column::RegionId.eq($region))
            .filter($m::Column::WorkshopId.eq($ws))
            .one($txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        before.clone().delete($txn).await?;
        audit::record($txn, $actor, Change::new(Some($region), $what, $id, "delete"), Some(&before), None::<&()>)
            .await?;
    }};
}

/// Remove one row of a workshop (an invitee goes with their attendance).
pub async fn remove(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    workshop_id: i64,
    row: Row,
    id: i64,
) -> Result<()> {
    let txn = db.begin().await?;
    match row {
        Row::Speaker => remove_row!(&txn, actor, region_id, workshop_id, id, workshop_speaker, "workshop_speaker"),
        Row::Agenda => remove_row!(&txn, actor, region_id, workshop_id, id, workshop_agenda, "workshop_agenda"),
        Row::Material => remove_row!(&txn, actor, region_id, workshop_id, id, workshop_material, "workshop_material"),
        Row::Invitee => {
            workshop_attendance::Entity::delete_many()
                .filter(workshop_attendance::Column::InviteeId.eq(id))
                .filter(workshop_attendance::Column::RegionId.eq(region_id))
                .exec(&txn)
                .await?;
            remove_row!(&txn, actor, region_id, workshop_id, id, workshop_invitee, "workshop_invitee")
        }
        Row::Action => remove_row!(&txn, actor, region_id, workshop_id, id, workshop_action, "workshop_action"),
    }
    txn.commit().await?;
    Ok(())
}

/// A material with its file's name and size.
#[derive(Debug, Clone, Serialize)]
pub struct Material {
    pub m: workshop_material::Model,
    pub file_name: String,
    pub size: i64,
}

/// Everything a workshop page shows.
#[derive(Debug, Clone)]
pub struct Detail {
    pub w: workshop::Model,
    pub stage: i32,
    pub speakers: Vec<workshop_speaker::Model>,
    pub agenda: Vec<workshop_agenda::Model>,
    pub materials: Vec<Material>,
    pub invitees: Vec<workshop_invitee::Model>,
    pub attendance: Vec<workshop_attendance::Model>,
    pub actions: Vec<workshop_action::Model>,
}

impl Detail {
    pub fn days(&self) -> i32 {
        rules::days(self.w.starts_on, self.w.ends_on)
    }
    /// Whether the invitee was checked in on `day`.
    pub fn present(&self, invitee: i64, day: i32) -> bool {
        self.attendance.iter().any(|a| a.invitee_id == invitee && a.day == day)
    }
    /// People present on at least one day.
    pub fn present_count(&self) -> usize {
        self.invitees.iter().filter(|i| self.attendance.iter().any(|a| a.invitee_id == i.id)).count()
    }
    /// Invited (not walk-ins).
    pub fn invited_count(&self) -> usize {
        self.invitees.iter().filter(|i| !i.walk_in).count()
    }
}

pub async fn detail<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<Detail> {
    let w = get(db, region_id, id).await?;
    let stage = stage_numbers(db, region_id).await?.get(&w.stage_id).copied().unwrap_or_default();
    let speakers = workshop_speaker::Entity::find()
        .filter(workshop_speaker::Column::WorkshopId.eq(id))
        .order_by_asc(workshop_speaker::Column::Id)
        .all(db)
        .await?;
    let mut speakers = speakers;
    speakers.sort_by_key(|s| (rules::SpeakerRole::ALL.iter().position(|r| r.as_str() == s.role), s.id));
    let agenda = workshop_agenda::Entity::find()
        .filter(workshop_agenda::Column::WorkshopId.eq(id))
        .order_by_asc(workshop_agenda::Column::Day)
        .order_by_asc(workshop_agenda::Column::Time)
        .order_by_asc(workshop_agenda::Column::Id)
        .all(db)
        .await?;
    let mats = workshop_material::Entity::find().filter(workshop_material::Column::WorkshopId.eq(id)).all(db).await?;
    let files: HashMap<i64, stored_file::Model> = stored_file::Entity::find()
        .filter(stored_file::Column::Id.is_in(mats.iter().map(|m| m.file_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let materials = mats
        .into_iter()
        .map(|m| {
            let f = files.get(&m.file_id);
            Material {
                file_name: f.map(|f| f.original_name.clone()).unwrap_or_default(),
                size: f.map(|f| f.size).unwrap_or_default(),
                m,
            }
        })
        .collect();
    let (invitees, attendance) = attendance::rows(db, id).await?;
    let actions = workshop_action::Entity::find()
        .filter(workshop_action::Column::WorkshopId.eq(id))
        .order_by_asc(workshop_action::Column::Id)
        .all(db)
        .await?;
    Ok(Detail { w, stage, speakers, agenda, materials, invitees, attendance, actions })
}

/// A workshop in a region's list, with what the API and the stage page count.
#[derive(Debug, Clone)]
pub struct Summary {
    pub w: workshop::Model,
    pub stage: i32,
    pub invited: usize,
    pub present: usize,
    pub speakers: Vec<String>,
}

/// The region's workshops with their counts (one query per table, whatever their number).
pub async fn summaries<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<Summary>> {
    let all = list(db, region_id).await?;
    let stages = stage_numbers(db, region_id).await?;
    let invitees =
        workshop_invitee::Entity::find().filter(workshop_invitee::Column::RegionId.eq(region_id)).all(db).await?;
    let present: std::collections::HashSet<i64> = workshop_attendance::Entity::find()
        .filter(workshop_attendance::Column::RegionId.eq(region_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.invitee_id)
        .collect();
    let speakers = workshop_speaker::Entity::find()
        .filter(workshop_speaker::Column::RegionId.eq(region_id))
        .order_by_asc(workshop_speaker::Column::Id)
        .all(db)
        .await?;
    Ok(all
        .into_iter()
        .map(|w| {
            let mine = || invitees.iter().filter(|i| i.workshop_id == w.id);
            Summary {
                stage: stages.get(&w.stage_id).copied().unwrap_or_default(),
                invited: mine().filter(|i| !i.walk_in).count(),
                present: mine().filter(|i| present.contains(&i.id)).count(),
                speakers: speakers.iter().filter(|s| s.workshop_id == w.id).map(|s| s.name.clone()).collect(),
                w,
            }
        })
        .collect())
}

/// A workshop on the programme office's calendar.
#[derive(Debug, Clone)]
pub struct CalendarEntry {
    pub w: workshop::Model,
    pub region_code: String,
    pub region_name: String,
    pub stage: i32,
    /// The experts and assistant experts speaking (by name).
    pub experts: Vec<String>,
}

/// Every workshop of every region that runs within `year` (cancelled ones left out).
pub async fn calendar<C: ConnectionTrait>(db: &C, year: i32) -> Result<Vec<CalendarEntry>> {
    let (Some(first), Some(last)) =
        (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31))
    else {
        return Ok(Vec::new());
    };
    let all = workshop::Entity::find()
        .filter(workshop::Column::EndsOn.gte(first))
        .filter(workshop::Column::StartsOn.lte(last))
        .filter(workshop::Column::Status.ne(rules::WorkshopStatus::Cancelled.as_str()))
        .order_by_asc(workshop::Column::StartsOn)
        .all(db)
        .await?;
    if all.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = all.iter().map(|w| w.id).collect();
    let speakers = workshop_speaker::Entity::find()
        .filter(workshop_speaker::Column::WorkshopId.is_in(ids))
        .filter(workshop_speaker::Column::Role.ne(rules::SpeakerRole::Other.as_str()))
        .order_by_asc(workshop_speaker::Column::Id)
        .all(db)
        .await?;
    let regions: HashMap<i64, (String, String)> =
        crate::entity::region::Entity::find().all(db).await?.into_iter().map(|r| (r.id, (r.code, r.name))).collect();
    let stages: HashMap<i64, i32> = stage::Entity::find()
        .filter(stage::Column::Id.is_in(all.iter().map(|w| w.stage_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.number))
        .collect();
    Ok(all
        .into_iter()
        .map(|w| {
            let (code, name) = regions.get(&w.region_id).cloned().unwrap_or_default();
            CalendarEntry {
                region_code: code,
                region_name: name,
                stage: stages.get(&w.stage_id).copied().unwrap_or_default(),
                experts: speakers.iter().filter(|s| s.workshop_id == w.id).map(|s| s.name.clone()).collect(),
                w,
            }
        })
        .collect())
}
