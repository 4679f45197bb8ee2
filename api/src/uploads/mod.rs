//! Uploads: images, PDFs and data files. The bytes decide what a file is ([`sniff`]);
//! images are re-encoded without their metadata at responsive widths ([`images`]); every
//! stored file is named by its content and served with immutable caching ([`routes`]); a
//! PDF attached to a post has its text extracted page by page into that post's search and
//! Ask AI sources ([`documents`]).

pub mod documents;
pub mod images;
pub mod names;
pub mod routes;
pub mod sniff;
pub mod storage;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

pub use sniff::UploadKind;
pub use storage::Storage;

use crate::{
    entities::{uploads, users},
    error::ApiError,
    state::AppState,
};

/// `Cache-Control` for stored files: their names change whenever their content does.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The largest avatar upload.
pub const AVATAR_MAX_BYTES: usize = 2 * 1024 * 1024;
/// The largest upload request (the largest kind plus room for the multipart framing).
pub const MAX_REQUEST_BYTES: usize = 32 * 1024 * 1024 + 64 * 1024;
pub use names::PUBLIC_PATH;

/// What an upload is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A file for a post (admins only): an image, a PDF or a data file.
    #[default]
    Post,
    /// The uploader's own avatar: an image, cropped square; any signed-in reader.
    Avatar,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Avatar => "avatar",
        }
    }
}

/// Where a PDF's text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TextStatus {
    /// Extraction is queued or running.
    Pending,
    /// Every page's text is in the post's search index and Ask AI sources.
    Ready,
    /// The PDF has no text layer (a scan): nothing could be indexed.
    NoText,
    /// The PDF could not be read.
    Failed,
}

impl TextStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Ready => "ready",
            Self::NoText => "no_text",
            Self::Failed => "failed",
        }
    }

    fn from_db(s: &str) -> Self {
        match s {
            "ready" => Self::Ready,
            "no_text" => Self::NoText,
            "failed" => Self::Failed,
            _ => Self::Pending,
        }
    }
}

/// One stored size of an image.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Variant {
    pub url: String,
    pub width: u32,
    pub content_type: String,
}

/// A stored upload.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Upload {
    pub id: Uuid,
    /// Where the file is served (for an image: the full size in its fallback format).
    pub url: String,
    pub kind: UploadKind,
    pub purpose: Purpose,
    pub content_type: String,
    /// The size of the file as uploaded.
    pub bytes: u64,
    pub original_name: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// For an image: WebP at each stored width, narrowest first.
    pub variants: Vec<Variant>,
    /// Markdown that shows (an image) or links to (any other file) the upload.
    pub markdown: String,
    /// The post a document is attached to.
    pub post_id: Option<Uuid>,
    /// For a PDF attached to a post: where its text extraction stands.
    pub text_status: Option<TextStatus>,
    pub pages: Option<u32>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredVariant {
    key: String,
    width: u32,
    content_type: String,
}

/// The public URL of a stored name.
pub fn url_of(key: &str) -> String {
    format!("{PUBLIC_PATH}/{key}")
}

/// Whether `name` is one this module could have stored (no paths, no dot files).
pub fn is_stored_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    let hash = stem.split_once('-').map_or(stem, |(h, _)| h);
    let width = stem.split_once('-').map(|(_, w)| w.trim_start_matches('a'));
    hash.len() == 32
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && width.is_none_or(|w| !w.is_empty() && w.len() <= 5 && w.bytes().all(|b| b.is_ascii_digit()))
        && matches!(ext, "png" | "jpg" | "gif" | "webp" | "pdf" | "csv" | "json" | "parquet")
}

/// The media type a stored name is served with.
pub fn content_type_of(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("png") => "image/png",
        Some("jpg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/vnd.apache.parquet",
    }
}

fn markdown_for(kind: UploadKind, name: &str, url: &str) -> String {
    let label: String = name.chars().filter(|c| !"[]()\\<>`*_".contains(*c)).collect::<String>();
    let label = label.trim();
    let label = if label.is_empty() { "file" } else { label };
    match kind {
        UploadKind::Image => format!("![{label}]({url})"),
        _ => format!("[{label}]({url})"),
    }
}

impl From<uploads::Model> for Upload {
    fn from(m: uploads::Model) -> Self {
        let kind = UploadKind::from_db(&m.kind);
        let url = url_of(&m.storage_key);
        let variants: Vec<StoredVariant> = serde_json::from_str(&m.variants).unwrap_or_default();
        Self {
            markdown: markdown_for(kind, &m.original_name, &url),
            id: m.id,
            url,
            kind,
            purpose: if m.purpose == "avatar" { Purpose::Avatar } else { Purpose::Post },
            content_type: m.content_type,
            bytes: m.bytes.max(0) as u64,
            original_name: m.original_name,
            width: m.width.map(|w| w as u32),
            height: m.height.map(|h| h as u32),
            variants: variants.into_iter().map(|v| Variant { url: url_of(&v.key), width: v.width, content_type: v.content_type }).collect(),
            post_id: m.post_id,
            text_status: m.text_status.as_deref().map(TextStatus::from_db),
            pages: m.pages.map(|p| p.max(0) as u32),
            created_at: m.created_at,
        }
    }
}

