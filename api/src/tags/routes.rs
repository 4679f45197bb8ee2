use actix_web::{get, web};

use super::{dto::TagResponse, service};
use crate::{error::{ApiError, Problem}, state::AppState};

/// Tags that have published posts, most used first, with their counts. Unpaginated: it is
/// the tag cloud, bounded by the number of tags.
#[utoipa::path(
    tag = "tags",
    operation_id = "list_tags",
    responses(
        (status = 200, description = "Tags with published posts", body = Vec<TagResponse>),
        (status = 500, description = "Unexpected failure", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tags")]
pub async fn list_tags(st: web::Data<AppState>) -> Result<web::Json<Vec<TagResponse>>, ApiError> {
    Ok(web::Json(service::list_public(&st.db).await?))
}
