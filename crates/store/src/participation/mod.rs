//! Citizen participation: consultations, citizens' inputs with their photo, supports (one per
//! citizen), comments, moderation, the OPDs' official answers and the links to problems and
//! programmes that follow an input up. Lists are loaded in a fixed number of queries. Below: the
//! rate limits of the public forms.

pub mod rate_limits;

use crate::audit::{self, Change};
use crate::entity::{
    citizen_input, consultation, input_answer, input_comment, input_link, input_support, opd, problem, programme,
    region,
};
use crate::files::{self, Storage};
use crate::{Actor, Result, StoreError};
use bytes::Bytes;
use chrono::NaiveDate;
use kotacerdas_domain::participation::{
    self as domain, check_input, ConsultationInput, InputDraft, Moderation, PublicStatus, StatRow,
};
use kotacerdas_intake::image::Purpose;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The kinds of follow-up link, as stored (see [`domain::InputLinkKind`]).
pub mod link {
    use kotacerdas_domain::participation::InputLinkKind;
    pub const PROBLEM: &str = InputLinkKind::Problem.as_str();
    pub const PROGRAMME: &str = InputLinkKind::Programme.as_str();
}

/// Who sends an input, a comment or a support.
#[derive(Debug, Clone)]
pub struct Sender {
    pub user_id: Option<i64>,
    /// The signed-in user's name; citizens type theirs (or stay "Warga").
    pub name: Option<String>,
    /// A day-salted hash of the client address ([`sender_hash`]).
    pub hash: String,
}

impl Sender {
    fn actor(&self, typed: &str) -> Actor {
        let name = self.name.clone().unwrap_or_else(|| format!("warga: {typed}"));
        Actor { user_id: self.user_id, name }
    }
}

/// Hash of a client address salted with the day: repeated senders show up in the moderation
/// queue, but the stored value does not say who they are.
pub fn sender_hash(ip: &str, today: NaiveDate) -> String {
    let mut h = Sha256::new();
    h.update(b"kotacerdas-sender:");
    h.update(today.to_string().as_bytes());
    h.update(ip.as_bytes());
    hex::encode(&h.finalize()[..12])
}

// ---------------------------------------------------------------- consultations

pub async fn consultations<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<consultation::Model>> {
    Ok(consultation::Entity::find()
        .filter(consultation::Column::RegionId.eq(region_id))
        .order_by_desc(consultation::Column::OpensOn)
        .order_by_desc(consultation::Column::Id)
        .all(db)
        .await?)
}

