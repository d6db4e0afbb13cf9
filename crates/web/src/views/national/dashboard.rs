//! The national dashboard for the programme office: every region at once with filters, sorting,
//! comparison with peers of the same population class, and CSV/XLSX exports. Current without a
//! batch job: the summary is recomputed when the audit log has moved (at most once a second
//! while it keeps moving; see `cache::NationalCache`).

use crate::access::Admin;
use crate::error::WebError;
use crate::views::{render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use kotacerdas_domain::evaluation::score_text;
use kotacerdas_domain::format::number;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::monitoring::percent_text;
use kotacerdas_store::national::{RegionRow, Summary, CLASSES};
use std::sync::Arc;

/// The current summary for `year` (at most [`crate::cache::NATIONAL_LAG`] behind while the data
/// keep moving; exact after a lone change).
pub async fn current(state: &AppState, year: i32) -> Result<Arc<Summary>, WebError> {
    Ok(state.national.summary(&state.read, year).await?)
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub cohort: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub class: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub desc: String,
    #[serde(default)]
    pub compare: String,
    #[serde(default)]
    pub year: String,
}

impl Filter {
    fn keeps(&self, r: &RegionRow) -> bool {
        let q = self.q.trim().to_lowercase();
        (q.is_empty()
            || r.name.to_lowercase().contains(&q)
            || r.code.contains(&q)
            || r.province.to_lowercase().contains(&q))
            && (self.cohort.is_empty() || r.cohort.as_deref() == Some(self.cohort.as_str()))
            && (self.kind.is_empty() || r.kind == self.kind)
            && (self.class.is_empty() || r.class == self.class)
    }

    /// The filtered rows in the requested order.
    pub fn apply<'a>(&self, s: &'a Summary) -> Vec<&'a RegionRow> {
        let mut rows: Vec<&RegionRow> = s.regions.iter().filter(|r| self.keeps(r)).collect();
        let key = |r: &RegionRow| -> i64 {
            match self.sort.as_str() {
                "population" => r.population,
                "stage" => r.stage_progress as i64,
                "readiness" => r.readiness.unwrap_or(-1),
                "outcome" => r.outcome_bp.unwrap_or(-1),
                "rkpd" => r.rkpd_funded_bp.unwrap_or(-1),
                "index" => r.index.unwrap_or(-1),
                "budget" => r.budget_total,
                "data" => r.data_real_bp.unwrap_or(-1),
                _ => 0,
            }
        };
        if !self.sort.is_empty() && self.sort != "name" {
            rows.sort_by_key(|r| key(r));
        } else {
            rows.sort_by(|a, b| a.name.cmp(&b.name));
        }
        if self.desc == "1" {
            rows.reverse();
        }
        rows
    }

    /// The query string of these filters with one more `key=value` (for sort links).
    pub fn link(&self, key: &str, value: &str) -> String {
        let mut pairs = vec![
            ("q", self.q.as_str()),
            ("cohort", self.cohort.as_str()),
            ("kind", self.kind.as_str()),
            ("class", self.class.as_str()),
            ("compare", self.compare.as_str()),
        ];
        pairs.retain(|(k, v)| !v.is_empty() && *k != key);
        let mut s: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", urlencoding::encode(v))).collect();
        s.push(format!("{key}={}", urlencoding::encode(value)));
        if key == "sort" && self.sort == value && self.desc != "1" {
            s.push("desc=1".into());
        }
        s.join("&")
    }
}

pub struct Row {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub class: String,
    pub cohort: String,
    pub stage: String,
    pub stage_progress: u32,
    pub readiness: String,
    pub outcome: String,
    /// Share of the year's programmes funded in the adopted RKPD.
    pub rkpd: String,
    pub index: String,
    pub trend: &'static str,
    /// The latest index is provisional (a weighted part unscored).
    pub provisional: bool,
    pub budget: Vec<String>,
    pub total: String,
    /// The share of real data (current, authoritative and used), and the three shares compact.
    pub data: String,
    pub data_detail: String,
}

