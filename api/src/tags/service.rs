//! Tag rules: slugs derived from names, unique; merging moves every post over.

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::{dto::TagResponse, repo};
use crate::{domain::{Slug, slugify}, error::ApiError, feeds, posts, search};

/// The most used tags with published posts, at most `limit` (1 to [`MAX_PUBLIC_TAGS`]).
pub async fn list_public(db: &impl ConnectionTrait, limit: Option<u64>) -> Result<Vec<TagResponse>, ApiError> {
    let limit = limit.unwrap_or(DEFAULT_PUBLIC_TAGS);
    if !(1..=MAX_PUBLIC_TAGS).contains(&limit) {
        return Err(ApiError::field("limit", "must be between 1 and 200"));
    }
    Ok(repo::most_used(db, Utc::now(), limit).await?.into_iter().map(Into::into).collect())
}

pub const DEFAULT_PUBLIC_TAGS: u64 = 100;
pub const MAX_PUBLIC_TAGS: u64 = 200;

pub async fn list_all(db: &impl ConnectionTrait) -> Result<Vec<TagResponse>, ApiError> {
    Ok(repo::list_with_counts(db).await?.into_iter().map(Into::into).collect())
}

fn parse_slug(slug: Option<&str>, name: &str) -> Result<Slug, ApiError> {
    match slug {
        Some(s) => Slug::parse("slug", s).map_err(|e| ApiError::Validation(vec![e])),
        None => {
            let derived = slugify(name);
            if derived.is_empty() { Err(ApiError::field("name", "needs at least one letter or digit")) } else { Ok(Slug::parse("name", &derived).map_err(|e| ApiError::Validation(vec![e]))?) }
        }
    }
}

fn taken(slug: &str) -> ApiError {
    ApiError::Conflict(format!("the tag slug {slug:?} is taken"))
}

pub async fn create(db: &DatabaseConnection, name: &str, slug: Option<&str>) -> Result<TagResponse, ApiError> {
    let name = name.trim();
    let slug = parse_slug(slug, name)?;
    if repo::find_by_slug(db, slug.as_str()).await?.is_some() {
        return Err(taken(slug.as_str()));
    }
    let tag = repo::insert(db, slug.as_str(), name).await.map_err(|e| match ApiError::from(e) {
        ApiError::Conflict(_) => taken(slug.as_str()),
        other => other,
    })?;
    Ok(TagResponse { id: tag.id, slug: tag.slug, name: tag.name, post_count: 0 })
}

pub async fn update(db: &DatabaseConnection, id: Uuid, name: Option<&str>, slug: Option<&str>) -> Result<TagResponse, ApiError> {
    let txn = crate::db::begin_write(db).await?;
    let tag = repo::find_by_id(&txn, id).await?.ok_or(ApiError::NotFound("tag"))?;
    let name = name.map(str::trim).unwrap_or(&tag.name).to_string();
    let slug = match slug {
        Some(s) => Slug::parse("slug", s).map_err(|e| ApiError::Validation(vec![e]))?.into_inner(),
        None => tag.slug.clone(),
    };
    if slug != tag.slug && repo::find_by_slug(&txn, &slug).await?.is_some() {
        return Err(taken(&slug));
    }
    repo::update(&txn, id, &slug, &name).await.map_err(|e| match ApiError::from(e) {
        ApiError::Conflict(_) => taken(&slug),
        other => other,
    })?;
    // Search documents hold tag names, not slugs.
    if name != tag.name {
        resync_search(&txn, &repo::post_ids(&txn, id).await?).await?;
    }
    feeds::invalidate(&txn).await?;
    let post_count = repo::count_posts(&txn, id).await?;
    txn.commit().await?;
    Ok(TagResponse { id, slug, name, post_count })
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), ApiError> {
    let txn = crate::db::begin_write(db).await?;
    let affected = repo::post_ids(&txn, id).await?;
    if repo::delete(&txn, id).await? == 0 {
        return Err(ApiError::NotFound("tag"));
    }
    resync_search(&txn, &affected).await?;
    feeds::invalidate(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Merges tag `from` into tag `into` in one transaction: posts keep one link, `from` is gone.
pub async fn merge(db: &DatabaseConnection, from: Uuid, into: Uuid) -> Result<TagResponse, ApiError> {
    if from == into {
        return Err(ApiError::field("into", "must be a different tag"));
    }
    let txn = crate::db::begin_write(db).await?;
    repo::find_by_id(&txn, from).await?.ok_or(ApiError::NotFound("tag"))?;
    let target = repo::find_by_id(&txn, into).await?.ok_or_else(|| ApiError::field("into", "no tag has this id"))?;
    let affected = repo::post_ids(&txn, from).await?;
    repo::move_links(&txn, from, into).await?;
    repo::delete(&txn, from).await?;
    resync_search(&txn, &affected).await?;
    let count = repo::count_posts(&txn, into).await?;
    feeds::invalidate(&txn).await?;
    txn.commit().await?;
    Ok(TagResponse { id: target.id, slug: target.slug, name: target.name, post_count: count })
}

/// How many posts [`resync_search`] reads per query.
const RESYNC_BATCH: usize = 100;

/// Rewrites the search documents of posts whose tag names changed, reading the posts and
/// their tags in batches. The chunks stay as they are (tags are not part of them), so
/// nothing needs embedding again.
async fn resync_search(db: &impl ConnectionTrait, post_ids: &[Uuid]) -> Result<(), ApiError> {
    for batch in post_ids.chunks(RESYNC_BATCH) {
        let mut tags = posts::repo::tags_for_posts(db, batch).await?;
        for post in posts::repo::find_by_ids(db, batch).await? {
            let names: Vec<String> = tags.remove(&post.id).unwrap_or_default().into_iter().map(|t| t.name).collect();
            search::index::sync_post(db, &post, &names).await?;
        }
    }
    Ok(())
}
