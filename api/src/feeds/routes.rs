//! The handlers: find the document, answer conditional requests, set caching headers.

use std::time::SystemTime;

use actix_web::{
    HttpRequest, HttpResponse,
    http::header::{self, Header, HttpDate, IfModifiedSince},
    web,
};

use super::service::{self, Doc};
use crate::{entities::documents, error::ApiError, state::AppState};

const CACHE_CONTROL: &str = "public, max-age=300";

/// The site's RSS 2.0 feed.
pub async fn rss_feed(st: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    serve(&st, &req, Doc::Rss).await
}

/// The site's Atom 1.0 feed.
pub async fn atom_feed(st: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    serve(&st, &req, Doc::Atom).await
}

/// One tag's RSS feed.
pub async fn tag_feed(st: web::Data<AppState>, req: HttpRequest, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    serve(&st, &req, Doc::TagFeed(slug.into_inner())).await
}

/// One series' RSS feed.
pub async fn series_feed(st: web::Data<AppState>, req: HttpRequest, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    serve(&st, &req, Doc::SeriesFeed(slug.into_inner())).await
}

/// The sitemap of every public page.
pub async fn sitemap(st: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    serve(&st, &req, Doc::Sitemap).await
}

/// The site for language models: a summary and every post as a link (llmstxt.org).
pub async fn llms_txt(st: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    serve(&st, &req, Doc::LlmsTxt).await
}

/// The free posts' full markdown, for language models.
pub async fn llms_full(st: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    serve(&st, &req, Doc::LlmsFull).await
}

/// Crawling rules, pointing at the sitemap.
pub async fn robots(st: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    serve(&st, &req, Doc::Robots).await
}

async fn serve(st: &AppState, req: &HttpRequest, doc: Doc) -> Result<HttpResponse, ApiError> {
    let found = service::document(&st.db, &st.settings, &doc).await?.ok_or(ApiError::NotFound(doc.subject()))?;
    Ok(respond(req, found))
}

fn respond(req: &HttpRequest, doc: documents::Model) -> HttpResponse {
    let last_modified = HttpDate::from(SystemTime::from(doc.updated_at));
    let unchanged = not_modified(req, &doc);
    let mut res = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    // Our own Date: actix's cached one can trail a document rendered this instant, and a
    // Last-Modified later than Date is invalid.
    res.insert_header(header::Date(SystemTime::now().into()))
        .insert_header((header::ETAG, doc.etag.as_str()))
        .insert_header(header::LastModified(last_modified))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    if unchanged {
        return res.finish();
    }
    // HEAD shares this handler; actix sends the headers and drops the body.
    res.content_type(doc.content_type).body(doc.body)
}

/// RFC 9110 §13.1: If-None-Match (weak comparison) decides when present; otherwise
/// If-Modified-Since, at the one-second precision of HTTP dates.
fn not_modified(req: &HttpRequest, doc: &documents::Model) -> bool {
    if req.headers().contains_key(header::IF_NONE_MATCH) {
        let tag = doc.etag.trim_start_matches("W/");
        return req
            .headers()
            .get_all(header::IF_NONE_MATCH)
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == tag);
    }
    match IfModifiedSince::parse(req) {
        Ok(IfModifiedSince(since)) => doc.updated_at.timestamp() <= chrono::DateTime::<chrono::Utc>::from(SystemTime::from(since)).timestamp(),
        Err(_) => false,
    }
}
