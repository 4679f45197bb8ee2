//! What readers do with comments: read a post's threads, write, edit, delete, report.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::OnConflict};
use uuid::Uuid;

use super::{
    DELETED, PENDING, PUBLISHED,
    dto::{Comment, CommentPage, EditComment, NewComment},
    spam::{self, History},
    tree::{self, Viewer},
};
use crate::{
    activity,
    auth::AuthUser,
    domain::Role,
    entities::{closed_comments, comment_bans, comment_reports, comments, posts, users},
    error::ApiError,
    notifications::Notify,
    pagination::{self, Cursor, PageRequest},
    state::AppState,
};

pub fn viewer(app: &AppState, me: Option<&AuthUser>) -> Viewer {
    Viewer {
        id: me.map(|u| u.id),
        is_admin: me.is_some_and(|u| u.role == Role::Admin),
        now: crate::domain::now(),
        edit_window: chrono::Duration::from_std(app.settings.comments.edit_window).unwrap_or_default(),
    }
}

async fn visible_post(db: &impl ConnectionTrait, slug: &str) -> Result<posts::Model, ApiError> {
    crate::posts::repo::find_published_by_slug(db, slug, crate::domain::now()).await?.ok_or(ApiError::NotFound("post"))
}

pub async fn display_names(db: &impl ConnectionTrait, ids: impl IntoIterator<Item = Uuid>) -> Result<HashMap<Uuid, String>, ApiError> {
    let ids: HashSet<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String)> =
        users::Entity::find().select_only().column(users::Column::Id).column(users::Column::DisplayName).filter(users::Column::Id.is_in(ids)).into_tuple().all(db).await?;
    Ok(rows.into_iter().collect())
}

/// A page of a post's threads, oldest first, each whole: a fixed number of queries
/// whatever the number of comments.
pub async fn thread_page(app: &AppState, slug: &str, me: Option<&AuthUser>, page: PageRequest) -> Result<CommentPage, ApiError> {
    let db = &app.db;
    let post = visible_post(db, slug).await?;
    let closed = closed_comments::Entity::find_by_id(post.id).one(db).await?.is_some();
    let count = comments::Entity::find().filter(comments::Column::PostId.eq(post.id)).filter(comments::Column::Status.eq(PUBLISHED)).count(db).await?;
    let mut roots = comments::Entity::find().filter(comments::Column::PostId.eq(post.id)).filter(comments::Column::Depth.eq(0));
    if let Some(c) = page.after {
        roots = roots.filter(pagination::after_ascending(comments::Column::CreatedAt, comments::Column::Id, c));
    }
    let mut roots = roots.order_by_asc(comments::Column::CreatedAt).order_by_asc(comments::Column::Id).limit(page.limit + 1).all(db).await?;
    let next_cursor = pagination::split_page(&mut roots, page.limit, |c| Cursor { at: c.created_at, id: c.id });
    let replies = if roots.is_empty() {
        Vec::new()
    } else {
        comments::Entity::find()
            .filter(comments::Column::ThreadId.is_in(roots.iter().map(|r| r.id)))
            .filter(comments::Column::Depth.gt(0))
            .order_by_asc(comments::Column::CreatedAt)
            .order_by_asc(comments::Column::Id)
            .all(db)
            .await?
    };
    let names = display_names(db, roots.iter().chain(&replies).filter_map(|c| c.author_id)).await?;
    let mut by_thread: HashMap<Uuid, Vec<&comments::Model>> = HashMap::new();
    for r in &replies {
        by_thread.entry(r.thread_id).or_default().push(r);
    }
    let viewer = viewer(app, me);
    let items = roots.iter().filter_map(|root| tree::thread(root, by_thread.get(&root.id).map(Vec::as_slice).unwrap_or(&[]), &names, viewer)).collect();
    Ok(CommentPage { items, next_cursor, closed, count })
}

