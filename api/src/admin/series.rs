use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use uuid::Uuid;

use crate::extract::{ValidJson, ValidQuery};
use crate::{
    publishing,
    auth::AdminUser,
    error::{AdminErrors, ApiError, Problem},
    pagination::{Page, PageParams, PageRequest},
    series::{
        dto::{AdminSeriesResponse, CreateSeriesRequest, SeriesSummary, SetSeriesPostsRequest, UpdateSeriesRequest},
        service,
    },
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_series).service(create_series).service(get_series).service(update_series).service(delete_series).service(set_series_posts);
}

/// Every series, newest first, with all its posts counted.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_series",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of series", body = Page<SeriesSummary>),
        AdminErrors,
        (status = 422, description = "Bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/series")]
pub async fn list_series(st: web::Data<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<PageParams>) -> Result<web::Json<Page<SeriesSummary>>, ApiError> {
    let page = PageRequest::try_from(&q)?;
    Ok(web::Json(service::list(&st.db, page, false).await?))
}

/// Create a series.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_create_series",
    security(("bearer" = [])),
    request_body = CreateSeriesRequest,
    responses(
        (status = 201, description = "The new series", body = AdminSeriesResponse),
        AdminErrors,
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/series")]
pub async fn create_series(st: web::Data<AppState>, _admin: AdminUser, ValidJson(body): ValidJson<CreateSeriesRequest>) -> Result<HttpResponse, ApiError> {
    let series = service::create(&st.db, &body.title, body.slug.as_deref(), body.description.as_deref().unwrap_or("")).await?;
    publishing::content_changed(&st, "series created", &[], &[]).await;
    Ok(HttpResponse::Created().json(series))
}

/// One series with all its posts in order.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_get_series",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Series id")),
    responses(
        (status = 200, description = "The series", body = AdminSeriesResponse),
        AdminErrors,
        (status = 404, description = "No such series", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/series/{id}")]
pub async fn get_series(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>) -> Result<web::Json<AdminSeriesResponse>, ApiError> {
    Ok(web::Json(service::get_admin(&st.db, *id).await?))
}

/// Change a series.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_update_series",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Series id")),
    request_body = UpdateSeriesRequest,
    responses(
        (status = 200, description = "The updated series", body = AdminSeriesResponse),
        AdminErrors,
        (status = 404, description = "No such series", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/admin/series/{id}")]
pub async fn update_series(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>, ValidJson(body): ValidJson<UpdateSeriesRequest>) -> Result<web::Json<AdminSeriesResponse>, ApiError> {
    let series = service::update(&st.db, *id, body.title.as_deref(), body.slug.as_deref(), body.description.as_deref()).await?;
    publishing::content_changed(&st, "series updated", &[], &[]).await;
    Ok(web::Json(series))
}

/// Delete a series; its posts remain, outside any series.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_delete_series",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Series id")),
    responses(
        (status = 204, description = "Deleted"),
        AdminErrors,
        (status = 404, description = "No such series", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/admin/series/{id}")]
pub async fn delete_series(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    service::delete(&st.db, *id).await?;
    publishing::content_changed(&st, "series deleted", &[], &[]).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Set the series' posts and their reading order.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_set_series_posts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Series id")),
    request_body = SetSeriesPostsRequest,
    responses(
        (status = 200, description = "The series in its new order", body = AdminSeriesResponse),
        AdminErrors,
        (status = 404, description = "No such series", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown or repeated post ids", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/admin/series/{id}/posts")]
pub async fn set_series_posts(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>, ValidJson(body): ValidJson<SetSeriesPostsRequest>) -> Result<web::Json<AdminSeriesResponse>, ApiError> {
    let series = service::set_posts(&st.db, *id, &body.post_ids).await?;
    publishing::content_changed(&st, "series reordered", &[], &[]).await;
    Ok(web::Json(series))
}
