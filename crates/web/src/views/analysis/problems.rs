//! Stage 1 problem register: conditions and problems per element, and the strategic issues
//! ranked from them.

use crate::access::{ensure, RegionContribute, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::analysis::{rank, severity_label, ProblemKind, SEVERITY};
use kotacerdas_domain::analysis_input::ProblemInput;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::validate::Errors;
use kotacerdas_domain::Principal;
use kotacerdas_store::analysis::problems;
use kotacerdas_store::entity::{problem, region};
use kotacerdas_store::{region::opds, StoreError};
use std::collections::HashMap;

/// One element of the framework with its problems.
struct ElementBlock {
    code: &'static str,
    name: &'static str,
    dimension: &'static str,
    problems: Vec<problem::Model>,
}

#[derive(Template)]
#[template(path = "problems.html")]
struct ProblemsPage {
    l: Layout,
    region: region::Model,
    elements: Vec<ElementBlock>,
    issues: Vec<problem::Model>,
    opd_names: HashMap<i64, String>,
    can_add: bool,
    editable: Vec<i64>,
    covered: usize,
    thread: crate::views::book::sections::Thread,
}

pub async fn list(
    State(state): State<AppState>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let lang = ctx.lang.code();
    let all = problems::list(&state.db, r.id).await?;
    let issues: Vec<problem::Model> = rank(&all, |x| (x.severity, x.affected_citizens, x.title.as_str()))
        .into_iter()
        .filter(|x| x.kind == ProblemKind::Problem.as_str())
        .take(10)
        .cloned()
        .collect();
    let editable = all.iter().filter(|x| p.can_edit_item(r.id, x.opd_id)).map(|x| x.id).collect();
    let elements: Vec<ElementBlock> = DIMENSIONS
        .iter()
        .flat_map(|d| d.elements.iter().map(move |e| (d, e)))
        .map(|(d, e)| ElementBlock {
            code: e.code,
            name: e.name(lang),
            dimension: d.named.name(lang),
            problems: all.iter().filter(|x| x.element_code == e.code).cloned().collect(),
        })
        .collect();
    let page = ProblemsPage {
        l: Layout::new(&ctx, "problems-title", "regions").region_crumbs(&r),
        covered: elements.iter().filter(|e| !e.problems.is_empty()).count(),
        thread: crate::views::book::sections::thread(
            &ctx,
            &state,
            r.id,
            &r.code,
            kotacerdas_domain::analysis::Section::Problems,
        )
        .await?,
        opd_names: opds::list(&state.db, r.id).await?.into_iter().map(|o| (o.id, o.short_name)).collect(),
        can_add: p.can_contribute(r.id),
        editable,
        elements,
        issues,
        region: r,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "problem_form.html")]
struct ProblemForm {
    l: Layout,
    region: region::Model,
    form: ProblemInput,
    action: String,
    elements: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    severities: Vec<(String, String)>,
    opds: Vec<(String, String)>,
}

/// The problem form; `id` is `None` for a new problem.
async fn form_page(f: FormPage<'_, ProblemInput>, id: Option<i64>) -> Result<Response, WebError> {
    let p = f.ctx.user()?;
    let lang = f.ctx.lang.code();
    let (title, action) = match id {
        Some(id) => ("problem-edit-title", f.url(&format!("problems/{id}/edit"))),
        None => ("problem-new-title", f.url("problems/new")),
    };
    // Planners may only file items under their own OPD.
    let rid = f.region.id;
    let opds = opds::list(&f.state.db, rid)
        .await?
        .into_iter()
        .filter(|o| p.can_edit_opd(rid, o.id))
        .map(|o| (o.id.to_string(), format!("{} — {}", o.short_name, o.name)))
        .collect();
    let l = f.layout(title).crumb(f.ctx.lang.t("problems-title"), f.url("problems"));
    f.show(|region, form| ProblemForm {
        elements: DIMENSIONS
            .iter()
            .flat_map(|d| {
                d.elements.iter().map(move |e| {
                    (e.code.to_string(), format!("{} · {} — {}", e.code, d.named.name(lang), e.name(lang)))
                })
            })
            .collect(),
        kinds: ProblemKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label(lang).to_string())).collect(),
        severities: SEVERITY
            .iter()
            .map(|s| (s.0.to_string(), format!("{} — {}", s.0, severity_label(s.0, lang))))
            .collect(),
        opds,
        l,
        region,
        form,
        action,
    })
}

/// The owner named in the form must be an OPD this user may edit (else 403). Planners must name
/// their OPD: a missing owner is a field error for them, not a refusal.
fn owner_check(p: &Principal, region_id: i64, form: &ProblemInput) -> Result<Option<Errors>, WebError> {
    let opd = form.opd();
    ensure(p.may_name_owner(region_id, opd))?;
    if opd.is_none() && p.must_name_owner(region_id) {
        let mut e = Errors::new();
        e.add("opd_id", "err-required", None);
        return Ok(Some(e));
    }
    Ok(None)
}

pub async fn new_form(
    State(state): State<AppState>,
    RegionContribute { ctx, user: p, region: r, .. }: RegionContribute,
) -> Result<Response, WebError> {
    let form = ProblemInput {
        kind: "problem".into(),
        severity: "3".into(),
        opd_id: p.planner_opd(r.id).map(|o| o.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    form_page(FormPage::new(&ctx, &state, r, form), None).await
}

pub async fn create(
    State(state): State<AppState>,
    RegionContribute { ctx, user: p, region: r, .. }: RegionContribute,
    Form(form): Form<ProblemInput>,
) -> Result<Response, WebError> {
    let f = FormPage::new(&ctx, &state, r, form);
    let result = match owner_check(&p, f.region.id, &f.form)? {
        Some(e) => Err(StoreError::Invalid(e)),
        None => problems::create(&state.db, &ctx.actor()?, f.region.id, &f.form).await,
    };
    let back = f.url("problems");
    f.outcome(result, "flash-saved", |_| back, |f| form_page(f, None)).await
}

/// The problem, if this user may edit it (its OPD is theirs, or they manage the region).
async fn editable(state: &AppState, r: &RegionView, id: i64) -> Result<problem::Model, WebError> {
    let item = problems::get(&state.db, r.region.id, id).await?;
    ensure(r.user.can_edit_item(r.region.id, item.opd_id))?;
    Ok(item)
}

pub async fn edit_form(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    region: RegionView,
) -> Result<Response, WebError> {
    let item = editable(&state, &region, id).await?;
    let RegionView { ctx, region: r, .. } = region;
    form_page(FormPage::new(&ctx, &state, r, ProblemInput::from(&item)), Some(id)).await
}

pub async fn update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    region: RegionView,
    Form(form): Form<ProblemInput>,
) -> Result<Response, WebError> {
    editable(&state, &region, id).await?;
    let RegionView { ctx, user: p, region: r, .. } = region;
    let f = FormPage::new(&ctx, &state, r, form);
    let result = match owner_check(&p, f.region.id, &f.form)? {
        Some(e) => Err(StoreError::Invalid(e)),
        None => problems::update(&state.db, &ctx.actor()?, f.region.id, id, &f.form).await,
    };
    let back = f.url("problems");
    f.outcome(result, "flash-saved", |_| back, |f| form_page(f, Some(id))).await
}

pub async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    region: RegionView,
) -> Result<Response, WebError> {
    editable(&state, &region, id).await?;
    let RegionView { ctx, region: r, .. } = region;
    problems::delete(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/problems", r.code)).await
}
