//! Series: ordered collections of posts read one after another.
pub mod dto;
pub mod repo;
pub mod routes;
pub mod service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_series).service(routes::get_series);
}
