use actix_web::{get, web};

use super::{dto::{SeriesResponse, SeriesSummary}, service};
use crate::extract::ValidQuery;
use crate::{
    error::{ApiError, Problem},
    pagination::{Page, PageParams, PageRequest},
    state::AppState,
};

/// Series that have published posts, newest first.
#[utoipa::path(
    tag = "series",
    operation_id = "list_series",
    params(PageParams),
    responses(
        (status = 200, description = "A page of series", body = Page<SeriesSummary>),
        (status = 422, description = "Bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/series")]
pub async fn list_series(st: web::Data<AppState>, ValidQuery(q): ValidQuery<PageParams>) -> Result<web::Json<Page<SeriesSummary>>, ApiError> {
    let page = PageRequest::try_from(&q)?;
    Ok(web::Json(service::list(&st.db, page, true).await?))
}

/// A series with its published posts in reading order.
#[utoipa::path(
    tag = "series",
    operation_id = "get_series",
    params(("slug" = String, Path, description = "The series slug")),
    responses(
        (status = 200, description = "The series", body = SeriesResponse),
        (status = 404, description = "No such series, or nothing published in it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/series/{slug}")]
pub async fn get_series(st: web::Data<AppState>, slug: web::Path<String>) -> Result<web::Json<SeriesResponse>, ApiError> {
    Ok(web::Json(service::get_public(&st.db, &slug).await?))
}
