//! Google sign-in (OAuth 2.0 authorization code flow with OpenID Connect userinfo). The
//! endpoints come from configuration, so any provider speaking the same protocol can stand in.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{dto::TokenPair, repo, service, tokens};
use crate::{config::GoogleOAuth, domain::{Role, normalize_email}, entities::users, error::ApiError, state::AppState};

/// How long a started sign-in may take before its state is forgotten.
const STATE_TTL: Duration = Duration::from_secs(600);

#[derive(Serialize, Deserialize)]
struct PendingSignIn {
    return_to: String,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
}

#[derive(Deserialize)]
struct UserInfo {
    sub: String,
    email: Option<String>,
    #[serde(default)]
    email_verified: bool,
    name: Option<String>,
}

fn config(app: &AppState) -> Result<&GoogleOAuth, ApiError> {
    app.settings.google.as_ref().ok_or_else(|| ApiError::Unavailable("Google sign-in is not configured on this server".into()))
}

pub fn redirect_uri(app: &AppState) -> String {
    format!("{}/api/v1/auth/google/callback", app.settings.public_url)
}

/// Only same-site paths are accepted, so the flow cannot be used as an open redirect.
fn safe_return_to(raw: Option<&str>) -> String {
    match raw {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/".into(),
    }
}

/// The provider URL to send the browser to; the state is kept (10 minutes, single use).
pub async fn start(app: &AppState, return_to: Option<&str>) -> Result<String, ApiError> {
    let google = config(app)?;
    let state = tokens::generate();
    let pending = serde_json::to_string(&PendingSignIn { return_to: safe_return_to(return_to) }).map_err(anyhow::Error::from)?;
    app.kv.put(&format!("oauth:{state}"), &pending, STATE_TTL).await?;
    let query = serde_urlencoded::to_string([
        ("response_type", "code"),
        ("client_id", google.client_id.as_str()),
        ("redirect_uri", redirect_uri(app).as_str()),
        ("scope", "openid email profile"),
        ("state", state.as_str()),
        ("prompt", "select_account"),
    ])
    .map_err(anyhow::Error::from)?;
    Ok(format!("{}?{query}", google.auth_url))
}

/// Finishes the flow: checks the state, exchanges the code, finds or links or creates the
/// account, and signs it in. Returns the tokens and where the browser goes next.
pub async fn finish(app: &AppState, code: &str, state: &str) -> Result<(TokenPair, String), ApiError> {
    let google = config(app)?;
    let pending = app.kv.take(&format!("oauth:{state}")).await?.ok_or_else(|| ApiError::BadRequest("the sign-in state is unknown, expired or already used; start again".into()))?;
    let pending: PendingSignIn = serde_json::from_str(&pending).map_err(anyhow::Error::from)?;

    let token: TokenResponse = app
        .http
        .post(&google.token_url)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", google.client_id.as_str()),
            ("client_secret", google.client_secret.expose_secret()),
            ("redirect_uri", redirect_uri(app).as_str()),
        ])
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| ApiError::BadGateway(format!("the identity provider refused the code: {e}")))?
        .json()
        .await
        .map_err(|e| ApiError::BadGateway(format!("unreadable token response: {e}")))?;
    let info: UserInfo = app
        .http
        .get(&google.userinfo_url)
        .bearer_auth(&token.access_token)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| ApiError::BadGateway(format!("the identity provider did not return the profile: {e}")))?
        .json()
        .await
        .map_err(|e| ApiError::BadGateway(format!("unreadable profile: {e}")))?;

    let user = find_or_link(app, info).await?;
    let pair = service::issue_pair(app, &user, Uuid::now_v7()).await?;
    Ok((pair, pending.return_to))
}

async fn find_or_link(app: &AppState, info: UserInfo) -> Result<users::Model, ApiError> {
    if let Some(user) = users::Entity::find().filter(users::Column::GoogleSub.eq(&info.sub)).one(&app.db).await? {
        return Ok(user);
    }
    let email = info.email.as_deref().map(normalize_email).ok_or_else(|| ApiError::BadRequest("the Google account has no email address".into()))?;
    if !info.email_verified {
        return Err(ApiError::BadRequest("the Google account's email address is not verified".into()));
    }
    let now = Utc::now();
    if let Some(existing) = repo::find_user_by_email(&app.db, &email).await? {
        // Google vouches for the address, so the account is linked (and the address verified).
        users::Entity::update_many()
            .col_expr(users::Column::GoogleSub, Expr::value(info.sub.clone()))
            .col_expr(users::Column::EmailVerifiedAt, Expr::value(existing.email_verified_at.unwrap_or(now)))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(existing.id))
            .exec(&app.db)
            .await?;
        return repo::find_user(&app.db, existing.id).await?.ok_or(ApiError::NotFound("user"));
    }
    let name = info.name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| email.split('@').next().unwrap_or("reader").to_string());
    let user = repo::insert_user(&app.db, repo::NewUser { email: &email, display_name: name.trim(), password_hash: None, role: Role::Reader.as_str() }).await?;
    users::Entity::update_many()
        .col_expr(users::Column::GoogleSub, Expr::value(info.sub))
        .col_expr(users::Column::EmailVerifiedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user.id))
        .exec(&app.db)
        .await?;
    repo::find_user(&app.db, user.id).await?.ok_or(ApiError::NotFound("user"))
}

#[cfg(test)]
mod tests {
    use super::safe_return_to;

    #[test]
    fn return_to_stays_on_this_site() {
        assert_eq!(safe_return_to(Some("/posts/x")), "/posts/x");
        for evil in ["https://evil.test/", "//evil.test", "/\\evil.test", "javascript:alert(1)"] {
            assert_eq!(safe_return_to(Some(evil)), "/", "{evil}");
        }
        assert_eq!(safe_return_to(None), "/");
    }
}
