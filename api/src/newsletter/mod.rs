//! The newsletter: double opt-in for anyone, and signed one-click unsubscribe links for it
//! and for the users' daily digest.

pub mod routes;
pub mod service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::subscribe).service(routes::confirm).service(routes::unsubscribe_info).service(routes::unsubscribe);
}
