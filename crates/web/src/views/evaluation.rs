//! The yearly evaluation: rounds (weights and survey questions, the programme office's), each
//! region's evaluation page (self-assessment with evidence, evaluators' scores and findings,
//! survey tallies, Quick Win before/after), the result letter, and a region's history.

use crate::access::{Admin, RegionEvaluate, RegionManage, RegionSurvey, RegionView};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use kotacerdas_documents::letter::suggestion_text;
use kotacerdas_domain::evaluation::{
    score_text, Part, PartInput, RoundSettingsInput, ScoringInput, SelfAssessmentInput, SurveyInput, Verdict,
    VerdictInput,
};
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::{evaluation_round, region};
use kotacerdas_store::evaluation::{self, Summary};
use kotacerdas_store::{region::regions, StoreError};
use std::collections::HashMap;

/// A form's fields as sent (`score.PART`, `after.PROGRAMME`, `n.QUESTION.LEVEL`, …): parsed into
/// the domain's typed inputs below, and shown again as typed when the form has errors.
type Fields = HashMap<String, String>;

fn text(f: &Fields, key: &str) -> String {
    f.get(key).cloned().unwrap_or_default()
}

fn part_inputs(f: &Fields) -> Vec<(Part, PartInput)> {
    Part::ALL
        .iter()
        .map(|p| {
            let field = |name: &str| text(f, &format!("{name}.{}", p.as_str()));
            (*p, PartInput { score: field("score"), note: field("note"), reason: field("reason") })
        })
        .collect()
}

/// The programme ids of the fields `PREFIX.ID`.
fn ids(f: &Fields, prefix: &str) -> Vec<i64> {
    f.keys().filter_map(|k| k.strip_prefix(prefix)?.parse().ok()).collect()
}

fn self_assessment(f: &Fields) -> SelfAssessmentInput {
    let after = ids(f, "after.").into_iter().map(|id| (id, text(f, &format!("after.{id}")))).collect();
    SelfAssessmentInput { parts: part_inputs(f), after }
}

fn scoring(f: &Fields) -> ScoringInput {
    let verdicts = ids(f, "verdict.")
        .into_iter()
        .map(|id| {
            (id, VerdictInput { verdict: text(f, &format!("verdict.{id}")), note: text(f, &format!("qwnote.{id}")) })
        })
        .collect();
    ScoringInput {
        parts: part_inputs(f),
        verdicts,
        strengths: text(f, "strengths"),
        weaknesses: text(f, "weaknesses"),
        recommendations: text(f, "recommendations"),
    }
}

/// `n.QUESTION.LEVEL` (levels 1–5) → counts per question.
fn survey(f: &Fields) -> SurveyInput {
    let mut s = SurveyInput::default();
    for (k, v) in f {
        let Some((q, level)) = k.strip_prefix("n.").and_then(|r| r.split_once('.')) else { continue };
        let (Ok(q), Ok(level)) = (q.parse::<i64>(), level.parse::<usize>()) else { continue };
        if (1..=5).contains(&level) {
            s.counts.entry(q).or_default()[level - 1] = v.clone();
        }
    }
    s
}

fn score(v: Option<i64>, lang: &str) -> String {
    v.map(|v| score_text(v, lang)).unwrap_or_else(|| "–".into())
}

pub struct RoundRow {
    pub region: region::Model,
    pub index: String,
    /// Some weighted part is still unscored.
    pub provisional: bool,
}

#[derive(Template)]
#[template(path = "evaluation_rounds.html")]
struct RoundsPage {
    l: Layout,
    rounds: Vec<evaluation_round::Model>,
    is_admin: bool,
    form: (String, String),
}

async fn rounds_page(
    ctx: &Ctx,
    state: &AppState,
    form: (String, String),
    errors: Errors,
) -> Result<Response, WebError> {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = RoundsPage {
        l: Layout::new(ctx, "rounds-title", "evaluations").with_errors(errors),
        rounds: evaluation::rounds(&state.db).await?,
        is_admin: ctx.user()?.is_programme_admin(),
        form,
    };
    render_status(status, &page)
}

pub async fn rounds(ctx: Ctx, State(state): State<AppState>) -> Result<Response, WebError> {
    ctx.user()?;
    rounds_page(&ctx, &state, (String::new(), String::new()), Errors::new()).await
}

