//! Old URLs that answer 301 to where their page lives now: an imported post's path on the
//! blog it came from, a post's page and API path before its slug changed, or a path an admin
//! points somewhere. Chains are collapsed when written (A→B then B→C stores A→C), so a
//! lookup is one primary-key read and never a loop.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, OnConflict},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::{entities::redirects, error::ApiError};

/// The page path of a post.
pub fn post_path(slug: &str) -> String {
    format!("/posts/{slug}")
}

/// Where `path` now lives, if it moved (`/my-post` and `/my-post/` are the same page).
pub async fn lookup(db: &impl ConnectionTrait, path: &str) -> Result<Option<String>, DbErr> {
    if let Some(r) = redirects::Entity::find_by_id(path.to_string()).one(db).await? {
        return Ok(Some(r.to_path));
    }
    let other = if path.ends_with('/') { path.trim_end_matches('/').to_string() } else { format!("{path}/") };
    if other.is_empty() {
        return Ok(None);
    }
    Ok(redirects::Entity::find_by_id(other).one(db).await?.map(|r| r.to_path))
}

/// Stores `from → to`, with every redirect that led to `from` now leading to `to`, and none
/// leaving `to` (a page lives there). Call with `to` already resolved.
async fn store(db: &impl ConnectionTrait, from: &str, to: &str, at: DateTime<Utc>) -> Result<(), DbErr> {
    redirects::Entity::update_many().col_expr(redirects::Column::ToPath, Expr::value(to)).filter(redirects::Column::ToPath.eq(from)).exec(db).await?;
    redirects::Entity::delete_by_id(to.to_string()).exec(db).await?;
    let row = redirects::ActiveModel { from_path: Set(from.to_string()), to_path: Set(to.to_string()), created_at: Set(at) };
    redirects::Entity::insert(row)
        .on_conflict(OnConflict::column(redirects::Column::FromPath).update_columns([redirects::Column::ToPath, redirects::Column::CreatedAt]).to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// A published post changed its slug: its old page (and API path) answer 301 to the new one.
pub async fn record_rename(db: &impl ConnectionTrait, old_slug: &str, new_slug: &str) -> Result<(), DbErr> {
    if old_slug == new_slug {
        return Ok(());
    }
    store(db, &post_path(old_slug), &post_path(new_slug), crate::domain::now()).await
}

/// A redirect as admins see it; `id` names it in the API (the old path, encoded).
#[derive(Debug, Serialize, ToSchema)]
pub struct Redirect {
    pub id: String,
    pub from: String,
    pub to: String,
    pub created_at: DateTime<Utc>,
}

impl From<redirects::Model> for Redirect {
    fn from(r: redirects::Model) -> Self {
        Self { id: encode_id(&r.from_path), from: r.from_path, to: r.to_path, created_at: r.created_at }
    }
}

pub fn encode_id(from: &str) -> String {
    URL_SAFE_NO_PAD.encode(from)
}

pub fn decode_id(id: &str) -> Option<String> {
    URL_SAFE_NO_PAD.decode(id).ok().and_then(|b| String::from_utf8(b).ok())
}

/// A new redirect between two paths of this site.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewRedirect {
    /// The old path, starting with `/` (`/2024/05/my-post/`).
    #[schema(min_length = 2, max_length = 500, pattern = "^/[^/\\\\\\s][^\\\\\\s]*$", example = "/old-post/")]
    #[validate(length(min = 2, max = 500, message = "must be between 2 and 500 characters"), custom(function = "local_path"))]
    pub from: String,
    /// Where it leads now, a path of this site (`/posts/my-post`).
    #[schema(min_length = 2, max_length = 500, pattern = "^/[^/\\\\\\s][^\\\\\\s]*$", example = "/posts/new-post")]
    #[validate(length(min = 2, max = 500, message = "must be between 2 and 500 characters"), custom(function = "local_path"))]
    pub to: String,
}

/// A path of this site only: `//host` or `/\host` would send readers elsewhere.
fn local_path(p: &str) -> Result<(), validator::ValidationError> {
    let ok = p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.chars().any(char::is_whitespace) && !p.contains('\0');
    if ok { Ok(()) } else { Err(validator::ValidationError::new("path").with_message("must be a path of this site, starting with a single /".into())) }
}

/// Stores an admin's redirect, collapsing chains; a redirect that would lead back to where
/// it starts is a 409.
pub async fn create(db: &impl ConnectionTrait, body: NewRedirect) -> Result<Redirect, ApiError> {
    let to = lookup(db, &body.to).await?.unwrap_or(body.to);
    if to == body.from || to.trim_end_matches('/') == body.from.trim_end_matches('/') {
        return Err(ApiError::Conflict(format!("{} already leads to {}: the redirect would be a loop", to, body.from)));
    }
    store(db, &body.from, &to, crate::domain::now()).await?;
    let row = redirects::Entity::find_by_id(body.from).one(db).await?.ok_or(ApiError::NotFound("redirect"))?;
    Ok(row.into())
}

/// Redirects ordered by their old path, after `after`.
pub async fn list(db: &impl ConnectionTrait, after: Option<&str>, limit: u64) -> Result<(Vec<Redirect>, Option<String>), ApiError> {
    let mut query = redirects::Entity::find();
    if let Some(a) = after {
        query = query.filter(redirects::Column::FromPath.gt(a));
    }
    let mut rows = query.order_by_asc(redirects::Column::FromPath).limit(limit + 1).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|r| encode_id(&r.from_path)) } else { None };
    Ok((rows.into_iter().map(Redirect::from).collect(), next))
}

pub async fn delete(db: &impl ConnectionTrait, id: &str) -> Result<(), ApiError> {
    let from = decode_id(id).ok_or(ApiError::NotFound("redirect"))?;
    let gone = redirects::Entity::delete_by_id(from).exec(db).await?.rows_affected;
    if gone == 0 { Err(ApiError::NotFound("redirect")) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_targets() {
        assert!(local_path("/posts/x").is_ok());
        for bad in ["//evil.example", "/\\evil.example", "https://evil.example", "/a b", "posts/x"] {
            assert!(local_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_round_trip() {
        assert_eq!(decode_id(&encode_id("/2024/05/my-post/")).as_deref(), Some("/2024/05/my-post/"));
        assert!(encode_id("/a?b").chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }
}
