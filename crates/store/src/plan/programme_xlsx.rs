//! The programme register as an XLSX workbook Bappeda recognises: programmes, yearly targets and
//! budgets, KPIs, and the budget matrices — formatted, with totals and frozen headers. The first
//! three sheets import back: a dry run reports what would change and every bad row; applying is
//! all-or-nothing; an unedited export imports as "no change".

use crate::analysis::inventory::{apps, datasets};
use crate::analysis::inventory_xlsx::{read_workbook, rows, sheet_or_error, RowError};
use crate::plan::programmes::{self, Programme};
use crate::{analysis::problems, plan, Actor, Result, StoreError};
use bytes::Bytes;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::programme::LinkKind;
use kotacerdas_domain::programme::{matrix, FundingSource, Matrix};
use kotacerdas_domain::programme_input::{KpiInput, ProgrammeInput};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

pub const PROGRAMME_SHEET: &str = "Program";
pub const YEAR_SHEET: &str = "Target dan Anggaran";
pub const KPI_SHEET: &str = "IKU";
pub const PROGRAMME_COLUMNS: [&str; 19] = [
    "id",
    "opd",
    "elemen",
    "nama",
    "merek",
    "deskripsi",
    "horizon",
    "tahun_mulai",
    "tahun_selesai",
    "keluaran",
    "hasil",
    "kode_permendagri",
    "opd_pendukung",
    "mitra",
    "masalah",
    "aplikasi",
    "data",
    "rpjmd",
    "wilayah_tetangga",
];
/// The further elements a programme also serves (codes separated by `;` or `,`). Written after
/// the required columns and optional on import: a workbook exported before it existed keeps the
/// stored further elements of the programmes it updates.
pub const REACH_COLUMN: &str = "elemen_lain";
/// After "id", "program", "tahun", "target": one column per funding source, then the total.
const YEAR_FIXED: [&str; 4] = ["id", "program", "tahun", "target"];
const KPI_FIXED: [&str; 8] = ["id", "program", "no", "iku", "satuan", "baseline", "tahun_baseline", "arah"];

fn xerr(e: rust_xlsxwriter::XlsxError) -> StoreError {
    StoreError::Storage(format!("xlsx: {e}"))
}

/// Names the workbook uses for the region's records, both ways.
struct Names {
    opds: Vec<(i64, String)>,
    problems: Vec<(i64, String)>,
    apps: Vec<(i64, String)>,
    datasets: Vec<(i64, String)>,
    /// RPJMD items as "T1.1 (2021)": code and the first year of its period.
    rpjmd: Vec<(i64, String)>,
}

impl Names {
    async fn load<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Names> {
        let periods: HashMap<i64, i32> =
            plan::periods(db, region_id).await?.into_iter().map(|p| (p.id, p.start_year)).collect();
        Ok(Names {
            opds: crate::region::kawasan::plan_opds(db, region_id)
                .await?
                .into_iter()
                .map(|o| (o.id, o.short_name))
                .collect(),
            problems: problems::list(db, region_id).await?.into_iter().map(|p| (p.id, p.title)).collect(),
            apps: apps(db, region_id).await?.into_iter().map(|a| (a.id, a.name)).collect(),
            datasets: datasets(db, region_id).await?.into_iter().map(|d| (d.id, d.name)).collect(),
            rpjmd: plan::items(db, region_id)
                .await?
                .into_iter()
                .map(|i| (i.id, format!("{} ({})", i.code, periods.get(&i.period_id).copied().unwrap_or_default())))
                .collect(),
        })
    }
}

fn name_of(list: &[(i64, String)], id: i64) -> String {
    list.iter().find(|x| x.0 == id).map(|x| x.1.clone()).unwrap_or_default()
}

fn names_of(list: &[(i64, String)], ids: &[i64]) -> String {
    ids.iter().map(|id| name_of(list, *id)).collect::<Vec<_>>().join("; ")
}

/// "a; b" → the ids of a and b (case-insensitive); unknown names are returned as the error.
fn ids_of(list: &[(i64, String)], cell: &str) -> std::result::Result<Vec<String>, ()> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|n| list.iter().find(|x| x.1.eq_ignore_ascii_case(n)).map(|x| x.0.to_string()).ok_or(()))
        .collect()
}

