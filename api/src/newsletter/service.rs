//! Subscribing (pending → confirmed), confirming, unsubscribing.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use crate::{
    auth::tokens,
    domain::normalize_email,
    entities::{newsletter_subscribers as subs, users},
    error::ApiError,
    mail::{self, templates, unsubscribe::{self, List}},
    state::AppState,
};

pub const PENDING: &str = "pending";
pub const CONFIRMED: &str = "confirmed";
pub const UNSUBSCRIBED: &str = "unsubscribed";

/// Sends a confirmation link unless the address is already confirmed. Says nothing about
/// which case applied, so the endpoint reveals no one's subscription.
pub async fn subscribe(app: &AppState, email: &str) -> Result<(), ApiError> {
    let email = normalize_email(email);
    let token = tokens::generate();
    let now = Utc::now();
    let txn = crate::db::begin_write(&app.db).await?;
    match subs::Entity::find().filter(subs::Column::Email.eq(&email)).one(&txn).await? {
        Some(existing) if existing.status == CONFIRMED => return Ok(()),
        Some(existing) => {
            subs::Entity::update_many()
                .col_expr(subs::Column::Status, Expr::value(PENDING))
                .col_expr(subs::Column::ConfirmTokenHash, Expr::value(tokens::hash(&token)))
                .filter(subs::Column::Id.eq(existing.id))
                .exec(&txn)
                .await?;
        }
        None => {
            let row = subs::ActiveModel {
                id: Set(Uuid::now_v7()),
                email: Set(email.clone()),
                status: Set(PENDING.into()),
                confirm_token_hash: Set(Some(tokens::hash(&token))),
                created_at: Set(now),
                confirmed_at: Set(None),
                unsubscribed_at: Set(None),
            };
            subs::Entity::insert(row).exec_without_returning(&txn).await?;
        }
    }
    let link = format!("{}/newsletter/confirm?token={token}", app.settings.public_url);
    let id = mail::store(&txn, templates::newsletter_confirm(&email, &link)).await?;
    txn.commit().await?;
    mail::dispatch(app, id).await;
    Ok(())
}

/// Confirms the subscription the token was sent for; the token then stops working.
pub async fn confirm(app: &AppState, token: &str) -> Result<String, ApiError> {
    let hash = tokens::hash(token);
    let found = subs::Entity::find().filter(subs::Column::ConfirmTokenHash.eq(&hash)).one(&app.db).await?;
    let sub = found.ok_or_else(|| ApiError::field("token", "is invalid or already used"))?;
    subs::Entity::update_many()
        .col_expr(subs::Column::Status, Expr::value(CONFIRMED))
        .col_expr(subs::Column::ConfirmTokenHash, Expr::value(Option::<String>::None))
        .col_expr(subs::Column::ConfirmedAt, Expr::value(Utc::now()))
        .col_expr(subs::Column::UnsubscribedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .filter(subs::Column::Id.eq(sub.id))
        .filter(subs::Column::ConfirmTokenHash.eq(hash))
        .exec(&app.db)
        .await?;
    Ok(sub.email)
}

/// The list and address a signed unsubscribe token names.
pub fn read_token(app: &AppState, token: &str) -> Result<(List, String), ApiError> {
    unsubscribe::verify(&app.settings.jwt_secret, token).ok_or_else(|| ApiError::field("token", "is not a valid unsubscribe link"))
}

/// Takes the address off the list; doing it twice is harmless.
pub async fn unsubscribe(app: &AppState, token: &str) -> Result<(List, String), ApiError> {
    let (list, email) = read_token(app, token)?;
    match list {
        List::Newsletter => {
            subs::Entity::update_many()
                .col_expr(subs::Column::Status, Expr::value(UNSUBSCRIBED))
                .col_expr(subs::Column::UnsubscribedAt, Expr::value(Utc::now()))
                .filter(subs::Column::Email.eq(&email))
                .filter(subs::Column::Status.ne(UNSUBSCRIBED))
                .exec(&app.db)
                .await?;
        }
        List::Digest => {
            users::Entity::update_many()
                .col_expr(users::Column::Digest, Expr::value(false))
                .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(users::Column::Email.eq(&email))
                .exec(&app.db)
                .await?;
        }
    }
    Ok((list, email))
}
