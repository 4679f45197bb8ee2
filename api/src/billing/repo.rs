//! Billing queries: customers, subscriptions (guarded by snapshot time) and the event log.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use uuid::Uuid;

use super::stripe::SubscriptionSnapshot;
use crate::{
    entities::{billing_events, subscriptions, users},
    pagination::{self, PageRequest},
};

/// Event states: waiting for its job, applied, recorded but nothing to do, or the last
/// attempt failed (the job retries).
pub const PENDING: &str = "pending";
pub const PROCESSED: &str = "processed";
pub const IGNORED: &str = "ignored";
pub const FAILED: &str = "failed";

/// Stores the customer for a user who has none yet; false when one was stored meanwhile.
pub async fn set_customer_if_absent(db: &impl ConnectionTrait, user_id: Uuid, customer_id: &str) -> Result<bool, DbErr> {
    let result = users::Entity::update_many()
        .col_expr(users::Column::StripeCustomerId, Expr::value(customer_id))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::StripeCustomerId.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Inserts or updates a subscription from a snapshot, unless the stored one is newer: the
/// check and the write are one statement, so concurrent jobs cannot interleave them.
pub async fn store_subscription(db: &impl ConnectionTrait, user_id: Uuid, snap: &SubscriptionSnapshot, plan: Option<&str>) -> Result<bool, DbErr> {
    use subscriptions::Column as C;
    let now = Utc::now();
    let row = subscriptions::ActiveModel {
        id: Set(Uuid::now_v7()),
        stripe_id: Set(snap.id.clone()),
        user_id: Set(user_id),
        customer_id: Set(snap.customer_id.clone()),
        status: Set(snap.status.clone()),
        plan: Set(plan.map(str::to_string)),
        price_id: Set(snap.price_id.clone()),
        current_period_start: Set(snap.current_period_start),
        current_period_end: Set(snap.current_period_end),
        cancel_at_period_end: Set(snap.cancel_at_period_end),
        canceled_at: Set(snap.canceled_at),
        ended_at: Set(snap.ended_at),
        synced_at: Set(snap.as_of),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let written = subscriptions::Entity::insert(row)
        .on_conflict(
            OnConflict::column(C::StripeId)
                .update_columns([
                    C::UserId,
                    C::CustomerId,
                    C::Status,
                    C::Plan,
                    C::PriceId,
                    C::CurrentPeriodStart,
                    C::CurrentPeriodEnd,
                    C::CancelAtPeriodEnd,
                    C::CanceledAt,
                    C::EndedAt,
                    C::SyncedAt,
                    C::UpdatedAt,
                ])
                .action_and_where(Expr::col((subscriptions::Entity, C::SyncedAt)).lte(snap.as_of))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(written == 1)
}

/// A user's subscriptions, the most recently changed first.
pub async fn subscriptions_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<subscriptions::Model>, DbErr> {
    subscriptions::Entity::find()
        .filter(subscriptions::Column::UserId.eq(user_id))
        .order_by_desc(subscriptions::Column::UpdatedAt)
        .all(db)
        .await
}

/// The statuses of a subscription Stripe still counts as running (a past-due one is retrying
/// its payment).
pub const LIVE_STATUSES: [&str; 3] = ["active", "trialing", "past_due"];

/// Subscriptions that still open premium locally, for the sync to check against Stripe.
pub async fn live_subscriptions(db: &impl ConnectionTrait) -> Result<Vec<subscriptions::Model>, DbErr> {
    subscriptions::Entity::find().filter(subscriptions::Column::Status.is_in(LIVE_STATUSES)).all(db).await
}

/// Accounts with at least one live subscription.
pub async fn count_live_subscribers(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let n: Option<i64> = subscriptions::Entity::find()
        .select_only()
        .column_as(Expr::cust("COUNT(DISTINCT user_id)"), "n")
        .filter(subscriptions::Column::Status.is_in(LIVE_STATUSES))
        .into_tuple()
        .one(db)
        .await?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// The facts of a verified webhook event, recorded before anything acts on it.
pub struct NewEvent {
    pub stripe_id: String,
    pub kind: String,
    pub created: DateTime<Utc>,
    pub subscription_id: Option<String>,
    pub customer_id: Option<String>,
    pub client_reference: Option<String>,
    pub payload: String,
    pub state: &'static str,
    pub error: Option<String>,
}

/// Records an event once; false when this event id was recorded before.
pub async fn record_event(db: &impl ConnectionTrait, e: NewEvent) -> Result<bool, DbErr> {
    let row = billing_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        stripe_id: Set(e.stripe_id),
        kind: Set(e.kind),
        stripe_created_at: Set(e.created),
        subscription_id: Set(e.subscription_id),
        customer_id: Set(e.customer_id),
        client_reference: Set(e.client_reference),
        payload: Set(e.payload),
        processed_at: Set((e.state != PENDING).then(Utc::now)),
        state: Set(e.state.to_string()),
        error: Set(e.error),
        attempts: Set(0),
        received_at: Set(Utc::now()),
    };
    let inserted = billing_events::Entity::insert(row)
        .on_conflict(OnConflict::column(billing_events::Column::StripeId).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

pub async fn event(db: &impl ConnectionTrait, stripe_id: &str) -> Result<Option<billing_events::Model>, DbErr> {
    billing_events::Entity::find().filter(billing_events::Column::StripeId.eq(stripe_id)).one(db).await
}

/// Moves an event to `state`; an attempt counts whether it succeeded or not.
pub async fn finish_event(db: &impl ConnectionTrait, stripe_id: &str, state: &str, error: Option<String>) -> Result<(), DbErr> {
    use billing_events::Column as C;
    let done = state != FAILED;
    billing_events::Entity::update_many()
        .col_expr(C::State, Expr::value(state))
        .col_expr(C::Error, Expr::value(error))
        .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
        .col_expr(C::ProcessedAt, Expr::value(done.then(Utc::now)))
        .filter(C::StripeId.eq(stripe_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Events still waiting for their job after `before` (the job was never queued).
pub async fn stale_pending_events(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<Vec<String>, DbErr> {
    billing_events::Entity::find()
        .select_only()
        .column(billing_events::Column::StripeId)
        .filter(billing_events::Column::State.eq(PENDING))
        .filter(billing_events::Column::ReceivedAt.lt(before))
        .limit(1000)
        .into_tuple()
        .all(db)
        .await
}

/// The admin's subscriber list, most recently changed first, with each subscriber's account.
pub async fn list_subscriptions(
    db: &impl ConnectionTrait,
    page: PageRequest,
    status: Option<&str>,
) -> Result<Vec<(subscriptions::Model, Option<users::Model>)>, DbErr> {
    use subscriptions::Column as C;
    let mut query = subscriptions::Entity::find().order_by_desc(C::UpdatedAt).order_by_desc(C::Id).limit(page.limit + 1);
    if let Some(status) = status {
        query = query.filter(C::Status.eq(status));
    }
    if let Some(cursor) = page.after {
        query = query.filter(pagination::after(C::UpdatedAt, C::Id, cursor));
    }
    let rows = query.all(db).await?;
    // One query for the accounts of the whole page.
    let ids: Vec<Uuid> = rows.iter().map(|s| s.user_id).collect();
    let owners: std::collections::HashMap<Uuid, users::Model> =
        users::Entity::find().filter(users::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|u| (u.id, u)).collect();
    Ok(rows.into_iter().map(|s| { let owner = owners.get(&s.user_id).cloned(); (s, owner) }).collect())
}

/// The event log, newest first.
pub async fn list_events(db: &impl ConnectionTrait, page: PageRequest, state: Option<&str>) -> Result<Vec<billing_events::Model>, DbErr> {
    use billing_events::Column as C;
    let mut query = billing_events::Entity::find().order_by_desc(C::ReceivedAt).order_by_desc(C::Id).limit(page.limit + 1);
    if let Some(state) = state {
        query = query.filter(C::State.eq(state));
    }
    if let Some(cursor) = page.after {
        query = query.filter(pagination::after(C::ReceivedAt, C::Id, cursor));
    }
    query.all(db).await
}
