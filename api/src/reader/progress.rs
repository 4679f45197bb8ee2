//! Reading progress: the SPA reports how far a reader got and how long they were active;
//! a post read far enough, for long enough, is completed — once, as a recorded fact.

use std::collections::HashMap;

use actix_web::{get, put, web};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::{
    activity,
    auth::AuthUser,
    entities::{posts, reading_progress},
    error::{ApiError, Problem},
    extract::{ValidJson, ValidQuery},
    pagination::{self, Cursor, Page, PageParams, PageRequest},
    posts::dto::PostSummary,
    sql::Sql,
    state::AppState,
};

/// Scrolled at least this far (percent)…
pub const COMPLETION_PERCENT: i32 = 90;
/// …and active for at least this share of the estimated reading time (in percent).
pub const COMPLETION_TIME_SHARE: i32 = 25;
/// One report adds at most this much active time (the SPA reports every few seconds).
const MAX_SECONDS_PER_REPORT: i32 = 300;

/// How far I got in a post, since the last report.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ProgressReport {
    /// The deepest point reached, 0 to 100 (progress never goes back).
    #[schema(minimum = 0, maximum = 100)]
    #[validate(range(min = 0, max = 100, message = "must be between 0 and 100"))]
    #[serde(deserialize_with = "crate::extract::whole_number")]
    pub percent: i32,
    /// Seconds of active reading since the previous report, 0 to 300.
    #[schema(minimum = 0, maximum = 300)]
    #[validate(range(min = 0, max = 300, message = "must be between 0 and 300"))]
    #[serde(deserialize_with = "crate::extract::whole_number")]
    pub active_seconds: i32,
}

/// My progress in one post.
#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    pub post_id: Uuid,
    pub percent: i32,
    /// Total active reading time.
    pub active_seconds: i32,
    pub completed: bool,
    pub completed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl From<&reading_progress::Model> for Progress {
    fn from(p: &reading_progress::Model) -> Self {
        Self {
            post_id: p.post_id,
            percent: p.percent,
            active_seconds: p.active_seconds,
            completed: p.completed_at.is_some(),
            completed_at: p.completed_at,
            updated_at: p.updated_at,
        }
    }
}

/// A post I have started, with my progress in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressEntry {
    pub post: PostSummary,
    pub progress: Progress,
}

/// What I have read, in numbers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressStats {
    pub posts_completed: u64,
    pub posts_in_progress: u64,
    /// Active reading time over every post.
    pub active_seconds: i64,
    /// Completed posts per tag, most first.
    pub by_tag: Vec<TagCompletion>,
}

#[derive(Debug, Serialize, ToSchema, FromQueryResult)]
pub struct TagCompletion {
    pub slug: String,
    pub name: String,
    pub completed: i64,
}

/// My way through a series.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesProgress {
    pub slug: String,
    pub title: String,
    pub total: usize,
    pub completed: usize,
    /// The first post in reading order I have not completed.
    pub next_unread: Option<PostSummary>,
    pub posts: Vec<SeriesPostProgress>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesPostProgress {
    pub post: PostSummary,
    pub percent: i32,
    pub completed: bool,
}

fn is_complete(percent: i32, active_seconds: i32, reading_minutes: i32) -> bool {
    percent >= COMPLETION_PERCENT && active_seconds * 100 >= reading_minutes.max(1) * 60 * COMPLETION_TIME_SHARE
}

/// Record progress; the first report that crosses the threshold completes the post (and,
/// with the last unread post of a series, the series).
#[utoipa::path(
    tag = "reader",
    operation_id = "report_progress",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The post slug")),
    request_body = ProgressReport,
    responses(
        (status = 200, description = "My progress after it", body = Progress),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/progress/{slug}")]
pub async fn report_progress(st: web::Data<AppState>, me: AuthUser, slug: web::Path<String>, ValidJson(body): ValidJson<ProgressReport>) -> Result<web::Json<Progress>, ApiError> {
    let post = super::visible_post(&st.db, &slug).await?;
    let now = crate::domain::now();
    let txn = crate::db::begin_write(&st.db).await?;
    let existing = reading_progress::Entity::find_by_id((me.id, post.id)).one(&txn).await?;
    let (percent, active, completed_at, row) = match existing {
        Some(p) => (p.percent.max(body.percent), p.active_seconds.saturating_add(body.active_seconds.min(MAX_SECONDS_PER_REPORT)), p.completed_at, Some(p)),
        None => (body.percent, body.active_seconds.min(MAX_SECONDS_PER_REPORT), None, None),
    };
    let newly_completed = completed_at.is_none() && is_complete(percent, active, post.reading_minutes);
    let completed_at = if newly_completed { Some(now) } else { completed_at };
    let saved = match row {
        Some(p) => {
            let mut m: reading_progress::ActiveModel = p.into();
            m.percent = Set(percent);
            m.active_seconds = Set(active);
            m.completed_at = Set(completed_at);
            m.updated_at = Set(now);
            m.update(&txn).await?
        }
        None => {
            let m = reading_progress::ActiveModel {
                user_id: Set(me.id),
                post_id: Set(post.id),
                percent: Set(percent),
                active_seconds: Set(active),
                completed_at: Set(completed_at),
                created_at: Set(now),
                updated_at: Set(now),
            };
            m.insert(&txn).await?
        }
    };
    if newly_completed {
        activity::record(&txn, me.id, activity::POST_COMPLETED, post.id, Some(post.id)).await?;
        if let Some(series_id) = post.series_id
            && series_complete(&txn, me.id, series_id, now).await?
        {
            activity::record(&txn, me.id, activity::SERIES_COMPLETED, series_id, None).await?;
        }
    }
    txn.commit().await?;
    Ok(web::Json(Progress::from(&saved)))
}

/// True when `user` has completed every published post of the series.
async fn series_complete(db: &impl ConnectionTrait, user: Uuid, series_id: Uuid, now: DateTime<Utc>) -> Result<bool, ApiError> {
    let published: Vec<Uuid> = posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .filter(posts::Column::SeriesId.eq(series_id))
        .filter(posts::Column::PublishedAt.lte(now))
        .into_tuple()
        .all(db)
        .await?;
    let done = reading_progress::Entity::find()
        .filter(reading_progress::Column::UserId.eq(user))
        .filter(reading_progress::Column::PostId.is_in(published.iter().copied()))
        .filter(reading_progress::Column::CompletedAt.is_not_null())
        .count(db)
        .await?;
    Ok(!published.is_empty() && done as usize == published.len())
}

/// Posts I have started, most recently read first.
#[utoipa::path(
    tag = "reader",
    operation_id = "list_progress",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of my progress", body = Page<ProgressEntry>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/progress")]
