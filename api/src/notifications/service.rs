//! Writing notifications once per effect, reading and clearing them, and the job that
//! works out who hears about what.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use super::{
    Notify,
    dto::{Notification, NotificationKind, NotificationPage},
    hub::Delivery,
    preferences,
};
use crate::{
    entities::{comments, notifications, posts, series, series_follows, users},
    error::ApiError,
    jobs::{Job, JobContext, JobKind},
    pagination::{self, Cursor, PageRequest},
};

/// A notification to write, unless its `dedupe_key` was already written for that reader.
#[derive(Debug, Clone)]
pub struct Draft {
    pub user_id: Uuid,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub link: String,
    pub dedupe_key: String,
}

/// Followers are notified this many at a time.
const FAN_OUT_BATCH: u64 = 500;
/// An edit to a post older than this is not news to its series' followers.
const NEWS_WINDOW_DAYS: i64 = 7;

/// Writes the drafts not written before and announces those to the live streams, each as
/// its reader chose: in the app, by email (to a confirmed address), both or neither.
pub async fn deliver(app: &JobContext, drafts: Vec<Draft>) -> anyhow::Result<usize> {
    if drafts.is_empty() {
        return Ok(0);
    }
    let readers: Vec<Uuid> = drafts.iter().map(|d| d.user_id).collect();
    let chosen = preferences::for_users(&app.db, &readers).await?;
    let (mut shown, mut emailed) = (Vec::new(), Vec::new());
    for d in drafts {
        let how = preferences::channels(&chosen, d.user_id, d.kind);
        if how.email {
            emailed.push(d.clone());
        }
        if how.in_app {
            shown.push(d);
        }
    }
    email(app, emailed).await?;
    write(app, shown).await
}

/// Stores and queues one email per draft, once per effect (the dedupe key names the email).
async fn email(app: &JobContext, drafts: Vec<Draft>) -> anyhow::Result<()> {
    if drafts.is_empty() {
        return Ok(());
    }
    let readers = users::Entity::find()
        .filter(users::Column::Id.is_in(drafts.iter().map(|d| d.user_id)))
        .filter(users::Column::EmailVerifiedAt.is_not_null())
        .filter(users::Column::DisabledAt.is_null())
        .all(&app.db)
        .await?;
    let readers: std::collections::HashMap<Uuid, users::Model> = readers.into_iter().map(|u| (u.id, u)).collect();
    let base = app.settings.public_url.trim_end_matches('/');
    let mut ids = Vec::new();
    for d in drafts {
        let Some(reader) = readers.get(&d.user_id) else { continue };
        let key = format!("notification:{}:{}", d.user_id, d.dedupe_key);
        let message = crate::mail::templates::notification(&reader.email, &reader.display_name, &d.title, &d.body, &format!("{base}{}", d.link), &format!("{base}/settings"), key);
        ids.extend(crate::mail::store(&app.db, message).await?);
    }
    crate::mail::dispatch(app, ids).await;
    Ok(())
}

async fn write(app: &JobContext, drafts: Vec<Draft>) -> anyhow::Result<usize> {
    if drafts.is_empty() {
        return Ok(0);
    }
    let now = crate::domain::now();
    let rows: Vec<notifications::ActiveModel> = drafts
        .into_iter()
        .map(|d| notifications::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(d.user_id),
            kind: Set(d.kind.as_str().to_string()),
            title: Set(d.title),
            body: Set(d.body),
            link: Set(d.link),
            dedupe_key: Set(d.dedupe_key),
            read_at: Set(None),
            created_at: Set(now),
        })
        .collect();
    let ids: Vec<Uuid> = rows.iter().map(|r| *r.id.as_ref()).collect();
    notifications::Entity::insert_many(rows)
        .on_conflict(OnConflict::columns([notifications::Column::UserId, notifications::Column::DedupeKey]).do_nothing().to_owned())
        .exec_without_returning(&app.db)
        .await?;
    // Ids that lost to an earlier copy of the same effect were not written.
    let written = notifications::Entity::find().filter(notifications::Column::Id.is_in(ids)).all(&app.db).await?;
    let count = written.len();
    for row in written {
        app.notifications.publish(Delivery { user_id: row.user_id, notification: row.into() }).await;
    }
    Ok(count)
}

