//! A stage's Bimtek workshops: the workshop page (speakers, agenda, materials, invitations,
//! attendance, minutes and follow-up actions) and its form. The region's managers plan the
//! workshop and its invitation list; the experts assigned to the region may also shape its
//! agenda, materials, attendance and minutes (`Principal::can_run_workshop`).

pub mod calendar;
pub mod checkin;
pub mod papers;

use crate::access::{ensure, RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::validate::Errors;
use kotacerdas_domain::workshop::{
    self as rules, ActionInput, ActionStatus, AgendaInput, InviteeInput, MinutesInput, SpeakerInput, SpeakerRole,
    UnitKind, WorkshopInput, WorkshopMode, WorkshopStatus,
};
use kotacerdas_store::entity::region;
use kotacerdas_store::region::opds;
use kotacerdas_store::workshops::{self, attendance, minutes, Detail, Row};
use kotacerdas_store::StoreError;
use serde::Deserialize;
use std::collections::HashMap;

/// Codes with their labels, for a select.
fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T, &str) -> &'static str,
    lang: &str,
) -> Vec<(String, String)> {
    all.iter().map(|x| (code(*x).to_string(), label(*x, lang).to_string())).collect()
}

// ---------------------------------------------------------------- the workshop form

#[derive(Template)]
#[template(path = "workshop_form.html")]
struct WorkshopForm {
    l: Layout,
    form: WorkshopInput,
    action: String,
    back: String,
    modes: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
}

