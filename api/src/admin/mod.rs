//! The admin API, one file per concern; every handler takes `AdminUser`.
pub mod analytics;
pub mod billing;
pub mod comments;
pub mod import;
pub mod jobs;
pub mod mailbox;
pub mod posts;
pub mod redirects;
pub mod revisions;
pub mod series;
pub mod tags;
pub mod users;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    analytics::configure(cfg);
    billing::configure(cfg);
    comments::configure(cfg);
    import::configure(cfg);
    jobs::configure(cfg);
    mailbox::configure(cfg);
    posts::configure(cfg);
    redirects::configure(cfg);
    revisions::configure(cfg);
    series::configure(cfg);
    tags::configure(cfg);
    users::configure(cfg);
}
