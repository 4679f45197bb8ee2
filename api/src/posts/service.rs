//! Post rules: visibility, the paywall, slugs, tags, series placement and publishing.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, IntoActiveModel, SqlErr, TransactionTrait,
};
use uuid::Uuid;

use super::{
    dto::{AdminPostResponse, AdminPostSummary, CreatePostRequest, PostLink, PostResponse, PostSummary, SeriesNav, TagRef, UpdatePostRequest},
    repo::{self, PostListRow, PublicFilter, StatusFilter},
};
use crate::{
    auth::AuthUser,
    domain::{Difficulty, PostStatus, Slug, now, slugify, truncate},
    entities::posts,
    error::ApiError,
    feeds,
    markdown,
    pagination::{Cursor, Page, PageRequest, paginate, split_page},
    search, series, tags,
};

/// Public list filters as given in the query string.
pub struct ListFilter<'a> {
    pub tag: Option<&'a str>,
    pub series: Option<&'a str>,
    pub difficulty: Option<Difficulty>,
}

/// Turns list rows (their tags already aggregated) into summaries.
fn summaries(rows: Vec<PostListRow>) -> Result<Vec<PostSummary>, ApiError> {
    rows.into_iter()
        .map(|r| {
            Ok(PostSummary {
                tags: repo::tag_refs(&r.tags)?,
                author_name: r.author_name,
                id: r.id,
                slug: r.slug,
                title: r.title,
                summary: r.summary,
                difficulty: Difficulty::from_db(&r.difficulty),
                premium: r.premium,
                reading_minutes: r.reading_minutes,
                published_at: r.published_at,
            })
        })
        .collect()
}

pub async fn list_published(db: &impl ConnectionTrait, filter: ListFilter<'_>, page: PageRequest) -> Result<Page<PostSummary>, ApiError> {
    let empty = || Page { items: Vec::new(), next_cursor: None };
    let tag_id = match filter.tag {
        Some(slug) => match tags::repo::find_by_slug(db, slug).await? {
            Some(t) => Some(t.id),
            None => return Ok(empty()),
        },
        None => None,
    };
    let series_id = match filter.series {
        Some(slug) => match series::repo::find_by_slug(db, slug).await? {
            Some(s) => Some(s.id),
            None => return Ok(empty()),
        },
        None => None,
    };
    let filter = PublicFilter { tag_id, series_id, difficulty: filter.difficulty.map(Difficulty::as_str) };
    let mut rows = repo::list_published(db, filter, page, Utc::now()).await?;
    let next_cursor = split_page(&mut rows, page.limit, |r| Cursor { at: r.published_at, id: r.id });
    Ok(Page { items: summaries(rows)?, next_cursor })
}

