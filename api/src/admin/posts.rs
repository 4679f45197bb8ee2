use actix_web::{HttpResponse, delete, get, patch, post, web};
use uuid::Uuid;

use crate::extract::{MaybeJson, ValidJson, ValidQuery};
use crate::{
    publishing,
    auth::AdminUser,
    error::{AdminErrors, ApiError, Problem},
    markdown,
    pagination::{Page, PageRequest},
    posts::{
        dto::{AdminListPostsParams, AdminPostResponse, AdminPostSummary, CreatePostRequest, PublishRequest, RenderRequest, RenderResponse, UpdatePostRequest},
        service,
    },
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_posts)
        .service(create_post)
        .service(render_markdown)
        .service(get_post)
        .service(update_post)
        .service(delete_post)
        .service(publish_post)
        .service(unpublish_post);
}

/// Posts in every status, most recently edited first.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_posts",
    security(("bearer" = [])),
    params(AdminListPostsParams),
    responses(
        (status = 200, description = "A page of posts", body = Page<AdminPostSummary>),
        AdminErrors,
        (status = 422, description = "Bad filter, cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/posts")]
pub async fn list_posts(st: web::Data<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<AdminListPostsParams>) -> Result<web::Json<Page<AdminPostSummary>>, ApiError> {
    let page = PageRequest::parse(q.cursor.as_deref(), q.limit)?;
    Ok(web::Json(service::list_admin(&st.db, q.status, page).await?))
}

/// Write a post: a draft, or scheduled/published when `published_at` is given.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_create_post",
    security(("bearer" = [])),
    request_body = CreatePostRequest,
    responses(
        (status = 201, description = "The new post", body = AdminPostResponse),
        AdminErrors,
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/posts")]
pub async fn create_post(st: web::Data<AppState>, admin: AdminUser, ValidJson(body): ValidJson<CreatePostRequest>) -> Result<HttpResponse, ApiError> {
    let post = service::create(&st.db, admin.0.id, body).await?;
    publishing::content_changed(&st, "post created", &[post.id], &[&post.slug]).await;
    Ok(HttpResponse::Created().json(post))
}

/// Render markdown exactly as publishing would (for the editor's live preview).
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_render_markdown",
    security(("bearer" = [])),
    request_body = RenderRequest,
    responses(
        (status = 200, description = "Sanitized HTML", body = RenderResponse),
        AdminErrors,
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/render")]
pub async fn render_markdown(_admin: AdminUser, ValidJson(body): ValidJson<RenderRequest>) -> Result<web::Json<RenderResponse>, ApiError> {
    let rendered = markdown::render(&body.markdown);
    Ok(web::Json(RenderResponse { html: rendered.html, reading_minutes: rendered.reading_minutes }))
}

/// One post in any status, with its markdown.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_get_post",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    responses(
        (status = 200, description = "The post", body = AdminPostResponse),
        AdminErrors,
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/posts/{id}")]
pub async fn get_post(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>) -> Result<web::Json<AdminPostResponse>, ApiError> {
    Ok(web::Json(service::get_admin(&st.db, *id).await?))
}

/// Change a post; absent fields stay as they are.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_update_post",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    request_body = UpdatePostRequest,
    responses(
        (status = 200, description = "The updated post", body = AdminPostResponse),
        AdminErrors,
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/admin/posts/{id}")]
pub async fn update_post(st: web::Data<AppState>, AdminUser(admin): AdminUser, id: web::Path<Uuid>, ValidJson(body): ValidJson<UpdatePostRequest>) -> Result<web::Json<AdminPostResponse>, ApiError> {
    let before = service::get_admin(&st.db, *id).await?;
    let post = service::update(&st.db, *id, body, Some(admin.id)).await?;
    publishing::content_changed(&st, "post updated", &[post.id], &[&before.slug, &post.slug]).await;
    Ok(web::Json(post))
}

/// Delete a post for good.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_delete_post",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    responses(
        (status = 204, description = "Deleted"),
        AdminErrors,
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/admin/posts/{id}")]
pub async fn delete_post(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let before = service::get_admin(&st.db, *id).await?;
    service::delete(&st.db, *id).await?;
    publishing::content_changed(&st, "post deleted", &[before.id], &[&before.slug]).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Publish now, or schedule with a future `published_at`.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_publish_post",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    request_body(content = Option<PublishRequest>, description = "Omit to publish now"),
    responses(
        (status = 200, description = "The post, published or scheduled", body = AdminPostResponse),
        AdminErrors,
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/posts/{id}/publish")]
pub async fn publish_post(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>, MaybeJson(body): MaybeJson<PublishRequest>) -> Result<web::Json<AdminPostResponse>, ApiError> {
    let at = body.and_then(|b| b.published_at);
    let post = service::publish(&st.db, *id, at).await?;
    publishing::content_changed(&st, "post published", &[post.id], &[&post.slug]).await;
    Ok(web::Json(post))
}

/// Take a post back to draft.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_unpublish_post",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    responses(
        (status = 200, description = "The post, now a draft", body = AdminPostResponse),
        AdminErrors,
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/posts/{id}/unpublish")]
pub async fn unpublish_post(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>) -> Result<web::Json<AdminPostResponse>, ApiError> {
    let post = service::unpublish(&st.db, *id).await?;
    publishing::content_changed(&st, "post unpublished", &[post.id], &[&post.slug]).await;
    Ok(web::Json(post))
}
