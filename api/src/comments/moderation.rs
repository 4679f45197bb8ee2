//! What moderators do: the queue of held and reported comments, approving, hiding and
//! deleting them, banning members from commenting, and closing a post's comments. Every
//! action is recorded, and the comment's author hears the outcome.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, OnConflict, Query},
};
use uuid::Uuid;

use super::{
    DELETED, HIDDEN, PENDING, PUBLISHED,
    dto::{Comment, CommentBan, CommentReport, QueueName, QueuedComment},
    tree,
};
use crate::{
    activity,
    auth::AuthUser,
    domain::Role,
    entities::{closed_comments, comment_bans, comment_reports, comments, moderation_actions, posts, users},
    error::ApiError,
    notifications::Notify,
    pagination::{self, Cursor, Page, PageRequest},
    state::AppState,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Hide,
    Delete,
}

impl Decision {
    fn action(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Hide => "hide",
            Self::Delete => "delete",
        }
    }

    fn outcome(self) -> &'static str {
        match self {
            Self::Approve => "approved",
            Self::Hide => "hidden",
            Self::Delete => "deleted",
        }
    }
}

async fn log(db: &impl ConnectionTrait, actor: Uuid, action: &str, comment: Option<Uuid>, user: Option<Uuid>, note: Option<String>) -> Result<Uuid, ApiError> {
    let id = Uuid::now_v7();
    let row = moderation_actions::ActiveModel {
        id: Set(id),
        actor_id: Set(Some(actor)),
        action: Set(action.into()),
        comment_id: Set(comment),
        user_id: Set(user),
        note: Set(note),
        created_at: Set(crate::domain::now()),
    };
    moderation_actions::Entity::insert(row).exec_without_returning(db).await?;
    Ok(id)
}

