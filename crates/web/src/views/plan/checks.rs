//! Plan checks page: every finding of the rule engine with a link to where it is fixed, and the
//! region's APBD-share limit.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::Layout;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::checks::{Finding, Severity, Subject, RULES};
use kotacerdas_store::entity::region;
use kotacerdas_store::{plan, plan::checks};
use serde::Deserialize;

/// A finding as the page shows it.
pub struct Row {
    pub rule: &'static str,
    pub error: bool,
    pub message: String,
    pub fix: String,
}

/// Where a finding is fixed.
pub fn fix_link(code: &str, f: &Finding) -> String {
    match &f.subject {
        Subject::Plan => format!("/regions/{code}/plan"),
        Subject::Programme(id) => format!("/regions/{code}/programmes/{id}/edit"),
        Subject::Problem(id) => format!("/regions/{code}/programmes/new?problem={id}"),
        Subject::Element(e) => format!("/regions/{code}/programmes/new?element={e}"),
        Subject::Year(_) => format!("/regions/{code}/budget"),
        Subject::Dimension(_) => format!("/regions/{code}/members"),
        Subject::Vision => format!("/regions/{code}/vision"),
    }
}

#[derive(Template)]
#[template(path = "checks.html")]
struct ChecksPage {
    l: Layout,
    region: region::Model,
    rows: Vec<Row>,
    errors: usize,
    warnings: usize,
    rules: Vec<(&'static str, bool, &'static str)>,
    limit: String,
    can_manage: bool,
    /// Programmes per dimension as primary and cross-dimension, budget on the primary only.
    reach: Vec<super::ReachRow>,
}

/// The checks page; the form's value is the limit as typed (`None`: the stored one).
async fn render(f: FormPage<'_, Option<String>>) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let findings = checks::run(&state.db, r.id).await?;
    let bp = checks::limit_bp(plan::masterplan(&state.db, r.id).await?.as_ref());
    let can_manage = p.can_manage_region(r.id);
    let reach = super::reach_rows(&kotacerdas_store::plan::programmes::list(&state.db, r.id).await?, lang);
    let rows = findings
        .iter()
        .map(|f| Row {
            rule: f.rule,
            error: f.severity == Severity::Error,
            message: f.message(lang),
            fix: fix_link(&r.code, f),
        })
        .collect();
    let l = f.layout("checks-title");
    f.show(|region, limit| ChecksPage {
        l,
        errors: findings.iter().filter(|f| f.severity == Severity::Error).count(),
        warnings: findings.iter().filter(|f| f.severity == Severity::Warning).count(),
        rows,
        rules: RULES.iter().map(|r| (r.id, r.severity == Severity::Error, r.text(lang))).collect(),
        limit: limit.unwrap_or_else(|| {
            let s = format!("{}.{:02}", bp / 100, bp % 100);
            let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
            if lang == "en" {
                s
            } else {
                s.replace('.', ",")
            }
        }),
        can_manage,
        reach,
        region,
    })
}

pub async fn page(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    render(FormPage::new(&ctx, &state, r, None)).await
}

#[derive(Deserialize)]
pub struct LimitForm {
    #[serde(default)]
    apbd_share_limit: String,
}

pub async fn set_limit(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<LimitForm>,
) -> Result<Response, WebError> {
    let result = checks::set_limit(&state.db, &ctx.actor()?, r.id, &f.apbd_share_limit).await;
    let page = FormPage::new(&ctx, &state, r, Some(f.apbd_share_limit));
    let back = page.url("checks");
    page.outcome(result, "flash-saved", |_| back, render).await
}