pub async fn list(db: &impl ConnectionTrait, user: Uuid, page: PageRequest, unread_only: bool) -> Result<NotificationPage, ApiError> {
    let mut query = notifications::Entity::find().filter(notifications::Column::UserId.eq(user));
    if unread_only {
        query = query.filter(notifications::Column::ReadAt.is_null());
    }
    if let Some(c) = page.after {
        query = query.filter(pagination::after(notifications::Column::CreatedAt, notifications::Column::Id, c));
    }
    let rows = query.order_by_desc(notifications::Column::CreatedAt).order_by_desc(notifications::Column::Id).limit(page.limit + 1).all(db).await?;
    let page = pagination::paginate(rows, page.limit, |n| Cursor { at: n.created_at, id: n.id }, Notification::from);
    Ok(NotificationPage { items: page.items, next_cursor: page.next_cursor, unread: unread_count(db, user).await? })
}

pub async fn unread_count(db: &impl ConnectionTrait, user: Uuid) -> Result<u64, ApiError> {
    Ok(notifications::Entity::find().filter(notifications::Column::UserId.eq(user)).filter(notifications::Column::ReadAt.is_null()).count(db).await?)
}

/// Marks one (or, with `None`, every) unread notification of `user` read.
pub async fn mark_read(db: &impl ConnectionTrait, user: Uuid, id: Option<Uuid>) -> Result<(), ApiError> {
    let mut update = notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(crate::domain::now()))
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::ReadAt.is_null());
    if let Some(id) = id {
        let exists = notifications::Entity::find().filter(notifications::Column::Id.eq(id)).filter(notifications::Column::UserId.eq(user)).count(db).await?;
        if exists == 0 {
            return Err(ApiError::NotFound("notification"));
        }
        update = update.filter(notifications::Column::Id.eq(id));
    }
    update.exec(db).await?;
    Ok(())
}

pub async fn dismiss(db: &impl ConnectionTrait, user: Uuid, id: Uuid) -> Result<(), ApiError> {
    let gone = notifications::Entity::delete_many().filter(notifications::Column::Id.eq(id)).filter(notifications::Column::UserId.eq(user)).exec(db).await?;
    if gone.rows_affected == 0 { Err(ApiError::NotFound("notification")) } else { Ok(()) }
}

/// What a stream that reconnects missed: `user`'s notifications after `after`, oldest first.
pub async fn since(db: &impl ConnectionTrait, user: Uuid, after: Uuid, limit: u64) -> Result<Vec<Notification>, ApiError> {
    let rows = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::Id.gt(after))
        .order_by_asc(notifications::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Notification::from).collect())
}

/// The first line of a comment, short enough for a notification.
fn excerpt(markdown: &str) -> String {
    let line = markdown.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let mut out: String = line.chars().take(140).collect();
    if line.chars().count() > 140 {
        out.push('…');
    }
    out
}

fn comment_link(post_slug: &str, comment: Uuid) -> String {
    format!("/posts/{post_slug}#comment-{comment}")
}

async fn display_name(db: &impl ConnectionTrait, id: Option<Uuid>) -> anyhow::Result<String> {
    let Some(id) = id else {
        return Ok("A deleted member".into());
    };
    let name = users::Entity::find_by_id(id).select_only().column(users::Column::DisplayName).into_tuple::<String>().one(db).await?;
    Ok(name.unwrap_or_else(|| "A deleted member".into()))
}

impl Job for Notify {
    const KIND: JobKind = JobKind::Notify;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        let drafts = match self {
            Notify::CommentPublished { comment_id } => reply_drafts(app, comment_id).await?,
            Notify::CommentModerated { comment_id, action_id, outcome } => moderation_drafts(app, comment_id, action_id, &outcome).await?,
            Notify::PostPublished { post_id } => return notify_followers(app, post_id).await,
        };
        deliver(app, drafts).await?;
        Ok(())
    }
}

