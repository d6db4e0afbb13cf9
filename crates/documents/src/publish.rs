//! Generating a frozen version's files (Indonesian PDF and DOCX, English PDF) in the background.
//! Each step is written to the version's `build_state`, which the version page shows as progress,
//! so neither the request that froze it nor any other request waits for the typesetting.

use crate::book;
use crate::pdf::DocError;
use kotacerdas_store::entity::region;
use kotacerdas_store::files::Storage;
use kotacerdas_store::{Actor, DatabaseConnection};

/// The steps in order, for the progress bar (`failed` is not a step).
pub const STEPS: [&str; 8] = ["queued", "data", "pdf", "docx", "pdf_en", "storing", "done", "failed"];

/// How far a build is, 0–100.
pub fn percent(state: &str) -> u32 {
    match state {
        "queued" => 5,
        "data" => 15,
        "pdf" => 35,
        "docx" => 60,
        "pdf_en" => 80,
        "storing" => 95,
        "done" => 100,
        _ => 0,
    }
}

async fn cpu<T: Send + 'static>(f: impl FnOnce() -> Result<T, DocError> + Send + 'static) -> Result<T, DocError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| DocError::Typst(format!("worker: {e}")))?
}

/// One background job on version `id` of region `r`.
struct Job<'a> {
    db: &'a DatabaseConnection,
    storage: &'a Storage,
    actor: &'a Actor,
    r: &'a region::Model,
    id: i64,
    started: std::time::Instant,
}

async fn run(j: &Job<'_>) -> Result<(), DocError> {
    let Job { db, storage, actor, r, id, .. } = *j;
    use kotacerdas_store::book as versions;
    versions::set_build(db, id, "data", None).await?;
    let id_book = book::build(db, storage, r, "id").await?;
    let en_book = book::build(db, storage, r, "en").await?;
    // The typeset source, kept so that the enacted files are made from this very text.
    let source = serde_json::to_vec(&Source { id: id_book.clone(), en: en_book.clone() })
        .map_err(|e| DocError::Typst(format!("book source: {e}")))?;
    let name = format!("masterplan-{}-source.json", r.code);
    let kept = storage.store_generated(db, actor, Some(r.id), &name, source.into(), "json", "application/json").await?;
    versions::set_source(db, id, kept.id).await?;
    typeset(j, id_book, en_book).await
}

/// Both editions of a version's book as they were typeset (the version's source file).
#[derive(serde::Serialize, serde::Deserialize)]
struct Source {
    id: book::Book,
    en: book::Book,
}

/// Typeset both editions, store the three files and attach them to version `id`.
async fn typeset(j: &Job<'_>, id_book: book::Book, en_book: book::Book) -> Result<(), DocError> {
    let Job { db, storage, actor, r, id, .. } = *j;
    use kotacerdas_store::book as versions;
    versions::set_build(db, id, "pdf", None).await?;
    let (pdf, pages, id_book) = cpu(move || {
        let (bytes, pages) = id_book.pdf_pages()?;
        Ok((bytes, pages, id_book))
    })
    .await?;
    versions::set_build(db, id, "docx", None).await?;
    let docx = cpu(move || id_book.docx()).await?;
    versions::set_build(db, id, "pdf_en", None).await?;
    let pdf_en = cpu(move || en_book.pdf()).await?;
    versions::set_build(db, id, "storing", None).await?;
    let v = |suffix: &str| format!("masterplan-{}-{suffix}", r.code);
    let a = storage.upload(db, actor, Some(r.id), &v("id.pdf"), pdf.into()).await?;
    let b = storage.upload(db, actor, Some(r.id), &v("id.docx"), docx.into()).await?;
    let c = storage.upload(db, actor, Some(r.id), &v("en.pdf"), pdf_en.into()).await?;
    versions::set_files(db, id, pages as i32, a.id, b.id, c.id).await?;
    Ok(())
}

/// Typeset the enacted version `id` again from its kept source, with the regulation on the cover,
/// at the end of BAB I's legal basis and on the commitment sheet; the approved text is not
/// rebuilt from today's data. A version frozen before sources were kept has none: its files
/// stay as approved (logged).
async fn enact_run(j: &Job<'_>) -> Result<(), DocError> {
    let Job { db, storage, r, id, .. } = *j;
    use kotacerdas_store::book as versions;
    let v = versions::by_id(db, id).await?;
    let Some(source_id) = v.source_file_id else {
        tracing::warn!(region = %r.code, version = id, "enacted version has no kept source; files left as approved");
        versions::set_build(db, id, "done", None).await?;
        return Ok(());
    };
    versions::set_build(db, id, "data", None).await?;
    let file = kotacerdas_store::files::get(db, source_id).await?;
    let bytes = storage.read(&file.key).await?;
    let Source { id: mut id_book, en: mut en_book } =
        serde_json::from_slice(&bytes).map_err(|e| DocError::Typst(format!("book source: {e}")))?;
    id_book.enactment = book::enactment(r, &v, "id");
    en_book.enactment = book::enactment(r, &v, "en");
    typeset(j, id_book, en_book).await
}

/// After enactment: make the version's files carry the regulation (see [`enact_run`]).
pub async fn enact_version(db: DatabaseConnection, storage: Storage, actor: Actor, r: region::Model, id: i64) {
    let job = Job { db: &db, storage: &storage, actor: &actor, r: &r, id, started: std::time::Instant::now() };
    finish(&job, "enacted book", enact_run(&job).await).await
}

/// Generate and store the files of version `id`; failures are recorded on the version.
pub async fn build_version(db: DatabaseConnection, storage: Storage, actor: Actor, r: region::Model, id: i64) {
    let job = Job { db: &db, storage: &storage, actor: &actor, r: &r, id, started: std::time::Instant::now() };
    finish(&job, "book version", run(&job).await).await
}

/// Log how a job ended; a failure is recorded on the version, which shows it.
async fn finish(j: &Job<'_>, what: &str, result: Result<(), DocError>) {
    match result {
        Ok(()) => {
            let ms = j.started.elapsed().as_millis() as u64;
            tracing::info!(region = %j.r.code, version = j.id, ms, "{what} generated")
        }
        Err(e) => {
            tracing::error!(region = %j.r.code, version = j.id, error = ?e, "{what} failed");
            if let Err(e2) = kotacerdas_store::book::set_build(j.db, j.id, "failed", Some(e.to_string())).await {
                tracing::error!(version = j.id, error = %e2, "could not record the failure");
            }
        }
    }
}
