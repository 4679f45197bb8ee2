use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::repo::TagCount;

/// A tag and how many posts carry it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagResponse {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    /// Published posts with this tag (all posts, in the admin list).
    pub post_count: i64,
}

impl From<TagCount> for TagResponse {
    fn from(t: TagCount) -> Self {
        Self { id: t.id, slug: t.slug, name: t.name, post_count: t.post_count }
    }
}

/// A tag named in a post's `tags`: its name or slug, 1-40 characters with at least one
/// letter or digit (the schema of each item; the strings stay plain `String`s in Rust).
pub struct TagName;

impl utoipa::PartialSchema for TagName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .min_length(Some(1))
            .max_length(Some(40))
            .pattern(Some("[A-Za-z0-9]"))
            .into()
    }
}

impl utoipa::ToSchema for TagName {}

/// A new tag.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateTagRequest {
    #[schema(min_length = 1, max_length = 40, pattern = "[A-Za-z0-9]", example = "Python")]
    #[validate(length(min = 1, max = 40, message = "must be between 1 and 40 characters"), custom(function = "crate::domain::validate_sluggable"))]
    pub name: String,
    /// Derived from the name when omitted.
    #[schema(max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    #[validate(custom(function = "crate::domain::validate_slug"))]
    pub slug: Option<String>,
}

/// Changes to a tag.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateTagRequest {
    #[schema(min_length = 1, max_length = 40, pattern = "[A-Za-z0-9]")]
    #[validate(length(min = 1, max = 40, message = "must be between 1 and 40 characters"), custom(function = "crate::domain::validate_sluggable"))]
    pub name: Option<String>,
    #[schema(max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    #[validate(custom(function = "crate::domain::validate_slug"))]
    pub slug: Option<String>,
}

/// The tag that absorbs the merged one.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MergeTagRequest {
    /// The id of the tag to keep.
    pub into: Uuid,
}
