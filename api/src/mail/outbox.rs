//! The `emails` table: what was (or will be) sent, and how delivery went.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use uuid::Uuid;

use super::OutgoingEmail;
use crate::{
    entities::emails,
    pagination::{self, PageRequest},
};

/// Delivery states.
pub const QUEUED: &str = "queued";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
/// No SMTP configured: delivered to the outbox only.
pub const STORED: &str = "stored";
pub const FAILED: &str = "failed";

fn row(id: Uuid, email: OutgoingEmail) -> emails::ActiveModel {
    let headers = serde_json::Value::Object(email.headers.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect());
    emails::ActiveModel {
        id: Set(id),
        idempotency_key: Set(email.idempotency_key),
        kind: Set(email.kind.to_string()),
        to_address: Set(email.to),
        subject: Set(email.subject),
        text_body: Set(email.text),
        html_body: Set(email.html),
        headers: Set(headers.to_string()),
        state: Set(QUEUED.to_string()),
        attempts: Set(0),
        last_error: Set(None),
        created_at: Set(Utc::now()),
        claimed_at: Set(None),
        sent_at: Set(None),
    }
}

pub async fn insert(db: &impl ConnectionTrait, email: OutgoingEmail) -> Result<Option<Uuid>, DbErr> {
    let id = Uuid::now_v7();
    let inserted = emails::Entity::insert(row(id, email))
        .on_conflict(OnConflict::column(emails::Column::IdempotencyKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok((inserted == 1).then_some(id))
}

/// Stores many emails in one statement; those whose key already exists are skipped.
pub async fn insert_many(db: &impl ConnectionTrait, emails: Vec<OutgoingEmail>) -> Result<(), DbErr> {
    if emails.is_empty() {
        return Ok(());
    }
    emails::Entity::insert_many(emails.into_iter().map(|e| row(Uuid::now_v7(), e)))
        .on_conflict(OnConflict::column(emails::Column::IdempotencyKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<emails::Model>, DbErr> {
    emails::Entity::find_by_id(id).one(db).await
}

/// Takes the email for one delivery attempt. Fails (returns false) when it was already
/// delivered, or when another attempt holds it and its lease has not run out.
pub async fn claim(db: &impl ConnectionTrait, id: Uuid, lease: chrono::Duration) -> Result<bool, DbErr> {
    let now = Utc::now();
    let result = emails::Entity::update_many()
        .col_expr(emails::Column::State, Expr::value(SENDING))
        .col_expr(emails::Column::ClaimedAt, Expr::value(now))
        .col_expr(emails::Column::Attempts, Expr::col(emails::Column::Attempts).add(1))
        .filter(emails::Column::Id.eq(id))
        .filter(
            Condition::any()
                .add(emails::Column::State.is_in([QUEUED, FAILED]))
                .add(Condition::all().add(emails::Column::State.eq(SENDING)).add(emails::Column::ClaimedAt.lt(now - lease))),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn finish(db: &impl ConnectionTrait, id: Uuid, state: &str, error: Option<String>) -> Result<(), DbErr> {
    let sent_at = (state != FAILED).then(Utc::now);
    emails::Entity::update_many()
        .col_expr(emails::Column::State, Expr::value(state))
        .col_expr(emails::Column::SentAt, Expr::value(sent_at))
        .col_expr(emails::Column::LastError, Expr::value(error))
        .filter(emails::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Ids of emails still queued since before `before` (their job was lost or never queued).
pub async fn stale_queued(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<Vec<Uuid>, DbErr> {
    emails::Entity::find()
        .select_only()
        .column(emails::Column::Id)
        .filter(emails::Column::State.eq(QUEUED))
        .filter(emails::Column::CreatedAt.lt(before))
        .order_by_asc(emails::Column::CreatedAt)
        .limit(500)
        .into_tuple()
        .all(db)
        .await
}

/// Ids of the still-queued emails whose idempotency key starts with `prefix`.
pub async fn queued_with_key_prefix(db: &impl ConnectionTrait, prefix: &str) -> Result<Vec<Uuid>, DbErr> {
    emails::Entity::find()
        .select_only()
        .column(emails::Column::Id)
        .filter(emails::Column::IdempotencyKey.starts_with(prefix))
        .filter(emails::Column::State.eq(QUEUED))
        .into_tuple()
        .all(db)
        .await
}

/// The mailbox: newest first, keyset on `(created_at, id)`; optionally one recipient's mail.
pub async fn list(db: &impl ConnectionTrait, page: PageRequest, to: Option<&str>) -> Result<Vec<emails::Model>, DbErr> {
    let mut query = emails::Entity::find().order_by_desc(emails::Column::CreatedAt).order_by_desc(emails::Column::Id).limit(page.limit + 1);
    if let Some(to) = to {
        query = query.filter(emails::Column::ToAddress.eq(to));
    }
    if let Some(cursor) = page.after {
        query = query.filter(pagination::after(emails::Column::CreatedAt, emails::Column::Id, cursor));
    }
    query.all(db).await
}
