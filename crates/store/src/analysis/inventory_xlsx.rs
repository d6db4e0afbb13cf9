//! The inventory as XLSX: import (all-or-nothing, every bad row reported) and export in the
//! same layout, so a round trip through Excel works.

use crate::analysis::inventory::{apps, datasets, get_dataset, links, save_app_in, save_dataset_in};
use crate::{Actor, Result, StoreError};
use bytes::Bytes;
use kotacerdas_domain::analysis::Link;
use kotacerdas_domain::analysis_input::{AppInput, DatasetInput};
use kotacerdas_intake::xlsx::{self, Rows, Workbook, XlsxLimits};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
use serde::Serialize;
use std::collections::HashMap;

pub const DATA_SHEET: &str = "Data";
pub const APP_SHEET: &str = "Aplikasi";
pub const DATA_COLUMNS: [&str; 5] = ["nama", "opd", "frekuensi", "terbuka", "elemen"];
/// The yardstick's columns of the data sheet. Optional on import, so a workbook made before
/// them still imports (an existing data set then keeps its values). `dipakai_oleh` (the
/// programmes and decisions that use the data set) is exported for reading and ignored on
/// import: uses are edited on the inventory page, where each has its own date and audit entry.
pub const DATA_EXTRA: [&str; 5] = ["topik", "walidata", "data_resmi", "pemutakhiran_terakhir", "dipakai_oleh"];
pub const APP_COLUMNS: [&str; 10] = [
    "nama",
    "opd",
    "tujuan",
    "pengguna",
    "status",
    "hosting",
    "integrasi",
    "elemen",
    "data_dihasilkan",
    "data_digunakan",
];

/// One problem found in an import: the sheet, the spreadsheet row number, the column and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub sheet: String,
    pub row: usize,
    pub field: String,
    pub code: &'static str,
    pub arg: Option<i64>,
}

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    pub datasets: usize,
    pub apps: usize,
    pub errors: Vec<RowError>,
}

/// The import's field names → the form's, so messages name the column the user sees.
fn column_of(field: &str, columns: &[&str]) -> String {
    let col = match field {
        "name" => "nama",
        "opd_id" => "opd",
        "frequency" => "frekuensi",
        "open" => "terbuka",
        "element_code" => "elemen",
        "purpose" => "tujuan",
        "users" => "pengguna",
        "integrations" => "integrasi",
        "produces" => "data_dihasilkan",
        "uses" => "data_digunakan",
        "topic" => "topik",
        "steward" => "walidata",
        "authoritative" => "data_resmi",
        "last_updated" => "pemutakhiran_terakhir",
        other => other,
    };
    if columns.contains(&col) {
        col.to_string()
    } else {
        field.to_string()
    }
}

pub(crate) fn rows(
    sheet_rows: &[Vec<String>],
    columns: &[&str],
    sheet: &str,
    errors: &mut Vec<RowError>,
) -> Vec<(usize, HashMap<String, String>)> {
    let mut it = sheet_rows.iter();
    let Some(header) = it.next() else {
        return Vec::new();
    };
    let header: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
    for col in columns {
        if !header.iter().any(|h| h == col) {
            errors.push(RowError {
                sheet: sheet.into(),
                row: 1,
                field: col.to_string(),
                code: "err-import-column",
                arg: None,
            });
        }
    }
    it.enumerate()
        .map(|(i, cells)| {
            let map = header.iter().zip(cells.iter()).map(|(h, c)| (h.clone(), c.trim().to_string())).collect();
            (i + 2, map)
        })
        .filter(|(_, m): &(usize, HashMap<String, String>)| m.values().any(|v| !v.is_empty()))
        .collect()
}

/// Read the named sheets of an uploaded workbook on the heavy-work pool, within the intake
/// limits. A file that cannot be read becomes one error naming why (the outer error is only
/// [`StoreError::Busy`]).
pub(crate) async fn read_workbook(
    bytes: Bytes,
    sheets: &'static [&'static str],
) -> Result<std::result::Result<Workbook, RowError>> {
    let read = crate::heavy::run(move || xlsx::read(&bytes, sheets, &XlsxLimits::default())).await?;
    Ok(read.map_err(|e| {
        tracing::info!(error = %e, "xlsx upload refused");
        RowError {
            sheet: e.sheet().unwrap_or_default().to_string(),
            row: 0,
            field: "file".into(),
            code: e.code(),
            arg: e.arg(),
        }
    }))
}

/// A sheet's rows, or an error saying the sheet is missing.
pub(crate) fn sheet_or_error<'a>(wb: &'a Workbook, name: &str, errors: &mut Vec<RowError>) -> Option<&'a Rows> {
    let found = wb.sheet(name);
    if found.is_none() {
        errors.push(RowError { sheet: name.into(), row: 0, field: String::new(), code: "err-import-sheet", arg: None });
    }
    found
}

