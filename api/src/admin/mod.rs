//! The admin API, one file per concern; every handler takes `AdminUser`.
pub mod jobs;
pub mod mailbox;
pub mod posts;
pub mod series;
pub mod tags;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    jobs::configure(cfg);
    mailbox::configure(cfg);
    posts::configure(cfg);
    series::configure(cfg);
    tags::configure(cfg);
}