/// The masterplan's ten years (or the programmes' own span when no masterplan is set).
pub async fn years<C: ConnectionTrait>(db: &C, region_id: i64, all: &[Programme]) -> Result<Vec<i32>> {
    let start = match plan::masterplan(db, region_id).await? {
        Some(m) => m.start_year,
        None => all
            .iter()
            .map(|p| p.programme.start_year)
            .min()
            .unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now())),
    };
    Ok((start..start + 10).collect())
}

/// A stored decimal ("1666.7") as a number cell in `format`; text that is not a plain number
/// (or would lose digits as a float) stays text.
fn write_decimal(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    v: &str,
    format: &rust_xlsxwriter::Format,
) -> Result<()> {
    let plain = !v.is_empty()
        && v.len() <= 15
        && v.trim_start_matches('-').chars().all(|c| c.is_ascii_digit() || c == '.')
        && v.matches('.').count() <= 1;
    match v.parse::<f64>() {
        Ok(n) if plain && n.is_finite() => ws.write_number_with_format(row, col, n, format).map_err(xerr)?,
        _ => ws.write_string(row, col, v).map_err(xerr)?,
    };
    Ok(())
}

/// The three budget matrices (dimension, OPD, funding source × year).
pub fn matrices(all: &[Programme], opd_names: &HashMap<i64, String>, years: &[i32]) -> [(String, Matrix); 3] {
    let mut by_dim = Vec::new();
    let mut by_opd = Vec::new();
    let mut by_source = Vec::new();
    for p in all {
        let dim = p.programme.element_code.split('-').next().unwrap_or_default().to_string();
        let opd = opd_names.get(&p.programme.opd_id).cloned().unwrap_or_default();
        for b in &p.budgets {
            by_dim.push((dim.clone(), b.year, b.amount));
            by_opd.push((opd.clone(), b.year, b.amount));
            by_source.push((b.source.clone(), b.year, b.amount));
        }
    }
    let dims: Vec<String> = DIMENSIONS.iter().map(|d| d.named.code.to_string()).collect();
    let mut opd_keys: Vec<String> = by_opd.iter().map(|e| e.0.clone()).collect();
    opd_keys.sort();
    opd_keys.dedup();
    let sources: Vec<String> = FundingSource::ALL.iter().map(|s| s.as_str().to_string()).collect();
    [
        ("Dimensi".to_string(), matrix(&dims, years, &by_dim)),
        ("OPD".to_string(), matrix(&opd_keys, years, &by_opd)),
        ("Sumber dana".to_string(), matrix(&sources, years, &by_source)),
    ]
}

