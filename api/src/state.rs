//! What every handler can reach: built once at start-up and shared.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{
    auth::{jwt::JwtKeys, password::PasswordHasher},
    config::Settings,
    ratelimit::RateLimiter,
};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: Arc<JwtKeys>,
    pub passwords: PasswordHasher,
    /// Sign-in and registration attempts per client IP.
    pub auth_limiter: RateLimiter,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        let jwt = Arc::new(JwtKeys::new(&settings.jwt_secret, settings.access_token_ttl));
        let auth_limiter = RateLimiter::per_minute(settings.auth_rate_limit_per_minute);
        Self { db, settings: Arc::new(settings), jwt, passwords: PasswordHasher::new(), auth_limiter }
    }
}
