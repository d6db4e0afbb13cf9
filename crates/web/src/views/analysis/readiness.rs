//! Stage 1 readiness: scores for the 9 pillar sub-items × 6 dimensions, the computed indices
//! with their formula, and the radar and heatmap from the shared chart module.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::views::form::FormPage;
use crate::views::Layout;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use kotacerdas_charts::{decimal, Heatmap, Radar, Series};
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use kotacerdas_domain::readiness::{self, field, Indices, ScoreInput, LEVELS};
use kotacerdas_store::analysis::readiness as store;
use kotacerdas_store::entity::region;
use kotacerdas_store::StoreError;
use std::collections::HashMap;

/// The radar (one polygon per pillar across the six dimensions) and the pillar × dimension heatmap.
pub fn charts(ix: &Indices, lang: Lang) -> (String, String) {
    let code = lang.code();
    let dims: Vec<&str> = DIMENSIONS.iter().map(|d| d.named.code).collect();
    let radar = Radar {
        title: &lang.t("readiness-radar"),
        axes: DIMENSIONS.iter().map(|d| d.named.name(code)).collect(),
        series: PILLARS
            .iter()
            .enumerate()
            .map(|(p, pillar)| Series { name: pillar.named.name(code), values: ix.cells[p].to_vec() })
            .collect(),
        max: f64::from(readiness::MAX_SCORE),
    }
    .svg();
    let heatmap = Heatmap {
        title: &lang.t("readiness-heatmap"),
        rows: PILLARS.iter().map(|p| p.named.name(code)).collect(),
        columns: dims,
        values: ix.cells.iter().map(|r| r.to_vec()).collect(),
        min: f64::from(readiness::MIN_SCORE),
        max: f64::from(readiness::MAX_SCORE),
        decimal_comma: lang == Lang::Id,
    }
    .svg();
    (radar, heatmap)
}

/// One pillar's block of the form: its sub-items × dimensions.
struct PillarBlock {
    code: &'static str,
    name: &'static str,
    index: String,
    items: Vec<ItemRow>,
}