fn row(r: &RegionRow, lang: &str, class_label: &dyn Fn(&str) -> String) -> Row {
    let dash = || "–".to_string();
    Row {
        code: r.code.clone(),
        name: r.name.clone(),
        kind: r.kind.clone(),
        class: class_label(r.class),
        cohort: r.cohort.clone().unwrap_or_else(dash),
        stage: if r.stage > 4 { "✓".into() } else { r.stage.to_string() },
        stage_progress: r.stage_progress,
        readiness: r.readiness.map(|v| score_text(v, lang)).unwrap_or_else(dash),
        outcome: r.outcome_bp.map(|v| percent_text(v, lang)).unwrap_or_else(dash),
        rkpd: r.rkpd_funded_bp.map(|v| percent_text(v, lang)).unwrap_or_else(dash),
        index: r.index.map(|v| score_text(v, lang)).unwrap_or_else(dash),
        provisional: r.index.is_some() && r.index_provisional,
        trend: match (r.index, r.index_previous) {
            (Some(a), Some(b)) if a > b => "▲",
            (Some(a), Some(b)) if a < b => "▼",
            (Some(_), Some(_)) => "=",
            _ => "",
        },
        budget: r.budget.iter().map(|v| number(*v / 1_000_000, lang)).collect(),
        total: number(r.budget_total / 1_000_000, lang),
        data: r.data_real_bp.map(|v| percent_text(v, lang)).unwrap_or_else(dash),
        data_detail: match (r.data_current_bp, r.data_authoritative_bp, r.data_used_bp) {
            (Some(c), Some(a), Some(u)) => {
                let whole = |bp: i64| format!("{}%", (bp + 50) / 100);
                format!("{} · {} · {}", whole(c), whole(a), whole(u))
            }
            _ => String::new(),
        },
    }
}

/// One line of the peer comparison: metric, "value · class mean", rank in the class.
type Metric = (String, String, String);

#[derive(Template)]
#[template(path = "national.html")]
struct NationalPage {
    l: Layout,
    f: Filter,
    year: i32,
    rows: Vec<Row>,
    total: usize,
    cohorts: Vec<String>,
    classes: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    dims: Vec<&'static str>,
    compare: Option<(Row, Vec<Metric>)>,
    query: String,
}

fn year_of(f: &Filter) -> i32 {
    f.year
        .trim()
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now()))
}

pub async fn page(
    State(state): State<AppState>,
    Query(f): Query<Filter>,
    Admin { ctx, .. }: Admin,
) -> Result<Response, WebError> {
    let lang = ctx.lang.code();
    let year = year_of(&f);
    let s = current(&state, year).await?;
    let class_label = |c: &str| ctx.lang.t(&format!("class-{c}"));
    let rows: Vec<Row> = f.apply(&s).into_iter().map(|r| row(r, lang, &class_label)).collect();
    let mut cohorts: Vec<String> = s.regions.iter().filter_map(|r| r.cohort.clone()).collect();
    cohorts.sort();
    cohorts.dedup();
    // Compare one region with the others of its population class: its value, the class mean, its rank.
    let compare = s.regions.iter().find(|r| r.code == f.compare.trim()).map(|me| {
        let peers: Vec<&RegionRow> = s.regions.iter().filter(|r| r.class == me.class).collect();
        let metric = |name: &str, get: &dyn Fn(&RegionRow) -> Option<i64>, fmt: &dyn Fn(i64) -> String| {
            let values: Vec<i64> = peers.iter().filter_map(|r| get(r)).collect();
            let mean = (!values.is_empty()).then(|| values.iter().sum::<i64>() / values.len() as i64);
            let rank = get(me).map(|v| values.iter().filter(|x| **x > v).count() + 1);
            (
                name.to_string(),
                format!(
                    "{} · {} {}",
                    get(me).map(fmt).unwrap_or_else(|| "–".into()),
                    ctx.lang.t("national-class-mean"),
                    mean.map(fmt).unwrap_or_else(|| "–".into())
                ),
                rank.map(|r| format!("{r} / {}", values.len())).unwrap_or_else(|| "–".into()),
            )
        };
        let score = |v: i64| score_text(v, lang);
        let pct = |v: i64| percent_text(v, lang);
        let money = |v: i64| format!("Rp {} {}", number(v / 1_000_000, lang), ctx.lang.t("unit-million-short"));
        (
            row(me, lang, &class_label),
            vec![
                metric(&ctx.lang.t("national-readiness"), &|r| r.readiness, &score),
                metric("Outcome", &|r| r.outcome_bp, &pct),
                metric("RKPD", &|r| r.rkpd_funded_bp, &pct),
                metric(&ctx.lang.t("evaluation-index"), &|r| r.index, &score),
                metric(&ctx.lang.t("national-budget"), &|r| Some(r.budget_total), &money),
                metric(&ctx.lang.t("national-data"), &|r| r.data_real_bp, &pct),
            ],
        )
    });
    let page = NationalPage {
        l: Layout::new(&ctx, "national-title", "national"),
        total: s.regions.len(),
        query: f.link("year", &year.to_string()),
        kinds: kotacerdas_domain::region::RegionKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.label(lang).to_string()))
            .collect(),
        classes: CLASSES.iter().map(|c| (c.to_string(), class_label(c))).collect(),
        dims: DIMENSIONS.iter().map(|d| d.named.code).collect(),
        year,
        rows,
        cohorts,
        compare,
        f,
    };
    render_status(StatusCode::OK, &page)
}

