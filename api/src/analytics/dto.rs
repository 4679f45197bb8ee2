//! The beacon's body.

use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

/// One view of a post page, as the page reports it.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ViewRequest {
    /// The slug of the post being read.
    #[schema(min_length = 1, max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "generators-in-python")]
    #[validate(custom(function = "crate::domain::validate_slug"))]
    pub slug: String,
    /// The page the reader came from (`document.referrer`). Only its host is kept, and only
    /// when it is another site; anything else counts as a direct view.
    #[schema(max_length = 2048, example = "https://news.ycombinator.com/item?id=42")]
    #[validate(length(max = 2048, message = "must be at most 2048 characters"))]
    pub referrer: Option<String>,
}
