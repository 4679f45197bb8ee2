//! Series rules: unique slugs, reading order, published-only views for readers.

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::{
    dto::{AdminSeriesResponse, SeriesResponse, SeriesSummary},
    repo,
};
use crate::{
    domain::{Slug, slugify},
    error::ApiError,
    feeds,
    pagination::{Cursor, Page, PageRequest, paginate},
    posts::{self, dto::AdminPostSummary},
};

fn summary(s: repo::SeriesCount) -> SeriesSummary {
    SeriesSummary { id: s.id, slug: s.slug, title: s.title, description: s.description, post_count: s.post_count, created_at: s.created_at }
}

/// A page of series; readers see only series with published posts.
pub async fn list(db: &impl ConnectionTrait, page: PageRequest, published_only: bool) -> Result<Page<SeriesSummary>, ApiError> {
    let rows = repo::list(db, page, published_only.then(Utc::now)).await?;
    Ok(paginate(rows, page.limit, |s| Cursor { at: s.created_at, id: s.id }, summary))
}

pub async fn get_public(db: &impl ConnectionTrait, slug: &str) -> Result<SeriesResponse, ApiError> {
    let series = repo::find_by_slug(db, slug).await?.ok_or(ApiError::NotFound("series"))?;
    let posts = posts::service::published_in_series(db, series.id).await?;
    if posts.is_empty() {
        return Err(ApiError::NotFound("series"));
    }
    Ok(SeriesResponse { id: series.id, slug: series.slug, title: series.title, description: series.description, posts })
}

pub async fn get_admin(db: &impl ConnectionTrait, id: Uuid) -> Result<AdminSeriesResponse, ApiError> {
    let series = repo::find_by_id(db, id).await?.ok_or(ApiError::NotFound("series"))?;
    let now = Utc::now();
    let posts = posts::repo::series_members(db, id).await?.into_iter().map(|p| AdminPostSummary::from_model(p, now)).collect();
    Ok(AdminSeriesResponse {
        id: series.id,
        slug: series.slug,
        title: series.title,
        description: series.description,
        posts,
        created_at: series.created_at,
        updated_at: series.updated_at,
    })
}

fn taken(slug: &str) -> ApiError {
    ApiError::Conflict(format!("the series slug {slug:?} is taken"))
}

fn resolve_slug(slug: Option<&str>, title: &str) -> Result<String, ApiError> {
    match slug {
        Some(s) => Ok(Slug::parse("slug", s).map_err(|e| ApiError::Validation(vec![e]))?.into_inner()),
        None => {
            let derived = slugify(title);
            if derived.is_empty() { Err(ApiError::field("title", "needs at least one letter or digit")) } else { Ok(derived) }
        }
    }
}

pub async fn create(db: &DatabaseConnection, title: &str, slug: Option<&str>, description: &str) -> Result<AdminSeriesResponse, ApiError> {
    let title = title.trim();
    let slug = resolve_slug(slug, title)?;
    if repo::find_by_slug(db, &slug).await?.is_some() {
        return Err(taken(&slug));
    }
    let series = repo::insert(db, &slug, title, description.trim()).await.map_err(|e| match ApiError::from(e) {
        ApiError::Conflict(_) => taken(&slug),
        other => other,
    })?;
    get_admin(db, series.id).await
}

pub async fn update(db: &DatabaseConnection, id: Uuid, title: Option<&str>, slug: Option<&str>, description: Option<&str>) -> Result<AdminSeriesResponse, ApiError> {
    let series = repo::find_by_id(db, id).await?.ok_or(ApiError::NotFound("series"))?;
    let slug = match slug {
        Some(s) => resolve_slug(Some(s), "")?,
        None => series.slug.clone(),
    };
    if slug != series.slug && repo::find_by_slug(db, &slug).await?.is_some() {
        return Err(taken(&slug));
    }
    let title = title.map(str::trim).unwrap_or(&series.title);
    let description = description.map(str::trim).unwrap_or(&series.description);
    repo::update(db, id, &slug, title, description).await?;
    feeds::invalidate(db).await?;
    get_admin(db, id).await
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), ApiError> {
    let txn = crate::db::begin_write(db).await?;
    if repo::delete(&txn, id).await? == 0 {
        return Err(ApiError::NotFound("series"));
    }
    feeds::invalidate(&txn).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn set_posts(db: &DatabaseConnection, id: Uuid, post_ids: &[Uuid]) -> Result<AdminSeriesResponse, ApiError> {
    let mut seen = std::collections::HashSet::new();
    if !post_ids.iter().all(|id| seen.insert(*id)) {
        return Err(ApiError::field("post_ids", "lists a post twice"));
    }
    let txn = crate::db::begin_write(db).await?;
    repo::find_by_id(&txn, id).await?.ok_or(ApiError::NotFound("series"))?;
    if repo::count_posts(&txn, post_ids).await? != post_ids.len() {
        return Err(ApiError::field("post_ids", "names a post that does not exist"));
    }
    repo::set_members(&txn, id, post_ids).await?;
    feeds::invalidate(&txn).await?;
    txn.commit().await?;
    get_admin(db, id).await
}