/// The register as a workbook.
pub async fn export_xlsx<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let all = programmes::list(db, region_id).await?;
    let names = Names::load(db, region_id).await?;
    let years = years(db, region_id, &all).await?;
    let head = Format::new().set_bold().set_background_color("#DCE6F1").set_text_wrap().set_align(FormatAlign::Top);
    let rp = Format::new().set_num_format("\"Rp\" #,##0");
    // Grouping and decimal marks in a number format are placeholders: Excel and LibreOffice show
    // them as the reader's locale does (1.666,7 in Indonesian, 1,666.7 in English).
    let dec = Format::new().set_num_format("#,##0.###");
    let rp_bold = Format::new().set_num_format("\"Rp\" #,##0").set_bold();
    let bold = Format::new().set_bold();
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet().set_name(PROGRAMME_SHEET).map_err(xerr)?;
        for (c, h) in PROGRAMME_COLUMNS.iter().chain([REACH_COLUMN, "total_anggaran"].iter()).enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head).map_err(xerr)?;
            let width = match *h {
                "nama" | "deskripsi" | "masalah" | "mitra" => 40,
                "id" | "tahun_mulai" | "tahun_selesai" => 8,
                "total_anggaran" => 20,
                _ => 16,
            };
            ws.set_column_width(c as u16, width).map_err(xerr)?;
        }
        ws.set_freeze_panes(1, 4).map_err(xerr)?;
        for (r, p) in all.iter().enumerate() {
            let row = r as u32 + 1;
            let x = &p.programme;
            let cells = [
                x.id.to_string(),
                name_of(&names.opds, x.opd_id),
                x.element_code.clone(),
                x.name.clone(),
                x.brand_name.clone().unwrap_or_default(),
                x.description.clone(),
                x.horizon.clone(),
                x.start_year.to_string(),
                x.end_year.to_string(),
                x.output.clone().unwrap_or_default(),
                x.outcome.clone().unwrap_or_default(),
                x.gov_code.clone().unwrap_or_default(),
                names_of(&names.opds, &p.link_ids(LinkKind::SupportOpd)),
                p.partners().iter().map(|(h, n)| format!("{h}: {n}")).collect::<Vec<_>>().join("; "),
                names_of(&names.problems, &p.link_ids(LinkKind::Problem)),
                names_of(&names.apps, &p.link_ids(LinkKind::App)),
                names_of(&names.datasets, &p.link_ids(LinkKind::Dataset)),
                names_of(&names.rpjmd, &p.link_ids(LinkKind::Rpjmd)),
                p.neighbours().join("; "),
                p.also_serves.join("; "),
            ];
            for (c, v) in cells.iter().enumerate() {
                if (c == 0 || c == 7 || c == 8) && !v.is_empty() {
                    ws.write_number(row, c as u16, v.parse::<f64>().unwrap_or_default()).map_err(xerr)?;
                } else {
                    ws.write_string(row, c as u16, v).map_err(xerr)?;
                }
            }
            // Whole rupiah fit an f64 exactly up to 2^53 (9 quadrillion), far above any plan.
            ws.write_number_with_format(row, cells.len() as u16, p.total_budget() as f64, &rp).map_err(xerr)?;
        }
    }
    {
        let ws = wb.add_worksheet().set_name(YEAR_SHEET).map_err(xerr)?;
        let cols: Vec<String> = YEAR_FIXED
            .iter()
            .map(|s| s.to_string())
            .chain(FundingSource::ALL.iter().map(|s| s.as_str().to_string()))
            .chain(["jumlah".to_string()])
            .collect();
        for (c, h) in cols.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &head).map_err(xerr)?;
            ws.set_column_width(c as u16, [6, 40, 8, 40].get(c).copied().unwrap_or(18)).map_err(xerr)?;
        }
        ws.set_freeze_panes(1, 3).map_err(xerr)?;
        let mut row = 1u32;
        let mut sums = vec![0i64; FundingSource::ALL.len() + 1];
        for p in &all {
            for y in p.programme.start_year..=p.programme.end_year {
                ws.write_number(row, 0, p.programme.id as f64).map_err(xerr)?;
                ws.write_string(row, 1, &p.programme.name).map_err(xerr)?;
                ws.write_number(row, 2, f64::from(y)).map_err(xerr)?;
                ws.write_string(row, 3, p.target(y).unwrap_or_default()).map_err(xerr)?;
                for (i, s) in FundingSource::ALL.iter().enumerate() {
                    let v = p.budget(y, s.as_str());
                    sums[i] = sums[i].saturating_add(v);
                    ws.write_number_with_format(row, 4 + i as u16, v as f64, &rp).map_err(xerr)?;
                }
                let total = p.year_budget(y);
                sums[FundingSource::ALL.len()] = sums[FundingSource::ALL.len()].saturating_add(total);
                ws.write_number_with_format(row, 4 + FundingSource::ALL.len() as u16, total as f64, &rp_bold)
                    .map_err(xerr)?;
                row += 1;
            }
        }
        // The total row is labelled in the "program" column and has no id, so import skips it.
        ws.write_string_with_format(row, 1, "JUMLAH", &bold).map_err(xerr)?;
        for (i, v) in sums.iter().enumerate() {
            ws.write_number_with_format(row, 4 + i as u16, *v as f64, &rp_bold).map_err(xerr)?;
        }
    }
    {
        let ws = wb.add_worksheet().set_name(KPI_SHEET).map_err(xerr)?;
        let cols: Vec<String> =
            KPI_FIXED.iter().map(|s| s.to_string()).chain(years.iter().map(|y| y.to_string())).collect();
        for (c, h) in cols.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &head).map_err(xerr)?;
            ws.set_column_width(c as u16, [6, 36, 4, 36, 12, 10, 10, 8].get(c).copied().unwrap_or(9)).map_err(xerr)?;
        }
        ws.set_freeze_panes(1, 4).map_err(xerr)?;
        let mut row = 1u32;
        for p in &all {
            for (n, k) in p.kpis.iter().enumerate() {
                let cells = [
                    p.programme.id.to_string(),
                    p.programme.name.clone(),
                    (n + 1).to_string(),
                    k.kpi.name.clone(),
                    k.kpi.unit.clone(),
                    k.kpi.baseline.clone().unwrap_or_default(),
                    k.kpi.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
                    k.kpi.direction.clone(),
                ];
                for (c, v) in cells.iter().enumerate() {
                    // The baseline is a number: a number cell, shown with the reader's own
                    // separators (1.666,7 in an Indonesian Excel), read back as the same value.
                    if c == 5 {
                        write_decimal(ws, row, c as u16, v, &dec)?;
                    } else {
                        ws.write_string(row, c as u16, v).map_err(xerr)?;
                    }
                }
                for (i, y) in years.iter().enumerate() {
                    if let Some(v) = k.target(*y) {
                        write_decimal(ws, row, (KPI_FIXED.len() + i) as u16, v, &dec)?;
                    }
                }
                row += 1;
            }
        }
    }
    let opd_names: HashMap<i64, String> = names.opds.iter().cloned().collect();
    for (title, m) in matrices(&all, &opd_names, &years) {
        let ws = wb.add_worksheet().set_name(format!("Matriks {title}")).map_err(xerr)?;
        ws.write_string_with_format(0, 0, &title, &head).map_err(xerr)?;
        ws.set_column_width(0, 22).map_err(xerr)?;
        for (i, y) in years.iter().enumerate() {
            ws.write_number_with_format(0, 1 + i as u16, f64::from(*y), &head).map_err(xerr)?;
            ws.set_column_width(1 + i as u16, 18).map_err(xerr)?;
        }
        let last = 1 + years.len() as u16;
        ws.write_string_with_format(0, last, "Jumlah", &head).map_err(xerr)?;
        ws.set_column_width(last, 20).map_err(xerr)?;
        ws.set_freeze_panes(1, 1).map_err(xerr)?;
        for (r, (key, cells, total)) in m.rows.iter().enumerate() {
            let row = r as u32 + 1;
            let label = FundingSource::parse(key).map(|s| s.label("id").to_string()).unwrap_or_else(|| key.clone());
            ws.write_string(row, 0, &label).map_err(xerr)?;
            for (c, v) in cells.iter().enumerate() {
                ws.write_number_with_format(row, 1 + c as u16, *v as f64, &rp).map_err(xerr)?;
            }
            ws.write_number_with_format(row, last, *total as f64, &rp_bold).map_err(xerr)?;
        }
        let row = m.rows.len() as u32 + 1;
        ws.write_string_with_format(row, 0, "JUMLAH", &bold).map_err(xerr)?;
        for (c, v) in m.column_totals.iter().enumerate() {
            ws.write_number_with_format(row, 1 + c as u16, *v as f64, &rp_bold).map_err(xerr)?;
        }
        ws.write_number_with_format(row, last, m.total as f64, &rp_bold).map_err(xerr)?;
    }
    wb.save_to_buffer().map_err(xerr)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Unchanged,
}

