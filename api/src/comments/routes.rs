use actix_web::{HttpResponse, delete, get, patch, post, web};
use uuid::Uuid;

use super::{
    dto::{Comment, CommentPage, EditComment, NewComment, ReportComment},
    service,
};
use crate::{
    auth::{AuthUser, MaybeUser},
    error::{ApiError, Problem},
    extract::{ValidJson, ValidQuery},
    pagination::{PageParams, PageRequest},
    state::AppState,
};

/// A post's comments: a page of top-level threads, oldest first, each with all its replies.
#[utoipa::path(
    tag = "comments",
    operation_id = "list_comments",
    params(("slug" = String, Path, description = "The post slug"), PageParams),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "A page of threads", body = CommentPage),
        (status = 404, description = "No such published post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/posts/{slug}/comments")]
pub async fn list_comments(st: web::Data<AppState>, me: MaybeUser, slug: web::Path<String>, ValidQuery(q): ValidQuery<PageParams>) -> Result<web::Json<CommentPage>, ApiError> {
    let page = PageRequest::try_from(&q)?;
    Ok(web::Json(service::thread_page(&st, &slug, me.0.as_ref(), page).await?))
}

/// Comment on a post, or reply to a comment. The answer's `status` says whether it is
/// published or waits for a moderator.
#[utoipa::path(
    tag = "comments",
    operation_id = "create_comment",
    params(("slug" = String, Path, description = "The post slug")),
    security(("bearer" = [])),
    request_body = NewComment,
    responses(
        (status = 201, description = "The comment, `published` or `pending`", body = Comment),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Banned from commenting, comments closed, or a premium post without access", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/posts/{slug}/comments")]
pub async fn create_comment(st: web::Data<AppState>, me: AuthUser, slug: web::Path<String>, ValidJson(body): ValidJson<NewComment>) -> Result<HttpResponse, ApiError> {
    let comment = service::create(&st, &me, &slug, body).await?;
    Ok(HttpResponse::Created().json(comment))
}

/// Edit my comment, within the edit window.
#[utoipa::path(
    tag = "comments",
    operation_id = "edit_comment",
    params(("id" = Uuid, Path, description = "The comment")),
    security(("bearer" = [])),
    request_body = EditComment,
    responses(
        (status = 200, description = "The edited comment", body = Comment),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not my comment, or the edit window has passed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/comments/{id}")]
pub async fn edit_comment(st: web::Data<AppState>, me: AuthUser, id: web::Path<Uuid>, ValidJson(body): ValidJson<EditComment>) -> Result<web::Json<Comment>, ApiError> {
    Ok(web::Json(service::edit(&st, &me, *id, body).await?))
}

/// Delete my comment (replies under it stay, under a placeholder).
#[utoipa::path(
    tag = "comments",
    operation_id = "delete_comment",
    params(("id" = Uuid, Path, description = "The comment")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not my comment", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/comments/{id}")]
pub async fn delete_comment(st: web::Data<AppState>, me: AuthUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    service::delete_own(&st, &me, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Report a comment to the moderators.
#[utoipa::path(
    tag = "comments",
    operation_id = "report_comment",
    params(("id" = Uuid, Path, description = "The comment")),
    security(("bearer" = [])),
    request_body = ReportComment,
    responses(
        (status = 202, description = "Reported (reporting again changes nothing)"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "My own comment", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published comment", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/comments/{id}/report")]
pub async fn report_comment(st: web::Data<AppState>, me: AuthUser, id: web::Path<Uuid>, ValidJson(body): ValidJson<ReportComment>) -> Result<HttpResponse, ApiError> {
    service::report(&st, &me, *id, body.reason).await?;
    Ok(HttpResponse::Accepted().finish())
}
