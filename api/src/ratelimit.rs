//! Rate limits by route group, counted in the shared store (Redis when configured), so every
//! API process enforces one budget: anonymous callers per IP, signed-in users per account, and
//! a much stricter budget per IP for sign-in, registration and the email-token endpoints.

use std::{net::IpAddr, time::Duration};

use actix_web::{
    Error, FromRequest, HttpRequest, HttpResponse,
    body::{BoxBody, MessageBody},
    dev::{Payload, ServiceRequest, ServiceResponse},
    http::header::{HeaderName, HeaderValue},
    middleware::Next,
    web,
};
use futures_util::future::LocalBoxFuture;

use crate::{error::ApiError, kv::Hit, state::AppState};

const HOUR: Duration = Duration::from_secs(3600);
const MINUTE: Duration = Duration::from_secs(60);
const WEBHOOK_PATH: &str = "/api/v1/billing/webhook";

/// The client's address: the peer, or behind a trusted proxy the last `X-Forwarded-For`
/// entry, which is the one that proxy appended (earlier entries are the client's to forge).
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> IpAddr {
    let forwarded = trust_proxy
        .then(|| req.headers().get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next()?.trim().parse::<IpAddr>().ok())
        .flatten();
    forwarded.or_else(|| req.peer_addr().map(|a| a.ip())).unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// Who a request counts against: the account behind a valid bearer token, else the address.
fn budget(req: &HttpRequest, st: &AppState) -> Option<(String, u32)> {
    // Stripe delivers every event from a few addresses; a signature, not a budget, guards it.
    if req.path() == WEBHOOK_PATH {
        return None;
    }
    let limits = &st.settings.limits;
    let bearer = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token);
    match bearer.and_then(|token| st.jwt.verify(token.trim())) {
        Some(claims) => (limits.user_per_hour > 0).then(|| (format!("user:{}", claims.sub), limits.user_per_hour)),
        None => (limits.anonymous_per_hour > 0).then(|| (format!("ip:{}", client_ip(req, st.settings.trust_proxy)), limits.anonymous_per_hour)),
    }
}

fn headers(hit: &Hit, window: Duration) -> [(HeaderName, HeaderValue); 4] {
    let num = |n: u64| HeaderValue::from_str(&n.to_string()).unwrap_or(HeaderValue::from_static("0"));
    [
        (HeaderName::from_static("ratelimit-limit"), num(u64::from(hit.limit))),
        (HeaderName::from_static("ratelimit-remaining"), num(u64::from(hit.remaining))),
        (HeaderName::from_static("ratelimit-reset"), num(hit.reset_secs)),
        (
            HeaderName::from_static("ratelimit-policy"),
            HeaderValue::from_str(&format!("{};w={}", hit.limit, window.as_secs())).unwrap_or(HeaderValue::from_static("")),
        ),
    ]
}

fn refused(hit: &Hit, window: Duration) -> HttpResponse {
    let mut response = actix_web::ResponseError::error_response(&ApiError::TooManyRequests { retry_after_secs: hit.reset_secs });
    for (name, value) in headers(hit, window) {
        response.headers_mut().insert(name, value);
    }
    response
}

/// Middleware for `/api/v1`: counts the request, answers 429 past the budget, and tells every
/// caller where it stands in `RateLimit-*` headers. A store outage lets requests through.
pub async fn limit(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(st) = req.app_data::<web::Data<AppState>>().cloned() else { return Ok(next.call(req).await?.map_into_boxed_body()) };
    let Some((key, limit)) = budget(req.request(), &st) else { return Ok(next.call(req).await?.map_into_boxed_body()) };
    let hit = match st.kv.hit(&key, limit, HOUR).await {
        Ok(hit) => hit,
        Err(e) => {
            tracing::warn!(error = %e, "rate-limit store unavailable; request let through");
            return Ok(next.call(req).await?.map_into_boxed_body());
        }
    };
    if !hit.allowed {
        return Ok(req.into_response(refused(&hit, HOUR)));
    }
    let mut res = next.call(req).await?.map_into_boxed_body();
    for (name, value) in headers(&hit, HOUR) {
        res.headers_mut().insert(name, value);
    }
    Ok(res)
}

/// Taking this extractor in a handler spends one of the caller's sign-in-class attempts.
pub struct AuthAttempt;

impl FromRequest for AuthAttempt {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let st = req.app_data::<web::Data<AppState>>().ok_or_else(|| ApiError::Internal(anyhow::anyhow!("state missing")))?;
            let per_minute = st.settings.limits.auth_per_minute;
            if per_minute == 0 {
                return Ok(AuthAttempt);
            }
            let key = format!("auth:{}", client_ip(&req, st.settings.trust_proxy));
            match st.kv.hit(&key, per_minute, MINUTE).await {
                Ok(hit) if !hit.allowed => Err(ApiError::TooManyRequests { retry_after_secs: hit.reset_secs }),
                Ok(_) => Ok(AuthAttempt),
                Err(e) => {
                    tracing::warn!(error = %e, "rate-limit store unavailable; attempt let through");
                    Ok(AuthAttempt)
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.2:5000".parse().unwrap())
            .insert_header(("X-Forwarded-For", "6.6.6.6, 203.0.113.7"))
            .to_http_request();
        assert_eq!(client_ip(&req, false), "10.0.0.2".parse::<IpAddr>().unwrap());
        assert_eq!(client_ip(&req, true), "203.0.113.7".parse::<IpAddr>().unwrap());
    }
}