/// Writes a comment, published or held by the moderation rules; replies notify the
/// comment they answer once they are published.
pub async fn create(app: &AppState, me: &AuthUser, slug: &str, body: NewComment) -> Result<Comment, ApiError> {
    let db = &app.db;
    let post = visible_post(db, slug).await?;
    if post.premium && !me.can_read_premium() {
        return Err(ApiError::Refused("this post is for premium members; subscribe to join its discussion".into()));
    }
    if comment_bans::Entity::find_by_id(me.id).one(db).await?.is_some() {
        return Err(ApiError::Refused("you may no longer comment on this site".into()));
    }
    if closed_comments::Entity::find_by_id(post.id).one(db).await?.is_some() {
        return Err(ApiError::Refused("comments are closed on this post".into()));
    }
    let (parent_id, thread_id, depth) = match body.parent_id {
        None => (None, None, 0),
        Some(pid) => {
            let parent = comments::Entity::find_by_id(pid).one(db).await?;
            let viewer = viewer(app, Some(me));
            match parent {
                Some(p) if p.post_id == post.id && (p.status == PUBLISHED || (p.status == PENDING && p.author_id == viewer.id)) => (Some(p.id), Some(p.thread_id), p.depth + 1),
                _ => {
                    return Err(ApiError::field("parent_id", "is not a comment you can reply to on this post"));
                }
            }
        }
    };

    let now = crate::domain::now();
    let recent: Vec<(String, chrono::DateTime<Utc>)> = comments::Entity::find()
        .select_only()
        .column(comments::Column::Markdown)
        .column(comments::Column::CreatedAt)
        .filter(comments::Column::AuthorId.eq(me.id))
        .filter(comments::Column::CreatedAt.gt(now - chrono::Duration::hours(24)))
        .filter(comments::Column::Status.ne(DELETED))
        .order_by_desc(comments::Column::CreatedAt)
        .limit(200)
        .into_tuple()
        .all(db)
        .await?;
    let has_published = comments::Entity::find().filter(comments::Column::AuthorId.eq(me.id)).filter(comments::Column::Status.eq(PUBLISHED)).limit(1).count(db).await? > 0;
    let history = History { is_admin: me.role == Role::Admin, has_published, recent: &recent };
    let held = spam::hold_reason(&app.settings.comments, &history, &body.markdown, now);

    let id = Uuid::now_v7();
    let status = if held.is_some() { PENDING } else { PUBLISHED };
    let row = comments::ActiveModel {
        id: Set(id),
        post_id: Set(post.id),
        author_id: Set(Some(me.id)),
        parent_id: Set(parent_id),
        thread_id: Set(thread_id.unwrap_or(id)),
        depth: Set(depth),
        html: Set(crate::markdown::render(&body.markdown).html),
        markdown: Set(body.markdown),
        status: Set(status.into()),
        held_reason: Set(held),
        edited_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let txn = crate::db::begin_write(db).await?;
    let comment = comments::Entity::insert(row).exec_with_returning(&txn).await?;
    if status == PUBLISHED {
        activity::record(&txn, me.id, activity::COMMENT_PUBLISHED, comment.id, Some(post.id)).await?;
    }
    txn.commit().await?;
    if status == PUBLISHED && parent_id.is_some() {
        app.queue.push(Notify::CommentPublished { comment_id: comment.id }).await?;
    }
    let names = HashMap::from([(me.id, me.user.display_name.clone())]);
    Ok(tree::to_dto(&comment, true, &names, viewer(app, Some(me))))
}

async fn own_comment(db: &impl ConnectionTrait, me: &AuthUser, id: Uuid) -> Result<comments::Model, ApiError> {
    let comment = comments::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound("comment"))?;
    if comment.author_id != Some(me.id) {
        return Err(ApiError::Forbidden);
    }
    if comment.status == DELETED {
        return Err(ApiError::NotFound("comment"));
    }
    Ok(comment)
}

/// The author changes their comment within the edit window; it is marked edited, and an
/// edit that adds too many links sends it back for review.
pub async fn edit(app: &AppState, me: &AuthUser, id: Uuid, body: EditComment) -> Result<Comment, ApiError> {
    let comment = own_comment(&app.db, me, id).await?;
    let viewer = viewer(app, Some(me));
    if viewer.now - comment.created_at >= viewer.edit_window {
        let minutes = app.settings.comments.edit_window.as_secs() / 60;
        return Err(ApiError::Refused(format!("comments can be edited for {minutes} minutes after posting")));
    }
    let links = spam::count_links(&body.markdown);
    let too_many = me.role != Role::Admin && links > app.settings.comments.max_links;
    let mut row: comments::ActiveModel = comment.into();
    row.html = Set(crate::markdown::render(&body.markdown).html);
    row.markdown = Set(body.markdown);
    row.edited_at = Set(Some(viewer.now));
    row.updated_at = Set(viewer.now);
    if too_many {
        row.status = Set(PENDING.into());
        row.held_reason = Set(Some(format!("edited to {links} links (more than {})", app.settings.comments.max_links)));
    }
    let updated = sea_orm::ActiveModelTrait::update(row, &app.db).await?;
    let names = HashMap::from([(me.id, me.user.display_name.clone())]);
    Ok(tree::to_dto(&updated, true, &names, viewer))
}

/// Deletes the author's comment: its text goes, and a placeholder stays while replies hang
/// under it.
pub async fn delete_own(app: &AppState, me: &AuthUser, id: Uuid) -> Result<(), ApiError> {
    let comment = own_comment(&app.db, me, id).await?;
    super::moderation::erase(&app.db, comment.id).await?;
    Ok(())
}

/// Reports a comment to the moderators (once per reader; reporting again changes nothing).
pub async fn report(app: &AppState, me: &AuthUser, id: Uuid, reason: String) -> Result<(), ApiError> {
    let comment = comments::Entity::find_by_id(id).one(&app.db).await?.filter(|c| c.status == PUBLISHED).ok_or(ApiError::NotFound("comment"))?;
    if comment.author_id == Some(me.id) {
        return Err(ApiError::Refused("you cannot report your own comment; edit or delete it instead".into()));
    }
    let report = comment_reports::ActiveModel {
        id: Set(Uuid::now_v7()),
        comment_id: Set(comment.id),
        reporter_id: Set(me.id),
        reason: Set(reason.trim().to_string()),
        resolved_at: Set(None),
        created_at: Set(crate::domain::now()),
    };
    comment_reports::Entity::insert(report)
        .on_conflict(OnConflict::columns([comment_reports::Column::CommentId, comment_reports::Column::ReporterId]).do_nothing().to_owned())
        .exec_without_returning(&app.db)
        .await?;
    Ok(())
}
