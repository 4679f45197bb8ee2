//! Tags: the public tag list, and the rules admins manage them by.
pub mod dto;
pub mod repo;
pub mod routes;
pub mod service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_tags);
}
