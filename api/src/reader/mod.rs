//! What a signed-in reader keeps around posts: bookmarks, reactions, reading progress, series
//! follows, study notes, and the per-reader state of posts (kept out of the shared page cache).
pub mod bookmarks;
pub mod follows;
pub mod notes;
pub mod progress;
pub mod reactions;
pub mod recommendations;
pub mod state;

use sea_orm::ConnectionTrait;

use crate::{entities::posts, error::ApiError};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(bookmarks::list_bookmarks)
        .service(bookmarks::add_bookmark)
        .service(bookmarks::remove_bookmark)
        .service(reactions::get_reactions)
        .service(reactions::add_reaction)
        .service(reactions::remove_reaction)
        .service(progress::report_progress)
        .service(progress::list_progress)
        .service(progress::progress_stats)
        .service(progress::series_progress)
        .service(follows::list_follows)
        .service(follows::follow_series)
        .service(follows::unfollow_series)
        .service(state::post_states)
        .service(notes::list_notes)
        .service(notes::create_note)
        .service(notes::update_note)
        .service(notes::delete_note)
        .service(recommendations::list_recommendations);
}

/// The published, visible post a reader's action is about.
async fn visible_post(db: &impl ConnectionTrait, slug: &str) -> Result<posts::Model, ApiError> {
    crate::posts::repo::find_published_by_slug(db, slug, crate::domain::now()).await?.ok_or(ApiError::NotFound("post"))
}