/// What importing one programme row does.
#[derive(Debug, Clone, Serialize)]
pub struct RowChange {
    pub row: usize,
    pub name: String,
    pub action: Action,
    /// Parts that differ: program, target, anggaran, iku, tautan.
    pub changed: Vec<&'static str>,
}

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    pub changes: Vec<RowChange>,
    pub errors: Vec<RowError>,
    pub applied: bool,
}

impl ImportReport {
    pub fn count(&self, a: Action) -> usize {
        self.changes.iter().filter(|c| c.action == a).count()
    }
}

/// One programme gathered from the three sheets, with where each part came from.
struct Entry {
    row: usize,
    id: Option<i64>,
    input: ProgrammeInput,
    year_rows: HashMap<i32, usize>,
    kpi_rows: Vec<usize>,
}

fn err(sheet: &str, row: usize, field: &str, code: &'static str) -> RowError {
    RowError { sheet: sheet.into(), row, field: field.into(), code, arg: None }
}

/// A programme's content without ids and timestamps, split into the parts a change report names.
fn parts(p: &Programme) -> [(&'static str, String); 5] {
    let x = &p.programme;
    let mut budgets: Vec<(i32, &str, i64)> = p.budgets.iter().map(|b| (b.year, b.source.as_str(), b.amount)).collect();
    budgets.sort();
    type Link<'a> = (&'a str, Option<i64>, Option<&'a str>, Option<&'a str>);
    let mut links: Vec<Link> =
        p.links.iter().map(|l| (l.kind.as_str(), l.ref_id, l.label.as_deref(), l.helix.as_deref())).collect();
    links.sort();
    let kpis: Vec<_> = p
        .kpis
        .iter()
        .map(|k| {
            let t: Vec<(i32, &str)> = k.targets.iter().map(|t| (t.year, t.value.as_str())).collect();
            (&k.kpi.name, &k.kpi.unit, &k.kpi.baseline, k.kpi.baseline_year, &k.kpi.direction, t)
        })
        .collect();
    let targets: Vec<(i32, &str)> = p.targets.iter().map(|t| (t.year, t.target.as_str())).collect();
    [
        (
            "program",
            format!(
                "{:?}",
                (
                    x.opd_id,
                    &x.element_code,
                    &x.name,
                    &x.brand_name,
                    &x.description,
                    &x.horizon,
                    x.start_year,
                    x.end_year,
                    &x.output,
                    &x.outcome,
                    &x.gov_code,
                    &p.also_serves
                )
            ),
        ),
        ("target", format!("{targets:?}")),
        ("anggaran", format!("{budgets:?}")),
        ("iku", format!("{kpis:?}")),
        ("tautan", format!("{links:?}")),
    ]
}

