//! A PDF attached to a post is a document readers study with it: a job extracts its text
//! page by page (pdf-extract, pure Rust), stores the pages, and re-chunks the post so the
//! pages join its search index and Ask AI sources, cited as "paper.pdf, page 3". A PDF
//! without a text layer (a scan) is marked `no_text` and says so to the editor.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::TextStatus;
use crate::{
    ai::chunk::{self, Chunk},
    entities::{posts, uploads},
    jobs::{Job, JobContext, JobKind},
    sql::Sql,
    state::AppState,
};

/// Extract the text of one uploaded PDF into its post's sources (a no-op unless it is
/// still `pending`, so a repeated job does nothing).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExtractDocument {
    pub upload_id: Uuid,
}

impl Job for ExtractDocument {
    const KIND: JobKind = JobKind::ExtractDocument;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        extract(app, self.upload_id).await
    }
}

/// Text as pdf-extract gives it, tidied: trailing spaces gone, runs of blank lines folded
/// to one paragraph break.
fn tidy(page: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in page.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        out.push_str(line.trim_start());
    }
    out
}

/// The pages of a PDF with text on them, numbered from 1; `Err` when it cannot be read.
pub fn pages_of(bytes: &[u8]) -> Result<Vec<(i32, String)>, String> {
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(|e| e.to_string())?;
    Ok(pages.iter().enumerate().map(|(i, text)| (i as i32 + 1, tidy(text))).filter(|(_, text)| !text.is_empty()).collect())
}

pub async fn extract(app: &AppState, upload_id: Uuid) -> anyhow::Result<()> {
    let Some(upload) = uploads::Entity::find_by_id(upload_id).one(&app.db).await? else { return Ok(()) };
    let Some(post_id) = upload.post_id else { return Ok(()) };
    if upload.text_status.as_deref() != Some(TextStatus::Pending.as_str()) {
        return Ok(());
    }
    let Some(bytes) = app.uploads.read(&upload.storage_key).await? else {
        anyhow::bail!("the stored file {} is missing", upload.storage_key);
    };
    // A malformed PDF may panic the parser: that is a failed document, not a dead worker.
    let parsed = tokio::task::spawn_blocking(move || std::panic::catch_unwind(|| pages_of(&bytes))).await?;
    let (status, pages, total) = match parsed {
        Ok(Ok(pages)) if pages.is_empty() => (TextStatus::NoText, pages, None),
        Ok(Ok(pages)) => {
            let last = pages.last().map(|(n, _)| *n);
            (TextStatus::Ready, pages, last)
        }
        Ok(Err(e)) => {
            tracing::warn!(upload = %upload_id, error = %e, "PDF text extraction failed");
            (TextStatus::Failed, Vec::new(), None)
        }
        Err(_) => {
            tracing::warn!(upload = %upload_id, "PDF text extraction panicked");
            (TextStatus::Failed, Vec::new(), None)
        }
    };

    let txn = crate::db::begin_write(&app.db).await?;
    let backend = txn.get_database_backend();
    let mut clear = Sql::new(backend);
    clear.push("DELETE FROM document_pages WHERE upload_id = ").bind(upload_id);
    txn.execute_raw(clear.build()).await?;
    for batch in pages.chunks(100) {
        let mut insert = Sql::new(backend);
        insert.push("INSERT INTO document_pages (upload_id, post_id, page, body) VALUES ");
        for (i, (page, body)) in batch.iter().enumerate() {
            if i > 0 {
                insert.push(", ");
            }
            insert.push("(").bind(upload_id).push(", ").bind(post_id).push(", ").bind(*page).push(", ").bind(body.clone()).push(")");
        }
        txn.execute_raw(insert.build()).await?;
    }
    uploads::ActiveModel { id: Set(upload_id), text_status: Set(Some(status.as_str().into())), pages: Set(total), ..Default::default() }.update(&txn).await?;
    crate::search::index::reindex_post(&txn, post_id).await?;
    txn.commit().await?;
    if status == TextStatus::Ready
        && let Some(post) = posts::Entity::find_by_id(post_id).one(&app.db).await?
    {
        crate::publishing::content_changed(app, "document", &[post_id], &[post.slug.as_str()]).await;
    }
    Ok(())
}

/// The chunks of every document attached to a post, numbered after the post's own.
pub async fn chunks_for_post<C: ConnectionTrait>(db: &C, post_id: Uuid, premium: bool, first_position: i32) -> Result<Vec<Chunk>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT u.original_name, d.page, d.body FROM document_pages d JOIN uploads u ON u.id = d.upload_id WHERE d.post_id = ")
        .bind(post_id)
        .push(" ORDER BY u.created_at, u.id, d.page");
    let mut chunks = Vec::new();
    for row in db.query_all_raw(sql.build()).await? {
        let name: String = row.try_get("", "original_name")?;
        let page: i32 = row.try_get("", "page")?;
        let body: String = row.try_get("", "body")?;
        chunks.extend(chunk::chunk_document_page(first_position + chunks.len() as i32, &name, page, &body, premium));
    }
    Ok(chunks)
}

/// At start: documents left `pending` (a job lost before it was queued) are queued again.
pub async fn queue_pending(app: &AppState) -> anyhow::Result<()> {
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let ids: Vec<Uuid> =
        uploads::Entity::find().select_only().column(uploads::Column::Id).filter(uploads::Column::TextStatus.eq(TextStatus::Pending.as_str())).into_tuple().all(&app.db).await?;
    for upload_id in ids {
        app.queue.push(ExtractDocument { upload_id }).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_folds_blank_runs_into_paragraphs() {
        assert_eq!(tidy("  One line  \nnext\n\n\n\nNew para \n\n"), "One line\nnext\n\nNew para");
        assert_eq!(tidy("\n\n \n"), "");
    }
}
