use actix_web::{HttpResponse, delete, get, post, web};
use uuid::Uuid;

use super::{
    dto::{AskRequest, AskStreamFrame, ConversationResponse, ConversationSummary, SourcesParams, SourcesResponse},
    service, sse,
};
use crate::{
    auth::{AuthUser, MaybeUser},
    error::{ApiError, Problem},
    extract::{ValidJson, ValidQuery},
    pagination::{Page, PageParams, PageRequest},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(ask).service(sources).service(list_conversations).service(get_conversation).service(delete_conversation);
}

/// Ask a question about the posts; the answer streams as server-sent events.
///
/// The answer is made from numbered passages of the posts the reader may read, and cites
/// them as `[n]`. Each frame is `event: <event>` and `data: <data as JSON>`: first
/// `sources`, then any number of `delta`, then `done` once the turn is stored, or `error`
/// (nothing is stored). Counts against the reader's questions per UTC day.
#[utoipa::path(
    tag = "ask",
    operation_id = "ask",
    security(("bearer" = [])),
    request_body = AskRequest,
    responses(
        (status = 200, description = "The answer, as server-sent events", content_type = "text/event-stream", body = AskStreamFrame),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No conversation of yours has this id, or no published post has this slug", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, blank or over-long question, or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Today's questions are used up (or too many requests); `Retry-After` says when to ask again (for the quota: the next UTC midnight)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until a question may be asked"))),
        (status = 502, description = "The embedding provider failed while looking up sources", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/ask")]
pub async fn ask(st: web::Data<AppState>, me: AuthUser, ValidJson(body): ValidJson<AskRequest>) -> Result<HttpResponse, ApiError> {
    let prepared = service::prepare(&st, &me, body).await?;
    Ok(sse::response(service::answer(st.get_ref().clone(), prepared)))
}

/// The passages of the posts a question would be answered from, best first.
///
/// No answer is made and nothing counts against the quota. Premium passages only for
/// readers with access.
#[utoipa::path(
    tag = "ask",
    operation_id = "ask_sources",
    security((), ("bearer" = [])),
    params(SourcesParams),
    responses(
        (status = 200, description = "The sources", body = SourcesResponse),
        (status = 401, description = "A token was sent but is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published post has this slug", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, blank or over-long question", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "The embedding provider failed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/ask/sources")]
pub async fn sources(st: web::Data<AppState>, reader: MaybeUser, ValidQuery(q): ValidQuery<SourcesParams>) -> Result<web::Json<SourcesResponse>, ApiError> {
    let sources = service::sources(&st, reader.0.as_ref(), &q.q, q.post_slug.as_deref()).await?;
    Ok(web::Json(SourcesResponse { sources }))
}

/// Your conversations, most recently continued first.
#[utoipa::path(
    tag = "ask",
    operation_id = "list_ask_conversations",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of conversations", body = Page<ConversationSummary>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/ask/conversations")]
pub async fn list_conversations(st: web::Data<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<PageParams>) -> Result<web::Json<Page<ConversationSummary>>, ApiError> {
    let page = PageRequest::try_from(&q)?;
    Ok(web::Json(service::list_conversations(&st, &me, page).await?))
}

/// One of your conversations with every turn, oldest first.
#[utoipa::path(
    tag = "ask",
    operation_id = "get_ask_conversation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    responses(
        (status = 200, description = "The conversation", body = ConversationResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No conversation of yours has this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/ask/conversations/{id}")]
pub async fn get_conversation(st: web::Data<AppState>, me: AuthUser, id: web::Path<Uuid>) -> Result<web::Json<ConversationResponse>, ApiError> {
    Ok(web::Json(service::get_conversation(&st, &me, *id).await?))
}

/// Delete one of your conversations and its turns.
#[utoipa::path(
    tag = "ask",
    operation_id = "delete_ask_conversation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No conversation of yours has this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/ask/conversations/{id}")]
pub async fn delete_conversation(st: web::Data<AppState>, me: AuthUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    service::delete_conversation(&st, &me, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