/// The form for a new workshop of stage `number` (`id` None) or an existing one.
async fn form_page(f: FormPage<'_, WorkshopInput>, number: i32, id: Option<i64>) -> Result<Response, WebError> {
    let lang = f.ctx.lang.code();
    let (title, action, back) = match id {
        Some(id) => ("workshop-edit-title", f.url(&format!("workshops/{id}/edit")), f.url(&format!("workshops/{id}"))),
        None => {
            ("workshop-new-title", f.url(&format!("stages/{number}/workshops/new")), f.url(&format!("stages/{number}")))
        }
    };
    let l = f.layout(title).crumb(format!("{} {number}", f.ctx.lang.t("stage")), f.url(&format!("stages/{number}")));
    f.show(|_, form| WorkshopForm {
        modes: options(WorkshopMode::ALL, WorkshopMode::as_str, WorkshopMode::label, lang),
        statuses: options(WorkshopStatus::ALL, WorkshopStatus::as_str, WorkshopStatus::label, lang),
        l,
        form,
        action,
        back,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    kotacerdas_store::region::stages::get(&state.db, r.id, number).await?;
    let form = WorkshopInput { mode: WorkshopMode::InPerson.as_str().into(), ..Default::default() };
    form_page(FormPage::new(&ctx, &state, r, form), number, None).await
}

pub async fn create(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<WorkshopInput>,
) -> Result<Response, WebError> {
    let result = workshops::create(&state.db, &ctx.actor()?, r.id, number, &form).await;
    let f = FormPage::new(&ctx, &state, r, form);
    let base = f.url("workshops");
    f.outcome(result, "flash-saved", |w| format!("{base}/{}", w.id), |f| form_page(f, number, None)).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let d = workshops::detail(&state.db, r.id, id).await?;
    form_page(FormPage::new(&ctx, &state, r, WorkshopInput::from(&d.w)), d.stage, Some(id)).await
}

pub async fn update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<WorkshopInput>,
) -> Result<Response, WebError> {
    let d = workshops::detail(&state.db, r.id, id).await?;
    let result = workshops::update(&state.db, &ctx.actor()?, r.id, id, &form).await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = f.url(&format!("workshops/{id}"));
    f.outcome(result, "flash-saved", |_| back, |f| form_page(f, d.stage, Some(id))).await
}

// ---------------------------------------------------------------- the workshop page

/// The values of the page's small forms, as typed when one was refused.
#[derive(Default)]
pub struct Typed {
    pub speaker: SpeakerInput,
    pub agenda: AgendaInput,
    pub invitee: InviteeInput,
    pub minutes: MinutesInput,
    pub action: ActionInput,
}

#[derive(Template)]
#[template(path = "workshop.html")]
struct WorkshopPage {
    l: Layout,
    region: region::Model,
    d: Detail,
    typed: Typed,
    can_manage: bool,
    can_run: bool,
    /// (day, date text, present that day).
    days: Vec<(i32, String, usize)>,
    /// (OPD name, invited, present).
    per_opd: Vec<(String, usize, usize)>,
    opd_names: HashMap<i64, String>,
    opd_options: Vec<(String, String)>,
    experts: Vec<(String, String)>,
    speaker_roles: Vec<(String, String)>,
    unit_kinds: Vec<(String, String)>,
    /// Actions the user may mark done or open again, by id.
    closable: Vec<i64>,
    /// The groups the invitation list can take at once.
    groups: [&'static str; 3],
    /// `/regions/{code}/workshops/{id}`, where the page's forms post.
    base: String,
}

impl WorkshopPage {
    fn unit(&self, i: &kotacerdas_store::entity::workshop_invitee::Model) -> String {
        let kind = UnitKind::parse(&i.unit_kind).map(|k| k.label(self.l.lang.code())).unwrap_or_default();
        match &i.unit_name {
            Some(n) => format!("{kind}: {n}"),
            None => kind.to_string(),
        }
    }
    fn label(&self, kind: &str, code: &str) -> String {
        let lang = self.l.lang.code();
        let v = match kind {
            "mode" => WorkshopMode::parse(code).map(|x| x.label(lang)),
            "status" => WorkshopStatus::parse(code).map(|x| x.label(lang)),
            "role" => SpeakerRole::parse(code).map(|x| x.label(lang)),
            "action" => ActionStatus::parse(code).map(|x| x.label(lang)),
            _ => None,
        };
        v.unwrap_or_default().to_string()
    }
    fn day_date(&self, day: &i32) -> String {
        self.l.date(&rules::date_of(self.d.w.starts_on, *day))
    }
    fn owner(&self, opd: &Option<i64>) -> String {
        opd.and_then(|o| self.opd_names.get(&o).cloned()).unwrap_or_else(|| "—".into())
    }
    /// Whether a small form was refused (its `<details>` opens to show why).
    fn open(&self, form: &str) -> bool {
        self.l.errors.0.iter().any(|e| e.field.starts_with(&format!("{form}.")))
    }
    fn present_text(&self) -> String {
        let n = format!("{} / {}", self.d.present_count(), self.d.invited_count());
        self.l.tv("workshop-present-of", &n)
    }
    fn here(&self, invitee: &i64, day: &i32) -> bool {
        self.d.present(*invitee, *day)
    }
    fn overdue(&self, a: &kotacerdas_store::entity::workshop_action::Model) -> bool {
        a.status == ActionStatus::Open.as_str() && a.due_on.is_some_and(|d| d < chrono::Utc::now().date_naive())
    }
}

pub(crate) async fn page(f: FormPage<'_, Typed>, id: i64) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let d = workshops::detail(&state.db, r.id, id).await?;
    let all_opds = opds::list(&state.db, r.id).await?;
    let opd_names: HashMap<i64, String> = all_opds.iter().map(|o| (o.id, o.name.clone())).collect();
    let days = (1..=d.days())
        .map(|day| {
            let n = d.attendance.iter().filter(|a| a.day == day).count();
            (day, ctx.lang.tv("workshop-day", &day.to_string()), n)
        })
        .collect();
    let per_opd = attendance::per_opd(&d)
        .into_iter()
        .map(|(o, i, pr)| (opd_names.get(&o).cloned().unwrap_or_default(), i, pr))
        .collect();
    let closable = d.actions.iter().filter(|a| p.can_close_action(r.id, a.opd_id)).map(|a| a.id).collect();
    let experts = workshops::experts(&state.db, r.id).await?.into_iter().map(|(i, n)| (i.to_string(), n)).collect();
    let l = f
        .layout("workshop-title")
        .crumb(format!("{} {}", ctx.lang.t("stage"), d.stage), f.url(&format!("stages/{}", d.stage)))
        .titled(format!("{} — {}", ctx.lang.tv("workshop-of-stage", &d.stage.to_string()), d.w.venue));
    let (can_manage, can_run) = (p.can_manage_region(r.id), p.can_run_workshop(r.id));
    let base = f.url(&format!("workshops/{id}"));
    f.show(|region, typed| WorkshopPage {
        opd_options: all_opds.iter().map(|o| (o.id.to_string(), format!("{} — {}", o.short_name, o.name))).collect(),
        speaker_roles: options(SpeakerRole::ALL, SpeakerRole::as_str, SpeakerRole::label, lang),
        unit_kinds: options(UnitKind::ALL, UnitKind::as_str, UnitKind::label, lang),
        l,
        region,
        d,
        typed,
        can_manage,
        can_run,
        days,
        per_opd,
        opd_names,
        experts,
        closable,
        groups: ["opd_heads", "council", "team"],
        base,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    page(FormPage::new(&ctx, &state, r, Typed::default()), id).await
}

/// Field errors of one of the page's small forms, named `{form}.{field}` so each form shows its own.
fn prefixed(form: &str, e: Errors) -> Errors {
    Errors(
        e.0.into_iter()
            .map(|mut x| {
                x.field = format!("{form}.{}", x.field);
                x
            })
            .collect(),
    )
}

/// Answer a small form of the workshop page: saved → flash and back to `anchor`; refused →
/// the page again with the errors under that form.
async fn answer<T>(
    f: FormPage<'_, Typed>,
    id: i64,
    form: &str,
    result: Result<T, StoreError>,
    flash: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => {
            let back = f.url(&format!("workshops/{id}#{form}"));
            done(f.ctx, flash, &back).await
        }
        Err(StoreError::Invalid(e)) => page(f.with_errors(prefixed(form, e)), id).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn add_speaker(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(input): Form<SpeakerInput>,
) -> Result<Response, WebError> {
    let result = workshops::add_speaker(&state.db, &ctx.actor()?, r.id, id, &input).await;
    let f = FormPage::new(&ctx, &state, r, Typed { speaker: input, ..Default::default() });
    answer(f, id, "speakers", result, "flash-saved").await
}

pub async fn add_agenda(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
    Form(input): Form<AgendaInput>,
) -> Result<Response, WebError> {
    ensure(p.can_run_workshop(r.id))?;
    let result = workshops::add_agenda(&state.db, &ctx.actor()?, r.id, id, &input).await;
    let f = FormPage::new(&ctx, &state, r, Typed { agenda: input, ..Default::default() });
    answer(f, id, "agenda", result, "flash-saved").await
}

/// A material: multipart (the file), the CSRF token in the query as for every upload.
pub async fn add_material(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
    mp: Multipart,
) -> Result<Response, WebError> {
    ensure(p.can_run_workshop(r.id))?;
    let (fields, file) = crate::views::read_multipart(mp, "file").await?;
    let title = fields.get("title").cloned().unwrap_or_default();
    let (name, data) = match file {
        Some((n, d)) => (n, Some(d)),
        None => (String::new(), None),
    };
    let result = workshops::add_material(&state.db, &state.storage, &ctx.actor()?, r.id, id, &title, &name, data).await;
    let f = FormPage::new(&ctx, &state, r, Typed::default());
    answer(f, id, "materials", result, "flash-saved").await
}

pub async fn remove(
    State(state): State<AppState>,
    Path((_, id, what, rid)): Path<(String, i64, String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let row = Row::parse(&what).ok_or(WebError::NotFound)?;
    ensure(if row.experts_may() { p.can_run_workshop(r.id) } else { p.can_manage_region(r.id) })?;
    workshops::remove(&state.db, &ctx.actor()?, r.id, id, row, rid).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/workshops/{id}#{what}", r.code)).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteForm {
    /// opd_heads, council or team: the whole group; empty: the one person typed.
    group: String,
    name: String,
    position: String,
    unit_kind: String,
    unit_name: String,
    opd_id: String,
}

pub async fn invite(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<InviteForm>,
) -> Result<Response, WebError> {
    let actor = ctx.actor()?;
    if !form.group.trim().is_empty() {
        let group = attendance::Group::parse(form.group.trim()).ok_or(WebError::BadRequest("error-bad-form"))?;
        let n = attendance::invite_group(&state.db, &actor, r.id, id, group, &ctx.lang.t("workshop-opd-head")).await?;
        let key = if n == 0 { "flash-invited-none" } else { "flash-invited" };
        return done(&ctx, key, &format!("/regions/{}/workshops/{id}#invitations", r.code)).await;
    }
    let input = InviteeInput {
        name: form.name,
        position: form.position,
        unit_kind: form.unit_kind,
        unit_name: form.unit_name,
        opd_id: form.opd_id,
    };
    let result = attendance::invite(&state.db, &actor, r.id, id, &input).await;
    let f = FormPage::new(&ctx, &state, r, Typed { invitee: input, ..Default::default() });
    answer(f, id, "invitations", result, "flash-saved").await
}

pub async fn save_minutes(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
    Form(input): Form<MinutesInput>,
) -> Result<Response, WebError> {
    ensure(p.can_run_workshop(r.id))?;
    let result = minutes::save_minutes(&state.db, &ctx.actor()?, r.id, id, &input).await;
    let f = FormPage::new(&ctx, &state, r, Typed { minutes: input, ..Default::default() });
    answer(f, id, "minutes", result, "flash-saved").await
}

pub async fn add_action(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
    Form(input): Form<ActionInput>,
) -> Result<Response, WebError> {
    ensure(p.can_run_workshop(r.id))?;
    let result = minutes::add_action(&state.db, &ctx.actor()?, r.id, id, &input).await;
    let f = FormPage::new(&ctx, &state, r, Typed { action: input, ..Default::default() });
    answer(f, id, "actions", result, "flash-saved").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

/// Mark a follow-up action done (or open again): the managers, or the owner OPD's planner.
pub async fn action_status(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
    Form(form): Form<StatusForm>,
) -> Result<Response, WebError> {
    let a = minutes::action(&state.db, r.id, id).await?;
    ensure(p.can_close_action(r.id, a.opd_id))?;
    let status = ActionStatus::parse(form.status.trim()).ok_or(WebError::BadRequest("error-bad-form"))?;
    minutes::set_status(&state.db, &ctx.actor()?, r.id, id, status).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/workshops/{}#actions", r.code, a.workshop_id)).await
}