struct ItemRow {
    code: &'static str,
    name: &'static str,
    question: &'static str,
    /// Per dimension: (dimension code, current value as typed, note, evidence url, evidence file).
    cells: Vec<(&'static str, String, String, String, Option<i64>)>,
}

#[derive(Template)]
#[template(path = "readiness.html")]
struct ReadinessPage {
    l: Layout,
    region: region::Model,
    can_edit: bool,
    radar: String,
    heatmap: String,
    overall: String,
    scored: usize,
    total: usize,
    pillars: Vec<PillarBlock>,
    dimensions: Vec<(&'static str, &'static str, String)>,
    levels: Vec<(i32, &'static str, &'static str)>,
    formula: &'static str,
    /// Cells for the evidence upload's select: ("ITEM.DIM", label).
    cell_options: Vec<(String, String)>,
    thread: crate::views::book::sections::Thread,
}

fn fmt(v: Option<f64>, lang: Lang) -> String {
    v.map(|v| decimal(v, lang == Lang::Id)).unwrap_or_else(|| "–".into())
}

/// The assessment; the form's value is what a refused save typed (else the stored scores show).
async fn page(f: FormPage<'_, Option<Vec<ScoreInput>>>) -> Result<Response, WebError> {
    let (ctx, state, r, typed) = (f.ctx, f.state, &f.region, f.form.as_deref());
    let p = ctx.user()?;
    let lang = ctx.lang;
    let code = lang.code();
    let rows = store::list(&state.db, r.id).await?;
    let ix = store::indices(&rows);
    let (radar, heatmap) = charts(&ix, lang);
    // Values shown in the form: what the user typed (after a failed save) or what is stored.
    let mut values: HashMap<(String, String), (String, String, String)> = rows
        .iter()
        .map(|s| {
            (
                (s.item_code.clone(), s.dimension_code.clone()),
                (s.score.to_string(), s.note.clone().unwrap_or_default(), s.evidence_url.clone().unwrap_or_default()),
            )
        })
        .collect();
    if let Some(t) = typed {
        values = t
            .iter()
            .map(|i| {
                (
                    (i.item_code.clone(), i.dimension_code.clone()),
                    (i.score.clone(), i.note.clone(), i.evidence_url.clone()),
                )
            })
            .collect();
    }
    let files: HashMap<(&str, &str), i64> = rows
        .iter()
        .filter_map(|s| Some(((s.item_code.as_str(), s.dimension_code.as_str()), s.evidence_file_id?)))
        .collect();
    let pillars = PILLARS
        .iter()
        .enumerate()
        .map(|(pi, pillar)| PillarBlock {
            code: pillar.named.code,
            name: pillar.named.name(code),
            index: fmt(ix.pillars[pi], lang),
            items: pillar
                .items
                .iter()
                .map(|item| ItemRow {
                    code: item.code,
                    name: item.name(code),
                    question: readiness::item_question(item.code, code),
                    cells: DIMENSIONS
                        .iter()
                        .map(|d| {
                            let (s, n, u) = values
                                .get(&(item.code.to_string(), d.named.code.to_string()))
                                .cloned()
                                .unwrap_or_default();
                            (d.named.code, s, n, u, files.get(&(item.code, d.named.code)).copied())
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let can_edit = p.can_manage_region(r.id);
    let thread = crate::views::book::sections::thread(
        ctx,
        state,
        r.id,
        &r.code,
        kotacerdas_domain::analysis::Section::Readiness,
    )
    .await?;
    let l = f.layout("readiness-title");
    f.show(|region, _| ReadinessPage {
        l,
        can_edit,
        radar,
        heatmap,
        overall: fmt(ix.overall, lang),
        scored: ix.scored,
        total: readiness::ITEM_COUNT,
        pillars,
        dimensions: DIMENSIONS
            .iter()
            .enumerate()
            .map(|(i, d)| (d.named.code, d.named.name(code), fmt(ix.dimensions[i], lang)))
            .collect(),
        levels: LEVELS
            .iter()
            .map(|l| if lang == Lang::En { (l.score, l.name_en, l.text_en) } else { (l.score, l.name_id, l.text_id) })
            .collect(),
        formula: readiness::formula(code),
        cell_options: PILLARS
            .iter()
            .flat_map(|p| p.items.iter())
            .flat_map(|i| {
                DIMENSIONS.iter().map(move |d| {
                    (format!("{}.{}", i.code, d.named.code), format!("{} · {}", i.name(code), d.named.code))
                })
            })
            .collect(),
        thread,
        region,
    })
}

pub async fn show(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    page(FormPage::new(&ctx, &state, r, None)).await
}

/// Save the whole assessment: fields `score.ITEM.DIM`, `note.ITEM.DIM`, `evidence_url.ITEM.DIM`.
pub async fn save(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let map: HashMap<String, String> = fields.into_iter().collect();
    let inputs: Vec<ScoreInput> = readiness::cells()
        .into_iter()
        .map(|(item, dim)| {
            let get = |k: &str| map.get(&field(k, item, dim)).cloned().unwrap_or_default();
            ScoreInput {
                item_code: item.into(),
                dimension_code: dim.into(),
                score: get("score"),
                note: get("note"),
                evidence_url: get("evidence_url"),
            }
        })
        .collect();
    let result = store::save(&state.db, &ctx.actor()?, r.id, &inputs).await;
    let f = FormPage::new(&ctx, &state, r, Some(inputs));
    let back = f.url("readiness");
    f.outcome(result, "flash-saved", |_| back, page).await
}

/// Upload a file as evidence for one cell (multipart; CSRF token in the query string).
pub async fn upload_evidence(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    mut mp: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let (mut cell, mut upload) = (String::new(), None);
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        match field.name() {
            Some("cell") => cell = field.text().await.map_err(|_| WebError::BadRequest("error-bad-form"))?,
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                upload = Some((name, field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?));
            }
            _ => {}
        }
    }
    let actor = ctx.actor()?;
    let result = async {
        let Some((item, dim)) = cell.split_once('.').filter(|(i, d)| readiness::cells().contains(&(*i, *d))) else {
            return Err(StoreError::field("cell", "err-choice"));
        };
        let Some((name, data)) = upload else {
            return Err(StoreError::field("file", "err-file-empty"));
        };
        // Check the cell before storing the file, so a refusal leaves no orphan upload.
        if !store::list(&state.db, r.id).await?.iter().any(|s| s.item_code == item && s.dimension_code == dim) {
            return Err(StoreError::field("cell", "err-score-first"));
        }
        let f = state.storage.upload(&state.db, &actor, Some(r.id), &name, data).await?;
        store::set_evidence_file(&state.db, &actor, r.id, item, dim, f.id).await
    }
    .await;
    let f = FormPage::new(&ctx, &state, r, None);
    let back = f.url("readiness");
    f.outcome(result, "flash-saved", |_| back, page).await
}
