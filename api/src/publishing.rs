//! The one announcement of a change to published content, and its subscribers. A service
//! commits its change, then announces it here; each concern that reacts (the page cache,
//! the feeds and sitemap, CDN purges, embeddings) handles it in its own module, and slow
//! work goes to a job so a slow CDN or model never slows the editor down.

use uuid::Uuid;

use crate::state::AppState;

/// What changed: the posts touched (by id) and every post URL slug involved (old and new).
#[derive(Debug, Clone, Copy)]
pub struct ContentChange<'a> {
    pub reason: &'a str,
    pub post_ids: &'a [Uuid],
    pub post_slugs: &'a [&'a str],
}

/// Call after a change is committed.
pub async fn content_changed(app: &AppState, reason: &str, post_ids: &[Uuid], post_slugs: &[&str]) {
    let change = ContentChange { reason, post_ids, post_slugs };
    crate::cache::on_content_change(app, change).await;
    crate::feeds::on_content_change(app, change).await;
    crate::cdn::on_content_change(app, change).await;
    crate::ai::embedding::on_content_change(app, change).await;
    crate::notifications::on_content_change(app, change).await;
}
