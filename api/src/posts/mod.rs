//! Posts: the public reading side; admin editing lives in `admin::posts`.
pub mod dto;
pub mod repo;
pub mod routes;
pub mod service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_posts).service(routes::get_post);
}