/// Summaries of the published posts among `ids`, by id (drafts and scheduled posts absent).
pub async fn published_summaries(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<std::collections::HashMap<Uuid, PostSummary>, ApiError> {
    let rows = repo::list_published_by_ids(db, ids, Utc::now()).await?;
    Ok(summaries(rows)?.into_iter().map(|s| (s.id, s)).collect())
}

pub async fn published_in_series(db: &impl ConnectionTrait, series_id: Uuid) -> Result<Vec<PostSummary>, ApiError> {
    let rows = repo::list_published_in_series(db, series_id, Utc::now()).await?;
    summaries(rows)
}

/// A published post; premium bodies only for readers who may read them.
pub async fn get_published(db: &impl ConnectionTrait, slug: &str, reader: Option<&AuthUser>) -> Result<PostResponse, ApiError> {
    let full = reader.is_some_and(AuthUser::can_read_premium);
    let row = repo::find_published_page(db, slug, Utc::now(), full).await?.ok_or(ApiError::NotFound("post"))?;
    let link = |json: Option<String>| json.map(|j| serde_json::from_str::<PostLink>(&j)).transpose().map_err(|e| ApiError::Internal(e.into()));
    let series = match (row.series_slug, row.series_title, row.series_before, row.series_total) {
        (Some(slug), Some(title), Some(before), Some(total)) if total > 0 => Some(SeriesNav {
            slug,
            title,
            position: u32::try_from(before + 1).unwrap_or(u32::MAX),
            total: u32::try_from(total).unwrap_or(u32::MAX),
            prev: link(row.series_prev)?,
            next: link(row.series_next)?,
        }),
        _ => None,
    };
    Ok(PostResponse {
        id: row.id,
        python_cells: crate::markdown::python_cells(&row.html).into_iter().enumerate().map(|(i, hidden)| super::dto::PythonCell { index: i as u32, hidden }).collect(),
        html: row.html,
        locked: row.premium && !full,
        slug: row.slug,
        title: row.title,
        summary: row.summary,
        difficulty: Difficulty::from_db(&row.difficulty),
        premium: row.premium,
        reading_minutes: row.reading_minutes,
        published_at: row.published_at,
        updated_at: row.updated_at,
        author_name: row.author_name,
        tags: repo::tag_refs(&row.tags)?,
        series,
    })
}

/// When cached public pages must end because a scheduled post becomes visible.
pub async fn visible_until(db: &impl ConnectionTrait) -> Result<Option<DateTime<Utc>>, ApiError> {
    Ok(repo::next_scheduled(db, Utc::now()).await?)
}

// ---- admin ----

impl AdminPostSummary {
    pub fn from_model(p: posts::Model, now: DateTime<Utc>) -> Self {
        Self {
            status: PostStatus::effective(&p.status, p.published_at, now),
            id: p.id,
            slug: p.slug,
            title: p.title,
            published_at: p.published_at,
            premium: p.premium,
            difficulty: Difficulty::from_db(&p.difficulty),
            updated_at: p.updated_at,
        }
    }
}

fn admin_response(p: posts::Model, tags: Vec<TagRef>) -> AdminPostResponse {
    AdminPostResponse {
        status: PostStatus::effective(&p.status, p.published_at, Utc::now()),
        id: p.id,
        slug: p.slug,
        title: p.title,
        summary: p.summary,
        markdown: p.markdown,
        html: p.html,
        published_at: p.published_at,
        difficulty: Difficulty::from_db(&p.difficulty),
        premium: p.premium,
        reading_minutes: p.reading_minutes,
        tags,
        series_id: p.series_id,
        series_position: p.series_position,
        created_at: p.created_at,
        updated_at: p.updated_at,
    }
}

pub async fn list_admin(db: &impl ConnectionTrait, status: Option<PostStatus>, page: PageRequest) -> Result<Page<AdminPostSummary>, ApiError> {
    let now = Utc::now();
    let filter = status.map(|s| match s {
        PostStatus::Draft => StatusFilter::Draft,
        PostStatus::Scheduled => StatusFilter::Scheduled,
        PostStatus::Published => StatusFilter::Published,
    });
    let rows = repo::list_admin(db, filter, page, now).await?;
    Ok(paginate(rows, page.limit, |p| Cursor { at: p.updated_at, id: p.id }, |p| AdminPostSummary::from_model(p, now)))
}

pub async fn get_admin(db: &impl ConnectionTrait, id: Uuid) -> Result<AdminPostResponse, ApiError> {
    let post = repo::find_by_id(db, id).await?.ok_or(ApiError::NotFound("post"))?;
    let tags = repo::tags_for_posts(db, &[id]).await?.remove(&id).unwrap_or_default();
    Ok(admin_response(post, tags))
}

/// `(slug, name)` pairs for tag names or slugs, without duplicates.
fn tag_pairs(raw: &[String]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for name in raw {
        let slug = slugify(name);
        if !slug.is_empty() && !pairs.iter().any(|(s, _)| *s == slug) {
            pairs.push((slug, name.trim().to_string()));
        }
    }
    pairs
}

/// A requested slug, checked: 409 when another post has it.
async fn requested_slug(db: &impl ConnectionTrait, raw: &str, current: Option<Uuid>) -> Result<String, ApiError> {
    let slug = Slug::parse("slug", raw).map_err(|e| ApiError::Validation(vec![e]))?;
    match repo::slug_owner(db, slug.as_str()).await? {
        Some(owner) if Some(owner) != current => Err(slug_taken(slug.as_str())),
        _ => Ok(slug.into_inner()),
    }
}

fn slug_taken(slug: &str) -> ApiError {
    ApiError::Conflict(format!("the post slug {slug:?} is taken"))
}

/// The slug a title gives, short enough to take a `-N` suffix.
fn title_slug(title: &str) -> String {
    let base: String = Slug::from_title(title, "post").into_inner().chars().take(Slug::MAX - 6).collect();
    base.trim_end_matches('-').to_string()
}

/// `base` if no post has it, else the first free `base-N`.
async fn first_free_slug(db: &impl ConnectionTrait, base: &str) -> Result<String, ApiError> {
    let taken = repo::slugs_with_prefix(db, base).await?;
    if !taken.iter().any(|s| s == base) {
        return Ok(base.to_string());
    }
    let n = (2..).find(|n| !taken.contains(&format!("{base}-{n}"))).unwrap_or(2);
    Ok(format!("{base}-{n}"))
}

/// How many times a create picks a title slug again after a concurrent create took it
/// first. The lock in [`insert_post`] makes a second pick almost always the last.
const SLUG_ATTEMPTS: usize = 5;

/// Inserts `post` under the requested slug (409 when taken) or, without one, under the first
/// free slug its title gives. Two creates with the same title at once both see the same free
/// slug; the one that inserts second gets a unique violation, and picks again inside a
/// savepoint so the transaction survives it (PostgreSQL aborts a transaction on a failed
/// statement). Each pick first locks the post holding the bare title slug, so creates of one
/// title wait for each other and pick in turn instead of colliding again. On SQLite the write
/// transaction already runs alone and the first pick stands.
async fn insert_post(txn: &DatabaseTransaction, requested: Option<&str>, title: &str, mut post: posts::ActiveModel) -> Result<posts::Model, ApiError> {
    if let Some(raw) = requested {
        let slug = requested_slug(txn, raw, None).await?;
        post.slug = Set(slug.clone());
        return posts::Entity::insert(post).exec_with_returning(txn).await.map_err(|e| match ApiError::from(e) {
            ApiError::Conflict(_) => slug_taken(&slug),
            other => other,
        });
    }
    let base = title_slug(title);
    for _ in 0..SLUG_ATTEMPTS {
        let savepoint = txn.begin().await?;
        repo::lock_slug(&savepoint, &base).await?;
        post.slug = Set(first_free_slug(&savepoint, &base).await?);
        match posts::Entity::insert(post.clone()).exec_with_returning(&savepoint).await {
            Ok(inserted) => {
                savepoint.commit().await?;
                return Ok(inserted);
            }
            // The id is fresh, so the slug is the only unique value that can clash.
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => savepoint.rollback().await?,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict(format!("posts titled like this are being created faster than slugs can be numbered; try again or give a slug other than {base:?}")))
}

async fn check_series(db: &impl ConnectionTrait, series_id: Uuid) -> Result<(), ApiError> {
    series::repo::find_by_id(db, series_id).await?.map(|_| ()).ok_or_else(|| ApiError::field("series_id", "no series has this id"))
}

/// Status and publication time for a requested `published_at`: none is a draft, a future
/// time is scheduled, a past one is published (backdated).
fn schedule(published_at: Option<DateTime<Utc>>, at: DateTime<Utc>) -> (PostStatus, Option<DateTime<Utc>>) {
    match published_at.map(truncate) {
        None => (PostStatus::Draft, None),
        Some(t) if t > at => (PostStatus::Scheduled, Some(t)),
        Some(t) => (PostStatus::Published, Some(t)),
    }
}

pub async fn create(db: &DatabaseConnection, author_id: Uuid, req: CreatePostRequest) -> Result<AdminPostResponse, ApiError> {
    let rendered = markdown::render(&req.markdown);
    let at = now();
    let (status, published_at) = schedule(req.published_at, at);
    let txn = crate::db::begin_write(db).await?;
    let (series_id, series_position) = match req.series_id {
        Some(sid) => {
            check_series(&txn, sid).await?;
            (Some(sid), Some(repo::next_series_position(&txn, sid).await?))
        }
        None => (None, None),
    };
    let post = posts::ActiveModel {
        id: Set(Uuid::now_v7()),
        slug: NotSet,
        title: Set(req.title.trim().to_string()),
        summary: Set(req.summary.unwrap_or_default().trim().to_string()),
        markdown: Set(req.markdown),
        html: Set(rendered.html),
        teaser_html: Set(rendered.teaser_html),
        status: Set(status.as_str().into()),
        published_at: Set(published_at),
        difficulty: Set(req.difficulty.unwrap_or_default().as_str().into()),
        premium: Set(req.premium.unwrap_or(false)),
        reading_minutes: Set(rendered.reading_minutes),
        author_id: Set(author_id),
        series_id: Set(series_id),
        series_position: Set(series_position),
        created_at: Set(at),
        updated_at: Set(at),
    };
    let post = insert_post(&txn, req.slug.as_deref(), &req.title, post).await?;
    crate::revisions::record(&txn, post.id, Some(author_id), &post.title, &post.markdown).await?;
    let tag_ids = tags::repo::ensure(&txn, &tag_pairs(req.tags.as_deref().unwrap_or_default())).await?;
    repo::set_tags(&txn, post.id, &tag_ids).await?;
    let tags = repo::tags_for_posts(&txn, &[post.id]).await?.remove(&post.id).unwrap_or_default();
    search::index::sync_post(&txn, &post, &tag_names(&tags)).await?;
    // A draft is in no feed; a published or scheduled post changes them (or their expiry).
    if published_at.is_some() {
        feeds::invalidate(&txn).await?;
    }
    txn.commit().await?;
    Ok(admin_response(post, tags))
}

fn tag_names(tags: &[TagRef]) -> Vec<String> {
    tags.iter().map(|t| t.name.clone()).collect()
}

fn slug_conflict(e: sea_orm::DbErr) -> ApiError {
    match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("the post slug is taken".into()),
        other => other,
    }
}

/// Changes a post; a change to its title or text keeps a revision saved by `actor`.
pub async fn update(db: &DatabaseConnection, id: Uuid, req: UpdatePostRequest, actor: Option<Uuid>) -> Result<AdminPostResponse, ApiError> {
    let txn = crate::db::begin_write(db).await?;
    let post = repo::find_by_id(&txn, id).await?.ok_or(ApiError::NotFound("post"))?;
    let mut active = post.clone().into_active_model();
    if let Some(title) = &req.title {
        active.title = Set(title.trim().to_string());
    }
    if let Some(raw) = &req.slug {
        active.slug = Set(requested_slug(&txn, raw, Some(id)).await?);
    }
    if let Some(summary) = &req.summary {
        active.summary = Set(summary.trim().to_string());
    }
    if let Some(md) = req.markdown {
        let rendered = markdown::render(&md);
        active.markdown = Set(md);
        active.html = Set(rendered.html);
        active.teaser_html = Set(rendered.teaser_html);
        active.reading_minutes = Set(rendered.reading_minutes);
    }
    if let Some(d) = req.difficulty {
        active.difficulty = Set(d.as_str().into());
    }
    if let Some(p) = req.premium {
        active.premium = Set(p);
    }
    if let Some(series_id) = req.series_id
        && series_id != post.series_id
    {
        let position = match series_id {
            Some(sid) => {
                check_series(&txn, sid).await?;
                Some(repo::next_series_position(&txn, sid).await?)
            }
            None => None,
        };
        active.series_id = Set(series_id);
        active.series_position = Set(position);
    }
    if let Some(published_at) = req.published_at {
        let (status, at) = schedule(published_at, now());
        active.status = Set(status.as_str().into());
        active.published_at = Set(at);
    }
    active.updated_at = Set(now());
    let (old_slug, was_out) = (post.slug.clone(), post.published_at.is_some_and(|at| at <= now()));
    let post = active.update(&txn).await.map_err(slug_conflict)?;
    // Readers and search engines may hold the old address of a post that was out.
    if was_out && post.slug != old_slug {
        crate::redirects::record_rename(&txn, &old_slug, &post.slug).await?;
    }
    crate::revisions::record(&txn, id, actor, &post.title, &post.markdown).await?;
    if let Some(names) = &req.tags {
        let tag_ids = tags::repo::ensure(&txn, &tag_pairs(names)).await?;
        repo::set_tags(&txn, id, &tag_ids).await?;
    }
    let tags = repo::tags_for_posts(&txn, &[id]).await?.remove(&id).unwrap_or_default();
    search::index::sync_post(&txn, &post, &tag_names(&tags)).await?;
    feeds::invalidate(&txn).await?;
    txn.commit().await?;
    Ok(admin_response(post, tags))
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), ApiError> {
    let txn = crate::db::begin_write(db).await?;
    repo::set_tags(&txn, id, &[]).await?;
    search::index::remove_post(&txn, id).await?;
    let deleted = posts::Entity::delete_by_id(id).exec(&txn).await?.rows_affected;
    if deleted == 0 {
        return Err(ApiError::NotFound("post"));
    }
    feeds::invalidate(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes now, or at `at` (scheduling it when in the future).
pub async fn publish(db: &DatabaseConnection, id: Uuid, at: Option<DateTime<Utc>>) -> Result<AdminPostResponse, ApiError> {
    let when = at.unwrap_or_else(now);
    let req = UpdatePostRequest { published_at: Some(Some(when)), ..Default::default() };
    update(db, id, req, None).await
}

pub async fn unpublish(db: &DatabaseConnection, id: Uuid) -> Result<AdminPostResponse, ApiError> {
    update(db, id, UpdatePostRequest { published_at: Some(None), ..Default::default() }, None).await
}
