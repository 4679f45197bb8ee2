//! The admin API, one file per concern; every handler takes `AdminUser`.
pub mod posts;
pub mod series;
pub mod tags;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    posts::configure(cfg);
    series::configure(cfg);
    tags::configure(cfg);
}
