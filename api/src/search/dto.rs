use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{domain::Difficulty, posts::dto::TagRef};

/// How results are found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchMode {
    /// Words in the title, summary, tags and body.
    Keyword,
    /// Meaning: the posts whose sections' embeddings are nearest the query's.
    Semantic,
    /// Both lists fused by reciprocal rank.
    #[default]
    Hybrid,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// What to look for: words (all must match; any, when none match everywhere),
    /// `"an exact phrase"`, `-excluded`; the last word matches as a prefix while typing.
    #[param(min_length = 1, max_length = 200, pattern = "\\S")]
    pub q: String,
    pub mode: Option<SearchMode>,
    /// Only posts with this tag (slug).
    pub tag: Option<String>,
    /// Only posts in this series (slug).
    pub series: Option<String>,
    pub difficulty: Option<Difficulty>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Results per page, 1 to 50 (default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u64>,
}

/// One post that matches, with the section that matches best.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchHit {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Relevance within this result list (higher is better; not comparable across queries).
    pub score: f64,
    /// HTML: the best-matching passage with matched words in `<mark>`, everything else
    /// escaped. For readers without access to a premium post, taken from its teaser only.
    pub snippet: String,
    /// The id of the section the snippet comes from (`/posts/{slug}#{anchor}`).
    pub anchor: Option<String>,
    /// That section's heading path.
    pub heading: Option<String>,
    pub difficulty: Difficulty,
    pub premium: bool,
    pub reading_minutes: i32,
    pub published_at: DateTime<Utc>,
    pub author_name: String,
    pub tags: Vec<TagRef>,
}

/// A page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    pub items: Vec<SearchHit>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
    /// The mode that produced these results (`hybrid` falls back to `keyword` without an
    /// embedding model).
    pub mode: SearchMode,
    /// True when no post matched every word and these match some of them.
    pub relaxed: bool,
    /// A corrected query built from the indexed vocabulary, when a word looks mistyped.
    pub did_you_mean: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RelatedParams {
    /// How many posts, 1 to 20 (default 5).
    #[param(minimum = 1, maximum = 20)]
    pub limit: Option<u64>,
}

/// How related posts were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelatedBy {
    /// Nearest by the embeddings of their sections.
    Embeddings,
    /// Shared tags and series (no embedding model, or the post is not embedded yet).
    Tags,
}

/// Posts like this one.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedPosts {
    pub items: Vec<crate::posts::dto::PostSummary>,
    pub by: RelatedBy,
}
