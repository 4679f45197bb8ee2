use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::{billing::premium, domain::Role, entities::users};

/// A new account.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// Sign-in email; unique regardless of case.
    #[schema(format = "email", max_length = 254, example = "ada@example.com")]
    #[validate(email(message = "must be a valid email address"), length(max = 254))]
    pub email: String,
    /// At least 10 characters.
    #[schema(min_length = 10, max_length = 256, format = "password")]
    #[validate(length(min = 10, max = 256, message = "must be between 10 and 256 characters"))]
    pub password: String,
    /// The name shown on comments and the account page.
    #[schema(min_length = 1, max_length = 80, example = "Ada Lovelace")]
    #[validate(length(min = 1, max = 80, message = "must be between 1 and 80 characters"))]
    pub display_name: String,
}

/// Email and password sign-in.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(format = "email", min_length = 1, max_length = 254, example = "ada@example.com")]
    #[validate(length(min = 1, max = 254, message = "is required"))]
    pub email: String,
    #[schema(format = "password", min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256, message = "is required"))]
    pub password: String,
}

/// A refresh token, sent in the body or (from the SPA) in the `lectern_refresh` cookie.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// Omit to use the cookie.
    pub refresh_token: Option<String>,
}

/// An access token and the refresh token that renews it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    /// A JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Single-use: each refresh returns a new one, and reusing a spent one signs out everywhere it was shared.
    pub refresh_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Whether the email address has been confirmed.
    pub email_verified: bool,
    /// Whether premium posts are open to this user now (subscription or admin).
    pub premium: bool,
    /// When the premium subscription runs out, if there is one.
    pub premium_until: Option<DateTime<Utc>>,
    /// The avatar image's URL, if one was uploaded.
    pub avatar_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<users::Model> for UserResponse {
    fn from(u: users::Model) -> Self {
        let role = Role::from_db(&u.role);
        Self {
            premium: premium::has_access(role, u.premium_until, Utc::now()),
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role,
            email_verified: u.email_verified_at.is_some(),
            premium_until: u.premium_until,
            avatar_url: u.avatar_url,
            created_at: u.created_at,
        }
    }
}

/// A token from an emailed link.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct EmailTokenRequest {
    /// The `token` query parameter of the link.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200, message = "is required"))]
    pub token: String,
}

/// Ask for a password-reset email.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    #[schema(format = "email", max_length = 254, example = "ada@example.com")]
    #[validate(email(message = "must be a valid email address"), length(max = 254))]
    pub email: String,
}

/// Choose a new password with the token from the reset email.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200, message = "is required"))]
    pub token: String,
    /// At least 10 characters.
    #[schema(min_length = 10, max_length = 256, format = "password")]
    #[validate(length(min = 10, max = 256, message = "must be between 10 and 256 characters"))]
    pub password: String,
}

/// Where to land after signing in with Google.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GoogleStartParams {
    /// A path on this site (default `/`).
    pub return_to: Option<String>,
}

/// What the provider sends back to the callback.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GoogleCallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    /// Set by the provider when the user declined.
    pub error: Option<String>,
}