/// A file as it arrived.
pub struct Incoming {
    pub owner: Uuid,
    pub purpose: Purpose,
    pub post_id: Option<Uuid>,
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A refusal of the file itself: 413 over its kind's limit, 415 for content not accepted.
fn too_large(limit: usize, what: &str) -> ApiError {
    ApiError::FileRefused { status: 413, message: format!("{what} may be at most {} MiB", limit / (1024 * 1024)) }
}

fn refused(message: String) -> ApiError {
    ApiError::FileRefused { status: 415, message }
}

/// Files to store: (name, bytes, media type).
type Files = Vec<(String, Vec<u8>, &'static str)>;

/// Checks, converts and stores an upload, and records it (with the avatar change, for an
/// avatar) in one transaction; a PDF for a post gets its text extracted by a job.
pub async fn accept(app: &AppState, incoming: Incoming) -> Result<Upload, ApiError> {
    let sniffed = sniff::sniff(&incoming.bytes, &incoming.name).map_err(refused)?;
    let size = incoming.bytes.len();
    if incoming.purpose == Purpose::Avatar {
        if sniffed.kind != UploadKind::Image {
            return Err(refused("an avatar must be a PNG, JPEG, GIF or WebP image".into()));
        }
        if size > AVATAR_MAX_BYTES {
            return Err(too_large(AVATAR_MAX_BYTES, "an avatar"));
        }
    } else if size > sniffed.kind.max_bytes() {
        return Err(too_large(sniffed.kind.max_bytes(), &format!("a {} file", sniffed.kind.as_str())));
    }
    let digest: String = Sha256::digest(&incoming.bytes).iter().map(|b| format!("{b:02x}")).collect();
    let hash = digest[..32].to_string();

    let purpose = incoming.purpose;
    let extension = sniffed.extension;
    let (main_key, main_type, width, height, variants, files) = if sniffed.kind == UploadKind::Image {
        let bytes = incoming.bytes;
        let processed = tokio::task::spawn_blocking(move || if purpose == Purpose::Avatar { images::process_avatar(&bytes) } else { images::process(&bytes, extension) })
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("image task: {e}")))?
            .map_err(refused)?;
        let main_key = format!("{hash}{}", processed.fallback.suffix);
        let mut files: Files = vec![(main_key.clone(), processed.fallback.bytes, processed.fallback.content_type)];
        let mut variants = Vec::new();
        for r in processed.webp {
            let key = format!("{hash}{}", r.suffix);
            variants.push(StoredVariant { key: key.clone(), width: r.width, content_type: r.content_type.into() });
            files.push((key, r.bytes, r.content_type));
        }
        (main_key, processed.fallback.content_type, Some(processed.width as i32), Some(processed.height as i32), variants, files)
    } else {
        let key = format!("{hash}.{extension}");
        (key.clone(), sniffed.content_type, None, None, Vec::new(), vec![(key, incoming.bytes, sniffed.content_type)])
    };
    for (key, bytes, content_type) in files {
        app.uploads.put(&key, bytes, content_type).await.map_err(ApiError::Internal)?;
    }

    let document = sniffed.kind == UploadKind::Pdf && incoming.post_id.is_some();
    let now = crate::domain::now();
    let row = uploads::ActiveModel {
        id: Set(Uuid::new_v4()),
        owner_id: Set(Some(incoming.owner)),
        post_id: Set(incoming.post_id),
        purpose: Set(purpose.as_str().into()),
        kind: Set(sniffed.kind.as_str().into()),
        content_type: Set(main_type.into()),
        original_name: Set(clean_name(&incoming.name)),
        bytes: Set(size as i64),
        sha256: Set(digest),
        storage_key: Set(main_key.clone()),
        width: Set(width),
        height: Set(height),
        variants: Set(serde_json::to_string(&variants).unwrap_or_else(|_| "[]".into())),
        text_status: Set(document.then(|| TextStatus::Pending.as_str().into())),
        pages: Set(None),
        created_at: Set(now),
    };
    let txn = crate::db::begin_write(&app.db).await?;
    let stored = row.insert(&txn).await?;
    if purpose == Purpose::Avatar {
        let user = users::ActiveModel { id: Set(incoming.owner), avatar_url: Set(Some(url_of(&main_key))), updated_at: Set(now), ..Default::default() };
        user.update(&txn).await?;
    }
    txn.commit().await?;
    if document && let Err(e) = app.queue.push(documents::ExtractDocument { upload_id: stored.id }).await {
        // The upload stays `pending`; the start-up sweep queues it again.
        tracing::warn!(error = %e, upload = %stored.id, "could not queue text extraction");
    }
    Ok(stored.into())
}