async fn reply_drafts(app: &JobContext, comment_id: Uuid) -> anyhow::Result<Vec<Draft>> {
    let Some(reply) = comments::Entity::find_by_id(comment_id).one(&app.db).await? else {
        return Ok(vec![]);
    };
    if reply.status != crate::comments::PUBLISHED {
        return Ok(vec![]);
    }
    let Some(parent_id) = reply.parent_id else {
        return Ok(vec![]);
    };
    let Some(parent) = comments::Entity::find_by_id(parent_id).one(&app.db).await? else {
        return Ok(vec![]);
    };
    let Some(recipient) = parent.author_id.filter(|a| Some(*a) != reply.author_id) else {
        return Ok(vec![]);
    };
    let Some(post) = posts::Entity::find_by_id(reply.post_id).one(&app.db).await? else {
        return Ok(vec![]);
    };
    let who = display_name(&app.db, reply.author_id).await?;
    Ok(vec![Draft {
        user_id: recipient,
        kind: NotificationKind::Reply,
        title: format!("{who} replied to your comment on “{}”", post.title),
        body: excerpt(&reply.markdown),
        link: comment_link(&post.slug, reply.id),
        dedupe_key: format!("reply:{}", reply.id),
    }])
}

async fn moderation_drafts(app: &JobContext, comment_id: Uuid, action_id: Uuid, outcome: &str) -> anyhow::Result<Vec<Draft>> {
    let Some(comment) = comments::Entity::find_by_id(comment_id).one(&app.db).await? else {
        return Ok(vec![]);
    };
    let Some(author) = comment.author_id else {
        return Ok(vec![]);
    };
    let Some(post) = posts::Entity::find_by_id(comment.post_id).one(&app.db).await? else {
        return Ok(vec![]);
    };
    let title = match outcome {
        "approved" => format!("Your comment on “{}” is published", post.title),
        "hidden" => format!("A moderator hid your comment on “{}”", post.title),
        _ => format!("A moderator removed your comment on “{}”", post.title),
    };
    Ok(vec![Draft {
        user_id: author,
        kind: NotificationKind::Moderation,
        title,
        body: excerpt(&comment.markdown),
        link: comment_link(&post.slug, comment.id),
        dedupe_key: format!("moderation:{action_id}"),
    }])
}

/// Tells each follower of the post's series about it, once, when it is visible and recent.
async fn notify_followers(app: &JobContext, post_id: Uuid) -> anyhow::Result<()> {
    let now = crate::domain::now();
    let Some(post) = posts::Entity::find_by_id(post_id).one(&app.db).await? else {
        return Ok(());
    };
    let (Some(series_id), Some(published_at)) = (post.series_id, post.published_at) else {
        return Ok(());
    };
    if published_at > now || published_at < now - chrono::Duration::days(NEWS_WINDOW_DAYS) {
        return Ok(());
    }
    let Some(series) = series::Entity::find_by_id(series_id).one(&app.db).await? else {
        return Ok(());
    };
    let mut after: Option<Uuid> = None;
    loop {
        // Someone who started following after the post appeared has seen it in the series.
        let mut query = series_follows::Entity::find()
            .select_only()
            .column(series_follows::Column::UserId)
            .filter(series_follows::Column::SeriesId.eq(series_id))
            .filter(series_follows::Column::CreatedAt.lte(published_at));
        if let Some(a) = after {
            query = query.filter(series_follows::Column::UserId.gt(a));
        }
        let followers: Vec<Uuid> = query.order_by_asc(series_follows::Column::UserId).limit(FAN_OUT_BATCH).into_tuple().all(&app.db).await?;
        let Some(last) = followers.last().copied() else {
            break;
        };
        let drafts = followers
            .iter()
            .filter(|f| **f != post.author_id)
            .map(|f| Draft {
                user_id: *f,
                kind: NotificationKind::SeriesPost,
                title: format!("New in {}: {}", series.title, post.title),
                body: post.summary.chars().take(200).collect(),
                link: format!("/posts/{}", post.slug),
                dedupe_key: format!("series-post:{}", post.id),
            })
            .collect();
        deliver(app, drafts).await?;
        if (followers.len() as u64) < FAN_OUT_BATCH {
            break;
        }
        after = Some(last);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_take_the_first_line_and_cut_long_ones() {
        assert_eq!(excerpt("\n  Hello there\nsecond"), "Hello there");
        let long = "x".repeat(200);
        assert_eq!(excerpt(&long).chars().count(), 141);
    }
}