pub async fn consultation<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<consultation::Model> {
    consultation::Entity::find_by_id(id)
        .filter(consultation::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn create_consultation(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &ConsultationInput,
) -> Result<consultation::Model> {
    let v = input.validate()?;
    let txn = db.begin().await?;
    let m = consultation::ActiveModel {
        region_id: Set(region_id),
        title: Set(v.title),
        description: Set(v.description),
        topics: Set(v.topics.join(",")),
        opens_on: Set(v.opens_on),
        closes_on: Set(v.closes_on),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "consultation", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

/// Close a consultation today: it takes no more input from tomorrow on.
pub async fn close_consultation(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = consultation(&txn, region_id, id).await?;
    let today = chrono::Utc::now().date_naive();
    let mut am: consultation::ActiveModel = before.clone().into();
    am.closes_on = Set(today.min(before.closes_on).max(before.opens_on));
    let after = am.update(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "consultation", id, "close"), Some(&before), Some(&after))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Codes of the regions with a consultation open on `today` (the public index marks them).
pub async fn regions_consulting<C: ConnectionTrait>(
    db: &C,
    today: NaiveDate,
) -> Result<std::collections::HashSet<String>> {
    let ids: std::collections::HashSet<i64> = consultation::Entity::find()
        .filter(consultation::Column::OpensOn.lte(today))
        .filter(consultation::Column::ClosesOn.gte(today))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.region_id)
        .collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(crate::region::regions::list_all(db)
        .await?
        .into_iter()
        .filter(|r| ids.contains(&r.id))
        .map(|r| r.code)
        .collect())
}

// ---------------------------------------------------------------- citizens

/// A photo sent with an input, and where to keep it.
pub struct Photo<'a> {
    pub storage: &'a Storage,
    pub name: String,
    pub data: Bytes,
}

/// Store a citizen's input (pending moderation). Every field is checked before the photo is
/// stored, so a rejected form leaves no file behind.
pub async fn submit(
    db: &DatabaseConnection,
    region_id: i64,
    consultation_id: i64,
    draft: &InputDraft,
    sender: &Sender,
    photo: Option<Photo<'_>>,
) -> Result<citizen_input::Model> {
    let c = consultation(db, region_id, consultation_id).await?;
    domain::check_open(c.opens_on, c.closes_on, chrono::Utc::now().date_naive())?;
    let topics = domain::topics(&c.topics);
    // The kecamatan and desa/kelurahan are checked against the region's own in the official list.
    let region_code = region::Entity::find_by_id(region_id).one(db).await?.map(|r| r.code).unwrap_or_default();
    let mut checked = check_input(draft, &topics, &region_code);
    // The photo is decoded and encoded afresh (no EXIF, no GPS position of the citizen survives)
    // before anything is stored; one that does not decode is refused like any bad field.
    let mut clean = None;
    if let Some(Photo { data, .. }) = &photo {
        let refused = if data.len() > files::MAX_PHOTO_BYTES {
            Some(("err-file-large", None))
        } else if !files::is_photo(data) {
            Some(("err-photo-type", None))
        } else {
            match files::clean_image(data.clone(), Purpose::Photo).await? {
                Ok(c) => {
                    clean = Some(c);
                    None
                }
                Err(e) => Some((e.code(), e.arg())),
            }
        };
        if let Some((code, arg)) = refused {
            let mut e = checked.as_ref().err().cloned().unwrap_or_default();
            e.add("photo", code, arg);
            checked = Err(e);
        }
    }
    let checked = checked.map_err(StoreError::Invalid)?;
    let author = sender.name.clone().unwrap_or_else(|| checked.author_name.clone());
    let actor = sender.actor(&author);
    let photo_id = match (photo, clean) {
        (Some(p), Some(c)) => Some(p.storage.upload_image(db, &actor, Some(region_id), &p.name, c).await?.id),
        _ => None,
    };
    let txn = db.begin().await?;
    let m = citizen_input::ActiveModel {
        consultation_id: Set(c.id),
        region_id: Set(region_id),
        kind: Set(checked.kind.as_str().into()),
        title: Set(checked.title),
        body: Set(checked.body),
        dimension_code: Set(checked.dimension_code.into()),
        element_code: Set(checked.element_code.map(Into::into)),
        kecamatan: Set(checked.kecamatan),
        kelurahan: Set(checked.kelurahan),
        author_name: Set(author),
        user_id: Set(sender.user_id),
        sender_hash: Set(sender.hash.clone()),
        photo_file_id: Set(photo_id),
        status: Set(Moderation::Pending.as_str().into()),
        moderation_reason: Set(None),
        moderated_at: Set(None),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, &actor, Change::new(Some(region_id), "citizen_input", m.id, "submit"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn input<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<citizen_input::Model> {
    citizen_input::Entity::find_by_id(id)
        .filter(citizen_input::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// A published input, or not found: what the public may touch.
async fn published<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<citizen_input::Model> {
    let m = input(db, region_id, id).await?;
    if m.status == Moderation::Published.as_str() {
        Ok(m)
    } else {
        Err(StoreError::NotFound)
    }
}

/// Support an input once. `supporter` is "u:<user id>" or "c:<browser token hash>".
/// Returns false when this supporter had already supported it.
pub async fn support(
    db: &DatabaseConnection,
    region_id: i64,
    input_id: i64,
    supporter: &str,
    sender: &Sender,
) -> Result<bool> {
    let txn = db.begin().await?;
    published(&txn, region_id, input_id).await?;
    let exists = input_support::Entity::find()
        .filter(input_support::Column::InputId.eq(input_id))
        .filter(input_support::Column::Supporter.eq(supporter))
        .one(&txn)
        .await?
        .is_some();
    if exists {
        return Ok(false);
    }
    let m = input_support::ActiveModel {
        input_id: Set(input_id),
        supporter: Set(supporter.to_string()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    // The unique index settles a race between two requests of the same citizen.
    if let Err(e) = input_support::Entity::insert(m).exec(&txn).await {
        tracing::debug!("support not added: {e}");
        return Ok(false);
    }
    audit::record(
        &txn,
        &sender.actor("-"),
        Change::new(Some(region_id), "citizen_input", input_id, "support"),
        None::<&()>,
        Some(&serde_json::json!({ "supporter": supporter })),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// A citizen's comment on a published input; pending until moderated.
pub async fn comment(
    db: &DatabaseConnection,
    region_id: i64,
    input_id: i64,
    sender: &Sender,
    author_name: &str,
    body: &str,
) -> Result<input_comment::Model> {
    let (body, name) = domain::check_comment(body, author_name)?;
    let author = sender.name.clone().or(name).unwrap_or_else(|| "Warga".into());
    let actor = sender.actor(&author);
    let txn = db.begin().await?;
    published(&txn, region_id, input_id).await?;
    let m = input_comment::ActiveModel {
        input_id: Set(input_id),
        author_name: Set(author),
        user_id: Set(sender.user_id),
        body: Set(body),
        sender_hash: Set(sender.hash.clone()),
        status: Set(Moderation::Pending.as_str().into()),
        moderation_reason: Set(None),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, &actor, Change::new(Some(region_id), "input_comment", m.id, "submit"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

// ---------------------------------------------------------------- the region's side

/// Publish an input, or hide it with a reason (shown to nobody but the region).
pub async fn moderate_input(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: i64,
    publish: bool,
    reason: &str,
) -> Result<citizen_input::Model> {
    let (status, reason) = domain::decide(publish, reason)?;
    let txn = db.begin().await?;
    let before = input(&txn, region_id, id).await?;
    let mut am: citizen_input::ActiveModel = before.clone().into();
    am.status = Set(status.as_str().into());
    am.moderation_reason = Set(reason);
    am.moderated_at = Set(Some(chrono::Utc::now()));
    let after = am.update(&txn).await?;
    let verb = if publish { "publish" } else { "hide" };
    audit::record(&txn, actor, Change::new(Some(region_id), "citizen_input", id, verb), Some(&before), Some(&after))
        .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn moderate_comment(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: i64,
    publish: bool,
    reason: &str,
) -> Result<()> {
    let (status, reason) = domain::decide(publish, reason)?;
    let txn = db.begin().await?;
    let before = input_comment::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
    input(&txn, region_id, before.input_id).await?;
    let mut am: input_comment::ActiveModel = before.clone().into();
    am.status = Set(status.as_str().into());
    am.moderation_reason = Set(reason);
    let after = am.update(&txn).await?;
    let verb = if publish { "publish" } else { "hide" };
    audit::record(&txn, actor, Change::new(Some(region_id), "input_comment", id, verb), Some(&before), Some(&after))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// An OPD's official answer to a published input.
pub async fn answer(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input_id: i64,
    opd_id: &str,
    body: &str,
) -> Result<input_answer::Model> {
    let (body, opd_id) = domain::check_answer(body, opd_id, &crate::region::opds::ids(db, region_id).await?)?;
    let txn = db.begin().await?;
    published(&txn, region_id, input_id).await?;
    let m = input_answer::ActiveModel {
        input_id: Set(input_id),
        opd_id: Set(opd_id),
        body: Set(body),
        answered_by: Set(actor.user_id),
        answered_by_name: Set(actor.name.clone()),
        answered_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "input_answer", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

/// Link an input to a problem or a programme of the same region.
pub async fn add_link(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input_id: i64,
    kind: &str,
    ref_id: &str,
) -> Result<input_link::Model> {
    let txn = db.begin().await?;
    input(&txn, region_id, input_id).await?;
    let existing: Vec<i64> = match domain::InputLinkKind::parse(kind) {
        Some(domain::InputLinkKind::Problem) => {
            problem::Entity::find()
                .select_only()
                .column(problem::Column::Id)
                .filter(problem::Column::RegionId.eq(region_id))
                .into_tuple()
                .all(&txn)
                .await?
        }
        Some(domain::InputLinkKind::Programme) => {
            programme::Entity::find()
                .select_only()
                .column(programme::Column::Id)
                .filter(programme::Column::RegionId.eq(region_id))
                .into_tuple()
                .all(&txn)
                .await?
        }
        None => Vec::new(),
    };
    let ref_id = domain::check_link(ref_id, &existing)?;
    let existing = input_link::Entity::find()
        .filter(input_link::Column::InputId.eq(input_id))
        .filter(input_link::Column::Kind.eq(kind))
        .filter(input_link::Column::RefId.eq(ref_id))
        .one(&txn)
        .await?;
    if let Some(m) = existing {
        return Ok(m);
    }
    let m = input_link::ActiveModel {
        input_id: Set(input_id),
        kind: Set(kind.to_string()),
        ref_id: Set(ref_id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "input_link", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn remove_link(db: &DatabaseConnection, actor: &Actor, region_id: i64, link_id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = input_link::Entity::find_by_id(link_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
    input(&txn, region_id, before.input_id).await?;
    input_link::Entity::delete_by_id(link_id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "input_link", link_id, "delete"),
        Some(&before),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- reading

/// An input with everything shown around it.
#[derive(Debug, Clone, Serialize)]
pub struct InputView {
    pub input: citizen_input::Model,
    pub supports: i64,
    pub comments: Vec<input_comment::Model>,
    pub answers: Vec<(input_answer::Model, String)>,
    /// (link id, kind, ref id, name)
    pub links: Vec<(i64, String, i64, String)>,
}

impl InputView {
    pub fn public_status(&self) -> PublicStatus {
        let programmes = self.links.iter().filter(|l| l.1 == link::PROGRAMME).map(|l| l.3.clone()).collect::<Vec<_>>();
        PublicStatus::of(self.answers.len(), programmes)
    }
    pub fn published_comments(&self) -> impl Iterator<Item = &input_comment::Model> {
        self.comments.iter().filter(|c| c.status == Moderation::Published.as_str())
    }
}

/// Which inputs to load.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only published ones (the public's view).
    pub published_only: bool,
    pub status: Option<String>,
    pub dimension: Option<String>,
    pub consultation_id: Option<i64>,
    pub id: Option<i64>,
}

/// Inputs of a region with supports, comments, answers and links: six queries whatever the size.
pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64, f: &Filter) -> Result<Vec<InputView>> {
    let mut q = citizen_input::Entity::find().filter(citizen_input::Column::RegionId.eq(region_id));
    if f.published_only {
        q = q.filter(citizen_input::Column::Status.eq(Moderation::Published.as_str()));
    }
    if let Some(s) = &f.status {
        q = q.filter(citizen_input::Column::Status.eq(s.as_str()));
    }
    if let Some(d) = &f.dimension {
        q = q.filter(citizen_input::Column::DimensionCode.eq(d.as_str()));
    }
    if let Some(c) = f.consultation_id {
        q = q.filter(citizen_input::Column::ConsultationId.eq(c));
    }
    if let Some(id) = f.id {
        q = q.filter(citizen_input::Column::Id.eq(id));
    }
    let inputs =
        q.order_by_desc(citizen_input::Column::CreatedAt).order_by_desc(citizen_input::Column::Id).all(db).await?;
    let ids: Vec<i64> = inputs.iter().map(|i| i.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut supports: HashMap<i64, i64> = HashMap::new();
    for s in input_support::Entity::find().filter(input_support::Column::InputId.is_in(ids.clone())).all(db).await? {
        *supports.entry(s.input_id).or_default() += 1;
    }
    let mut comments: HashMap<i64, Vec<input_comment::Model>> = HashMap::new();
    for c in input_comment::Entity::find()
        .filter(input_comment::Column::InputId.is_in(ids.clone()))
        .order_by_asc(input_comment::Column::Id)
        .all(db)
        .await?
    {
        comments.entry(c.input_id).or_default().push(c);
    }
    let opd_names: HashMap<i64, String> = opd::Entity::find()
        .filter(opd::Column::RegionId.eq(region_id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut answers: HashMap<i64, Vec<(input_answer::Model, String)>> = HashMap::new();
    for a in input_answer::Entity::find()
        .filter(input_answer::Column::InputId.is_in(ids.clone()))
        .order_by_asc(input_answer::Column::Id)
        .all(db)
        .await?
    {
        let name = opd_names.get(&a.opd_id).cloned().unwrap_or_default();
        answers.entry(a.input_id).or_default().push((a, name));
    }
    let raw_links = input_link::Entity::find()
        .filter(input_link::Column::InputId.is_in(ids))
        .order_by_asc(input_link::Column::Id)
        .all(db)
        .await?;
    let names = link_names(db, region_id, &raw_links).await?;
    let mut links: HashMap<i64, Vec<(i64, String, i64, String)>> = HashMap::new();
    for l in raw_links {
        let name = names.get(&(l.kind.clone(), l.ref_id)).cloned().unwrap_or_default();
        links.entry(l.input_id).or_default().push((l.id, l.kind, l.ref_id, name));
    }
    Ok(inputs
        .into_iter()
        .map(|i| InputView {
            supports: supports.get(&i.id).copied().unwrap_or(0),
            comments: comments.remove(&i.id).unwrap_or_default(),
            answers: answers.remove(&i.id).unwrap_or_default(),
            links: links.remove(&i.id).unwrap_or_default(),
            input: i,
        })
        .collect())
}

async fn link_names<C: ConnectionTrait>(
    db: &C,
    region_id: i64,
    links: &[input_link::Model],
) -> Result<HashMap<(String, i64), String>> {
    let ids = |kind: &str| links.iter().filter(|l| l.kind == kind).map(|l| l.ref_id).collect::<Vec<_>>();
    let mut out = HashMap::new();
    let (problems, programmes) = (ids(link::PROBLEM), ids(link::PROGRAMME));
    if !problems.is_empty() {
        for p in problem::Entity::find()
            .filter(problem::Column::RegionId.eq(region_id))
            .filter(problem::Column::Id.is_in(problems))
            .all(db)
            .await?
        {
            out.insert((link::PROBLEM.to_string(), p.id), p.title);
        }
    }
    if !programmes.is_empty() {
        for p in programme::Entity::find()
            .filter(programme::Column::RegionId.eq(region_id))
            .filter(programme::Column::Id.is_in(programmes))
            .all(db)
            .await?
        {
            out.insert((link::PROGRAMME.to_string(), p.id), p.name);
        }
    }
    Ok(out)
}

pub async fn view<C: ConnectionTrait>(db: &C, region_id: i64, id: i64, published_only: bool) -> Result<InputView> {
    let f = Filter { id: Some(id), published_only, ..Default::default() };
    list(db, region_id, &f).await?.into_iter().next().ok_or(StoreError::NotFound)
}

/// Comments waiting for moderation, with their input's title.
pub async fn pending_comments<C: ConnectionTrait>(
    db: &C,
    region_id: i64,
) -> Result<Vec<(input_comment::Model, citizen_input::Model)>> {
    let inputs: HashMap<i64, citizen_input::Model> = citizen_input::Entity::find()
        .filter(citizen_input::Column::RegionId.eq(region_id))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let ids: Vec<i64> = inputs.keys().copied().collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(input_comment::Entity::find()
        .filter(input_comment::Column::InputId.is_in(ids))
        .filter(input_comment::Column::Status.eq(Moderation::Pending.as_str()))
        .order_by_asc(input_comment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| inputs.get(&c.input_id).cloned().map(|i| (c, i)))
        .collect())
}

/// Published inputs per dimension: kinds, supports, answered, followed up (the book's annex).
pub async fn stats<C: ConnectionTrait>(
    db: &C,
    region_id: i64,
) -> Result<(Vec<domain::DimensionStats>, domain::DimensionStats)> {
    let all = list(db, region_id, &Filter { published_only: true, ..Default::default() }).await?;
    Ok(domain::stats(all.iter().map(|v| StatRow {
        dimension_code: &v.input.dimension_code,
        kind: &v.input.kind,
        supports: v.supports,
        answered: !v.answers.is_empty(),
        followed_up: v.links.iter().any(|l| l.1 == link::PROGRAMME),
    })))
}
