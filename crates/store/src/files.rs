//! Uploaded files go through one storage interface: a local directory by default, or any
//! S3-compatible bucket, so several servers can share them. Metadata lives in the database.

use crate::audit::{self, Change};
use crate::entity::stored_file;
use crate::{Actor, Result, StoreError};
use bytes::Bytes;
use kotacerdas_intake::image::{self, ImageLimits};
pub use kotacerdas_intake::image::{Clean, Purpose};
use kotacerdas_intake::IntakeError;
use object_store::{local::LocalFileSystem, path::Path, ObjectStore, PutPayload};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

#[derive(Clone)]
pub struct Storage {
    inner: Arc<Inner>,
    pub description: String,
}

enum Inner {
    Ready(Arc<dyn ObjectStore>),
    /// A local directory, opened (and created) on the first write: a command that only reads
    /// leaves no empty folder behind, and a missing directory simply holds no files yet.
    Local {
        dir: PathBuf,
        opened: OnceLock<Arc<dyn ObjectStore>>,
    },
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

impl Storage {
    /// An S3-compatible bucket at `endpoint` with these credentials, given outright instead of
    /// through the `AWS_*` environment (several stores in one process: the tests' two servers
    /// against a local S3 server; tools embedding the store).
    pub fn s3(bucket: &str, endpoint: &str, key_id: &str, secret: &str, region: &str) -> Result<Storage> {
        let s3 = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_endpoint(endpoint)
            .with_access_key_id(key_id)
            .with_secret_access_key(secret)
            .with_region(region)
            .with_allow_http(endpoint.starts_with("http://"))
            .with_virtual_hosted_style_request(false)
            .build()
            .map_err(|e| StoreError::Config(format!("storage s3://{bucket} at {endpoint}: {e}")))?;
        Ok(Storage { inner: Arc::new(Inner::Ready(Arc::new(s3))), description: format!("s3://{bucket}") })
    }

    /// `s3://BUCKET` (credentials and endpoint from the usual AWS_* variables) or a directory path
    /// (optionally `file://PATH`), created on the first write.
    pub fn from_config(spec: &str) -> Result<Storage> {
        if let Some(bucket) = spec.strip_prefix("s3://") {
            let s3 = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket.trim_end_matches('/'))
                .build()
                .map_err(|e| StoreError::Config(format!("storage {spec:?}: {e}")))?;
            return Ok(Storage { inner: Arc::new(Inner::Ready(Arc::new(s3))), description: spec.to_string() });
        }
        let dir = spec.strip_prefix("file://").unwrap_or(spec);
        if dir.is_empty() {
            return Err(StoreError::Config(
                "setting storage is not set and has no default here (no home directory): set storage in \
                 kotacerdas.toml or KOTACERDAS_STORAGE to an absolute directory or an s3:// bucket"
                    .into(),
            ));
        }
        // Absolute, so the files stay where they are whatever the working directory becomes.
        let dir =
            std::path::absolute(dir).map_err(|e| StoreError::Config(format!("storage directory {dir:?}: {e}")))?;
        if dir.exists() && !dir.is_dir() {
            return Err(StoreError::Config(format!("storage directory {}: not a directory", dir.display())));
        }
        let description = format!("local directory {}", dir.display());
        Ok(Storage { inner: Arc::new(Inner::Local { dir, opened: OnceLock::new() }), description })
    }

    /// The object store; `None` for a local directory that does not exist yet and `create` not set.
    fn store(&self, create: bool) -> Result<Option<Arc<dyn ObjectStore>>> {
        match &*self.inner {
            Inner::Ready(s) => Ok(Some(s.clone())),
            Inner::Local { dir, opened } => {
                if let Some(s) = opened.get() {
                    return Ok(Some(s.clone()));
                }
                if !dir.is_dir() {
                    if !create {
                        return Ok(None);
                    }
                    std::fs::create_dir_all(dir).map_err(|e| {
                        StoreError::Storage(format!("creating the storage directory {}: {e}", dir.display()))
                    })?;
                }
                let local = LocalFileSystem::new_with_prefix(dir)
                    .map_err(|e| StoreError::Storage(format!("storage directory {}: {e}", dir.display())))?;
                Ok(Some(opened.get_or_init(|| Arc::new(local)).clone()))
            }
        }
    }

