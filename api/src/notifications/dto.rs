use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::entities::notifications;

/// Something that happened that a reader asked to hear about.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    /// Time-ordered; also the event id on the live stream.
    pub id: Uuid,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    /// Where it leads in the app (`/posts/x#comment-y`).
    pub link: String,
    pub read: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// Someone replied to your comment.
    Reply,
    /// A new post in a series you follow.
    SeriesPost,
    /// A moderator approved, hid or removed your comment.
    Moderation,
}

impl NotificationKind {
    pub const ALL: [Self; 3] = [Self::Reply, Self::SeriesPost, Self::Moderation];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reply => "reply",
            Self::SeriesPost => "series_post",
            Self::Moderation => "moderation",
        }
    }

    fn parse(s: &str) -> Self {
        Self::from_db(s).unwrap_or(Self::Moderation)
    }

    pub fn from_db(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl From<notifications::Model> for Notification {
    fn from(m: notifications::Model) -> Self {
        Self { id: m.id, kind: NotificationKind::parse(&m.kind), title: m.title, body: m.body, link: m.link, read: m.read_at.is_some(), created_at: m.created_at }
    }
}

/// A page of notifications, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub next_cursor: Option<String>,
    pub unread: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    pub unread: u64,
}

/// `cursor`, `limit`, and whether to list only unread ones.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// The `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Only notifications not yet read.
    pub unread: Option<bool>,
}
