use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Where a comment stands. Readers see `published` ones, their own `pending` and `hidden`
/// ones, and `deleted` (or hidden) ones only as placeholders that keep a thread's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    Published,
    /// Held for a moderator.
    Pending,
    /// Hidden by a moderator (its author still sees it).
    Hidden,
    Deleted,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => super::PUBLISHED,
            Self::Pending => super::PENDING,
            Self::Hidden => super::HIDDEN,
            Self::Deleted => super::DELETED,
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            super::PUBLISHED => Self::Published,
            super::PENDING => Self::Pending,
            super::HIDDEN => Self::Hidden,
            _ => Self::Deleted,
        }
    }
}

/// Who wrote a comment; `null` once the member deleted their account.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommentAuthor {
    pub id: Uuid,
    pub display_name: String,
}

/// One comment. A placeholder (deleted, or hidden from you) has empty `html`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comment {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    /// 0 for a top-level comment, 1 for a reply to it, and so on.
    pub depth: i32,
    pub author: Option<CommentAuthor>,
    /// Sanitized HTML rendered from the comment's markdown.
    pub html: String,
    pub status: CommentStatus,
    /// Set when the author changed it after posting.
    pub edited_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The signed-in reader may still edit it (their own, within the edit window).
    pub can_edit: bool,
    /// The markdown it was written in, for the edit form: sent only when `can_edit`.
    pub markdown: Option<String>,
}

/// A top-level comment and every reply under it, in reading order (each reply follows the
/// comment it answers; `depth` gives the indentation).
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentThread {
    pub comment: Comment,
    pub replies: Vec<Comment>,
}

/// A page of a post's threads, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentPage {
    pub items: Vec<CommentThread>,
    pub next_cursor: Option<String>,
    /// New comments are not accepted on this post.
    pub closed: bool,
    /// Published comments on the post.
    pub count: u64,
}

/// A new comment.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    #[schema(min_length = 1, max_length = 10000)]
    #[validate(length(min = 1, max = 10000, message = "must be between 1 and 10000 characters"), custom(function = "not_blank"))]
    pub markdown: String,
    /// The comment this one answers (on the same post).
    pub parent_id: Option<Uuid>,
}

/// The new text of a comment.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct EditComment {
    #[schema(min_length = 1, max_length = 10000)]
    #[validate(length(min = 1, max = 10000, message = "must be between 1 and 10000 characters"), custom(function = "not_blank"))]
    pub markdown: String,
}

/// Why a comment should be looked at.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ReportComment {
    #[schema(min_length = 1, max_length = 1000)]
    #[validate(length(min = 1, max = 1000, message = "must be between 1 and 1000 characters"), custom(function = "not_blank"))]
    pub reason: String,
}

pub(crate) fn not_blank(s: &str) -> Result<(), validator::ValidationError> {
    if s.trim().is_empty() { Err(validator::ValidationError::new("blank").with_message("must not be blank".into())) } else { Ok(()) }
}

/// A comment in the moderation queue, with what a moderator needs to decide.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuedComment {
    pub comment: Comment,
    pub markdown: String,
    pub post_slug: String,
    pub post_title: String,
    pub author_email: Option<String>,
    /// Why it was held (first comment, too many links, …).
    pub held_reason: Option<String>,
    /// Open reports, oldest first.
    pub reports: Vec<CommentReport>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentReport {
    pub reason: String,
    pub reporter_id: Uuid,
    pub created_at: DateTime<Utc>,
}

/// Which queue to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueName {
    /// Held for review.
    Pending,
    /// With reports nobody has acted on.
    Reported,
    Hidden,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Default `pending`.
    #[param(inline)]
    pub status: Option<QueueName>,
    /// The `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Why a member may not comment.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct BanRequest {
    #[schema(max_length = 1000)]
    #[validate(length(max = 1000, message = "must be at most 1000 characters"))]
    pub reason: Option<String>,
}

/// A member's comment ban.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentBan {
    pub user_id: Uuid,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Pending comments of theirs that the ban hid.
    pub hidden_pending: u64,
}
