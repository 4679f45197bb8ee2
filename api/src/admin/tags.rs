use actix_web::{HttpResponse, delete, get, patch, post, web};
use uuid::Uuid;

use crate::extract::ValidJson;
use crate::{
    publishing,
    auth::AdminUser,
    error::{AdminErrors, ApiError, Problem},
    state::AppState,
    tags::{
        dto::{CreateTagRequest, MergeTagRequest, TagResponse, UpdateTagRequest},
        service,
    },
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_tags).service(create_tag).service(update_tag).service(delete_tag).service(merge_tag);
}

/// Every tag, by name, with all its posts counted.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_tags",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "All tags", body = Vec<TagResponse>),
        AdminErrors,
    )
)]
#[get("/admin/tags")]
pub async fn list_tags(st: web::Data<AppState>, _admin: AdminUser) -> Result<web::Json<Vec<TagResponse>>, ApiError> {
    Ok(web::Json(service::list_all(&st.db).await?))
}

/// Create a tag.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_create_tag",
    security(("bearer" = [])),
    request_body = CreateTagRequest,
    responses(
        (status = 201, description = "The new tag", body = TagResponse),
        AdminErrors,
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/tags")]
pub async fn create_tag(st: web::Data<AppState>, _admin: AdminUser, ValidJson(body): ValidJson<CreateTagRequest>) -> Result<HttpResponse, ApiError> {
    let tag = service::create(&st.db, &body.name, body.slug.as_deref()).await?;
    publishing::content_changed(&st, "tag created", &[], &[]).await;
    Ok(HttpResponse::Created().json(tag))
}

/// Rename a tag or change its slug.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_update_tag",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Tag id")),
    request_body = UpdateTagRequest,
    responses(
        (status = 200, description = "The updated tag", body = TagResponse),
        AdminErrors,
        (status = 404, description = "No such tag", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/admin/tags/{id}")]
pub async fn update_tag(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>, ValidJson(body): ValidJson<UpdateTagRequest>) -> Result<web::Json<TagResponse>, ApiError> {
    let tag = service::update(&st.db, *id, body.name.as_deref(), body.slug.as_deref()).await?;
    publishing::content_changed(&st, "tag updated", &[], &[]).await;
    Ok(web::Json(tag))
}

/// Delete a tag; posts lose it.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_delete_tag",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Tag id")),
    responses(
        (status = 204, description = "Deleted"),
        AdminErrors,
        (status = 404, description = "No such tag", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/admin/tags/{id}")]
pub async fn delete_tag(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    service::delete(&st.db, *id).await?;
    publishing::content_changed(&st, "tag deleted", &[], &[]).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Merge this tag into another: its posts get the other tag, and this one is deleted.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_merge_tag",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The tag to merge away")),
    request_body = MergeTagRequest,
    responses(
        (status = 200, description = "The tag that remains", body = TagResponse),
        AdminErrors,
        (status = 404, description = "No such tag", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`into` is missing, unknown or the same tag", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/tags/{id}/merge")]
pub async fn merge_tag(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>, ValidJson(body): ValidJson<MergeTagRequest>) -> Result<web::Json<TagResponse>, ApiError> {
    let tag = service::merge(&st.db, *id, body.into).await?;
    publishing::content_changed(&st, "tags merged", &[], &[]).await;
    Ok(web::Json(tag))
}
