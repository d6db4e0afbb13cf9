//! Stage 1 application and data inventory: apps (with the data sets they produce and use) and
//! data sets, edited one by one or imported from XLSX all-or-nothing, and exported as XLSX in
//! the same layout so a round trip through Excel works.

use crate::audit::{self, Change};
use crate::entity::{app, app_dataset, dataset, opd};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis::{AppStatus, Frequency, Hosting, Link};
use kotacerdas_domain::framework;
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub async fn apps<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<app::Model>> {
    Ok(app::Entity::find().filter(app::Column::RegionId.eq(region_id)).order_by_asc(app::Column::Name).all(db).await?)
}

pub async fn datasets<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<dataset::Model>> {
    Ok(dataset::Entity::find()
        .filter(dataset::Column::RegionId.eq(region_id))
        .order_by_asc(dataset::Column::Name)
        .all(db)
        .await?)
}

/// All app ↔ data set links of a region, as (app id, data set id, link).
pub async fn links<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<(i64, i64, Link)>> {
    let ids: Vec<i64> = apps(db, region_id).await?.iter().map(|a| a.id).collect();
    Ok(app_dataset::Entity::find()
        .filter(app_dataset::Column::AppId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|l| Some((l.app_id, l.dataset_id, Link::parse(&l.relation)?)))
        .collect())
}

pub async fn get_app<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<app::Model> {
    app::Entity::find_by_id(id).filter(app::Column::RegionId.eq(region_id)).one(db).await?.ok_or(StoreError::NotFound)
}

pub async fn get_dataset<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<dataset::Model> {
    dataset::Entity::find_by_id(id)
        .filter(dataset::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppInput {
    pub name: String,
    pub opd_id: String,
    pub purpose: String,
    pub users: String,
    pub status: String,
    pub hosting: String,
    pub integrations: String,
    pub element_code: String,
    /// Data set ids this app produces / uses.
    pub produces: Vec<String>,
    pub uses: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DatasetInput {
    pub name: String,
    pub opd_id: String,
    pub frequency: String,
    /// "ya"/"yes"/"true"/"1"/"on" for open data.
    pub open: String,
    pub element_code: String,
}

impl DatasetInput {
    pub fn from_model(d: &dataset::Model) -> DatasetInput {
        DatasetInput {
            name: d.name.clone(),
            opd_id: d.opd_id.to_string(),
            frequency: d.frequency.clone(),
            open: if d.open { "true".into() } else { String::new() },
            element_code: d.element_code.clone().unwrap_or_default(),
        }
    }
}

fn yes(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "ya" | "yes" | "true" | "1" | "on" | "y" => Some(true),
        "" | "tidak" | "no" | "false" | "0" | "off" | "n" => Some(false),
        _ => None,
    }
}

async fn opd_of<C: ConnectionTrait>(c: &C, region_id: i64, e: &mut Errors, raw: &str) -> Result<Option<i64>> {
    let raw = raw.trim();
    if raw.is_empty() {
        e.add("opd_id", "err-required", None);
        return Ok(None);
    }
    let found = match raw.parse::<i64>() {
        Ok(id) => opd::Entity::find_by_id(id).filter(opd::Column::RegionId.eq(region_id)).one(c).await?,
        // Imports name the OPD by its short name.
        Err(_) => {
            opd::Entity::find()
                .filter(opd::Column::RegionId.eq(region_id))
                .filter(opd::Column::ShortName.eq(raw))
                .one(c)
                .await?
        }
    };
    if found.is_none() {
        e.add("opd_id", "err-choice", None);
    }
    Ok(found.map(|o| o.id))
}

fn element(e: &mut Errors, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let found = framework::element(raw).map(|el| el.code.to_string());
    if found.is_none() {
        e.add("element_code", "err-choice", None);
    }
    found
}

pub async fn fill_dataset<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &DatasetInput,
    am: &mut dataset::ActiveModel,
) -> Result<()> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 200);
    let opd_id = opd_of(c, region_id, &mut e, &input.opd_id).await?;
    let frequency = e.choice("frequency", &input.frequency, |s| {
        Frequency::parse(s).or_else(|| Frequency::ALL.iter().copied().find(|f| f.label("id").eq_ignore_ascii_case(s)))
    });
    let open = yes(&input.open);
    if open.is_none() {
        e.add("open", "err-choice", None);
    }
    let element_code = element(&mut e, &input.element_code);
    e.into_result()?;
    am.region_id = Set(region_id);
    am.name = Set(name);
    am.opd_id = Set(opd_id.unwrap_or_default());
    am.frequency = Set(frequency.map(|f| f.as_str()).unwrap_or("ad_hoc").to_string());
    am.open = Set(open.unwrap_or(false));
    am.element_code = Set(element_code);
    am.updated_at = Set(chrono::Utc::now());
    Ok(())
}