fn column_for(field: &str) -> &str {
    match field {
        "opd_id" => "opd",
        "element_code" => "elemen",
        "name" => "nama",
        "brand_name" => "merek",
        "description" => "deskripsi",
        "start_year" => "tahun_mulai",
        "end_year" => "tahun_selesai",
        "output" => "keluaran",
        "outcome" => "hasil",
        "gov_code" => "kode_permendagri",
        "support_opds" => "opd_pendukung",
        "problems" => "masalah",
        "apps" => "aplikasi",
        "datasets" => "data",
        "neighbours" => "wilayah_tetangga",
        kotacerdas_domain::reach::FIELD => REACH_COLUMN,
        f if f.starts_with("partner.") => "mitra",
        other => other,
    }
}

/// Where a validation error of `field` points in the workbook.
fn locate(e: &Entry, field: &str) -> (String, usize, String) {
    let parts: Vec<&str> = field.split('.').collect();
    match parts.as_slice() {
        ["target", y] | ["budget", y, _] => {
            let col = if parts[0] == "target" { "target".to_string() } else { parts[2].to_string() };
            match y.parse::<i32>().ok().and_then(|y| e.year_rows.get(&y)) {
                Some(r) => (YEAR_SHEET.into(), *r, col),
                None => (PROGRAMME_SHEET.into(), e.row, "tahun_mulai".into()),
            }
        }
        ["kpi", i, rest @ ..] => {
            let row = i.parse::<usize>().ok().and_then(|i| e.kpi_rows.get(i)).copied().unwrap_or(e.row);
            let col = match rest {
                ["name"] => "iku".to_string(),
                ["unit"] => "satuan".into(),
                ["baseline_year"] => "tahun_baseline".into(),
                ["direction"] => "arah".into(),
                ["t", y] => y.to_string(),
                other => other.join("."),
            };
            (KPI_SHEET.into(), row, col)
        }
        _ => (PROGRAMME_SHEET.into(), e.row, column_for(field).to_string()),
    }
}

