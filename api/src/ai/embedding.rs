//! Keeping chunk embeddings current: the `embed_post` job (a subscriber of content changes),
//! the `reindex` job and command, and the index status admins see.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    ai::chunk,
    entities::posts,
    jobs::{EmbedPost, Job, JobContext, JobKind, Reindex},
    search::{self, vectors::to_bytes},
    sql::Sql,
    state::AppState,
};

/// Chunks embedded per call to the model.
const EMBED_BATCH: usize = 16;
/// Posts re-chunked per transaction by a full reindex.
const REINDEX_BATCH: u64 = 100;

struct Pending {
    id: i64,
    text_hash: String,
    heading: String,
    body: String,
}

/// Embeds `post_id`'s chunks that have no vector of the current model. Returns how many it
/// embedded; 0 when there is no model or nothing to do.
pub async fn embed_post(app: &AppState, post_id: Uuid) -> anyhow::Result<usize> {
    let Ok(embedder) = app.ai.embedder() else { return Ok(0) };
    let model = embedder.model_id().to_string();
    let db = &app.db;
    let Some(post) = posts::Entity::find_by_id(post_id).one(db).await? else { return Ok(0) };
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT id, text_hash, heading, body FROM post_chunks WHERE post_id = ")
        .bind(post_id)
        .push(" AND (embedding IS NULL OR embedding_model IS NULL OR embedding_model <> ")
        .bind(model.clone())
        .push(") ORDER BY position");
    let pending: Vec<Pending> = db
        .query_all_raw(sql.build())
        .await?
        .iter()
        .map(|r| Ok(Pending { id: r.try_get("", "id")?, text_hash: r.try_get("", "text_hash")?, heading: r.try_get("", "heading")?, body: r.try_get("", "body")? }))
        .collect::<Result<_, DbErr>>()?;
    if pending.is_empty() {
        return Ok(0);
    }
    for batch in pending.chunks(EMBED_BATCH) {
        let inputs = batch.iter().map(|c| chunk::embedding_input(&post.title, &c.heading, &c.body)).collect();
        let vectors = embedder.embed(inputs).await?;
        anyhow::ensure!(vectors.len() == batch.len(), "the embedder returned {} vectors for {} texts", vectors.len(), batch.len());
        for (c, v) in batch.iter().zip(vectors) {
            // A chunk rewritten since it was read keeps waiting for its own job.
            let mut update = Sql::new(db.get_database_backend());
            update
                .push("UPDATE post_chunks SET embedding = ")
                .bind(to_bytes(&v))
                .push(", embedding_model = ")
                .bind(model.clone())
                .push(" WHERE id = ")
                .bind(c.id)
                .push(" AND text_hash = ")
                .bind(c.text_hash.clone());
            db.execute_raw(update.build()).await?;
        }
    }
    app.ai.vectors_changed(db, post_id).await;
    Ok(pending.len())
}

impl Job for EmbedPost {
    const KIND: JobKind = JobKind::EmbedPost;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        embed_post(app, self.post_id).await.map(|_| ())
    }
}

impl Job for Reindex {
    const KIND: JobKind = JobKind::Reindex;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        reindex(app, self.full, |done, total| tracing::info!(done, total, "reindex")).await.map(|_| ())
    }
}

/// What a reindex did.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReindexReport {
    pub posts: usize,
    pub chunks_embedded: usize,
}

/// Re-chunks every post (`full`) and embeds every chunk that lacks a vector of the current
/// model, calling `progress(posts done, posts in all)` as it goes.
pub async fn reindex(app: &AppState, full: bool, progress: impl Fn(usize, usize)) -> anyhow::Result<ReindexReport> {
    let db = &app.db;
    let ids: Vec<Uuid> = posts::Entity::find().select_only().column(posts::Column::Id).order_by_asc(posts::Column::Id).into_tuple().all(db).await?;
    let mut report = ReindexReport { posts: ids.len(), chunks_embedded: 0 };
    if full {
        for batch in ids.chunks(REINDEX_BATCH as usize) {
            let txn = crate::db::begin_write(db).await?;
            for id in batch {
                search::index::reindex_post(&txn, *id).await?;
            }
            txn.commit().await?;
        }
    }
    for (i, id) in ids.iter().enumerate() {
        report.chunks_embedded += embed_post(app, *id).await?;
        progress(i + 1, ids.len());
    }
    Ok(report)
}

/// The search index at a glance, for admins and `/readyz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndexStatus {
    /// The model new vectors come from (`builtin:all-MiniLM-L6-v2`, `openai:<model>`), or
    /// `null` without one.
    pub model: Option<String>,
    /// Why there is no model, and how to get one.
    pub model_missing: Option<String>,
    pub posts_indexed: u64,
    pub chunks: u64,
    /// Chunks with a vector of the current model.
    pub chunks_embedded: u64,
    /// Posts with at least one chunk still waiting for a vector of the current model.
    pub posts_waiting: u64,
    /// Chunks the in-process vector index holds.
    pub vectors_loaded: u64,
}

pub async fn status(app: &AppState) -> Result<IndexStatus, DbErr> {
    let db = &app.db;
    let model = app.ai.model_id().map(str::to_string);
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT (SELECT COUNT(*) FROM search_documents) AS docs, COUNT(*) AS chunks, COALESCE(SUM(CASE WHEN embedding_model = ")
        .bind(model.clone().unwrap_or_default())
        .push(" THEN 1 ELSE 0 END), 0) AS embedded, COUNT(DISTINCT CASE WHEN embedding_model IS NULL OR embedding_model <> ")
        .bind(model.clone().unwrap_or_default())
        .push(" THEN post_id END) AS waiting FROM post_chunks");
    let row = db.query_one_raw(sql.build()).await?.ok_or_else(|| DbErr::RecordNotFound("counts".into()))?;
    let count = |col: &str| row.try_get::<i64>("", col).map(|n| n.max(0) as u64);
    Ok(IndexStatus {
        posts_indexed: count("docs")?,
        chunks: count("chunks")?,
        chunks_embedded: count("embedded")?,
        posts_waiting: if model.is_some() { count("waiting")? } else { 0 },
        vectors_loaded: app.ai.vectors.status().1 as u64,
        model_missing: app.ai.missing_model().map(str::to_string),
        model,
    })
}

/// Subscriber: each changed post gets an `embed_post` job (a no-op for unchanged chunks).
pub async fn on_content_change(app: &AppState, change: crate::publishing::ContentChange<'_>) {
    if app.ai.model_id().is_none() {
        return;
    }
    for post_id in change.post_ids {
        if let Err(e) = app.queue.push(EmbedPost { post_id: *post_id }).await {
            tracing::warn!(error = %e, %post_id, "could not queue embedding");
        }
    }
}

/// At start: chunks written without their embedding (seeded posts, a changed model, a job
/// lost before it was queued) get one `reindex` job to catch up.
pub async fn queue_pending(app: &AppState) -> anyhow::Result<()> {
    if app.ai.model_id().is_none() {
        return Ok(());
    }
    let waiting = status(app).await?.posts_waiting;
    if waiting > 0 {
        tracing::info!(posts = waiting, "posts wait for embeddings; queueing a reindex");
        app.queue.push(Reindex { full: false, requested_at: chrono::Utc::now() }).await?;
    }
    Ok(())
}
