//! Comment moderation: the queue, decisions on a comment, comment bans, closing a post.

use actix_web::{HttpResponse, delete, get, post, put, web};
use uuid::Uuid;

use crate::{
    auth::AdminUser,
    comments::{
        dto::{BanRequest, Comment, CommentBan, QueueName, QueueQuery, QueuedComment},
        moderation::{self, Decision},
        service::viewer,
    },
    error::{AdminErrors, ApiError, Problem},
    extract::{MaybeJson, ValidQuery},
    pagination::{Page, PageRequest},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(moderation_queue)
        .service(approve_comment)
        .service(hide_comment)
        .service(remove_comment)
        .service(ban_commenter)
        .service(unban_commenter)
        .service(close_comments)
        .service(open_comments);
}

/// The moderation queue, oldest first: held comments (default), reported ones, or hidden ones.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_moderation_queue",
    security(("bearer" = [])),
    params(QueueQuery),
    responses(
        (status = 200, description = "A page of comments to look at", body = Page<QueuedComment>),
        AdminErrors,
    )
)]
#[get("/admin/comments")]
pub async fn moderation_queue(st: web::Data<AppState>, AdminUser(admin): AdminUser, ValidQuery(q): ValidQuery<QueueQuery>) -> Result<web::Json<Page<QueuedComment>>, ApiError> {
    let page = PageRequest::parse(q.cursor.as_deref(), q.limit)?;
    Ok(web::Json(moderation::queue(&st.db, q.status.unwrap_or(QueueName::Pending), page, viewer(&st, Some(&admin))).await?))
}

async fn decide(st: &AppState, admin: &crate::auth::AuthUser, id: Uuid, decision: Decision) -> Result<web::Json<Comment>, ApiError> {
    let comment = moderation::decide(st, admin, id, decision).await?.ok_or(ApiError::NotFound("comment"))?;
    Ok(web::Json(comment))
}

/// Publish a held or hidden comment (settles its reports).
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_approve_comment",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The comment")),
    responses(
        (status = 200, description = "The comment, published", body = Comment),
        AdminErrors,
        (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/comments/{id}/approve")]
pub async fn approve_comment(st: web::Data<AppState>, AdminUser(admin): AdminUser, id: web::Path<Uuid>) -> Result<web::Json<Comment>, ApiError> {
    decide(&st, &admin, *id, Decision::Approve).await
}

/// Hide a comment from readers (its author still sees it; settles its reports).
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_hide_comment",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The comment")),
    responses(
        (status = 200, description = "The comment, hidden", body = Comment),
        AdminErrors,
        (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/comments/{id}/hide")]
pub async fn hide_comment(st: web::Data<AppState>, AdminUser(admin): AdminUser, id: web::Path<Uuid>) -> Result<web::Json<Comment>, ApiError> {
    decide(&st, &admin, *id, Decision::Hide).await
}

/// Delete a comment's text (replies stay, under a placeholder).
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_delete_comment",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The comment")),
    responses(
        (status = 204, description = "Deleted"),
        AdminErrors,
        (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/admin/comments/{id}")]
pub async fn remove_comment(st: web::Data<AppState>, AdminUser(admin): AdminUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    moderation::decide(&st, &admin, *id, Decision::Delete).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ban a member from commenting; their held comments are hidden.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_ban_commenter",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The member")),
    request_body(content = Option<BanRequest>, description = "Optional reason"),
    responses(
        (status = 200, description = "The ban", body = CommentBan),
        AdminErrors,
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The user is an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/admin/users/{id}/comment-ban")]
pub async fn ban_commenter(
    st: web::Data<AppState>,
    AdminUser(admin): AdminUser,
    id: web::Path<Uuid>,
    MaybeJson(body): MaybeJson<BanRequest>,
) -> Result<web::Json<CommentBan>, ApiError> {
    let reason = body.and_then(|b| b.reason).map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    Ok(web::Json(moderation::ban(&st, &admin, *id, reason).await?))
}

/// Lift a member's comment ban.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_unban_commenter",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The member")),
    responses(
        (status = 204, description = "The ban is lifted"),
        AdminErrors,
        (status = 404, description = "The member is not banned", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/admin/users/{id}/comment-ban")]
pub async fn unban_commenter(st: web::Data<AppState>, AdminUser(admin): AdminUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    moderation::unban(&st, &admin, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Close a post's comments: what is there stays, new ones are refused.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_close_comments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The post")),
    responses(
        (status = 204, description = "Closed"),
        AdminErrors,
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/admin/posts/{id}/comments-closed")]
pub async fn close_comments(st: web::Data<AppState>, AdminUser(admin): AdminUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    moderation::set_closed(&st, &admin, *id, true).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Open a post's comments again.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_open_comments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The post")),
    responses(
        (status = 204, description = "Open"),
        AdminErrors,
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/admin/posts/{id}/comments-closed")]
pub async fn open_comments(st: web::Data<AppState>, AdminUser(admin): AdminUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    moderation::set_closed(&st, &admin, *id, false).await?;
    Ok(HttpResponse::NoContent().finish())
}
