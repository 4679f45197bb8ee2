//! Changing the password: every other session is signed out.

use actix_web::{HttpResponse, post, web};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::{
    auth::{AuthUser, dto::TokenPair, repo, service},
    entities::users,
    error::{ApiError, Problem},
    extract::ValidJson,
    state::AppState,
};

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// Required when the account has a password (a Google-only account sets its first).
    #[schema(max_length = 256, format = "password")]
    #[validate(length(max = 256, message = "must be at most 256 characters"))]
    pub current_password: Option<String>,
    #[schema(min_length = 10, max_length = 256, format = "password")]
    #[validate(length(min = 10, max = 256, message = "must be between 10 and 256 characters"))]
    pub new_password: String,
}

/// Change my password. Every refresh token of the account is revoked (other devices must
/// sign in again; their access tokens lapse within ACCESS_TOKEN_TTL_SECONDS), and this
/// session continues with the new token pair in the answer.
#[utoipa::path(
    tag = "account",
    operation_id = "change_password",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 200, description = "Changed; a fresh token pair for this session", body = TokenPair),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The current password is wrong, or the new one too short", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/password")]
pub async fn change_password(st: web::Data<AppState>, me: AuthUser, ValidJson(body): ValidJson<PasswordChange>) -> Result<HttpResponse, ApiError> {
    if let Some(hash) = me.user.password_hash.as_deref() {
        let current = body.current_password.as_deref().unwrap_or("");
        if !st.passwords.verify(current, Some(hash)).await? {
            return Err(ApiError::field("current_password", "is not this account's password"));
        }
    }
    let hash = st.passwords.hash(&body.new_password).await?;
    let txn = crate::db::begin_write(&st.db).await?;
    users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(hash))
        .col_expr(users::Column::UpdatedAt, Expr::value(crate::domain::now()))
        .filter(users::Column::Id.eq(me.id))
        .exec(&txn)
        .await?;
    repo::revoke_user_tokens(&txn, me.id).await?;
    txn.commit().await?;
    let pair = service::issue_pair(&st, &me.user, Uuid::now_v7()).await?;
    Ok(crate::auth::routes::with_cookie(HttpResponse::Ok(), &st, pair))
}
