//! What follows a change to published content: cached pages are dropped, the feeds and
//! sitemap are rebuilt, and the CDN is told which URLs changed. The last two are jobs, so a
//! slow CDN never slows the editor down and a failure is retried.

use crate::{
    jobs::{Revalidate, Sitemap},
    state::AppState,
};

/// Call after a change is committed; `post_slugs` are the post URLs it touched (old and new).
pub async fn content_changed(app: &AppState, reason: &str, post_slugs: &[&str]) {
    app.cache.invalidate_all().await;
    let base = &app.settings.public_url;
    let mut urls: Vec<String> = ["/", "/feed.xml", "/atom.xml", "/sitemap.xml"].iter().map(|p| format!("{base}{p}")).collect();
    for slug in post_slugs {
        urls.push(format!("{base}/posts/{slug}"));
        urls.push(format!("{base}/api/v1/posts/{slug}"));
    }
    if let Err(e) = app.queue.push(Sitemap { reason: reason.to_string() }).await {
        tracing::warn!(error = %e, "could not queue feed regeneration");
    }
    if let Err(e) = app.queue.push(Revalidate { urls }).await {
        tracing::warn!(error = %e, "could not queue CDN revalidation");
    }
}