fn header_row(lang: &str) -> Vec<String> {
    let en = lang == "en";
    let mut h: Vec<String> = [
        "code",
        if en { "name" } else { "nama" },
        if en { "type" } else { "jenis" },
        if en { "population" } else { "penduduk" },
        if en { "class" } else { "kelas" },
        if en { "cohort" } else { "angkatan" },
        if en { "stage" } else { "tahap" },
        if en { "stage_progress_pct" } else { "kemajuan_tahap_persen" },
        if en { "readiness" } else { "kesiapan" },
        "outcome_pct",
        if en { "rkpd_funded_pct" } else { "rkpd_terdanai_persen" },
        if en { "index" } else { "indeks" },
        if en { "index_year" } else { "tahun_indeks" },
        if en { "index_previous" } else { "indeks_sebelumnya" },
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(DIMENSIONS.iter().map(|d| format!("budget_{}", d.named.code.to_lowercase())));
    h.push("budget_total".into());
    h.extend(
        [
            if en { "datasets" } else { "set_data" },
            if en { "data_current_pct" } else { "data_mutakhir_persen" },
            if en { "data_authoritative_pct" } else { "data_resmi_persen" },
            if en { "data_used_pct" } else { "data_dipakai_persen" },
            if en { "data_real_pct" } else { "data_nyata_persen" },
        ]
        .map(String::from),
    );
    h
}

fn cells(r: &RegionRow) -> Vec<String> {
    let two = |v: Option<i64>| v.map(|v| kotacerdas_domain::format::hundredths(v, "en")).unwrap_or_default();
    let mut c = vec![
        r.code.clone(),
        r.name.clone(),
        r.kind.clone(),
        r.population.to_string(),
        r.class.to_string(),
        r.cohort.clone().unwrap_or_default(),
        r.stage.to_string(),
        r.stage_progress.to_string(),
        two(r.readiness),
        two(r.outcome_bp),
        two(r.rkpd_funded_bp),
        two(r.index),
        r.index_year.map(|y| y.to_string()).unwrap_or_default(),
        two(r.index_previous),
    ];
    c.extend(r.budget.iter().map(|v| v.to_string()));
    c.push(r.budget_total.to_string());
    c.push(r.datasets.to_string());
    c.extend([r.data_current_bp, r.data_authoritative_bp, r.data_used_bp, r.data_real_bp].map(two));
    c
}

pub async fn csv(
    State(state): State<AppState>,
    Query(f): Query<Filter>,
    Admin { ctx, .. }: Admin,
) -> Result<Response, WebError> {
    let s = current(&state, year_of(&f)).await?;
    let mut out = String::new();
    kotacerdas_domain::csv::push_line(&mut out, &header_row(ctx.lang.code()));
    for r in f.apply(&s) {
        kotacerdas_domain::csv::push_line(&mut out, &cells(r));
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"nasional-{}.csv\"", s.year)),
        ],
        out,
    )
        .into_response())
}

pub async fn xlsx(
    State(state): State<AppState>,
    Query(f): Query<Filter>,
    Admin { ctx, .. }: Admin,
) -> Result<Response, WebError> {
    let s = current(&state, year_of(&f)).await?;
    let header = header_row(ctx.lang.code());
    let rows: Vec<Vec<String>> = f.apply(&s).into_iter().map(cells).collect();
    let bytes = kotacerdas_store::national::xlsx::write(&header, &rows)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"nasional-{}.xlsx\"", s.year)),
        ],
        bytes,
    )
        .into_response())
}