    /// Store an upload after checking its size and that its bytes match an accepted type.
    /// Images (PNG, JPEG) are decoded and encoded afresh first ([`clean_image`]): one that does
    /// not decode is refused, and no metadata of the original (EXIF, GPS) is stored.
    pub async fn upload(
        &self,
        db: &DatabaseConnection,
        actor: &Actor,
        region_id: Option<i64>,
        original_name: &str,
        data: Bytes,
    ) -> Result<stored_file::Model> {
        if data.is_empty() {
            return Err(StoreError::field("file", "err-file-empty"));
        }
        if data.len() > MAX_UPLOAD_BYTES {
            return Err(StoreError::field("file", "err-file-large"));
        }
        let Some((ext, content_type)) = sniff(&data) else {
            return Err(StoreError::field("file", "err-file-type"));
        };
        if matches!(ext, "png" | "jpg") {
            let clean = clean_image(data, Purpose::Photo).await?.map_err(|e| refusal("file", &e))?;
            return self.upload_image(db, actor, region_id, original_name, clean).await;
        }
        self.save_upload(db, actor, region_id, original_name, data, ext, content_type).await
    }

    /// Store a file the system made itself (a book version's typeset source), not an upload:
    /// its type is the caller's word, not sniffed.
    #[allow(clippy::too_many_arguments)]
    pub async fn store_generated(
        &self,
        db: &DatabaseConnection,
        actor: &Actor,
        region_id: Option<i64>,
        name: &str,
        data: Bytes,
        ext: &str,
        content_type: &str,
    ) -> Result<stored_file::Model> {
        self.save_upload(db, actor, region_id, name, data, ext, content_type).await
    }

    /// Store an image that [`clean_image`] produced, as is.
    pub async fn upload_image(
        &self,
        db: &DatabaseConnection,
        actor: &Actor,
        region_id: Option<i64>,
        original_name: &str,
        clean: Clean,
    ) -> Result<stored_file::Model> {
        // The name says what the file now is (a JPEG logo is stored as PNG).
        let stem = original_name.rsplit_once('.').map(|(s, _)| s).unwrap_or(original_name);
        let name = format!("{stem}.{}", clean.ext);
        self.save_upload(db, actor, region_id, &name, Bytes::from(clean.bytes), clean.ext, clean.content_type).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn save_upload(
        &self,
        db: &DatabaseConnection,
        actor: &Actor,
        region_id: Option<i64>,
        original_name: &str,
        data: Bytes,
        ext: &str,
        content_type: &str,
    ) -> Result<stored_file::Model> {
        let key = new_key(ext);
        let size = data.len() as i64;
        self.put(&key, data).await?;
        let name: String =
            original_name.chars().filter(|c| !c.is_control() && !matches!(c, '/' | '\\')).take(200).collect();
        let row = stored_file::ActiveModel {
            key: Set(key.clone()),
            region_id: Set(region_id),
            original_name: Set(if name.is_empty() || name.starts_with('.') { format!("file.{ext}") } else { name }),
            content_type: Set(content_type.to_string()),
            size: Set(size),
            uploaded_by: Set(actor.user_id),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        };
        let saved = async {
            let txn = db.begin().await?;
            let m = row.insert(&txn).await?;
            audit::record(&txn, actor, Change::new(region_id, "file", m.id, "upload"), None::<&()>, Some(&m)).await?;
            txn.commit().await?;
            Ok::<_, StoreError>(m)
        }
        .await;
        // A row that cannot be written (the database is full or gone) must not leave its file
        // behind: nothing would ever point at it.
        if saved.is_err() {
            if let Err(cleanup) = self.delete(&key).await {
                tracing::warn!(%key, error = %cleanup, "could not remove the file of a failed upload");
            }
        }
        saved
    }

    /// Keep an upload between a dry run and its apply, outside the session (which stays small):
    /// under a fresh unguessable key the session holds. Pending files older than
    /// [`PENDING_MAX_AGE`] are swept on the way.
    pub async fn keep_pending(&self, data: Bytes) -> Result<String> {
        self.sweep_pending().await;
        let key = format!("{PENDING_PREFIX}/{}", token());
        self.put(&key, data).await?;
        Ok(key)
    }

    /// Remove pending uploads nobody applied or cancelled in time. Best effort: a failure here
    /// must not fail the upload that triggered it.
    pub async fn sweep_pending(&self) {
        use futures::StreamExt;
        let cutoff = chrono::Utc::now() - PENDING_MAX_AGE;
        let store = match self.store(false) {
            Ok(Some(store)) => store,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "pending uploads cannot be listed");
                return;
            }
        };
        let mut list = store.list(Some(&Path::from(PENDING_PREFIX)));
        let mut old = Vec::new();
        while let Some(item) = list.next().await {
            match item {
                Ok(meta) if meta.last_modified < cutoff => old.push(meta.location),
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "listing pending uploads failed");
                    break;
                }
            }
        }
        for key in old {
            if let Err(e) = self.delete(key.as_ref()).await {
                tracing::warn!(error = %e, "removing an old pending upload failed");
            }
        }
    }

    /// Write an object under `key` (a name from [`new_key`]).
    pub async fn put(&self, key: &str, data: Bytes) -> Result<()> {
        let Some(store) = self.store(true)? else {
            return Err(StoreError::Storage("no storage".into()));
        };
        store
            .put(&Path::from(key), PutPayload::from_bytes(data))
            .await
            .map_err(|e| StoreError::Storage(e.to_string()))?;
        Ok(())
    }

    /// Remove an object; a missing one is not an error.
    pub async fn delete(&self, key: &str) -> Result<()> {
        let Some(store) = self.store(false)? else { return Ok(()) };
        match store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(StoreError::Storage(e.to_string())),
        }
    }

    pub async fn read(&self, key: &str) -> Result<Bytes> {
        let Some(store) = self.store(false)? else { return Err(StoreError::NotFound) };
        let got = store.get(&Path::from(key)).await.map_err(|e| match e {
            object_store::Error::NotFound { .. } => StoreError::NotFound,
            other => StoreError::Storage(other.to_string()),
        })?;
        got.bytes().await.map_err(|e| StoreError::Storage(e.to_string()))
    }
}

