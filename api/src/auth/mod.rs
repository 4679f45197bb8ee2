//! Accounts and sessions: passwords, access tokens, rotating refresh tokens, extractors.
pub mod dto;
pub mod extractors;
pub mod flows;
pub mod google;
pub mod jwt;
pub mod password;
pub mod recovery;
pub mod repo;
pub mod routes;
pub mod service;
pub mod tokens;

pub use extractors::{AdminUser, AuthUser, MaybeUser};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::register)
        .service(routes::login)
        .service(routes::refresh)
        .service(routes::logout)
        .service(routes::get_me)
        .service(flows::verify_email)
        .service(flows::resend_verification)
        .service(flows::forgot_password)
        .service(flows::reset_password)
        .service(flows::google_start)
        .service(flows::google_callback);
}