/// A display name for the file: its last path part, printable, at most 200 characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if cleaned.trim().is_empty() { "file".into() } else { cleaned.trim().to_string() }
}

/// Every upload of an account, oldest first (for its data export).
pub async fn of_owner(db: &impl sea_orm::ConnectionTrait, owner: Uuid) -> Result<Vec<Upload>, sea_orm::DbErr> {
    let rows = uploads::Entity::find().filter(uploads::Column::OwnerId.eq(owner)).order_by_asc(uploads::Column::CreatedAt).all(db).await?;
    Ok(rows.into_iter().map(Upload::from).collect())
}

/// Deletes an account's avatars inside the caller's transaction; returns the stored names
/// to remove with [`remove_files`] once it has committed.
pub async fn delete_avatars(db: &impl sea_orm::ConnectionTrait, owner: Uuid) -> Result<Vec<String>, sea_orm::DbErr> {
    let rows = uploads::Entity::find().filter(uploads::Column::OwnerId.eq(owner)).filter(uploads::Column::Purpose.eq(Purpose::Avatar.as_str())).all(db).await?;
    uploads::Entity::delete_many().filter(uploads::Column::OwnerId.eq(owner)).filter(uploads::Column::Purpose.eq(Purpose::Avatar.as_str())).exec(db).await?;
    let mut keys = Vec::new();
    for row in rows {
        keys.push(row.storage_key.clone());
        keys.extend(serde_json::from_str::<Vec<StoredVariant>>(&row.variants).unwrap_or_default().into_iter().map(|v| v.key));
    }
    Ok(keys)
}

/// Removes stored files no upload refers to any more (the same picture uploaded by someone
/// else keeps its files). Best effort: a failure is logged, and the file is orphaned.
pub async fn remove_files(app: &AppState, keys: Vec<String>) {
    // An image's files share its content hash: one check per hash, not per file.
    let mut by_hash: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for key in keys {
        by_hash.entry(key.get(..32).unwrap_or_default().to_string()).or_default().push(key);
    }
    for (hash, keys) in by_hash {
        match uploads::Entity::find().filter(uploads::Column::StorageKey.starts_with(hash.as_str())).one(&app.db).await {
            Ok(None) => {
                for key in keys {
                    if let Err(e) = app.uploads.delete(&key).await {
                        tracing::warn!(error = %e, %key, "could not remove an uploaded file");
                    }
                }
            }
            Ok(Some(_)) => {}
            Err(e) => tracing::warn!(error = %e, %hash, "could not check whether an uploaded file is still used"),
        }
    }
}

/// The documents attached to a post, oldest first.
pub async fn for_post(app: &AppState, post_id: Uuid) -> Result<Vec<Upload>, sea_orm::DbErr> {
    let rows = uploads::Entity::find().filter(uploads::Column::PostId.eq(post_id)).order_by_asc(uploads::Column::CreatedAt).order_by_asc(uploads::Column::Id).all(&app.db).await?;
    Ok(rows.into_iter().map(Upload::from).collect())
}

pub async fn find(app: &AppState, id: Uuid) -> Result<Option<Upload>, sea_orm::DbErr> {
    Ok(uploads::Entity::find_by_id(id).one(&app.db).await?.map(Upload::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_this_module_writes_are_served() {
        let h = "0123456789abcdef0123456789abcdef";
        assert!(is_stored_name(&format!("{h}-960.webp")));
        assert!(is_stored_name(&format!("{h}-a256.png")));
        assert!(is_stored_name(&format!("{h}.pdf")));
        assert!(!is_stored_name("../../etc/passwd"));
        assert!(!is_stored_name(&format!(".{h}.pdf")));
        assert!(!is_stored_name(&format!("{h}.html")));
        assert!(!is_stored_name(&format!("{h}-.png")));
    }

    #[test]
    fn markdown_names_the_file_without_breaking_the_syntax() {
        assert_eq!(markdown_for(UploadKind::Image, "a](x) [b.png", "/uploads/x.png"), "![ax b.png](/uploads/x.png)");
        assert_eq!(markdown_for(UploadKind::Pdf, "paper.pdf", "/uploads/y.pdf"), "[paper.pdf](/uploads/y.pdf)");
    }
}
