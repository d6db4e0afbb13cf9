//! A stage's page: schedule, status, the sign-off actions and the comment thread.

use crate::access::{ensure, RegionComment, RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::Layout;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::stage::ScheduleInput;
use kotacerdas_domain::stage::{StageAction, StageStatus};
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::{region, stage};
use kotacerdas_store::region::stages::{self, CommentRow};
use kotacerdas_store::{accounts::users, StoreError};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "stage.html")]
struct StagePage {
    l: Layout,
    region: region::Model,
    stage: stage::Model,
    comments: Vec<CommentRow>,
    decided_by: Option<String>,
    /// Actions this user may take now, in the order shown.
    actions: Vec<&'static str>,
    can_comment: bool,
    can_manage: bool,
    comment: String,
    /// Stage 1 only: (label key, done, count text, link) — checked before submitting.
    checklist: Vec<(&'static str, bool, String, String)>,
    /// The stage's workshops, by date.
    workshops: Vec<kotacerdas_store::workshops::Summary>,
    /// The invited OPDs absent from every held workshop of the stage (for the reviewers).
    absent_opds: Vec<String>,
}

impl StagePage {
    fn workshop_label(&self, kind: &str, code: &str) -> String {
        use kotacerdas_domain::workshop::{WorkshopMode, WorkshopStatus};
        let lang = self.l.lang.code();
        match kind {
            "mode" => WorkshopMode::parse(code).map(|m| m.label(lang)),
            _ => WorkshopStatus::parse(code).map(|m| m.label(lang)),
        }
        .unwrap_or_default()
        .to_string()
    }
}

/// Stage `number`'s page; the form's value is the comment being written.
async fn page(f: FormPage<'_, String>, number: i32) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let p = ctx.user()?;
    let s = stages::get(&state.db, r.id, number).await?;
    let st = StageStatus::parse(&s.status).unwrap_or(StageStatus::NotStarted);
    let decided_by = match s.decided_by {
        Some(id) => users::get(&state.db, id).await.ok().map(|u| u.display_name),
        None => None,
    };
    let l = f.layout("stage").titled(format!(
        "{} {}: {}",
        ctx.lang.t("stage"),
        number,
        kotacerdas_domain::framework::STAGES
            .get(number as usize - 1)
            .map(|n| n.name(ctx.lang.code()))
            .unwrap_or_default()
    ));
    let checklist = if number == 1 {
        let x = kotacerdas_store::analysis::profile::stage1_summary(&state.db, r.id).await?;
        let base = format!("/regions/{}", r.code);
        vec![
            ("check-profile", x.profile_figures >= 13, x.profile_figures.to_string(), format!("{base}/profile")),
            (
                "check-readiness",
                x.readiness_scored == 54,
                format!("{}/54", x.readiness_scored),
                format!("{base}/readiness"),
            ),
            ("check-swot", x.pillars_with_swot == 3, format!("{}/3", x.pillars_with_swot), format!("{base}/swot")),
            (
                "check-problems",
                x.elements_with_problems == 18,
                format!("{}/18", x.elements_with_problems),
                format!("{base}/problems"),
            ),
            (
                "check-inventory",
                x.apps > 0 && x.datasets > 0,
                format!("{} / {}", x.apps, x.datasets),
                format!("{base}/inventory"),
            ),
            ("check-policies", x.regulations > 0, x.regulations.to_string(), format!("{base}/policies")),
        ]
    } else if number == 2 || number == 3 {
        use kotacerdas_domain::checks::Severity;
        let base = format!("/regions/{}", r.code);
        let findings = kotacerdas_store::plan::checks::run(&state.db, r.id).await?;
        let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
        let count = |rule: &str| findings.iter().filter(|f| f.rule == rule).count();
        if number == 2 {
            let periods = kotacerdas_store::plan::periods(&state.db, r.id).await?.len();
            let vision = kotacerdas_store::plan::vision_items(&state.db, r.id).await?.len();
            let masterplan = kotacerdas_store::plan::masterplan(&state.db, r.id).await?.is_some();
            vec![
                ("check-rpjmd", periods > 0, periods.to_string(), format!("{base}/rpjmd")),
                ("check-vision", masterplan && vision > 0, vision.to_string(), format!("{base}/vision")),
                (
                    "check-roadmap",
                    count("PC003") == 0,
                    format!("{}/18", 18 - count("PC003")),
                    format!("{base}/roadmap"),
                ),
            ]
        } else {
            let programmes = kotacerdas_store::plan::programmes::list(&state.db, r.id).await?.len();
            let selected = kotacerdas_store::plan::quickwins::sheets(&state.db, r.id)
                .await?
                .values()
                .filter(|q| q.selected)
                .count();
            vec![
                (
                    "check-programmes",
                    programmes > 0 && count("PC003") == 0,
                    programmes.to_string(),
                    format!("{base}/programmes"),
                ),
                ("check-quickwins", selected > 0, selected.to_string(), format!("{base}/quick-wins")),
                ("check-plan-errors", errors == 0, errors.to_string(), format!("{base}/checks")),
            ]
        }
    } else {
        Vec::new()
    };
    let comments = stages::comments(&state.db, s.id).await?;
    let workshops: Vec<_> = kotacerdas_store::workshops::summaries(&state.db, r.id)
        .await?
        .into_iter()
        .filter(|w| w.w.stage_id == s.id)
        .collect();
    let absent_opds = if p.can_decide_stage(r.id) {
        kotacerdas_store::workshops::attendance::absent_opds(&state.db, r.id, s.id).await?
    } else {
        Vec::new()
    };
    let actions = p.stage_actions(r.id, st).into_iter().map(StageAction::as_str).collect();
    let (can_comment, can_manage) = (p.can_comment_stage(r.id), p.can_manage_region(r.id));
    f.show(|region, comment| StagePage {
        checklist,
        comments,
        workshops,
        absent_opds,
        actions,
        can_comment,
        can_manage,
        decided_by,
        l,
        region,
        stage: s,
        comment,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    page(FormPage::new(&ctx, &state, r, String::new()), number).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    comment: String,
}

pub async fn act(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let action = StageAction::parse(f.action.trim()).ok_or(WebError::BadRequest("error-bad-form"))?;
    ensure(p.can_take_stage_action(r.id, action))?;
    let result = stages::act(&state.db, &ctx.actor()?, r.id, number, action, &f.comment).await;
    let page_of = FormPage::new(&ctx, &state, r, f.comment);
    match result {
        Err(StoreError::Stage(e)) => {
            // A refused transition: the comment field says why; only a missing comment is a 422.
            let mut errors = Errors::new();
            errors.add("comment", e.code(), None);
            let status = if e == kotacerdas_domain::stage::StageError::CommentRequired {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            page(page_of.with_errors(errors).with_status(status), number).await
        }
        result => {
            let back = page_of.url(&format!("stages/{number}"));
            let flash = format!("flash-stage-{}", action.as_str());
            page_of.outcome(result, &flash, |_| back, |f| page(f, number)).await
        }
    }
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    comment: String,
}

pub async fn comment(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionComment { ctx, user: p, region: r, .. }: RegionComment,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    let result = stages::comment(&state.db, &ctx.actor()?, p.user_id, r.id, number, &f.comment).await;
    let page_of = FormPage::new(&ctx, &state, r, f.comment);
    let back = page_of.url(&format!("stages/{number}#comments"));
    page_of.outcome(result, "flash-comment", |_| back, |f| page(f, number)).await
}

#[derive(Template)]
#[template(path = "schedule_form.html")]
struct ScheduleForm {
    l: Layout,
    region: region::Model,
    number: i32,
    form: ScheduleInput,
}

pub async fn schedule_form(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let s = stages::get(&state.db, r.id, number).await?;
    schedule_page(FormPage::new(&ctx, &state, r, ScheduleInput::from(&s)), number).await
}

async fn schedule_page(f: FormPage<'_, ScheduleInput>, number: i32) -> Result<Response, WebError> {
    let l = f.layout("schedule-title");
    f.show(|region, form| ScheduleForm { l, form, region, number })
}

pub async fn schedule_save(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<ScheduleInput>,
) -> Result<Response, WebError> {
    let result = stages::update_schedule(&state.db, &ctx.actor()?, r.id, number, &form).await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = f.url(&format!("stages/{number}"));
    f.outcome(result, "flash-saved", |_| back, |f| schedule_page(f, number)).await
}
