//! Stage 4, the book. Here: the book's narrative per section and language, the region's cover
//! logo, and frozen versions of the book (snapshot, generated files, workflow from draft to
//! enactment). Below: the XLSX comparison of two versions and the comments on sections.

pub mod diff_xlsx;
pub mod section_comments;

use crate::audit::{self, Change};
use crate::entity::{book_text, book_version, book_version_event, region};
use crate::{plan, plan::programmes, Actor, Result, StoreError};
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::narrative::{check_text, default_text, Section, LANGS};
use kotacerdas_domain::versions::{self, Enactment, SnapKpi, SnapProgramme, Snapshot, VersionAction, VersionStatus};
use kotacerdas_domain::Principal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap};

/// The region's own texts, keyed `section:lang` (sections without one use the default text).
pub async fn texts<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<BTreeMap<String, String>> {
    Ok(book_text::Entity::find()
        .filter(book_text::Column::RegionId.eq(region_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (format!("{}:{}", t.section, t.lang), t.body))
        .collect())
}

/// Save one section's text; an empty text removes it (back to the default).
pub async fn save_text(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    section: Section,
    lang: &str,
    body: &str,
) -> Result<()> {
    let body = check_text(lang, body)?;
    let txn = db.begin().await?;
    let old = book_text::Entity::find()
        .filter(book_text::Column::RegionId.eq(region_id))
        .filter(book_text::Column::Section.eq(section.as_str()))
        .filter(book_text::Column::Lang.eq(lang))
        .one(&txn)
        .await?;
    let key = format!("{}:{lang}", section.as_str());
    match (old, body) {
        (Some(old), None) => {
            book_text::Entity::delete_by_id(old.id).exec(&txn).await?;
            audit::record(
                &txn,
                actor,
                Change::new(Some(region_id), "book_text", &key, "delete"),
                Some(&old),
                None::<&()>,
            )
            .await?;
        }
        (Some(old), Some(body)) => {
            let mut m = old.clone().into_active_model();
            m.body = Set(body);
            m.updated_at = Set(chrono::Utc::now());
            let new = m.update(&txn).await?;
            audit::record(
                &txn,
                actor,
                Change::new(Some(region_id), "book_text", &key, "update"),
                Some(&old),
                Some(&new),
            )
            .await?;
        }
        (None, Some(body)) => {
            let new = book_text::ActiveModel {
                region_id: Set(region_id),
                section: Set(section.as_str().to_string()),
                lang: Set(lang.to_string()),
                body: Set(body),
                updated_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::record(
                &txn,
                actor,
                Change::new(Some(region_id), "book_text", &key, "create"),
                None::<&()>,
                Some(&new),
            )
            .await?;
        }
        (None, None) => {}
    }
    txn.commit().await?;
    Ok(())
}

/// Put (or with `None` remove) the region's logo, an already stored PNG or JPEG.
pub async fn set_logo(db: &DatabaseConnection, actor: &Actor, r: &region::Model, file_id: Option<i64>) -> Result<()> {
    let txn = db.begin().await?;
    let mut m = r.clone().into_active_model();
    m.logo_file_id = Set(file_id);
    let new = m.update(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(r.id), "region", r.id, "logo"), Some(r), Some(&new)).await?;
    txn.commit().await?;
    Ok(())
}

/// What a version keeps of the data.
pub async fn snapshot<C: ConnectionTrait>(db: &C, r: &region::Model) -> Result<Snapshot> {
    let opd_names: HashMap<i64, String> =
        crate::region::kawasan::plan_opds(db, r.id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    let list = programmes::list(db, r.id).await?;
    let years = crate::plan::programme_xlsx::years(db, r.id, &list).await?;
    let (first, last) = (years.first().copied().unwrap_or_default(), years.last().copied().unwrap_or_default());
    // The texts as the book prints them: the region's own, else the default of that day.
    let mut texts = texts(db, r.id).await?;
    for section in Section::ALL {
        for lang in LANGS {
            texts
                .entry(format!("{}:{lang}", section.as_str()))
                .or_insert_with(|| default_text(*section, lang, &r.name, first, last));
        }
    }
    let programmes = list
        .into_iter()
        .map(|p| {
            let x = &p.programme;
            let mut budgets: BTreeMap<i32, i64> = BTreeMap::new();
            for b in &p.budgets {
                let cell = budgets.entry(b.year).or_insert(0);
                *cell = cell.saturating_add(b.amount);
            }
            SnapProgramme {
                id: x.id,
                name: x.name.clone(),
                opd: opd_names.get(&x.opd_id).cloned().unwrap_or_default(),
                element: x.element_code.clone(),
                dimension: DIMENSIONS
                    .iter()
                    .find(|d| x.element_code.starts_with(d.named.code))
                    .map(|d| d.named.code.to_string())
                    .unwrap_or_default(),
                horizon: x.horizon.clone(),
                start_year: x.start_year,
                end_year: x.end_year,
                budgets,
                targets: p.targets.iter().map(|t| (t.year, t.target.clone())).collect(),
                kpis: p
                    .kpis
                    .iter()
                    .map(|k| SnapKpi {
                        name: k.kpi.name.clone(),
                        unit: k.kpi.unit.clone(),
                        targets: k.targets.iter().map(|t| (t.year, t.value.clone())).collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Snapshot {
        region: r.name.clone(),
        vision: plan::masterplan(db, r.id).await?.map(|m| m.vision).unwrap_or_default(),
        texts,
        programmes,
    })
}

pub async fn list(db: &DatabaseConnection, region_id: i64) -> Result<Vec<book_version::Model>> {
    Ok(book_version::Entity::find()
        .filter(book_version::Column::RegionId.eq(region_id))
        .order_by_desc(book_version::Column::Number)
        .all(db)
        .await?)
}

pub async fn get(db: &DatabaseConnection, region_id: i64, number: i32) -> Result<book_version::Model> {
    book_version::Entity::find()
        .filter(book_version::Column::RegionId.eq(region_id))
        .filter(book_version::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn events(db: &DatabaseConnection, version_id: i64) -> Result<Vec<book_version_event::Model>> {
    Ok(book_version_event::Entity::find()
        .filter(book_version_event::Column::VersionId.eq(version_id))
        .order_by_asc(book_version_event::Column::Id)
        .all(db)
        .await?)
}

pub fn read_snapshot(v: &book_version::Model) -> Result<Snapshot> {
    serde_json::from_str(&v.snapshot).map_err(|e| StoreError::Storage(format!("version {} snapshot: {e}", v.id)))
}

async fn event<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    v: &book_version::Model,
    action: &str,
    comment: &str,
) -> Result<()> {
    book_version_event::ActiveModel {
        version_id: Set(v.id),
        action: Set(action.to_string()),
        status_after: Set(v.status.clone()),
        comment: Set(comment.to_string()),
        actor_id: Set(actor.user_id),
        actor_name: Set(actor.name.clone()),
        at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Freeze the current data as a new draft version; its files are generated afterwards
/// (`build_state` says how far) so the request that asks for it returns at once.
pub async fn freeze(
    db: &DatabaseConnection,
    actor: &Actor,
    r: &region::Model,
    label: &str,
) -> Result<book_version::Model> {
    let label = versions::check_label(label)?;
    let snap = snapshot(db, r).await?;
    let json = serde_json::to_string(&snap).map_err(|e| StoreError::Storage(e.to_string()))?;
    let txn = db.begin().await?;
    let number = book_version::Entity::find()
        .filter(book_version::Column::RegionId.eq(r.id))
        .order_by_desc(book_version::Column::Number)
        .one(&txn)
        .await?
        .map(|v| v.number + 1)
        .unwrap_or(1);
    let v = book_version::ActiveModel {
        region_id: Set(r.id),
        number: Set(number),
        label: Set(label),
        status: Set(VersionStatus::Draft.as_str().to_string()),
        snapshot: Set(json),
        edition: Set(r.edition),
        build_state: Set("queued".into()),
        created_by: Set(actor.user_id),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| crate::unique_as_field(e, "version_label"))?;
    event(&txn, actor, &v, "freeze", "").await?;
    audit::record(&txn, actor, Change::new(Some(r.id), "book_version", v.id, "freeze"), None::<&()>, Some(&v)).await?;
    txn.commit().await?;
    Ok(v)
}

/// Progress of the generation (not audited: it is the system's own bookkeeping).
pub async fn set_build(db: &DatabaseConnection, id: i64, state: &str, error: Option<String>) -> Result<()> {
    let Some(v) = book_version::Entity::find_by_id(id).one(db).await? else { return Err(StoreError::NotFound) };
    let mut m = v.into_active_model();
    m.build_state = Set(state.to_string());
    m.build_error = Set(error);
    m.update(db).await?;
    Ok(())
}

/// A version by its id (the background builds know only the id).
pub async fn by_id(db: &DatabaseConnection, id: i64) -> Result<book_version::Model> {
    book_version::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)
}

/// Keep the typeset source of version `id` (not audited: the system's own bookkeeping).
pub async fn set_source(db: &DatabaseConnection, id: i64, file_id: i64) -> Result<()> {
    let mut m = by_id(db, id).await?.into_active_model();
    m.source_file_id = Set(Some(file_id));
    m.update(db).await?;
    Ok(())
}

/// Attach the generated files and finish the build.
pub async fn set_files(db: &DatabaseConnection, id: i64, pages: i32, pdf: i64, docx: i64, pdf_en: i64) -> Result<()> {
    let Some(v) = book_version::Entity::find_by_id(id).one(db).await? else { return Err(StoreError::NotFound) };
    let mut m = v.into_active_model();
    m.pages = Set(Some(pages));
    m.pdf_file_id = Set(Some(pdf));
    m.docx_file_id = Set(Some(docx));
    m.pdf_en_file_id = Set(Some(pdf_en));
    m.build_state = Set("done".into());
    m.build_error = Set(None);
    m.update(db).await?;
    Ok(())
}

/// One workflow step: the action, its comment, and for `enact` the enactment record.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub action: VersionAction,
    pub comment: &'a str,
    pub enactment: Option<&'a Enactment>,
}

impl<'a> Step<'a> {
    pub fn new(action: VersionAction, comment: &'a str) -> Step<'a> {
        Step { action, comment, enactment: None }
    }
}

/// Take a workflow step as `who` (the rules) recorded for `actor` (the audit log).
pub async fn act(
    db: &DatabaseConnection,
    actor: &Actor,
    who: &Principal,
    region_id: i64,
    number: i32,
    step: Step<'_>,
) -> Result<book_version::Model> {
    let Step { action, comment, enactment } = step;
    let v = get(db, region_id, number).await?;
    let status = VersionStatus::parse(&v.status).unwrap_or(VersionStatus::Draft);
    let next = versions::transition(who, region_id, status, action, comment)?;
    versions::check_built(action, v.build_state == "done")?;
    versions::check_stages(action, &crate::region::stages::statuses(db, region_id).await?)?;
    let mut m = v.clone().into_active_model();
    if action == VersionAction::Enact {
        let x = enactment.cloned().unwrap_or_default().validate()?;
        m.regulation_type = Set(Some(x.regulation_type.as_str().to_string()));
        m.regulation_number = Set(Some(x.number));
        m.regulation_date = Set(Some(x.date));
        m.scan_file_id = Set(Some(x.scan_file_id));
        // The files are typeset again with the regulation in them (documents::publish).
        m.build_state = Set("queued".into());
    }
    m.status = Set(next.as_str().to_string());
    let txn = db.begin().await?;
    let new = m.update(&txn).await?;
    crate::region::stages::follow_book(&txn, actor, region_id, action).await?;
    event(&txn, actor, &new, action.as_str(), comment.trim()).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "book_version", v.id, action.as_str()),
        Some(&v),
        Some(&new),
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}

/// Compare two versions of the region (by number).
pub async fn compare(
    db: &DatabaseConnection,
    region_id: i64,
    a: i32,
    b: i32,
) -> Result<(book_version::Model, book_version::Model, versions::Diff)> {
    let (va, vb) = (get(db, region_id, a).await?, get(db, region_id, b).await?);
    let d = versions::diff(&read_snapshot(&va)?, &read_snapshot(&vb)?);
    Ok((va, vb, d))
}
