//! Two book versions compared, as a workbook: summary, programmes added/removed/changed, the
//! budget delta per dimension and year, target changes, and text changes.

use crate::entity::book_version;
use crate::{Result, StoreError};
use kotacerdas_domain::versions::{Diff, Line};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

fn err(e: XlsxError) -> StoreError {
    StoreError::Storage(format!("xlsx: {e}"))
}

pub fn write(a: &book_version::Model, b: &book_version::Model, d: &Diff, lang: &str) -> Result<Vec<u8>> {
    let en = lang == "en";
    let t = |id: &'static str, e: &'static str| if en { e } else { id };
    let head = Format::new().set_bold().set_background_color("#DCE6F1");
    let rp = Format::new().set_num_format("\"Rp\" #,##0;-\"Rp\" #,##0");
    let mut wb = Workbook::new();

    let s = wb.add_worksheet().set_name(t("Ringkasan", "Summary")).map_err(err)?;
    let rows: Vec<(&str, String)> = vec![
        (t("Versi awal", "From version"), format!("{} · {}", a.number, a.label)),
        (t("Versi akhir", "To version"), format!("{} · {}", b.number, b.label)),
        (t("Program baru", "Programmes added"), d.added.len().to_string()),
        (t("Program dihapus", "Programmes removed"), d.removed.len().to_string()),
        (t("Program berubah", "Programmes changed"), d.changed.len().to_string()),
        (t("Target berubah", "Targets changed"), d.targets.len().to_string()),
        (t("Teks berubah", "Texts changed"), d.texts.len().to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        s.write_with_format(i as u32, 0, *k, &head).map_err(err)?;
        s.write(i as u32, 1, v.as_str()).map_err(err)?;
    }
    s.write_with_format(rows.len() as u32, 0, t("Selisih anggaran", "Budget change"), &head).map_err(err)?;
    s.write_with_format(rows.len() as u32, 1, d.budget_total as f64, &rp).map_err(err)?;
    s.set_column_width(0, 24).map_err(err)?;
    s.set_column_width(1, 40).map_err(err)?;

    let s = wb.add_worksheet().set_name(t("Program", "Programmes")).map_err(err)?;
    for (c, h) in [
        t("Perubahan", "Change"),
        "ID",
        t("Program", "Programme"),
        t("Dimensi", "Dimension"),
        t("Kolom", "Field"),
        t("Sebelum", "Before"),
        t("Sesudah", "After"),
    ]
    .iter()
    .enumerate()
    {
        s.write_with_format(0, c as u16, *h, &head).map_err(err)?;
    }
    let mut row = 1u32;
    let mut put = |kind: &str, id: i64, name: &str, dim: &str, field: &str, before: &str, after: &str| -> Result<()> {
        for (c, v) in [kind, &id.to_string(), name, dim, field, before, after].iter().enumerate() {
            s.write(row, c as u16, *v).map_err(err)?;
        }
        row += 1;
        Ok(())
    };
    for p in &d.added {
        put(t("baru", "added"), p.id, &p.name, &p.dimension, "", "", &p.opd)?;
    }
    for p in &d.removed {
        put(t("dihapus", "removed"), p.id, &p.name, &p.dimension, "", &p.opd, "")?;
    }
    for c in &d.changed {
        for f in &c.fields {
            put(t("berubah", "changed"), c.id, &c.name, &c.dimension, f.field, &f.before, &f.after)?;
        }
    }

    let years = d.years();
    let s = wb.add_worksheet().set_name(t("Selisih anggaran", "Budget change")).map_err(err)?;
    s.write_with_format(0, 0, t("Dimensi", "Dimension"), &head).map_err(err)?;
    for (i, y) in years.iter().enumerate() {
        s.write_with_format(0, i as u16 + 1, *y, &head).map_err(err)?;
    }
    for (r, (dim, m)) in d.budget.iter().enumerate() {
        s.write(r as u32 + 1, 0, dim.as_str()).map_err(err)?;
        for (i, y) in years.iter().enumerate() {
            s.write_with_format(r as u32 + 1, i as u16 + 1, m.get(y).copied().unwrap_or(0) as f64, &rp).map_err(err)?;
        }
    }

    let s = wb.add_worksheet().set_name("Target").map_err(err)?;
    for (c, h) in [
        t("Program", "Programme"),
        t("Dimensi", "Dimension"),
        t("IKU", "KPI"),
        t("Tahun", "Year"),
        t("Sebelum", "Before"),
        t("Sesudah", "After"),
    ]
    .iter()
    .enumerate()
    {
        s.write_with_format(0, c as u16, *h, &head).map_err(err)?;
    }
    for (r, x) in d.targets.iter().enumerate() {
        let r = r as u32 + 1;
        s.write(r, 0, x.programme.as_str()).map_err(err)?;
        s.write(r, 1, x.dimension.as_str()).map_err(err)?;
        s.write(r, 2, x.kpi.as_str()).map_err(err)?;
        s.write(r, 3, x.year).map_err(err)?;
        s.write(r, 4, x.before.as_str()).map_err(err)?;
        s.write(r, 5, x.after.as_str()).map_err(err)?;
    }

    let s = wb.add_worksheet().set_name(t("Teks", "Texts")).map_err(err)?;
    for (c, h) in [t("Bagian", "Section"), t("Perubahan", "Change"), t("Baris", "Line")].iter().enumerate() {
        s.write_with_format(0, c as u16, *h, &head).map_err(err)?;
    }
    let mut r = 1u32;
    for tc in &d.texts {
        for l in &tc.lines {
            let (kind, text) = match l {
                Line::Same(_) => continue,
                Line::Removed(x) => ("-", x),
                Line::Added(x) => ("+", x),
            };
            s.write(r, 0, tc.key.as_str()).map_err(err)?;
            s.write(r, 1, kind).map_err(err)?;
            s.write(r, 2, text.as_str()).map_err(err)?;
            r += 1;
        }
    }
    wb.save_to_buffer().map_err(err)
}
