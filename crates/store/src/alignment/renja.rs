//! The year's extract for the Renja: the masterplan programmes due in a year, per OPD, in the
//! shape the regional planning system is filled in — the Permendagri 90 chain (urusan → bidang →
//! program → kegiatan → sub-kegiatan, each code beside its name), the programme's indicators
//! with the year's targets, and the planned money by source — as XLSX or CSV.

use crate::plan::programmes::{self, Programme};
use crate::{Result, StoreError};
use kotacerdas_domain::govcode;
use kotacerdas_domain::programme::FundingSource;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// One line of the extract.
#[derive(Debug, Clone)]
pub struct Line {
    pub opd: String,
    /// (code, name) per level: urusan, bidang, program, kegiatan, sub-kegiatan; empty when the
    /// programme's code does not reach the level.
    pub chain: [(String, String); 5],
    pub programme: String,
    pub element: String,
    /// "indicator: target unit" lines of the year.
    pub indicators: Vec<String>,
    pub target: String,
    pub by_source: Vec<i64>,
    pub total: i64,
    pub note: String,
}

fn chain(code: Option<&str>) -> [(String, String); 5] {
    let mut out: [(String, String); 5] = Default::default();
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return out;
    };
    let parts: Vec<&str> = code.split('.').collect();
    // Part counts of the levels: 1, 2, 3, 5, 6 (the kegiatan code has two parts of its own).
    for (slot, n) in [1usize, 2, 3, 5, 6].iter().enumerate() {
        if parts.len() >= *n {
            let c = parts[..*n].join(".");
            let name = govcode::find(&c).map(|g| g.name.to_string()).unwrap_or_default();
            out[slot] = (c, name);
        }
    }
    out
}

/// The extract's lines: programmes due in `year`, of `opd` or of all OPDs, by OPD then code.
pub async fn lines<C: ConnectionTrait>(db: &C, region_id: i64, year: i32, opd: Option<i64>) -> Result<Vec<Line>> {
    let opds: HashMap<i64, String> =
        crate::region::kawasan::plan_opds(db, region_id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    if let Some(o) = opd {
        if !opds.contains_key(&o) {
            return Err(StoreError::NotFound);
        }
    }
    let all: Vec<Programme> = programmes::list(db, region_id)
        .await?
        .into_iter()
        .filter(|p| super::due(p, year) && opd.is_none_or(|o| p.programme.opd_id == o))
        .collect();
    let mut out: Vec<Line> = all
        .iter()
        .map(|p| {
            let r = &p.programme;
            let code = r.gov_code.as_deref();
            let by_source: Vec<i64> = FundingSource::ALL.iter().map(|s| p.budget(year, s.as_str())).collect();
            Line {
                opd: opds.get(&r.opd_id).cloned().unwrap_or_default(),
                chain: chain(code),
                programme: r.named(),
                element: r.element_code.clone(),
                indicators: p
                    .kpis
                    .iter()
                    .map(|k| {
                        let t = k.targets.iter().find(|t| t.year == year).map(|t| t.value.clone()).unwrap_or_default();
                        format!("{}: {} {}", k.kpi.name, t, k.kpi.unit).trim().to_string()
                    })
                    .collect(),
                target: p.targets.iter().find(|t| t.year == year).map(|t| t.target.clone()).unwrap_or_default(),
                total: super::planned(p, year),
                by_source,
                note: if code.is_none_or(|c| c.trim().is_empty()) {
                    "Kode Permendagri 90 belum diisi di masterplan".into()
                } else {
                    String::new()
                },
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.opd, &a.chain[4].0, &a.chain[2].0, &a.programme).cmp(&(&b.opd, &b.chain[4].0, &b.chain[2].0, &b.programme))
    });
    Ok(out)
}

/// Column headers (Indonesian: the planning systems are).
pub fn headers(year: i32) -> Vec<String> {
    let mut h: Vec<String> = [
        "Perangkat Daerah",
        "Kode Urusan",
        "Urusan",
        "Kode Bidang Urusan",
        "Bidang Urusan",
        "Kode Program",
        "Program",
        "Kode Kegiatan",
        "Kegiatan",
        "Kode Sub Kegiatan",
        "Sub Kegiatan",
        "Program Masterplan Smart City",
        "Elemen",
        "Indikator Kinerja",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.push(format!("Target {year}"));
    h.extend(FundingSource::ALL.iter().map(|s| format!("Pagu {} (Rp)", s.label("id"))));
    h.push(format!("Pagu Indikatif {year} (Rp)"));
    h.push("Catatan".into());
    h
}

fn text_cells(l: &Line) -> Vec<String> {
    let mut v = vec![l.opd.clone()];
    for (c, n) in &l.chain {
        v.push(c.clone());
        v.push(n.clone());
    }
    v.push(l.programme.clone());
    v.push(l.element.clone());
    v.push(l.indicators.join("\n"));
    v.push(l.target.clone());
    v
}

/// The extract as a workbook: one sheet, header row frozen, codes as text (a code such as 1.10
/// must not become the number 1.1), money as numbers with a rupiah format.
pub fn xlsx(year: i32, lines: &[Line], title: &str) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| StoreError::Storage(format!("xlsx: {e}"));
    let head = Format::new().set_bold().set_background_color("#DCE6F1").set_text_wrap().set_align(FormatAlign::Top);
    let rp = Format::new().set_num_format("\"Rp\" #,##0");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(format!("Renja {year}")).map_err(xerr)?;
    ws.write_string_with_format(0, 0, title, &Format::new().set_bold()).map_err(xerr)?;
    let hs = headers(year);
    for (c, h) in hs.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &head).map_err(xerr)?;
        let w = match c {
            0 => 18,
            2 | 4 | 6 | 8 | 10 | 11 | 13 => 36,
            _ => 14,
        };
        ws.set_column_width(c as u16, w).map_err(xerr)?;
    }
    ws.set_freeze_panes(3, 1).map_err(xerr)?;
    for (r, l) in lines.iter().enumerate() {
        let row = r as u32 + 3;
        let cells = text_cells(l);
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, v, &wrap).map_err(xerr)?;
        }
        let mut c = cells.len() as u16;
        for v in l.by_source.iter().chain(std::iter::once(&l.total)) {
            ws.write_number_with_format(row, c, *v as f64, &rp).map_err(xerr)?;
            c += 1;
        }
        ws.write_string(row, c, &l.note).map_err(xerr)?;
    }
    wb.save_to_buffer().map_err(xerr)
}

/// The extract as CSV (comma-separated like the product's other exports, UTF-8 with a byte-order
/// mark so Excel reads the names right; money as plain whole numbers), cells neutralised
/// against formulas by `domain::csv`.
pub fn csv(year: i32, lines: &[Line]) -> String {
    use kotacerdas_domain::csv::push_line;
    let mut out = String::from("\u{feff}");
    push_line(&mut out, &headers(year));
    for l in lines {
        let mut cells = text_cells(l);
        cells.extend(l.by_source.iter().chain(std::iter::once(&l.total)).map(|v| v.to_string()));
        cells.push(l.note.clone());
        push_line(&mut out, &cells);
    }
    out
}
