use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{dto::TagResponse, service};
use crate::{
    error::{ApiError, Problem},
    extract::ValidQuery,
    state::AppState,
};

/// How many tags the tag cloud shows.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TagCloudParams {
    /// The most used tags to return, 1 to 200 (default 100).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// The tag cloud: the most used tags with published posts, most used first (ties by name),
/// with their counts. Capped rather than paged: a reader browses a handful of tags, and
/// each tag's posts are paged under `/posts?tag=`.
#[utoipa::path(
    tag = "tags",
    operation_id = "list_tags",
    params(TagCloudParams),
    responses(
        (status = 200, description = "Tags with published posts", body = Vec<TagResponse>),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tags")]
pub async fn list_tags(st: web::Data<AppState>, ValidQuery(q): ValidQuery<TagCloudParams>) -> Result<web::Json<Vec<TagResponse>>, ApiError> {
    Ok(web::Json(service::list_public(&st.db, q.limit).await?))
}