pub async fn create_round(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let (year, title) = (f.get("year").cloned().unwrap_or_default(), f.get("round_title").cloned().unwrap_or_default());
    match evaluation::create_round(&state.db, &ctx.actor()?, &year, &title).await {
        Ok(r) => done(&ctx, "flash-saved", &format!("/evaluations/{}", r.year)).await,
        Err(StoreError::Invalid(e)) => rounds_page(&ctx, &state, (year, title), e).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "evaluation_round.html")]
struct RoundPage {
    l: Layout,
    round: evaluation_round::Model,
    weights: Vec<(String, String, String)>,
    questions: String,
    rows: Vec<RoundRow>,
    is_admin: bool,
}

async fn round_page(
    ctx: &Ctx,
    state: &AppState,
    round: evaluation_round::Model,
    typed: Option<(Fields, String)>,
    errors: Errors,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let stored = evaluation::weights(&state.db, round.id).await?;
    let weights = stored
        .iter()
        .map(|(part, w)| {
            let v = typed.as_ref().and_then(|(f, _)| f.get(part.as_str()).cloned()).unwrap_or_else(|| w.to_string());
            (part.as_str().to_string(), part.label(lang).to_string(), v)
        })
        .collect();
    let questions = match &typed {
        Some((_, q)) => q.clone(),
        None => evaluation::questions_of(&state.db, round.id)
            .await?
            .into_iter()
            .map(|q| q.text)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    // The regions this user evaluates (the programme office: all of them), with the stored index.
    let indices = evaluation::indices(&state.db, round.id).await?;
    let rows = regions::list_all(&state.db)
        .await?
        .into_iter()
        .filter(|r| p.lists_in_round(r.id, indices.contains_key(&r.id)))
        .map(|r| {
            let (ix, fin) = indices.get(&r.id).copied().unwrap_or((None, false));
            RoundRow { index: score(ix, lang), provisional: ix.is_some() && !fin, region: r }
        })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = RoundPage {
        l: Layout::new(ctx, "rounds-title", "evaluations")
            .titled(round.title.clone())
            .crumb(ctx.lang.t("rounds-title"), "/evaluations")
            .with_errors(errors),
        is_admin: p.is_programme_admin(),
        weights,
        questions,
        rows,
        round,
    };
    render_status(status, &page)
}

pub async fn round(ctx: Ctx, State(state): State<AppState>, Path(year): Path<i32>) -> Result<Response, WebError> {
    ctx.user()?;
    let r = evaluation::round(&state.db, year).await?;
    round_page(&ctx, &state, r, None, Errors::new()).await
}

/// Weights (`weight.PART`) and survey questions (one per line), or `close`/`reopen`.
pub async fn configure(
    State(state): State<AppState>,
    Path(year): Path<i32>,
    Admin { ctx, .. }: Admin,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let r = evaluation::round(&state.db, year).await?;
    let actor = ctx.actor()?;
    if let Some(v) = f.get("closed") {
        evaluation::set_closed(&state.db, &actor, r.id, v == "1").await?;
        return done(&ctx, "flash-saved", &format!("/evaluations/{year}")).await;
    }
    let weights: Fields =
        f.iter().filter_map(|(k, v)| Some((k.strip_prefix("weight.")?.to_string(), v.clone()))).collect();
    let questions = f.get("questions").cloned().unwrap_or_default();
    let settings = RoundSettingsInput {
        weights: Part::ALL.iter().map(|p| (*p, text(&weights, p.as_str()))).collect(),
        questions: questions.clone(),
    };
    match evaluation::configure_round(&state.db, &actor, r.id, &settings).await {
        Ok(()) => done(&ctx, "flash-saved", &format!("/evaluations/{year}")).await,
        Err(StoreError::Invalid(e)) => round_page(&ctx, &state, r, Some((weights, questions)), e).await,
        Err(e) => Err(e.into()),
    }
}

pub struct PartView {
    pub code: &'static str,
    pub name: String,
    pub measures: String,
    pub weight: i32,
    pub self_score: String,
    pub self_note: String,
    pub score: String,
    pub note: String,
    pub computed: bool,
    pub evidence: Option<i64>,
    /// The evaluator's score as typed back into the form.
    pub typed_score: String,
    /// "Saran: 3,40 = 68,00 % × 5 (17 dari 25 program terlaksana)"; empty without a suggestion.
    pub suggestion: String,
    pub has_suggestion: bool,
    pub reason: String,
    pub departs: bool,
}

#[derive(Template)]
#[template(path = "evaluation.html")]
struct EvaluationPage {
    l: Layout,
    region: region::Model,
    s: Summary,
    parts: Vec<PartView>,
    index: String,
    provisional: bool,
    /// The parts with a weight still unscored, named.
    missing: String,
    /// Σ weight × score ÷ Σ weight with the actual numbers.
    formula: String,
    dims: Vec<(String, String, String, String)>,
    verdicts: Vec<(String, String)>,
    can_self: bool,
    can_score: bool,
}

/// A region's evaluation in `round`, with what a refused form typed (the form's value).
async fn evaluation_page(f: FormPage<'_, Fields>, round: &evaluation_round::Model) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let s = evaluation::summary(&state.db, round, r.id).await?;
    let typed = |k: String, stored: String| f.form.get(&k).cloned().unwrap_or(stored);
    let parts = s
        .parts
        .iter()
        .map(|x| {
            let code = x.part.as_str();
            let stored = x.score.map(|v| score_text(v, lang)).unwrap_or_default();
            PartView {
                code,
                name: x.part.label(lang).to_string(),
                measures: x.part.measures(lang).to_string(),
                weight: x.weight,
                self_score: typed(
                    format!("score.{code}"),
                    x.self_score.map(|v| score_text(v, lang)).unwrap_or_default(),
                ),
                self_note: x.self_note.clone(),
                score: score(x.score, lang),
                note: x.note.clone(),
                computed: x.part == Part::Outcome,
                evidence: x.evidence_file_id,
                typed_score: typed(format!("score.{code}"), stored),
                suggestion: x.suggestion.map(|g| suggestion_text(ctx.lang, &g)).unwrap_or_default(),
                has_suggestion: matches!(x.part, Part::Outcome | Part::Impact | Part::Output),
                reason: typed(format!("reason.{code}"), x.reason.clone()),
                departs: x.departs,
            }
        })
        .collect();
    let missing: Vec<&str> = s.status.missing.iter().map(|p| p.label(lang)).collect();
    let dims = s
        .dimensions
        .iter()
        .map(|(d, (done, due, o, ix))| (d.clone(), format!("{done} / {due}"), score(*o, lang), score(*ix, lang)))
        .collect();
    let (can_self, can_score) = (p.can_manage_region(r.id) && !round.closed, p.can_evaluate(r.id) && !round.closed);
    let l = f
        .layout("evaluation-title")
        .titled(format!("{} · {}", round.title, r.name))
        .crumb(ctx.lang.t("evaluation-history"), f.url("evaluations"));
    f.show(|region, _typed| EvaluationPage {
        l,
        index: score(s.index, lang),
        provisional: s.status.provisional(),
        missing: missing.join(", "),
        formula: s.status.formula(lang).unwrap_or_default(),
        can_self,
        can_score,
        verdicts: Verdict::ALL.iter().map(|v| (v.as_str().to_string(), v.label(lang).to_string())).collect(),
        parts,
        dims,
        s,
        region,
    })
}

/// A save's answer: back to the evaluation (`anchor` appended), or the page again.
async fn saved(
    f: FormPage<'_, Fields>,
    round: &evaluation_round::Model,
    anchor: &str,
    result: Result<(), StoreError>,
) -> Result<Response, WebError> {
    let back = f.url(&format!("evaluations/{}{anchor}", round.year));
    f.outcome(result, "flash-saved", |_| back, |f| evaluation_page(f, round)).await
}

pub async fn show(
    State(state): State<AppState>,
    Path((_, year)): Path<(String, i32)>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let round = evaluation::round(&state.db, year).await?;
    evaluation_page(FormPage::new(&ctx, &state, r, Fields::new()), &round).await
}

/// The region's self-assessment: scores, notes, evidence per part and Quick Win "after" values
/// (multipart for the evidence files; CSRF token in the query).
pub async fn save_self(
    State(state): State<AppState>,
    Path((_, year)): Path<(String, i32)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let round = evaluation::round(&state.db, year).await?;
    let mut f = Fields::new();
    let mut files: Vec<(String, String, bytes::Bytes)> = Vec::new();
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(key) = name.strip_prefix("evidence.") {
            let key = key.to_string();
            let fname = field.file_name().unwrap_or_default().to_string();
            let data = field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?;
            if !data.is_empty() {
                files.push((key, fname, data));
            }
        } else {
            let v = field.text().await.map_err(|_| WebError::BadRequest("error-bad-form"))?;
            f.insert(name, v);
        }
    }
    let actor = ctx.actor()?;
    let result = async {
        let mut evidence = HashMap::new();
        for (key, fname, data) in files {
            evidence.insert(key, state.storage.upload(&state.db, &actor, Some(r.id), &fname, data).await?.id);
        }
        evaluation::save_self(&state.db, &actor, &round, r.id, &self_assessment(&f), &evidence).await
    }
    .await;
    saved(FormPage::new(&ctx, &state, r, f), &round, "", result).await
}

