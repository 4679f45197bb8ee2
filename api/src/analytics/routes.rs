use actix_web::{HttpRequest, HttpResponse, http::header, post, web};

use super::{NewView, dto::ViewRequest};
use crate::{error::ApiError, extract::ValidJson, ratelimit::client_ip, state::AppState};

/// Count a view of a post page. Anyone may send it, signed in or not, and the answer comes
/// at once: the view is stored in the background within about a second. Views from bots
/// (by `User-Agent`, or none sent) and of posts that are not published are not counted,
/// and nothing tells the caller which views were; the reader's address is never stored.
#[utoipa::path(
    tag = "analytics",
    operation_id = "record_view",
    request_body = ViewRequest,
    responses(
        (status = 202, description = "Taken (counted unless it came from a bot or names no published post)"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/views")]
pub async fn record_view(st: web::Data<AppState>, req: HttpRequest, ValidJson(body): ValidJson<ViewRequest>) -> Result<HttpResponse, ApiError> {
    if st.analytics.enabled() {
        let user_agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok());
        st.analytics.record(NewView { slug: body.slug, referrer: body.referrer.as_deref(), user_agent, ip: client_ip(&req, st.settings.trust_proxy) });
    }
    Ok(HttpResponse::Accepted().finish())
}
