//! CDN revalidation: the URLs a content change touches are purged by the `revalidate` job.

use crate::{jobs::Revalidate, publishing::ContentChange, state::AppState};

/// Subscriber: purge the home page, the feeds, the sitemap and every touched post URL.
pub async fn on_content_change(app: &AppState, change: ContentChange<'_>) {
    let base = &app.settings.public_url;
    let mut urls: Vec<String> = ["/", "/feed.xml", "/atom.xml", "/sitemap.xml"].iter().map(|p| format!("{base}{p}")).collect();
    for slug in change.post_slugs {
        urls.push(format!("{base}/posts/{slug}"));
        urls.push(format!("{base}/api/v1/posts/{slug}"));
    }
    if let Err(e) = app.queue.push(Revalidate { urls }).await {
        tracing::warn!(error = %e, "could not queue CDN revalidation");
    }
}