/// Import both sheets in one transaction. Data sets come first (apps refer to them by name);
/// a row with the name of an existing record updates it. When any row is bad nothing is saved
/// and every bad row is reported.
pub async fn import_xlsx(db: &DatabaseConnection, actor: &Actor, region_id: i64, bytes: Bytes) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let wb = match read_workbook(bytes, &[DATA_SHEET, APP_SHEET]).await? {
        Ok(wb) => wb,
        Err(e) => {
            report.errors.push(e);
            return Ok(report);
        }
    };
    let mut errors = Vec::new();
    let data_rows =
        sheet_or_error(&wb, DATA_SHEET, &mut errors).map(|r| rows(r, &DATA_COLUMNS, DATA_SHEET, &mut errors));
    let app_rows = sheet_or_error(&wb, APP_SHEET, &mut errors).map(|r| rows(r, &APP_COLUMNS, APP_SHEET, &mut errors));
    let (Some(data_rows), Some(app_rows)) = (data_rows, app_rows) else {
        report.errors = errors;
        return Ok(report);
    };
    if !errors.is_empty() {
        report.errors = errors;
        return Ok(report);
    }
    let txn = db.begin().await?;
    let get = |m: &HashMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
    let mut by_name: HashMap<String, i64> =
        datasets(&txn, region_id).await?.into_iter().map(|d| (d.name.to_lowercase(), d.id)).collect();
    let data_header: Vec<&str> = DATA_COLUMNS.iter().chain(DATA_EXTRA.iter()).copied().collect();
    for (row, m) in &data_rows {
        let existing = by_name.get(&get(m, "nama").trim().to_lowercase()).copied();
        let before = match existing {
            Some(id) => DatasetInput::from(&get_dataset(&txn, region_id, id).await?),
            None => DatasetInput::default(),
        };
        // A yardstick column the file lacks keeps the stored value.
        let extra = |k: &str, old: &str| m.get(k).cloned().unwrap_or_else(|| old.to_string());
        let input = DatasetInput {
            name: get(m, "nama"),
            opd_id: get(m, "opd"),
            frequency: get(m, "frekuensi"),
            open: get(m, "terbuka"),
            element_code: get(m, "elemen"),
            topic: extra("topik", &before.topic),
            steward: extra("walidata", &before.steward),
            authoritative: extra("data_resmi", &before.authoritative),
            last_updated: excel_date(&extra("pemutakhiran_terakhir", &before.last_updated)),
        };
        match save_dataset_in(&txn, actor, region_id, existing, &input).await {
            Ok(d) => {
                by_name.insert(d.name.to_lowercase(), d.id);
                report.datasets += 1;
            }
            Err(StoreError::Invalid(e)) => errors.extend(e.0.into_iter().map(|f| RowError {
                sheet: DATA_SHEET.into(),
                row: *row,
                field: column_of(&f.field, &data_header),
                code: f.code,
                arg: f.arg,
            })),
            Err(other) => return Err(other),
        }
    }
    let existing_apps: HashMap<String, i64> =
        apps(&txn, region_id).await?.into_iter().map(|a| (a.name.to_lowercase(), a.id)).collect();
    for (row, m) in &app_rows {
        let mut missing = Vec::new();
        let mut ids = |col: &str| -> Vec<String> {
            get(m, col)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|n| match by_name.get(&n.to_lowercase()) {
                    Some(id) => id.to_string(),
                    None => {
                        missing.push(col.to_string());
                        String::new()
                    }
                })
                .collect()
        };
        let produces = ids("data_dihasilkan");
        let uses = ids("data_digunakan");
        for col in missing {
            errors.push(RowError {
                sheet: APP_SHEET.into(),
                row: *row,
                field: col,
                code: "err-import-dataset",
                arg: None,
            });
        }
        let input = AppInput {
            name: get(m, "nama"),
            opd_id: get(m, "opd"),
            purpose: get(m, "tujuan"),
            users: get(m, "pengguna"),
            status: get(m, "status"),
            hosting: get(m, "hosting"),
            integrations: get(m, "integrasi"),
            element_code: get(m, "elemen"),
            produces,
            uses,
        };
        let existing = existing_apps.get(&input.name.trim().to_lowercase()).copied();
        match save_app_in(&txn, actor, region_id, existing, &input).await {
            Ok(_) => report.apps += 1,
            Err(StoreError::Invalid(e)) => errors.extend(e.0.into_iter().map(|f| RowError {
                sheet: APP_SHEET.into(),
                row: *row,
                field: column_of(&f.field, &APP_COLUMNS),
                code: f.code,
                arg: f.arg,
            })),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        txn.commit().await?;
    } else {
        // All or nothing: one bad row and the whole file is left out.
        txn.rollback().await?;
        report.errors = errors;
        report.apps = 0;
        report.datasets = 0;
    }
    Ok(report)
}

