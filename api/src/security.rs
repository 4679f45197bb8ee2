//! Browser-facing policies: security headers with a Content-Security-Policy per kind of
//! page, HSTS, CORS for an allow-list of origins, and a body size limit on every route.

use std::time::Duration;

use actix_cors::Cors;
use actix_web::{
    Error,
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{Method, header},
    middleware::Next,
};

use crate::{config::HttpSettings, error::ApiError};

/// The largest request body any route reads (JSON bodies, the Stripe webhook). A post's
/// markdown may hold 200,000 characters, and JSON may spell one as a 12-byte `\uXXXX\uXXXX`
/// pair, so every body the schema allows fits.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The time a client has to send a request's head; a slow-loris connection is dropped after it.
pub const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// An idle keep-alive connection is closed after this long.
pub const KEEP_ALIVE: Duration = Duration::from_secs(30);
/// The time a client has to acknowledge the connection's shutdown.
pub const CLIENT_DISCONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The SPA: scripts only from this origin; WebAssembly compilation allowed for the Python
/// code cells; images also from https: (posts may embed them) and data: URLs. Inline style
/// attributes stay allowed: a post's table cells carry their alignment that way (the
/// sanitizer lets through `text-align` and nothing else).
const SPA_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: https:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/// Swagger UI: its own scripts, no WebAssembly; it styles elements inline.
const DOCS_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/// JSON, feeds, the sitemap and robots.txt load nothing.
const DATA_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

fn content_security_policy(path: &str) -> &'static str {
    if path == "/docs" || path.starts_with("/docs/") {
        DOCS_POLICY
    } else if path.starts_with("/api/") || path.starts_with("/api-docs/") || path.starts_with("/uploads/") || path.ends_with(".xml") || path.ends_with(".txt") || matches!(path, "/healthz" | "/readyz") {
        DATA_POLICY
    } else {
        SPA_POLICY
    }
}

/// Adds the security headers every response carries (a handler's own take precedence).
pub async fn headers(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, Error> {
    let policy = content_security_policy(req.path());
    let isolate = policy == SPA_POLICY && req.app_data::<actix_web::web::Data<HttpSettings>>().is_some_and(|s| s.cross_origin_isolation);
    let hsts = req.app_data::<actix_web::web::Data<HttpSettings>>().map(|s| s.hsts_max_age).unwrap_or(0);
    let mut res = next.call(req).await?.map_into_boxed_body();
    let h = res.headers_mut();
    let mut set = |name: header::HeaderName, value: String| {
        if !h.contains_key(&name)
            && let Ok(value) = header::HeaderValue::from_str(&value)
        {
            h.insert(name, value);
        }
    };
    set(header::CONTENT_SECURITY_POLICY, policy.into());
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff".into());
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin".into());
    set(header::X_FRAME_OPTIONS, "DENY".into());
    set(header::HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY.into());
    set(header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin".into());
    if isolate {
        set(header::HeaderName::from_static("cross-origin-embedder-policy"), "require-corp".into());
    }
    if hsts > 0 {
        set(header::STRICT_TRANSPORT_SECURITY, format!("max-age={hsts}; includeSubDomains"));
    }
    Ok(res)
}

/// Refuses, before any handler runs, what no handler could serve: a declared body larger
/// than [`MAX_BODY_BYTES`] (413; extractors hold bodies sent without a length to the same
/// limit), and a path holding an encoded U+0000, which names nothing (no slug or id can
/// contain it, and PostgreSQL cannot even compare it: 404).
pub async fn screen_request(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, Error> {
    if req.path().to_ascii_lowercase().contains("%00") {
        let response = actix_web::ResponseError::error_response(&ApiError::NotFound("resource"));
        return Ok(req.into_response(response));
    }
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    // Uploads stream their body and count it as they read (see `uploads::routes`).
    let limit = if req.path() == "/api/v1/uploads" { crate::uploads::MAX_REQUEST_BYTES } else { MAX_BODY_BYTES };
    if declared.is_some_and(|len| len > limit) {
        let response = actix_web::ResponseError::error_response(&ApiError::PayloadTooLarge);
        return Ok(req.into_response(response));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// CORS for the configured origins (plus the site's own); `None` when none are configured,
/// so browsers keep the same-origin policy.
pub fn cors(settings: &HttpSettings, public_url: &str) -> Option<Cors> {
    if settings.cors_allowed_origins.is_empty() {
        return None;
    }
    let mut cors = Cors::default()
        .allowed_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([header::RETRY_AFTER, header::ALLOW])
        .max_age(3600);
    for origin in settings.cors_allowed_origins.iter().map(String::as_str).chain(std::iter::once(public_url)) {
        cors = cors.allowed_origin(origin);
    }
    Some(cors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_page_gets_its_policy() {
        assert!(content_security_policy("/posts/x").contains("'wasm-unsafe-eval'"));
        assert!(!content_security_policy("/docs/").contains("wasm"));
        assert!(!content_security_policy("/docs/index.html").contains("script-src 'self' 'unsafe-inline'"));
        assert_eq!(content_security_policy("/api/v1/posts"), DATA_POLICY);
        assert_eq!(content_security_policy("/tags/rust/feed.xml"), DATA_POLICY);
        for path in ["/", "/docs/", "/api/v1/posts"] {
            let policy = content_security_policy(path);
            assert!(policy.contains("frame-ancestors 'none'"));
            assert!(!policy.split(';').any(|d| d.trim().starts_with("script-src") && d.contains("'unsafe-inline'")), "{path}: {policy}");
        }
    }
}