pub async fn fill_app<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &AppInput,
    am: &mut app::ActiveModel,
) -> Result<Vec<(i64, Link)>> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 200);
    let opd_id = opd_of(c, region_id, &mut e, &input.opd_id).await?;
    let purpose = e.text("purpose", &input.purpose, 2000);
    let users = e.text("users", &input.users, 300);
    let status = e.choice("status", &input.status, AppStatus::parse);
    let hosting = e.choice("hosting", &input.hosting, Hosting::parse);
    let integrations = e.optional_text("integrations", &input.integrations, 2000);
    let element_code = element(&mut e, &input.element_code);
    let mut links = Vec::new();
    for (field, list, link) in [("produces", &input.produces, Link::Produces), ("uses", &input.uses, Link::Uses)] {
        for raw in list.iter().filter(|s| !s.trim().is_empty()) {
            match raw.trim().parse::<i64>() {
                Ok(id) if get_dataset(c, region_id, id).await.is_ok() => links.push((id, link)),
                _ => e.add(field, "err-choice", None),
            }
        }
    }
    e.into_result()?;
    am.region_id = Set(region_id);
    am.name = Set(name);
    am.opd_id = Set(opd_id.unwrap_or_default());
    am.purpose = Set(purpose);
    am.users = Set(users);
    am.status = Set(status.map(|s| s.as_str()).unwrap_or("active").to_string());
    am.hosting = Set(hosting.map(|h| h.as_str()).unwrap_or("opd").to_string());
    am.integrations = Set(integrations);
    am.element_code = Set(element_code);
    am.updated_at = Set(chrono::Utc::now());
    Ok(links)
}

async fn set_links<C: ConnectionTrait>(c: &C, app_id: i64, links: &[(i64, Link)]) -> Result<()> {
    app_dataset::Entity::delete_many().filter(app_dataset::Column::AppId.eq(app_id)).exec(c).await?;
    let mut seen = Vec::new();
    for (ds, link) in links {
        if seen.contains(&(*ds, *link)) {
            continue;
        }
        seen.push((*ds, *link));
        app_dataset::ActiveModel {
            app_id: Set(app_id),
            dataset_id: Set(*ds),
            relation: Set(link.as_str().into()),
            ..Default::default()
        }
        .insert(c)
        .await?;
    }
    Ok(())
}

/// The record kept in the audit log for an app: the row and its links.
#[derive(Serialize)]
struct AppRecord<'a> {
    app: &'a app::Model,
    links: Vec<(i64, &'static str)>,
}

async fn app_links<C: ConnectionTrait>(c: &C, app_id: i64) -> Result<Vec<(i64, &'static str)>> {
    Ok(app_dataset::Entity::find()
        .filter(app_dataset::Column::AppId.eq(app_id))
        .all(c)
        .await?
        .into_iter()
        .filter_map(|l| Some((l.dataset_id, Link::parse(&l.relation)?.as_str())))
        .collect())
}

pub async fn save_app(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &AppInput,
) -> Result<app::Model> {
    let txn = db.begin().await?;
    let m = save_app_in(&txn, actor, region_id, id, input).await?;
    txn.commit().await?;
    Ok(m)
}

async fn save_app_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &AppInput,
) -> Result<app::Model> {
    let (before, mut am) = match id {
        Some(id) => {
            let b = get_app(c, region_id, id).await?;
            let links = app_links(c, b.id).await?;
            (Some((b.clone(), links)), b.into())
        }
        None => (None, <app::ActiveModel as Default>::default()),
    };
    let links = fill_app(c, region_id, input, &mut am).await?;
    let m = if before.is_some() { am.update(c).await? } else { am.insert(c).await? };
    set_links(c, m.id, &links).await?;
    let after = AppRecord { app: &m, links: app_links(c, m.id).await? };
    let before_rec = before.as_ref().map(|(b, l)| AppRecord { app: b, links: l.clone() });
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(c, actor, Change::new(Some(region_id), "app", m.id, action), before_rec.as_ref(), Some(&after))
        .await?;
    Ok(m)
}

pub async fn save_dataset(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &DatasetInput,
) -> Result<dataset::Model> {
    let txn = db.begin().await?;
    let m = save_dataset_in(&txn, actor, region_id, id, input).await?;
    txn.commit().await?;
    Ok(m)
}

async fn save_dataset_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &DatasetInput,
) -> Result<dataset::Model> {
    let before = match id {
        Some(id) => Some(get_dataset(c, region_id, id).await?),
        None => None,
    };
    let mut am: dataset::ActiveModel = before.clone().map(Into::into).unwrap_or_default();
    fill_dataset(c, region_id, input, &mut am).await?;
    let m = if before.is_some() { am.update(c).await? } else { am.insert(c).await? };
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(c, actor, Change::new(Some(region_id), "dataset", m.id, action), before.as_ref(), Some(&m)).await?;
    Ok(m)
}

