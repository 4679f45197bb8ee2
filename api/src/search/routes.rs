use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;

use super::{
    dto::{RelatedParams, RelatedPosts, SearchParams, SearchResults},
    service::{self, Filters, SearchRequest},
};
use crate::{
    ai::embedding::{self, IndexStatus},
    auth::{AdminUser, MaybeUser},
    error::{AdminErrors, ApiError, Problem},
    extract::ValidQuery,
    jobs::{JobKind, Reindex},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(search).service(related).service(index_status).service(reindex);
}

/// Published posts that match a query, best first, each with its best-matching section.
#[utoipa::path(
    tag = "search",
    operation_id = "search",
    security((), ("bearer" = [])),
    params(SearchParams),
    responses(
        (status = 200, description = "A page of results", body = SearchResults),
        (status = 401, description = "A token was sent but is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or over-long query, bad filter, cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Semantic search asked for, and no embedding model is available (the detail says how to fetch it)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/search")]
pub async fn search(st: web::Data<AppState>, reader: MaybeUser, ValidQuery(q): ValidQuery<SearchParams>) -> Result<web::Json<SearchResults>, ApiError> {
    let req = SearchRequest {
        q: &q.q,
        mode: q.mode.unwrap_or_default(),
        filters: Filters { tag: q.tag.as_deref(), series: q.series.as_deref(), difficulty: q.difficulty },
        cursor: q.cursor.as_deref(),
        limit: q.limit.unwrap_or(10),
    };
    Ok(web::Json(service::search(&st, reader.0.as_ref(), req).await?))
}

/// Published posts nearest this one by meaning (by shared tags and series without a model).
#[utoipa::path(
    tag = "search",
    operation_id = "related_posts",
    security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "The post slug"), RelatedParams),
    responses(
        (status = 200, description = "Related posts, nearest first", body = RelatedPosts),
        (status = 401, description = "A token was sent but is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published post has this slug", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/posts/{slug}/related")]
pub async fn related(st: web::Data<AppState>, reader: MaybeUser, slug: web::Path<String>, ValidQuery(q): ValidQuery<RelatedParams>) -> Result<web::Json<RelatedPosts>, ApiError> {
    Ok(web::Json(service::related(&st, reader.0.as_ref(), &slug, q.limit.unwrap_or(5)).await?))
}

/// The search index: the embedding model, chunks, and posts waiting to be embedded.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_search_status",
    security(("bearer" = [])),
    responses((status = 200, description = "Index status", body = IndexStatus), AdminErrors)
)]
#[get("/admin/search")]
pub async fn index_status(st: web::Data<AppState>, _admin: AdminUser) -> Result<web::Json<IndexStatus>, ApiError> {
    Ok(web::Json(embedding::status(&st).await?))
}

/// Rebuild every post's search rows and embed whatever lacks a vector (a job; progress in
/// the index status).
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_search_reindex",
    security(("bearer" = [])),
    responses((status = 202, description = "Queued", body = crate::admin::jobs::QueuedJob), AdminErrors)
)]
#[post("/admin/search/reindex")]
pub async fn reindex(st: web::Data<AppState>, _admin: AdminUser) -> Result<HttpResponse, ApiError> {
    st.queue.push(Reindex { full: true, requested_at: Utc::now() }).await?;
    Ok(HttpResponse::Accepted().json(crate::admin::jobs::QueuedJob { job: JobKind::Reindex }))
}
