use std::{convert::Infallible, time::Duration};

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use super::{
    dto::{Notification, NotificationPage, NotificationQuery, UnreadCount},
    hub::Signal,
    service,
};
use crate::{
    auth::AuthUser,
    error::{ApiError, Problem},
    extract::ValidQuery,
    pagination::PageRequest,
    state::AppState,
};

/// My notifications, newest first, with the unread count.
#[utoipa::path(
    tag = "notifications",
    operation_id = "list_notifications",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses(
        (status = 200, description = "A page of notifications", body = NotificationPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/notifications")]
pub async fn list_notifications(st: web::Data<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<NotificationQuery>) -> Result<web::Json<NotificationPage>, ApiError> {
    let page = PageRequest::parse(q.cursor.as_deref(), q.limit)?;
    Ok(web::Json(service::list(&st.db, me.id, page, q.unread.unwrap_or(false)).await?))
}

/// How many of my notifications are unread.
#[utoipa::path(
    tag = "notifications",
    operation_id = "unread_notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The unread count", body = UnreadCount),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/notifications/unread-count")]
pub async fn unread_notifications(st: web::Data<AppState>, me: AuthUser) -> Result<web::Json<UnreadCount>, ApiError> {
    Ok(web::Json(UnreadCount { unread: service::unread_count(&st.db, me.id).await? }))
}

/// Mark one notification read.
#[utoipa::path(
    tag = "notifications",
    operation_id = "read_notification",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The notification")),
    responses(
        (status = 204, description = "Marked read"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notification of mine", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/notifications/{id}/read")]
pub async fn read_notification(st: web::Data<AppState>, me: AuthUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    service::mark_read(&st.db, me.id, Some(*id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark every notification read.
#[utoipa::path(
    tag = "notifications",
    operation_id = "read_all_notifications",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "All marked read"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/notifications/read-all")]
pub async fn read_all_notifications(st: web::Data<AppState>, me: AuthUser) -> Result<HttpResponse, ApiError> {
    service::mark_read(&st.db, me.id, None).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Dismiss (delete) a notification.
#[utoipa::path(
    tag = "notifications",
    operation_id = "dismiss_notification",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The notification")),
    responses(
        (status = 204, description = "Dismissed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notification of mine", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/notifications/{id}")]
pub async fn dismiss_notification(st: web::Data<AppState>, me: AuthUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    service::dismiss(&st.db, me.id, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A stream that reconnects gets at most this many missed notifications replayed.
const REPLAY_LIMIT: u64 = 200;
/// A comment line this often keeps proxies from closing an idle stream.
const HEARTBEAT: Duration = Duration::from_secs(20);

/// New notifications, live, as server-sent events (`event: notification`, the id of each
/// is its notification id). After a reconnect, send `Last-Event-ID` and the stream first
/// replays what was missed.
#[utoipa::path(
    tag = "notifications",
    operation_id = "notification_stream",
    security(("bearer" = [])),
    params(("Last-Event-ID" = Option<Uuid>, Header, description = "The id of the last event received; missed ones are replayed first")),
    responses(
        (status = 200, description = "Notifications as they arrive", content_type = "text/event-stream", body = Notification),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`Last-Event-ID` is not an event id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications/stream")]
pub async fn notification_stream(st: web::Data<AppState>, me: AuthUser, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let last: Option<Uuid> = match req.headers().get("last-event-id").map(|v| v.to_str().unwrap_or("")) {
        None | Some("") => None,
        Some(raw) => Some(raw.trim().parse().map_err(|_| ApiError::field("Last-Event-ID", "must be the id of an event this stream sent"))?),
    };
    // Subscribe before replaying, so nothing written in between is missed.
    let live = st.notifications.subscribe();
    let backlog = match last {
        Some(after) => service::since(&st.db, me.id, after, REPLAY_LIMIT).await?,
        None => Vec::new(),
    };
    Ok(crate::sse::response(events(st.into_inner(), me.id, last, backlog, live)))
}

fn frame(n: &Notification) -> actix_web::web::Bytes {
    let data = serde_json::to_string(n).unwrap_or_else(|_| "{}".into());
    actix_web::web::Bytes::from(format!("id: {}\nevent: notification\ndata: {data}\n\n", n.id))
}

struct StreamState {
    app: std::sync::Arc<AppState>,
    user: Uuid,
    /// The newest id sent: an event at or before it is a duplicate.
    last: Option<Uuid>,
    pending: std::collections::VecDeque<Notification>,
    live: tokio::sync::broadcast::Receiver<std::sync::Arc<super::hub::Signal>>,
    greeted: bool,
}

fn events(
    app: std::sync::Arc<AppState>,
    user: Uuid,
    last: Option<Uuid>,
    backlog: Vec<Notification>,
    live: tokio::sync::broadcast::Receiver<std::sync::Arc<super::hub::Signal>>,
) -> impl Stream<Item = Result<actix_web::web::Bytes, Infallible>> {
    let closing = app.notifications.closing();
    let state = StreamState { app, user, last, pending: backlog.into(), live, greeted: false };
    let stream = futures_util::stream::unfold(state, |mut s| async move {
        if !s.greeted {
            s.greeted = true;
            // Tells EventSource-style clients how soon to reconnect.
            return Some((Ok(actix_web::web::Bytes::from_static(b"retry: 3000\n\n")), s));
        }
        loop {
            if let Some(n) = s.pending.pop_front() {
                if s.last.is_some_and(|l| n.id <= l) {
                    continue;
                }
                s.last = Some(n.id);
                return Some((Ok(frame(&n)), s));
            }
            match tokio::time::timeout(HEARTBEAT, s.live.recv()).await {
                Err(_) => {
                    return Some((Ok(actix_web::web::Bytes::from_static(b": keep-alive\n\n")), s));
                }
                Ok(Ok(signal)) => match signal.as_ref() {
                    Signal::Notification(d) if d.user_id == s.user => s.pending.push_back(d.notification.clone()),
                    Signal::SignedOut { user_id } if *user_id == s.user => return None,
                    _ => {}
                },
                // Fell behind the broadcast: what was dropped is in the database.
                Ok(Err(RecvError::Lagged(_))) => {
                    let after = s.last.unwrap_or_else(Uuid::now_v7);
                    if let Ok(missed) = service::since(&s.app.db, s.user, after, REPLAY_LIMIT).await {
                        s.pending.extend(missed);
                    }
                }
                Ok(Err(RecvError::Closed)) => return None,
            }
        }
    });
    // A server shutting down ends the stream, rather than waiting out its drain timeout.
    futures_util::StreamExt::take_until(stream, closing)
}
