//! CDN revalidation: the URLs a content change touches are purged by the `revalidate` job.

use crate::{jobs::{Revalidate, coalesce}, publishing::ContentChange, state::AppState};

/// Subscriber: purge the home page, the feeds, the sitemap and every touched post URL.
pub async fn on_content_change(app: &AppState, change: ContentChange<'_>) {
    let base = &app.settings.public_url;
    let mut urls: Vec<String> = ["/", "/feed.xml", "/atom.xml", "/sitemap.xml"].iter().map(|p| format!("{base}{p}")).collect();
    for slug in change.post_slugs {
        urls.push(format!("{base}/posts/{slug}"));
        urls.push(format!("{base}/api/v1/posts/{slug}"));
    }
    // Batched: the URLs join the pending set, and one job purges the whole set.
    let queued = match coalesce::add_purges(&app.db, &urls).await {
        Ok(()) => coalesce::request(&app.db, &app.queue, Revalidate { urls: Vec::new() }).await.map(|_| ()),
        Err(e) => Err(e.into()),
    };
    if let Err(e) = queued {
        tracing::warn!(error = %e, "could not queue CDN revalidation");
    }
}
