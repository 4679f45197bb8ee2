//! RSS and Atom feeds, the sitemap and robots.txt: rendered from the published posts,
//! stored in `documents` so every API process serves the same bytes, and dropped by
//! [`invalidate`] whenever a post, tag or series changes.
//!
//! These are plain routes outside `/api/v1` and outside the OpenAPI contract.
pub mod render;
pub mod repo;
pub mod routes;
pub mod service;
pub mod store;

use actix_web::{Route, guard, web};

pub use service::{Doc, invalidate, regenerate_all};

/// GET, and HEAD for clients that only check the headers.
fn get_or_head() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Mounts the feed routes; call before the SPA's catch-all.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/feed.xml", get_or_head().to(routes::rss_feed))
        .route("/atom.xml", get_or_head().to(routes::atom_feed))
        .route("/sitemap.xml", get_or_head().to(routes::sitemap))
        .route("/robots.txt", get_or_head().to(routes::robots))
        .route("/llms.txt", get_or_head().to(routes::llms_txt))
        .route("/llms-full.txt", get_or_head().to(routes::llms_full))
        .route("/tags/{slug}/feed.xml", get_or_head().to(routes::tag_feed))
        .route("/series/{slug}/feed.xml", get_or_head().to(routes::series_feed));
}

/// Subscriber: the feeds, the sitemap and robots.txt are rebuilt by the `sitemap` job.
pub async fn on_content_change(app: &crate::state::AppState, change: crate::publishing::ContentChange<'_>) {
    if let Err(e) = crate::jobs::coalesce::request(&app.db, &app.queue, crate::jobs::Sitemap { reason: change.reason.to_string() }).await {
        tracing::warn!(error = %e, "could not queue feed regeneration");
    }
}
