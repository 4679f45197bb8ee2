//! `AuthUser`, `MaybeUser` and `AdminUser`: taking one in a handler is the auth check.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::repo;
use crate::{billing::premium, domain::Role, entities::users, error::ApiError, state::AppState};

/// A signed-in user, loaded fresh so role changes and deletions take effect at once.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: Uuid,
    pub role: Role,
    pub premium_until: Option<DateTime<Utc>>,
    pub user: users::Model,
}

impl AuthUser {
    /// Premium content is open to admins and to users whose premium runs.
    pub fn can_read_premium(&self) -> bool {
        premium::has_access(self.role, self.premium_until, Utc::now())
    }
}

/// A user if a valid token was sent, `None` if none was; a bad token is still a 401.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<AuthUser>);

/// A signed-in admin; other users get 403.
#[derive(Debug, Clone)]
pub struct AdminUser(pub AuthUser);

fn bearer(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else { return Ok(None) };
    let value = value.to_str().map_err(|_| ApiError::Unauthorized("malformed Authorization header"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => Ok(Some(token.trim().to_string())),
        _ => Err(ApiError::Unauthorized("expected Authorization: Bearer <token>")),
    }
}

async fn authenticate(req: HttpRequest) -> Result<Option<AuthUser>, ApiError> {
    let Some(token) = bearer(&req)? else { return Ok(None) };
    let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| ApiError::Internal(anyhow::anyhow!("state missing")))?;
    let claims = state.jwt.verify(&token).ok_or(ApiError::Unauthorized("the access token is invalid or expired"))?;
    let user = repo::find_user(&state.db, claims.sub).await?.ok_or(ApiError::Unauthorized("the account no longer exists"))?;
    super::service::ensure_enabled(&user)?;
    Ok(Some(AuthUser { id: user.id, role: Role::from_db(&user.role), premium_until: user.premium_until, user }))
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl FromRequest for MaybeUser {
    type Error = ApiError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await.map(MaybeUser) })
    }
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await?.ok_or(ApiError::Unauthorized("sign in to do this")) })
    }
}

impl FromRequest for AdminUser {
    type Error = ApiError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = authenticate(req).await?.ok_or(ApiError::Unauthorized("sign in to do this"))?;
            if user.role == Role::Admin { Ok(AdminUser(user)) } else { Err(ApiError::Forbidden) }
        })
    }
}