/// The evaluator's scores, notes, Quick Win verdicts and findings.
pub async fn save_scores(
    State(state): State<AppState>,
    Path((_, year)): Path<(String, i32)>,
    RegionEvaluate { ctx, region: r, .. }: RegionEvaluate,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let round = evaluation::round(&state.db, year).await?;
    let result = evaluation::save_scores(&state.db, &ctx.actor()?, &round, r.id, &scoring(&f)).await;
    saved(FormPage::new(&ctx, &state, r, f), &round, "", result).await
}

/// Survey tallies: entered by the region or by its evaluator.
pub async fn save_survey(
    State(state): State<AppState>,
    Path((_, year)): Path<(String, i32)>,
    RegionSurvey { ctx, region: r, .. }: RegionSurvey,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let round = evaluation::round(&state.db, year).await?;
    let result = evaluation::save_survey(&state.db, &ctx.actor()?, &round, r.id, &survey(&f)).await;
    saved(FormPage::new(&ctx, &state, r, f), &round, "#survey", result).await
}

pub async fn letter(
    State(state): State<AppState>,
    Path((_, year)): Path<(String, i32)>,
    RegionView { region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let round = evaluation::round(&state.db, year).await?;
    let s = evaluation::summary(&state.db, &round, r.id).await?;
    let region = r.clone();
    let bytes = kotacerdas_store::heavy::run(move || {
        kotacerdas_documents::letter::letter(
            &region,
            &s,
            "Kementerian Komunikasi dan Digital — Gerakan Menuju Smart City",
        )
    })
    .await?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let disposition = format!("inline; filename=\"evaluasi-{}-{year}.pdf\"", r.code);
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

#[derive(Template)]
#[template(path = "evaluation_history.html")]
struct HistoryPage {
    l: Layout,
    region: region::Model,
    /// (year, title, index, provisional)
    rows: Vec<(i32, String, String, bool)>,
    open: Vec<evaluation_round::Model>,
    chart: Option<String>,
}

/// A region's evaluations across years, with the index trend.
pub async fn history(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let lang = ctx.lang.code();
    let hist = evaluation::history(&state.db, r.id).await?;
    let rows: Vec<(i32, String, String, bool)> = hist
        .iter()
        .map(|(round, e)| {
            (round.year, round.title.clone(), score(e.index_score, lang), e.index_score.is_some() && !e.index_final)
        })
        .collect();
    let points: Vec<(i32, f64)> =
        hist.iter().filter_map(|(round, e)| e.index_score.map(|v| (round.year, v as f64 / 100.0))).collect();
    let chart = (points.len() > 1).then(|| {
        kotacerdas_charts::Trend {
            title: &ctx.lang.t("evaluation-trend"),
            points,
            decimal_comma: lang != "en",
            unit: "",
        }
        .svg()
    });
    let done_years: Vec<i32> = hist.iter().map(|(round, _)| round.year).collect();
    let open = evaluation::rounds(&state.db).await?.into_iter().filter(|x| !done_years.contains(&x.year)).collect();
    let page = HistoryPage {
        l: Layout::new(&ctx, "evaluation-history", "regions").region_crumbs(&r),
        rows,
        open,
        chart,
        region: r,
    };
    render_status(StatusCode::OK, &page)
}