/// Read the workbook into programme entries; anything that cannot even be read becomes an error.
async fn read<C: ConnectionTrait>(
    db: &C,
    region_id: i64,
    bytes: Bytes,
    only_opd: Option<i64>,
    errors: &mut Vec<RowError>,
) -> Result<Vec<Entry>> {
    let wb = match read_workbook(bytes, &[PROGRAMME_SHEET, YEAR_SHEET, KPI_SHEET]).await? {
        Ok(wb) => wb,
        Err(e) => {
            errors.push(e);
            return Ok(Vec::new());
        }
    };
    let sheet = |name: &str, cols: &[&str], errors: &mut Vec<RowError>| match sheet_or_error(&wb, name, errors) {
        Some(r) => rows(r, cols, name, errors),
        None => Vec::new(),
    };
    let programme_rows = sheet(PROGRAMME_SHEET, &PROGRAMME_COLUMNS, errors);
    let has_reach = wb
        .sheet(PROGRAMME_SHEET)
        .and_then(|r| r.first())
        .is_some_and(|h| h.iter().any(|c| c.trim().eq_ignore_ascii_case(REACH_COLUMN)));
    let year_cols: Vec<&str> =
        YEAR_FIXED.iter().copied().chain(FundingSource::ALL.iter().map(|s| s.as_str())).collect();
    let year_rows = sheet(YEAR_SHEET, &year_cols, errors);
    let kpi_rows = sheet(KPI_SHEET, &KPI_FIXED, errors);
    if !errors.is_empty() {
        return Ok(Vec::new());
    }
    let names = Names::load(db, region_id).await?;
    let existing = programmes::list(db, region_id).await?;
    let get = |m: &HashMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
    let key = |m: &HashMap<String, String>, name_col: &str| match get(m, "id") {
        id if !id.is_empty() => id,
        _ => format!("name:{}", get(m, name_col).to_lowercase()),
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut keys: HashMap<String, usize> = HashMap::new();
    for (row, m) in &programme_rows {
        let row = *row;
        let mut bad = |col: &str, code: &'static str| errors.push(err(PROGRAMME_SHEET, row, col, code));
        let k = key(m, "nama");
        if keys.contains_key(&k) {
            bad("id", "err-import-duplicate");
            continue;
        }
        let id = match get(m, "id") {
            raw if raw.is_empty() => None,
            raw => match raw.parse::<i64>().ok().and_then(|id| existing.iter().find(|p| p.programme.id == id)) {
                Some(p) => {
                    if only_opd.is_some_and(|o| o != p.programme.opd_id) {
                        bad("opd", "err-import-opd");
                        continue;
                    }
                    Some(p.programme.id)
                }
                None => {
                    bad("id", "err-import-id");
                    continue;
                }
            },
        };
        let opd_id = match ids_of(&names.opds, &get(m, "opd")) {
            Ok(v) if v.len() == 1 => v[0].clone(),
            _ => {
                bad("opd", "err-choice");
                continue;
            }
        };
        if only_opd.is_some_and(|o| o.to_string() != opd_id) {
            bad("opd", "err-import-opd");
            continue;
        }
        let mut list = |col: &str, l: &[(i64, String)]| match ids_of(l, &get(m, col)) {
            Ok(v) => v,
            Err(()) => {
                errors.push(err(PROGRAMME_SHEET, row, col, "err-import-name"));
                Vec::new()
            }
        };
        let support_opds = list("opd_pendukung", &names.opds);
        let problems = list("masalah", &names.problems);
        let app_ids = list("aplikasi", &names.apps);
        let dataset_ids = list("data", &names.datasets);
        let rpjmd = list("rpjmd", &names.rpjmd);
        let mut partners = Vec::new();
        for p in get(m, "mitra").split(';').map(str::trim).filter(|s| !s.is_empty()) {
            match p.split_once(':') {
                Some((h, n)) => partners.push((h.trim().to_lowercase(), n.trim().to_string())),
                None => errors.push(err(PROGRAMME_SHEET, row, "mitra", "err-import-partner")),
            }
        }
        let also_serves = if has_reach {
            kotacerdas_domain::reach::split(&get(m, REACH_COLUMN))
        } else {
            id.and_then(|id| existing.iter().find(|p| p.programme.id == id))
                .map(|p| p.also_serves.clone())
                .unwrap_or_default()
        };
        keys.insert(k, entries.len());
        entries.push(Entry {
            row,
            id,
            input: ProgrammeInput {
                opd_id,
                element_code: get(m, "elemen"),
                also_serves,
                name: get(m, "nama"),
                brand_name: get(m, "merek"),
                description: get(m, "deskripsi"),
                horizon: get(m, "horizon"),
                start_year: get(m, "tahun_mulai"),
                end_year: get(m, "tahun_selesai"),
                output: get(m, "keluaran"),
                outcome: get(m, "hasil"),
                gov_code: get(m, "kode_permendagri"),
                support_opds,
                partners,
                problems,
                apps: app_ids,
                datasets: dataset_ids,
                rpjmd,
                neighbours: get(m, "wilayah_tetangga").replace(';', ","),
                ..Default::default()
            },
            year_rows: HashMap::new(),
            kpi_rows: Vec::new(),
        });
    }
    for (row, m) in &year_rows {
        if get(m, "id").is_empty() && get(m, "program").eq_ignore_ascii_case("jumlah") {
            continue; // the total row
        }
        let Some(e) = keys.get(&key(m, "program")).and_then(|i| entries.get_mut(*i)) else {
            errors.push(err(YEAR_SHEET, *row, "id", "err-import-programme"));
            continue;
        };
        let Ok(year) = get(m, "tahun").parse::<i32>() else {
            errors.push(err(YEAR_SHEET, *row, "tahun", "err-number"));
            continue;
        };
        e.year_rows.insert(year, *row);
        e.input.targets.insert(year, get(m, "target"));
        for s in FundingSource::ALL {
            let v = get(m, s.as_str());
            if !v.is_empty() && v != "0" {
                e.input.budgets.insert((year, s.as_str().to_string()), v);
            }
        }
    }
    for (row, m) in &kpi_rows {
        let Some(e) = keys.get(&key(m, "program")).and_then(|i| entries.get_mut(*i)) else {
            errors.push(err(KPI_SHEET, *row, "id", "err-import-programme"));
            continue;
        };
        let targets: BTreeMap<i32, String> = m
            .iter()
            .filter_map(|(h, v)| Some((h.parse::<i32>().ok()?, v.clone())))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        e.kpi_rows.push(*row);
        e.input.kpis.push(KpiInput {
            name: get(m, "iku"),
            unit: get(m, "satuan"),
            baseline: get(m, "baseline"),
            baseline_year: get(m, "tahun_baseline"),
            direction: get(m, "arah"),
            targets,
        });
    }
    Ok(entries)
}

/// Import the register: always a dry run first (inside a transaction that is rolled back), and
/// when `apply` is set and no row is bad, the changed programmes are saved in one transaction.
/// `only_opd` limits an OPD planner to their own OPD's programmes. Programmes missing from the
/// file are left alone (the import never deletes).
pub async fn import_xlsx(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    bytes: Bytes,
    only_opd: Option<i64>,
    apply: bool,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let entries = read(db, region_id, bytes, only_opd, &mut report.errors).await?;
    let txn = db.begin().await?;
    for e in &entries {
        let before = match e.id {
            Some(id) => Some(programmes::get(&txn, region_id, id).await?),
            None => None,
        };
        match programmes::save_in(&txn, actor, region_id, e.id, &e.input).await {
            Ok(row) => {
                let after = programmes::get(&txn, region_id, row.id).await?;
                let (action, changed) = match &before {
                    None => (Action::Create, Vec::new()),
                    Some(b) => {
                        let changed: Vec<&'static str> = parts(b)
                            .iter()
                            .zip(parts(&after).iter())
                            .filter(|(x, y)| x.1 != y.1)
                            .map(|(x, _)| x.0)
                            .collect();
                        (if changed.is_empty() { Action::Unchanged } else { Action::Update }, changed)
                    }
                };
                report.changes.push(RowChange { row: e.row, name: e.input.name.clone(), action, changed });
            }
            Err(StoreError::Invalid(errs)) => report.errors.extend(errs.0.into_iter().map(|f| {
                let (sheet, row, field) = locate(e, &f.field);
                RowError { sheet, row, field, code: f.code, arg: f.arg }
            })),
            Err(other) => return Err(other),
        }
    }
    txn.rollback().await?;
    report.errors.sort_by(|a, b| (&a.sheet, a.row, &a.field).cmp(&(&b.sheet, b.row, &b.field)));
    if apply && report.errors.is_empty() {
        let txn = db.begin().await?;
        for (e, c) in entries.iter().zip(&report.changes) {
            if c.action != Action::Unchanged {
                programmes::save_in(&txn, actor, region_id, e.id, &e.input).await?;
            }
        }
        txn.commit().await?;
        report.applied = true;
    }
    Ok(report)
}
