//! Registration, sign-in and the refresh-token rotation with reuse detection.

use chrono::Utc;
use sea_orm::{DatabaseConnection};
use uuid::Uuid;

use super::{dto::TokenPair, password::PasswordHasher, repo, tokens};
use crate::{
    domain::{Role, normalize_email},
    entities::users,
    error::ApiError,
    state::AppState,
};

pub struct Registration {
    pub email: String,
    pub password: String,
    pub display_name: String,
}

pub async fn register(st: &AppState, reg: Registration) -> Result<(users::Model, TokenPair), ApiError> {
    let email = normalize_email(&reg.email);
    if repo::find_user_by_email(&st.db, &email).await?.is_some() {
        return Err(ApiError::Conflict("an account with this email already exists".into()));
    }
    let hash = st.passwords.hash(&reg.password).await?;
    let new = repo::NewUser { email: &email, display_name: reg.display_name.trim(), password_hash: Some(hash), role: Role::Reader.as_str() };
    // The unique index settles a race between two registrations of one email.
    let user = repo::insert_user(&st.db, new).await.map_err(|e| match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("an account with this email already exists".into()),
        other => other,
    })?;
    let pair = issue_pair(st, &user, Uuid::now_v7()).await?;
    Ok((user, pair))
}

pub async fn login(st: &AppState, email: &str, password: &str) -> Result<TokenPair, ApiError> {
    let user = repo::find_user_by_email(&st.db, &normalize_email(email)).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
    if !st.passwords.verify(password, hash).await? {
        return Err(ApiError::Unauthorized("wrong email or password"));
    }
    let user = user.ok_or(ApiError::Unauthorized("wrong email or password"))?;
    issue_pair(st, &user, Uuid::now_v7()).await
}

/// A new access token and a new refresh token in `family_id`.
pub async fn issue_pair(st: &AppState, user: &users::Model, family_id: Uuid) -> Result<TokenPair, ApiError> {
    ensure_enabled(user)?;
    let refresh = tokens::generate();
    let expires_at = Utc::now() + st.settings.refresh_token_ttl;
    repo::insert_refresh_token(&st.db, user.id, family_id, tokens::hash(&refresh), expires_at).await?;
    token_pair(st, user, refresh)
}

/// A disabled account's tokens and credentials are refused with this.
pub fn ensure_enabled(user: &users::Model) -> Result<(), ApiError> {
    if user.disabled_at.is_some() { Err(ApiError::Unauthorized("this account is disabled")) } else { Ok(()) }
}

fn token_pair(st: &AppState, user: &users::Model, refresh_token: String) -> Result<TokenPair, ApiError> {
    Ok(TokenPair { access_token: st.jwt.issue(user.id, &user.role)?, refresh_token, token_type: "Bearer".into(), expires_in: st.jwt.ttl.as_secs() })
}

/// Rotates a refresh token. Presenting a token that was already spent means it leaked:
/// the whole family is revoked and the caller must sign in again, unless the token was
/// spent moments ago (two tabs refreshing at once), when the same successor is returned.
pub async fn refresh(st: &AppState, presented: &str) -> Result<TokenPair, ApiError> {
    let invalid = ApiError::Unauthorized("the refresh token is invalid, expired or revoked");
    let Some(token) = repo::find_refresh_token(&st.db, &tokens::hash(presented)).await? else { return Err(invalid) };
    if token.revoked_at.is_some() || token.expires_at <= Utc::now() {
        return Err(invalid);
    }
    let next = tokens::successor(&st.settings.jwt_secret, presented);
    let txn = crate::db::begin_write(&st.db).await?;
    if !repo::spend_refresh_token(&txn, token.id).await? {
        txn.rollback().await?;
        if let Some(pair) = replay_rotation(st, &token.token_hash, next).await? {
            return Ok(pair);
        }
        repo::revoke_family(&st.db, token.family_id).await?;
        tracing::warn!(user_id = %token.user_id, family = %token.family_id, "refresh token reused; family revoked");
        return Err(invalid);
    }
    let user = repo::find_user(&txn, token.user_id).await?.ok_or(ApiError::Unauthorized("the account no longer exists"))?;
    if let Err(disabled) = ensure_enabled(&user) {
        txn.rollback().await?;
        return Err(disabled);
    }
    let expires_at = Utc::now() + st.settings.refresh_token_ttl;
    repo::insert_refresh_token(&txn, user.id, token.family_id, tokens::hash(&next), expires_at).await?;
    txn.commit().await?;
    token_pair(st, &user, next)
}

/// The pair for a token another request rotated within the grace window, while its
/// successor is still unused; `None` when this is a reuse to treat as theft.
async fn replay_rotation(st: &AppState, spent_hash: &str, next: String) -> Result<Option<TokenPair>, ApiError> {
    let Some(spent) = repo::find_refresh_token(&st.db, spent_hash).await? else { return Ok(None) };
    let within_grace = spent.used_at.is_some_and(|at| at + st.settings.refresh_reuse_grace >= Utc::now());
    if !within_grace || spent.revoked_at.is_some() {
        return Ok(None);
    }
    let Some(successor) = repo::find_refresh_token(&st.db, &tokens::hash(&next)).await? else { return Ok(None) };
    if successor.family_id != spent.family_id || successor.used_at.is_some() || successor.revoked_at.is_some() {
        return Ok(None);
    }
    let Some(user) = repo::find_user(&st.db, spent.user_id).await?.filter(|u| ensure_enabled(u).is_ok()) else { return Ok(None) };
    token_pair(st, &user, next).map(Some)
}

/// Revokes the family of the presented token, if it belongs to `user_id`.
pub async fn logout(db: &DatabaseConnection, user_id: Uuid, presented: Option<&str>) -> Result<(), ApiError> {
    let Some(presented) = presented else { return Ok(()) };
    if let Some(token) = repo::find_refresh_token(db, &tokens::hash(presented)).await?
        && token.user_id == user_id
    {
        repo::revoke_family(db, token.family_id).await?;
    }
    Ok(())
}

/// Creates an admin, or promotes an existing account and resets its password.
pub async fn create_admin(db: &DatabaseConnection, passwords: &PasswordHasher, email: &str, password: &str) -> anyhow::Result<users::Model> {
    let email = normalize_email(email);
    if !validator::ValidateEmail::validate_email(&email) {
        anyhow::bail!("--email: {email:?} is not a valid email address");
    }
    if password.chars().count() < 10 {
        anyhow::bail!("--password: must be at least 10 characters");
    }
    let hash = passwords.hash(password).await?;
    if let Some(existing) = repo::find_user_by_email(db, &email).await? {
        repo::set_role_and_password(db, existing.id, Role::Admin.as_str(), hash).await?;
        return Ok(repo::find_user(db, existing.id).await?.unwrap_or(existing));
    }
    let display_name = email.split('@').next().unwrap_or("admin").to_string();
    Ok(repo::insert_user(db, repo::NewUser { email: &email, display_name: &display_name, password_hash: Some(hash), role: Role::Admin.as_str() }).await?)
}
