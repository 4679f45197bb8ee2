//! Notifications: replies to my comments, new posts in series I follow, moderation
//! outcomes. Written by the `notify` job (once per effect), read and cleared by the reader,
//! and pushed live to every open tab over server-sent events.
pub mod dto;
pub mod hub;
pub mod preferences;
pub mod routes;
pub mod service;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use hub::Hub;

use crate::{publishing::ContentChange, state::AppState};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_notifications)
        .service(routes::unread_notifications)
        .service(routes::read_notification)
        .service(routes::read_all_notifications)
        .service(routes::dismiss_notification)
        .service(routes::notification_stream);
}

/// Work out who hears about an event, and tell them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Notify {
    /// A comment became visible: the author of the comment it answers hears of it.
    CommentPublished { comment_id: Uuid },
    /// A moderator acted on a comment: its author hears the outcome.
    CommentModerated { comment_id: Uuid, action_id: Uuid, outcome: String },
    /// A post was published or changed: followers of its series hear of a new one.
    PostPublished { post_id: Uuid },
}

/// Subscriber of content changes: a post that appeared in a series is news to its followers.
pub async fn on_content_change(app: &AppState, change: ContentChange<'_>) {
    if !matches!(change.reason, "post created" | "post updated" | "post published") {
        return;
    }
    for &post_id in change.post_ids {
        if let Err(e) = app.queue.push(Notify::PostPublished { post_id }).await {
            tracing::warn!(error = %format!("{e:#}"), %post_id, "could not queue series notifications");
        }
    }
}