pub async fn list_progress(st: web::Data<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<PageParams>) -> Result<web::Json<Page<ProgressEntry>>, ApiError> {
    let page = PageRequest::try_from(&q)?;
    let mut query = reading_progress::Entity::find().filter(reading_progress::Column::UserId.eq(me.id));
    if let Some(c) = page.after {
        query = query.filter(pagination::after(reading_progress::Column::UpdatedAt, reading_progress::Column::PostId, c));
    }
    let mut rows = query.order_by_desc(reading_progress::Column::UpdatedAt).order_by_desc(reading_progress::Column::PostId).limit(page.limit + 1).all(&st.db).await?;
    let next_cursor = pagination::split_page(&mut rows, page.limit, |p| Cursor { at: p.updated_at, id: p.post_id });
    let ids: Vec<Uuid> = rows.iter().map(|p| p.post_id).collect();
    let mut posts = crate::posts::service::published_summaries(&st.db, &ids).await?;
    let items = rows.iter().filter_map(|p| posts.remove(&p.post_id).map(|post| ProgressEntry { post, progress: p.into() })).collect();
    Ok(web::Json(Page { items, next_cursor }))
}

/// Posts completed, time spent, and completions per tag.
#[utoipa::path(
    tag = "reader",
    operation_id = "progress_stats",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "My reading in numbers", body = ProgressStats),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/reading-stats")]
pub async fn progress_stats(st: web::Data<AppState>, me: AuthUser) -> Result<web::Json<ProgressStats>, ApiError> {
    let backend = st.db.get_database_backend();
    let (completed, started, seconds): (i64, i64, Option<i64>) = reading_progress::Entity::find()
        .select_only()
        .column_as(reading_progress::Column::CompletedAt.count(), "completed")
        .column_as(reading_progress::Column::PostId.count(), "started")
        .column_as(reading_progress::Column::ActiveSeconds.sum(), "seconds")
        .filter(reading_progress::Column::UserId.eq(me.id))
        .into_tuple()
        .one(&st.db)
        .await?
        .unwrap_or((0, 0, None));
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT t.slug AS slug, t.name AS name, COUNT(*) AS completed FROM reading_progress rp \
         JOIN post_tags pt ON pt.post_id = rp.post_id JOIN tags t ON t.id = pt.tag_id \
         WHERE rp.user_id = ",
    )
    .bind(me.id)
    .push(" AND rp.completed_at IS NOT NULL GROUP BY t.slug, t.name ORDER BY completed DESC, t.slug LIMIT 50");
    let by_tag = TagCompletion::find_by_statement(sql.build()).all(&st.db).await?;
    Ok(web::Json(ProgressStats { posts_completed: completed as u64, posts_in_progress: (started - completed).max(0) as u64, active_seconds: seconds.unwrap_or(0), by_tag }))
}

/// My way through a series: n of m, what to read next, each post's state.
#[utoipa::path(
    tag = "reader",
    operation_id = "series_progress",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The series slug")),
    responses(
        (status = 200, description = "My progress in the series", body = SeriesProgress),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such series", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/progress/series/{slug}")]
pub async fn series_progress(st: web::Data<AppState>, me: AuthUser, slug: web::Path<String>) -> Result<web::Json<SeriesProgress>, ApiError> {
    let series = crate::series::repo::find_by_slug(&st.db, &slug).await?.ok_or(ApiError::NotFound("series"))?;
    let posts = crate::posts::service::published_in_series(&st.db, series.id).await?;
    let mine: HashMap<Uuid, reading_progress::Model> = reading_progress::Entity::find()
        .filter(reading_progress::Column::UserId.eq(me.id))
        .filter(reading_progress::Column::PostId.is_in(posts.iter().map(|p| p.id)))
        .all(&st.db)
        .await?
        .into_iter()
        .map(|p| (p.post_id, p))
        .collect();
    let posts: Vec<SeriesPostProgress> = posts
        .into_iter()
        .map(|post| {
            let p = mine.get(&post.id);
            SeriesPostProgress { percent: p.map_or(0, |p| p.percent), completed: p.is_some_and(|p| p.completed_at.is_some()), post }
        })
        .collect();
    let completed = posts.iter().filter(|p| p.completed).count();
    let next_unread = posts.iter().find(|p| !p.completed).map(|p| p.post.clone());
    Ok(web::Json(SeriesProgress { slug: series.slug, title: series.title, total: posts.len(), completed, next_unread, posts }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_needs_depth_and_time() {
        assert!(is_complete(90, 150, 10));
        assert!(!is_complete(89, 10_000, 10), "not far enough");
        assert!(!is_complete(100, 149, 10), "skimmed a ten-minute post in two minutes");
        assert!(is_complete(100, 15, 0), "a post under a minute still needs a few seconds");
    }
}
