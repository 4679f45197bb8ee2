use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::domain::{Difficulty, PostStatus};

/// A tag as shown on a post.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct TagRef {
    pub slug: String,
    pub name: String,
}

/// A link to a neighbouring post.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PostLink {
    pub slug: String,
    pub title: String,
}

/// Where a post sits in its series, counting published posts only.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesNav {
    pub slug: String,
    pub title: String,
    /// 1-based position of this post.
    pub position: u32,
    /// Published posts in the series.
    pub total: u32,
    pub prev: Option<PostLink>,
    pub next: Option<PostLink>,
}

/// A post in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostSummary {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub difficulty: Difficulty,
    /// Premium posts show a teaser to readers without a subscription.
    pub premium: bool,
    pub reading_minutes: i32,
    pub published_at: DateTime<Utc>,
    pub author_name: String,
    pub tags: Vec<TagRef>,
}

/// A published post.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostResponse {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Sanitized HTML; code blocks carry `language-*` classes for highlighting. Only the
    /// teaser when `locked`.
    pub html: String,
    /// True when this is a premium post and the reader may not read all of it.
    pub locked: bool,
    pub difficulty: Difficulty,
    pub premium: bool,
    pub reading_minutes: i32,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub author_name: String,
    pub tags: Vec<TagRef>,
    /// The post's series, if it belongs to one.
    pub series: Option<SeriesNav>,
    /// The runnable Python cells in `html`, in page order (`python norun` blocks are not
    /// cells), so the page knows before rendering whether it needs the Python runtime.
    pub python_cells: Vec<PythonCell>,
}

/// A runnable Python cell of a rendered post, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct PythonCell {
    /// 0, 1, 2, … among the post's runnable cells (hidden setup cells included).
    pub index: u32,
    /// Setup code the page runs before the cells after it, without showing it.
    pub hidden: bool,
}

/// Filters and paging for the public post list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListPostsParams {
    /// Only posts with this tag (slug).
    pub tag: Option<String>,
    /// Only posts in this series (slug).
    pub series: Option<String>,
    pub difficulty: Option<Difficulty>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Distinguishes an absent field (leave unchanged) from an explicit `null` (clear it).
fn double_option<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

fn validate_tags(tags: &[String]) -> Result<(), validator::ValidationError> {
    if tags.len() > 20 {
        return Err(validator::ValidationError::new("tags").with_message("at most 20 tags".into()));
    }
    if tags.iter().any(|t| t.trim().is_empty() || t.chars().count() > 40 || crate::domain::slugify(t).is_empty()) {
        return Err(validator::ValidationError::new("tags").with_message("each tag needs 1-40 characters with at least one letter or digit".into()));
    }
    Ok(())
}

/// A new post. It starts as a draft unless `published_at` is given (in the future: scheduled).
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreatePostRequest {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S", example = "Generators in Python")]
    #[validate(length(min = 1, max = 200, message = "must be between 1 and 200 characters"), custom(function = "crate::domain::validate_visible"))]
    pub title: String,
    /// The body, in CommonMark with tables, footnotes and task lists.
    #[schema(min_length = 1, max_length = 200000)]
    #[validate(length(min = 1, max = 200000, message = "must be between 1 and 200000 characters"))]
    pub markdown: String,
    /// One or two sentences for lists and link previews.
    #[schema(max_length = 500)]
    #[validate(length(max = 500, message = "must be at most 500 characters"))]
    pub summary: Option<String>,
    /// Derived from the title when omitted; must be unique.
    #[schema(max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    #[validate(custom(function = "crate::domain::validate_slug"))]
    pub slug: Option<String>,
    /// Tag names or slugs; unknown tags are created.
    #[schema(value_type = Option<Vec<crate::tags::dto::TagName>>, max_items = 20)]
    #[validate(custom(function = "validate_tags"))]
    pub tags: Option<Vec<String>>,
    /// The series this post joins, at its end.
    pub series_id: Option<Uuid>,
    pub difficulty: Option<Difficulty>,
    pub premium: Option<bool>,
    /// Publish at this time; a future time schedules the post.
    pub published_at: Option<DateTime<Utc>>,
}

/// Changes to a post; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdatePostRequest {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    #[validate(length(min = 1, max = 200, message = "must be between 1 and 200 characters"), custom(function = "crate::domain::validate_visible"))]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 200000)]
    #[validate(length(min = 1, max = 200000, message = "must be between 1 and 200000 characters"))]
    pub markdown: Option<String>,
    #[schema(max_length = 500)]
    #[validate(length(max = 500, message = "must be at most 500 characters"))]
    pub summary: Option<String>,
    #[schema(max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    #[validate(custom(function = "crate::domain::validate_slug"))]
    pub slug: Option<String>,
    /// Replaces the post's tags.
    #[schema(value_type = Option<Vec<crate::tags::dto::TagName>>, max_items = 20)]
    #[validate(custom(function = "validate_tags"))]
    pub tags: Option<Vec<String>>,
    /// `null` takes the post out of its series.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub series_id: Option<Option<Uuid>>,
    pub difficulty: Option<Difficulty>,
    pub premium: Option<bool>,
    /// A future time schedules the post; `null` makes it a draft again.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub published_at: Option<Option<DateTime<Utc>>>,
}

/// When to publish; now when omitted.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// A future time schedules the post.
    pub published_at: Option<DateTime<Utc>>,
}

/// Markdown to preview.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RenderRequest {
    #[schema(max_length = 200000)]
    #[validate(length(max = 200000, message = "must be at most 200000 characters"))]
    pub markdown: String,
}

/// Markdown rendered exactly as it will be published.
#[derive(Debug, Serialize, ToSchema)]
pub struct RenderResponse {
    pub html: String,
    pub reading_minutes: i32,
}

/// A post in the admin list, any status.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminPostSummary {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub status: PostStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub premium: bool,
    pub difficulty: Difficulty,
    pub updated_at: DateTime<Utc>,
}

/// A post with everything an editor needs.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminPostResponse {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub markdown: String,
    pub html: String,
    pub status: PostStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub difficulty: Difficulty,
    pub premium: bool,
    pub reading_minutes: i32,
    pub tags: Vec<TagRef>,
    pub series_id: Option<Uuid>,
    pub series_position: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters and paging for the admin post list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdminListPostsParams {
    pub status: Option<PostStatus>,
    pub cursor: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}
