//! Accounts and sessions: passwords, access tokens, rotating refresh tokens, extractors.
pub mod dto;
pub mod extractors;
pub mod jwt;
pub mod password;
pub mod repo;
pub mod routes;
pub mod service;
pub mod tokens;

pub use extractors::{AdminUser, AuthUser, MaybeUser};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::register).service(routes::login).service(routes::refresh).service(routes::logout).service(routes::get_me);
}
