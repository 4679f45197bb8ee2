//! Page views. The post page sends a beacon (`POST /views`); the handler checks it, leaves
//! out bots, and hands the view to a background batcher without waiting on the database.
//! The batcher resolves the post, turns the reader's address and user agent into the day's
//! salted visitor hash, and stores the views of up to a second (or 500 views) in one
//! transaction; on a graceful shutdown it stores everything it holds before the process
//! exits. Readers' addresses are never stored: salts live two days, so no stored hash can
//! be recomputed from an address after that. The admin's questions are `admin/analytics`.
pub mod bots;
pub mod dto;
pub mod range;
mod recorder;
pub mod referrer;
pub mod repo;
pub mod routes;
pub mod stats;
mod visitor;

pub use range::DayRange;
pub use recorder::{Analytics, NewView};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::record_view);
}