pub async fn delete_app(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get_app(&txn, region_id, id).await?;
    let rec = AppRecord { app: &before, links: app_links(&txn, id).await? };
    audit::record(&txn, actor, Change::new(Some(region_id), "app", id, "delete"), Some(&rec), None::<&()>).await?;
    before.clone().delete(&txn).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete_dataset(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get_dataset(&txn, region_id, id).await?;
    before.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "dataset", id, "delete"), Some(&before), None::<&()>)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---- XLSX round trip

pub const DATA_SHEET: &str = "Data";
pub const APP_SHEET: &str = "Aplikasi";
pub const DATA_COLUMNS: [&str; 5] = ["nama", "opd", "frekuensi", "terbuka", "elemen"];
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
        other => other,
    };
    if columns.contains(&col) {
        col.to_string()
    } else {
        field.to_string()
    }
}

fn rows(
    range: &calamine::Range<calamine::Data>,
    columns: &[&str],
    sheet: &str,
    errors: &mut Vec<RowError>,
) -> Vec<(usize, HashMap<String, String>)> {
    let mut it = range.rows();
    let Some(header) = it.next() else {
        return Vec::new();
    };
    let header: Vec<String> = header.iter().map(|c| c.to_string().trim().to_lowercase()).collect();
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
            let map =
                header.iter().zip(cells.iter()).map(|(h, c)| (h.clone(), c.to_string().trim().to_string())).collect();
            (i + 2, map)
        })
        .filter(|(_, m): &(usize, HashMap<String, String>)| m.values().any(|v| !v.is_empty()))
        .collect()
}

/// Import both sheets in one transaction. Data sets come first (apps refer to them by name);
/// a row with the name of an existing record updates it. When any row is bad nothing is saved
/// and every bad row is reported.
pub async fn import_xlsx(db: &DatabaseConnection, actor: &Actor, region_id: i64, bytes: &[u8]) -> Result<ImportReport> {
    use calamine::Reader;
    let mut report = ImportReport::default();
    let mut wb: calamine::Xlsx<_> = match calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())) {
        Ok(wb) => wb,
        Err(_) => return Err(StoreError::field("file", "err-import-file")),
    };
    let mut errors = Vec::new();
    let data_rows = match wb.worksheet_range(DATA_SHEET) {
        Ok(r) => rows(&r, &DATA_COLUMNS, DATA_SHEET, &mut errors),
        Err(_) => {
            errors.push(RowError {
                sheet: DATA_SHEET.into(),
                row: 0,
                field: String::new(),
                code: "err-import-sheet",
                arg: None,
            });
            Vec::new()
        }
    };
    let app_rows = match wb.worksheet_range(APP_SHEET) {
        Ok(r) => rows(&r, &APP_COLUMNS, APP_SHEET, &mut errors),
        Err(_) => {
            errors.push(RowError {
                sheet: APP_SHEET.into(),
                row: 0,
                field: String::new(),
                code: "err-import-sheet",
                arg: None,
            });
            Vec::new()
        }
    };
    if !errors.is_empty() {
        report.errors = errors;
        return Ok(report);
    }
    let txn = db.begin().await?;
    let get = |m: &HashMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
    let mut by_name: HashMap<String, i64> =
        datasets(&txn, region_id).await?.into_iter().map(|d| (d.name.to_lowercase(), d.id)).collect();
    for (row, m) in &data_rows {
        let input = DatasetInput {
            name: get(m, "nama"),
            opd_id: get(m, "opd"),
            frequency: get(m, "frekuensi"),
            open: get(m, "terbuka"),
            element_code: get(m, "elemen"),
        };
        let existing = by_name.get(&input.name.trim().to_lowercase()).copied();
        match save_dataset_in(&txn, actor, region_id, existing, &input).await {
            Ok(d) => {
                by_name.insert(d.name.to_lowercase(), d.id);
                report.datasets += 1;
            }
            Err(StoreError::Invalid(e)) => errors.extend(e.0.into_iter().map(|f| RowError {
                sheet: DATA_SHEET.into(),
                row: *row,
                field: column_of(&f.field, &DATA_COLUMNS),
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
        crate::opds::list(db, region_id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    let sets = datasets(db, region_id).await?;
    let names: HashMap<i64, String> = sets.iter().map(|d| (d.id, d.name.clone())).collect();
    let all_links = links(db, region_id).await?;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    {
        let ws = wb.add_worksheet().set_name(DATA_SHEET).map_err(xerr)?;
        for (c, h) in DATA_COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(xerr)?;
            ws.set_column_width(c as u16, if c == 0 { 40 } else { 14 }).map_err(xerr)?;
        }
        for (r, d) in sets.iter().enumerate() {
            let row = r as u32 + 1;
            let cells = [
                d.name.clone(),
                opds.get(&d.opd_id).cloned().unwrap_or_default(),
                d.frequency.clone(),
                if d.open { "ya".into() } else { "tidak".into() },
                d.element_code.clone().unwrap_or_default(),
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