async fn resolve_reports(db: &impl ConnectionTrait, comment: Uuid) -> Result<(), ApiError> {
    comment_reports::Entity::update_many()
        .col_expr(comment_reports::Column::ResolvedAt, Expr::value(crate::domain::now()))
        .filter(comment_reports::Column::CommentId.eq(comment))
        .filter(comment_reports::Column::ResolvedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Removes a comment's text, leaving the row for the thread's shape.
pub async fn erase(db: &impl ConnectionTrait, comment: Uuid) -> Result<(), ApiError> {
    comments::Entity::update_many()
        .col_expr(comments::Column::Status, Expr::value(DELETED))
        .col_expr(comments::Column::Markdown, Expr::value(""))
        .col_expr(comments::Column::Html, Expr::value(""))
        .col_expr(comments::Column::UpdatedAt, Expr::value(crate::domain::now()))
        .filter(comments::Column::Id.eq(comment))
        .exec(db)
        .await?;
    resolve_reports(db, comment).await
}

/// The queue, oldest first: held comments, reported ones, or hidden ones.
pub async fn queue(db: &impl ConnectionTrait, which: QueueName, page: PageRequest, viewer: tree::Viewer) -> Result<Page<QueuedComment>, ApiError> {
    let mut query = comments::Entity::find();
    query = match which {
        QueueName::Pending => query.filter(comments::Column::Status.eq(PENDING)),
        QueueName::Hidden => query.filter(comments::Column::Status.eq(HIDDEN)),
        QueueName::Reported => query.filter(comments::Column::Status.ne(DELETED)).filter(comments::Column::Id.in_subquery(
            Query::select().column(comment_reports::Column::CommentId).from(comment_reports::Entity).and_where(comment_reports::Column::ResolvedAt.is_null()).to_owned(),
        )),
    };
    if let Some(c) = page.after {
        query = query.filter(pagination::after_ascending(comments::Column::CreatedAt, comments::Column::Id, c));
    }
    let mut rows = query.order_by_asc(comments::Column::CreatedAt).order_by_asc(comments::Column::Id).limit(page.limit + 1).all(db).await?;
    let next_cursor = pagination::split_page(&mut rows, page.limit, |c| Cursor { at: c.created_at, id: c.id });
    if rows.is_empty() {
        return Ok(Page { items: vec![], next_cursor });
    }
    let post_ids: Vec<Uuid> = rows.iter().map(|c| c.post_id).collect();
    let posts = crate::posts::repo::slugs_and_titles(db, post_ids).await?;
    let author_ids: Vec<Uuid> = rows.iter().filter_map(|c| c.author_id).collect();
    let authors: HashMap<Uuid, (String, String)> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::DisplayName)
        .column(users::Column::Email)
        .filter(users::Column::Id.is_in(author_ids))
        .into_tuple::<(Uuid, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, name, email)| (id, (name, email)))
        .collect();
    let mut reports: HashMap<Uuid, Vec<CommentReport>> = HashMap::new();
    for r in comment_reports::Entity::find()
        .filter(comment_reports::Column::CommentId.is_in(rows.iter().map(|c| c.id)))
        .filter(comment_reports::Column::ResolvedAt.is_null())
        .order_by_asc(comment_reports::Column::CreatedAt)
        .all(db)
        .await?
    {
        reports.entry(r.comment_id).or_default().push(CommentReport { reason: r.reason, reporter_id: r.reporter_id, created_at: r.created_at });
    }
    let names: HashMap<Uuid, String> = authors.iter().map(|(id, (name, _))| (*id, name.clone())).collect();
    let items = rows
        .into_iter()
        .map(|c| {
            let (post_slug, post_title) = posts.get(&c.post_id).cloned().unwrap_or_default();
            QueuedComment {
                comment: tree::to_dto(&c, true, &names, viewer),
                author_email: c.author_id.and_then(|a| authors.get(&a).map(|(_, e)| e.clone())),
                reports: reports.remove(&c.id).unwrap_or_default(),
                held_reason: c.held_reason.clone(),
                markdown: c.markdown,
                post_slug,
                post_title,
            }
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// Approves, hides or deletes a comment; its open reports are settled by the decision.
pub async fn decide(app: &AppState, admin: &AuthUser, id: Uuid, decision: Decision) -> Result<Option<Comment>, ApiError> {
    let comment = comments::Entity::find_by_id(id).one(&app.db).await?.filter(|c| c.status != DELETED).ok_or(ApiError::NotFound("comment"))?;
    let txn = crate::db::begin_write(&app.db).await?;
    match decision {
        Decision::Delete => erase(&txn, id).await?,
        Decision::Approve | Decision::Hide => {
            let status = if decision == Decision::Approve { PUBLISHED } else { HIDDEN };
            comments::Entity::update_many()
                .col_expr(comments::Column::Status, Expr::value(status))
                .col_expr(comments::Column::HeldReason, Expr::value(Option::<String>::None))
                .col_expr(comments::Column::UpdatedAt, Expr::value(crate::domain::now()))
                .filter(comments::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            resolve_reports(&txn, id).await?;
        }
    }
    if decision == Decision::Approve
        && let Some(author) = comment.author_id
    {
        activity::record(&txn, author, activity::COMMENT_PUBLISHED, id, Some(comment.post_id)).await?;
    }
    let action_id = log(&txn, admin.id, decision.action(), Some(id), comment.author_id, None).await?;
    txn.commit().await?;

    if comment.author_id.is_some_and(|a| a != admin.id) {
        app.queue.push(Notify::CommentModerated { comment_id: id, action_id, outcome: decision.outcome().into() }).await?;
    }
    if decision == Decision::Approve && comment.parent_id.is_some() {
        app.queue.push(Notify::CommentPublished { comment_id: id }).await?;
    }
    if decision == Decision::Delete {
        return Ok(None);
    }
    let updated = comments::Entity::find_by_id(id).one(&app.db).await?.ok_or(ApiError::NotFound("comment"))?;
    let names = super::service::display_names(&app.db, updated.author_id).await?;
    Ok(Some(tree::to_dto(&updated, true, &names, super::service::viewer(app, Some(admin)))))
}

/// Bans a member from commenting: their new comments are refused and the ones waiting for
/// review are hidden. Banning again updates the reason.
pub async fn ban(app: &AppState, admin: &AuthUser, user_id: Uuid, reason: Option<String>) -> Result<CommentBan, ApiError> {
    let user = users::Entity::find_by_id(user_id).one(&app.db).await?.ok_or(ApiError::NotFound("user"))?;
    if Role::from_db(&user.role) == Role::Admin {
        return Err(ApiError::Conflict("admins cannot be banned from commenting; change their role first".into()));
    }
    let now = crate::domain::now();
    let txn = crate::db::begin_write(&app.db).await?;
    let row = comment_bans::ActiveModel { user_id: Set(user_id), actor_id: Set(Some(admin.id)), reason: Set(reason.clone()), created_at: Set(now) };
    comment_bans::Entity::insert(row)
        .on_conflict(OnConflict::column(comment_bans::Column::UserId).update_columns([comment_bans::Column::Reason, comment_bans::Column::ActorId]).to_owned())
        .exec_without_returning(&txn)
        .await?;
    let hidden = comments::Entity::update_many()
        .col_expr(comments::Column::Status, Expr::value(HIDDEN))
        .col_expr(comments::Column::UpdatedAt, Expr::value(now))
        .filter(comments::Column::AuthorId.eq(user_id))
        .filter(comments::Column::Status.eq(PENDING))
        .exec(&txn)
        .await?
        .rows_affected;
    log(&txn, admin.id, "ban", None, Some(user_id), reason).await?;
    let ban = comment_bans::Entity::find_by_id(user_id).one(&txn).await?.ok_or(ApiError::NotFound("ban"))?;
    txn.commit().await?;
    Ok(CommentBan { user_id, reason: ban.reason, created_at: ban.created_at, hidden_pending: hidden })
}

pub async fn unban(app: &AppState, admin: &AuthUser, user_id: Uuid) -> Result<(), ApiError> {
    let txn = crate::db::begin_write(&app.db).await?;
    let gone = comment_bans::Entity::delete_by_id(user_id).exec(&txn).await?.rows_affected;
    if gone == 0 {
        return Err(ApiError::NotFound("comment ban"));
    }
    log(&txn, admin.id, "unban", None, Some(user_id), None).await?;
    txn.commit().await?;
    Ok(())
}

/// Opens or closes a post for new comments (what is there stays readable).
pub async fn set_closed(app: &AppState, admin: &AuthUser, post_id: Uuid, closed: bool) -> Result<(), ApiError> {
    posts::Entity::find_by_id(post_id).one(&app.db).await?.ok_or(ApiError::NotFound("post"))?;
    if closed {
        let row = closed_comments::ActiveModel { post_id: Set(post_id), actor_id: Set(Some(admin.id)), created_at: Set(crate::domain::now()) };
        closed_comments::Entity::insert(row).on_conflict(OnConflict::column(closed_comments::Column::PostId).do_nothing().to_owned()).exec_without_returning(&app.db).await?;
    } else {
        closed_comments::Entity::delete_by_id(post_id).exec(&app.db).await?;
    }
    Ok(())
}
