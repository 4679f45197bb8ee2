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
pub async fn list_posts(st: web::Data<AppState>, ValidQuery(q): ValidQuery<ListPostsParams>) -> Result<HttpResponse, ApiError> {
    let page = PageRequest::parse(q.cursor.as_deref(), q.limit)?;
    let filter = ListFilter { tag: q.tag.as_deref(), series: q.series.as_deref(), difficulty: q.difficulty };
    // First pages are what every visitor opens; deeper pages are keyset reads, left uncached.
    let key = page.after.is_none().then(|| {
        let difficulty = q.difficulty.map(|d| d.as_str()).unwrap_or_default();
        format!("list:{}:{}:{difficulty}:{}", q.tag.as_deref().unwrap_or_default(), q.series.as_deref().unwrap_or_default(), page.limit)
    });
    cached(&st, key, || async {
        let list = service::list_published(&st.db, filter, page).await?;
        Ok(serde_json::to_string(&list).map_err(anyhow::Error::from)?)
    })
    .await
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
        (status = 301, description = "The post was renamed: `Location` is its API path now", headers(("Location" = String, description = "The post's API path"))),
        (status = 401, description = "A token was sent but is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published post has this slug", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/posts/{slug}")]
pub async fn get_post(st: web::Data<AppState>, reader: MaybeUser, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    // Readers with and without premium access see different bodies, so each has its entry.
    let variant = if reader.0.as_ref().is_some_and(|r| r.can_read_premium()) { "full" } else { "teaser" };
    let page = cached(&st, Some(format!("post:{variant}:{slug}")), || async {
        let post = service::get_published(&st.db, &slug, reader.0.as_ref()).await?;
        Ok(serde_json::to_string(&post).map_err(anyhow::Error::from)?)
    })
    .await;
    let Err(ApiError::NotFound(_)) = page else { return page };
    // A renamed post: its old slug answers with where it lives now.
    let moved = crate::redirects::lookup(&st.db, &crate::redirects::post_path(&slug)).await?;
    match moved.as_deref().and_then(|to| to.strip_prefix("/posts/")) {
        Some(new_slug) => Ok(HttpResponse::MovedPermanently().insert_header((actix_web::http::header::LOCATION, format!("/api/v1/posts/{new_slug}"))).finish()),
        None => page,
    }
}

/// A public JSON page through the page cache (`key: None` bypasses it). A stored page ends
/// when the next scheduled post becomes visible, which it might otherwise hide.
async fn cached<F, Fut>(st: &AppState, key: Option<String>, render: F) -> Result<HttpResponse, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<String, ApiError>>,
{
    let json = |body: String| HttpResponse::Ok().content_type("application/json").body(body);
    let Some(key) = key else { return Ok(json(render().await?)) };
    let generation = st.cache.generation();
    if let Some(hit) = st.cache.get(&key).await {
        return Ok(json(hit.to_string()));
    }
    let body = render().await?;
    if st.cache.is_enabled() {
        st.cache.put(&key, generation, body.clone(), service::visible_until(&st.db).await?).await;
    }
    Ok(json(body))
}
