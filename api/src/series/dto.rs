use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::posts::dto::{AdminPostSummary, PostSummary};

/// A series in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesSummary {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub description: String,
    /// Published posts in the series (all posts, in the admin list).
    pub post_count: i64,
    pub created_at: DateTime<Utc>,
}

/// A series with its published posts in reading order.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesResponse {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub posts: Vec<PostSummary>,
}

/// A series with all its posts, any status, in order.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminSeriesResponse {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub posts: Vec<AdminPostSummary>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new series.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateSeriesRequest {
    #[schema(min_length = 1, max_length = 200, pattern = "[A-Za-z0-9]", example = "Python from scratch")]
    #[validate(length(min = 1, max = 200, message = "must be between 1 and 200 characters"), custom(function = "crate::domain::validate_sluggable"))]
    pub title: String,
    /// Derived from the title when omitted.
    #[schema(max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    #[validate(custom(function = "crate::domain::validate_slug"))]
    pub slug: Option<String>,
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000, message = "must be at most 2000 characters"))]
    pub description: Option<String>,
}

/// Changes to a series.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateSeriesRequest {
    #[schema(min_length = 1, max_length = 200, pattern = "[A-Za-z0-9]")]
    #[validate(length(min = 1, max = 200, message = "must be between 1 and 200 characters"), custom(function = "crate::domain::validate_sluggable"))]
    pub title: Option<String>,
    #[schema(max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    #[validate(custom(function = "crate::domain::validate_slug"))]
    pub slug: Option<String>,
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000, message = "must be at most 2000 characters"))]
    pub description: Option<String>,
}

/// The complete, ordered membership of a series.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SetSeriesPostsRequest {
    /// Post ids in reading order; posts left out leave the series.
    #[validate(length(max = 500, message = "at most 500 posts"))]
    pub post_ids: Vec<Uuid>,
}
