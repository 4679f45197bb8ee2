use actix_web::{HttpResponse, get, web};

use super::{
    dto::{ListPostsParams, PostResponse, PostSummary},
    service::{self, ListFilter},
};
use crate::extract::ValidQuery;
use crate::{
    auth::MaybeUser,
    error::{ApiError, Problem},
    pagination::{Page, PageRequest},
    state::AppState,
};

/// Published posts, newest first.
#[utoipa::path(
    tag = "posts",
    operation_id = "list_posts",
    params(ListPostsParams),
    responses(
        (status = 200, description = "A page of published posts", body = Page<PostSummary>),
        (status = 422, description = "Bad filter, cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/posts")]
pub async fn list_posts(st: web::Data<AppState>, ValidQuery(q): ValidQuery<ListPostsParams>) -> Result<web::Json<Page<PostSummary>>, ApiError> {
    let page = PageRequest::parse(q.cursor.as_deref(), q.limit)?;
    let filter = ListFilter { tag: q.tag.as_deref(), series: q.series.as_deref(), difficulty: q.difficulty };
    Ok(web::Json(service::list_published(&st.db, filter, page).await?))
}

/// One published post. Premium posts come as a teaser (`locked: true`) unless the reader
/// has premium access.
#[utoipa::path(
    tag = "posts",
    operation_id = "get_post",
    security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "The post slug")),
    responses(
        (status = 200, description = "The post", body = PostResponse),
        (status = 401, description = "A token was sent but is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published post has this slug", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/posts/{slug}")]
pub async fn get_post(st: web::Data<AppState>, reader: MaybeUser, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    // Readers with and without premium access see different bodies, so each has its entry.
    let variant = if reader.0.as_ref().is_some_and(|r| r.can_read_premium()) { "full" } else { "teaser" };
    let key = format!("post:{variant}:{slug}");
    let body = match st.cache.get(&key).await {
        Some(cached) => cached.to_string(),
        None => {
            let post = service::get_published(&st.db, &slug, reader.0.as_ref()).await?;
            let json = serde_json::to_string(&post).map_err(anyhow::Error::from)?;
            st.cache.put(&key, json.clone()).await;
            json
        }
    };
    Ok(HttpResponse::Ok().content_type("application/json").body(body))
}