/// Where uploads wait between a dry run and its apply, and for how long at most.
pub const PENDING_PREFIX: &str = "pending";
pub const PENDING_MAX_AGE: chrono::Duration = chrono::Duration::hours(6);

fn token() -> String {
    let mut rnd = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut rnd);
    hex::encode(rnd)
}

/// A fresh storage key: safe, unguessable names (the user's file name is kept only as metadata).
pub fn new_key(ext: &str) -> String {
    format!("uploads/{}/{}.{ext}", chrono::Utc::now().format("%Y"), token())
}

/// Decode and re-encode an uploaded image on the heavy-work pool. The outer error is only
/// [`StoreError::Busy`]; the inner one says why the image was refused.
pub async fn clean_image(data: Bytes, purpose: Purpose) -> Result<std::result::Result<Clean, IntakeError>> {
    crate::heavy::run(move || image::reencode(&data, purpose, &ImageLimits::default())).await
}

/// A refused upload as a field error with its message key and number.
pub fn refusal(field: &str, e: &IntakeError) -> StoreError {
    tracing::info!(error = %e, "upload refused");
    let mut errors = kotacerdas_domain::validate::Errors::new();
    errors.add(field, e.code(), e.arg());
    StoreError::Invalid(errors)
}

pub async fn get(db: &DatabaseConnection, id: i64) -> Result<stored_file::Model> {
    stored_file::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)
}

pub async fn by_key(db: &DatabaseConnection, key: &str) -> Result<stored_file::Model> {
    stored_file::Entity::find().filter(stored_file::Column::Key.eq(key)).one(db).await?.ok_or(StoreError::NotFound)
}

/// Accepted types, recognised by their first bytes rather than by the name a client sends.
/// Citizens' photos: JPEG or PNG by content, at most [`MAX_PHOTO_BYTES`].
pub fn is_photo(data: &[u8]) -> bool {
    matches!(sniff(data), Some(("png" | "jpg", _)))
}

pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

fn sniff(data: &[u8]) -> Option<(&'static str, &'static str)> {
    if data.starts_with(b"%PDF-") {
        Some(("pdf", "application/pdf"))
    } else if data.starts_with(&[0x89, b'P', b'N', b'G']) {
        Some(("png", "image/png"))
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("jpg", "image/jpeg"))
    } else if data.starts_with(b"PK\x03\x04") {
        // Office Open XML documents are zip files; tell them apart by their main part.
        let head = &data[..data.len().min(65536)];
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if has(b"word/") {
            Some(("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        } else if has(b"xl/") {
            Some(("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        } else {
            None
        }
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7 ...").map(|s| s.0), Some("pdf"));
        assert_eq!(sniff(b"<script>alert(1)</script>"), None);
        assert_eq!(sniff(b"PK\x03\x04....random"), None);
    }
}