/// The current inventory as an XLSX workbook in the import layout.
pub async fn export_xlsx<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| StoreError::Storage(format!("xlsx: {e}"));
    let opds: HashMap<i64, String> =
        crate::region::opds::list(db, region_id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    let sets = datasets(db, region_id).await?;
    let names: HashMap<i64, String> = sets.iter().map(|d| (d.id, d.name.clone())).collect();
    let all_links = links(db, region_id).await?;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    {
        let ws = wb.add_worksheet().set_name(DATA_SHEET).map_err(xerr)?;
        for (c, h) in DATA_COLUMNS.iter().chain(DATA_EXTRA.iter()).enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(xerr)?;
            ws.set_column_width(c as u16, if c == 0 || c == 9 { 40 } else { 14 }).map_err(xerr)?;
        }
        let uses = uses_text(db, region_id).await?;
        for (r, d) in sets.iter().enumerate() {
            let row = r as u32 + 1;
            let yes_no = |b: bool| if b { "ya".to_string() } else { "tidak".to_string() };
            let cells = [
                d.name.clone(),
                opds.get(&d.opd_id).cloned().unwrap_or_default(),
                d.frequency.clone(),
                yes_no(d.open),
                d.element_code.clone().unwrap_or_default(),
                d.topic.clone(),
                d.steward.clone().unwrap_or_default(),
                yes_no(d.authoritative),
                d.last_updated.map(|x| x.to_string()).unwrap_or_default(),
                uses.get(&d.id).cloned().unwrap_or_default(),
            ];
            for (c, v) in cells.iter().enumerate() {
                ws.write_string(row, c as u16, v).map_err(xerr)?;
            }
        }
    }
    {
        let ws = wb.add_worksheet().set_name(APP_SHEET).map_err(xerr)?;
        for (c, h) in APP_COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(xerr)?;
            ws.set_column_width(c as u16, if c == 0 || c >= 8 { 36 } else { 16 }).map_err(xerr)?;
        }
        for (r, a) in apps(db, region_id).await?.iter().enumerate() {
            let row = r as u32 + 1;
            let linked = |l: Link| -> String {
                all_links
                    .iter()
                    .filter(|(app, _, k)| *app == a.id && *k == l)
                    .filter_map(|(_, ds, _)| names.get(ds).cloned())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let cells = [
                a.name.clone(),
                opds.get(&a.opd_id).cloned().unwrap_or_default(),
                a.purpose.clone(),
                a.users.clone(),
                a.status.clone(),
                a.hosting.clone(),
                a.integrations.clone().unwrap_or_default(),
                a.element_code.clone().unwrap_or_default(),
                linked(Link::Produces),
                linked(Link::Uses),
            ];
            for (c, v) in cells.iter().enumerate() {
                ws.write_string(row, c as u16, v).map_err(xerr)?;
            }
        }
    }
    wb.save_to_buffer().map_err(xerr)
}

/// A date as Excel may hand it back: `YYYY-MM-DD` as typed, or a day serial (days since
/// 1899-12-30) when the cell was formatted as a date. Anything else is passed on for the
/// validation to name.
fn excel_date(raw: &str) -> String {
    let t = raw.trim();
    match t.parse::<f64>() {
        Ok(n) if (36_526.0..=73_051.0).contains(&n) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(n.trunc() as i64)))
            .map(|d| d.to_string())
            .unwrap_or_else(|| t.to_string()),
        _ => t.to_string(),
    }
}

/// Per data set, its uses as one line of text: "Program: A; B · Keputusan: 2026-03-01 X".
async fn uses_text<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<HashMap<i64, String>> {
    use crate::analysis::data_uses;
    let mut progs: HashMap<i64, Vec<String>> = HashMap::new();
    for u in data_uses::programme_uses(db, region_id).await? {
        progs.entry(u.dataset_id).or_default().push(u.programme);
    }
    let mut decs: HashMap<i64, Vec<String>> = HashMap::new();
    for d in data_uses::decisions(db, region_id).await? {
        decs.entry(d.dataset_id).or_default().push(format!("{} {}", d.decided_on, d.description));
    }
    let ids: std::collections::BTreeSet<i64> = progs.keys().chain(decs.keys()).copied().collect();
    Ok(ids
        .into_iter()
        .map(|id| {
            let mut parts = Vec::new();
            if let Some(p) = progs.get(&id) {
                parts.push(format!("Program: {}", p.join("; ")));
            }
            if let Some(d) = decs.get(&id) {
                parts.push(format!("Keputusan: {}", d.join("; ")));
            }
            (id, parts.join(" · "))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn excel_dates_read_as_typed_or_as_serials() {
        assert_eq!(super::excel_date(" 2026-11-30 "), "2026-11-30");
        assert_eq!(super::excel_date("46000"), "2025-12-09");
        assert_eq!(super::excel_date("46000.5"), "2025-12-09");
        assert_eq!(super::excel_date("12"), "12");
        assert_eq!(super::excel_date("kemarin"), "kemarin");
    }
}
