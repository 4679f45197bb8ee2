//! Email verification and password reset: single-use, hashed, expiring tokens sent by email.

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::{repo, tokens};
use crate::{
    domain::normalize_email,
    entities::{email_tokens, refresh_tokens, users},
    error::ApiError,
    mail::{self, templates},
    state::AppState,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
        }
    }

    fn lifetime(self) -> Duration {
        match self {
            Self::VerifyEmail => Duration::hours(24),
            Self::ResetPassword => Duration::hours(1),
        }
    }
}

async fn issue(db: &impl ConnectionTrait, user_id: Uuid, purpose: Purpose) -> Result<String, DbErr> {
    let token = tokens::generate();
    let now = Utc::now();
    let row = email_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().into()),
        token_hash: Set(tokens::hash(&token)),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
        created_at: Set(now),
    };
    email_tokens::Entity::insert(row).exec_without_returning(db).await?;
    Ok(token)
}

/// Spends a token: returns its user if the token exists, has this purpose, is unexpired and
/// unused. The conditional update makes a second use fail even when two race.
async fn consume(db: &impl ConnectionTrait, token: &str, purpose: Purpose) -> Result<Option<Uuid>, DbErr> {
    let hash = tokens::hash(token);
    let now = Utc::now();
    let spent = email_tokens::Entity::update_many()
        .col_expr(email_tokens::Column::UsedAt, Expr::value(now))
        .filter(email_tokens::Column::TokenHash.eq(&hash))
        .filter(email_tokens::Column::Purpose.eq(purpose.as_str()))
        .filter(email_tokens::Column::UsedAt.is_null())
        .filter(email_tokens::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if spent.rows_affected != 1 {
        return Ok(None);
    }
    Ok(email_tokens::Entity::find().filter(email_tokens::Column::TokenHash.eq(hash)).one(db).await?.map(|t| t.user_id))
}

fn bad_token() -> ApiError {
    ApiError::field("token", "is invalid, expired or already used")
}

/// Emails a verification link, unless the address is already verified.
pub async fn send_verification(app: &AppState, user: &users::Model) -> Result<(), ApiError> {
    if user.email_verified_at.is_some() {
        return Ok(());
    }
    let txn = crate::db::begin_write(&app.db).await?;
    let token = issue(&txn, user.id, Purpose::VerifyEmail).await?;
    let link = format!("{}/verify-email?token={token}", app.settings.public_url);
    let id = mail::store(&txn, templates::verify_email(&user.email, &user.display_name, &link)).await?;
    txn.commit().await?;
    mail::dispatch(app, id).await;
    Ok(())
}

pub async fn verify_email(app: &AppState, token: &str) -> Result<users::Model, ApiError> {
    let txn = crate::db::begin_write(&app.db).await?;
    let user_id = consume(&txn, token, Purpose::VerifyEmail).await?.ok_or_else(bad_token)?;
    mark_verified(&txn, user_id).await?;
    let user = repo::find_user(&txn, user_id).await?.ok_or_else(bad_token)?;
    txn.commit().await?;
    Ok(user)
}

async fn mark_verified(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::EmailVerifiedAt, Expr::value(Utc::now()))
        .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::EmailVerifiedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Emails a reset link if the account exists; says nothing either way, so the endpoint cannot
/// be used to find out who has an account.
pub async fn forgot_password(app: &AppState, email: &str) -> Result<(), ApiError> {
    let Some(user) = repo::find_user_by_email(&app.db, &normalize_email(email)).await? else { return Ok(()) };
    let txn = crate::db::begin_write(&app.db).await?;
    let token = issue(&txn, user.id, Purpose::ResetPassword).await?;
    let link = format!("{}/reset-password?token={token}", app.settings.public_url);
    let id = mail::store(&txn, templates::reset_password(&user.email, &user.display_name, &link)).await?;
    txn.commit().await?;
    mail::dispatch(app, id).await;
    Ok(())
}

/// Sets a new password and signs the account out everywhere (every refresh token is revoked).
pub async fn reset_password(app: &AppState, token: &str, password: &str) -> Result<(), ApiError> {
    let hash = app.passwords.hash(password).await?;
    let txn = crate::db::begin_write(&app.db).await?;
    let user_id = consume(&txn, token, Purpose::ResetPassword).await?.ok_or_else(bad_token)?;
    users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(hash))
        .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(users::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    // Receiving the link proves the address.
    mark_verified(&txn, user_id).await?;
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
