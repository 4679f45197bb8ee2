//! The billing jobs: applying a recorded webhook event, and the hourly reconciliation.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::{
    StripeApi, premium, repo,
    stripe::SubscriptionSnapshot,
};
use crate::{
    db,
    entities::{subscriptions, users},
    jobs::{BillingSync, Job, JobContext, JobKind, StripeEvent, scheduler},
    state::AppState,
};

/// Events still pending this long after they arrived get their job queued again.
const EVENT_STALE: chrono::Duration = chrono::Duration::minutes(10);

/// What storing a snapshot did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Stored { user_id: Uuid, premium_until: Option<DateTime<Utc>> },
    /// A newer snapshot of this subscription was already stored.
    Stale { user_id: Uuid },
    /// No Lectern user owns the subscription's customer.
    UnknownCustomer,
}

/// Stores a subscription snapshot for the user it belongs to and recomputes their premium,
/// in one transaction.
pub async fn apply(app: &AppState, stripe: &StripeApi, snap: &SubscriptionSnapshot, client_reference: Option<&str>) -> anyhow::Result<Applied> {
    let txn = db::begin_write(&app.db).await?;
    // The owner's row is locked, so concurrent applies for one user recompute premium one
    // after the other (PostgreSQL; SQLite's write transaction already serializes them).
    let mut owner = users::Entity::find().filter(users::Column::StripeCustomerId.eq(&snap.customer_id)).lock_exclusive().one(&txn).await?;
    if owner.is_none() {
        // Lectern makes the customer before Checkout, so this only happens when that write was
        // lost; the user id Lectern itself put on the subscription links it, and only to a
        // user without a customer.
        let reference = snap.user_ref.as_deref().or(client_reference).and_then(|r| r.parse::<Uuid>().ok());
        if let Some(id) = reference
            && repo::set_customer_if_absent(&txn, id, &snap.customer_id).await?
        {
            owner = users::Entity::find_by_id(id).lock_exclusive().one(&txn).await?;
        }
    }
    let Some(user) = owner else {
        txn.rollback().await?;
        return Ok(Applied::UnknownCustomer);
    };
    let user_id = user.id;
    let plan = stripe.plan_of(&snap.price_id).map(|p| p.as_str());
    let stored = repo::store_subscription(&txn, user_id, snap, plan).await?;
    let premium_until = premium::refresh(&txn, user, app.settings.premium_grace).await?;
    txn.commit().await?;
    Ok(if stored { Applied::Stored { user_id, premium_until } } else { Applied::Stale { user_id } })
}

impl Job for StripeEvent {
    const KIND: JobKind = JobKind::StripeEvent;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        let Some(event) = repo::event(&app.db, &self.event_id).await? else { return Ok(()) };
        if event.state == repo::PROCESSED || event.state == repo::IGNORED {
            return Ok(());
        }
        match process(app, &event).await {
            Ok((state, note)) => Ok(repo::finish_event(&app.db, &event.stripe_id, state, note).await?),
            Err(error) => {
                repo::finish_event(&app.db, &event.stripe_id, repo::FAILED, Some(format!("{error:#}"))).await?;
                Err(error)
            }
        }
    }
}

/// Fetches the event's subscription from Stripe and stores it: whatever order events arrive
/// in, what is stored is Stripe's state at the time of the fetch.
async fn process(app: &AppState, event: &crate::entities::billing_events::Model) -> anyhow::Result<(&'static str, Option<String>)> {
    let stripe = app.stripe.as_ref().context("payments are not configured (STRIPE_SECRET_KEY is not set)")?;
    let Some(subscription_id) = &event.subscription_id else {
        return Ok((repo::IGNORED, Some("the event names no subscription".into())));
    };
    let Some(snap) = stripe.subscription(subscription_id).await? else {
        return Ok((repo::IGNORED, Some(format!("Stripe does not know subscription {subscription_id}"))));
    };
    Ok(match apply(app, stripe, &snap, event.client_reference.as_deref()).await? {
        Applied::Stored { .. } => (repo::PROCESSED, None),
        Applied::Stale { .. } => (repo::PROCESSED, Some("a newer state of the subscription was already stored".into())),
        Applied::UnknownCustomer => (repo::IGNORED, Some(format!("customer {} belongs to no user", snap.customer_id))),
    })
}

/// True when the stored row already says what the snapshot says.
fn unchanged(row: &subscriptions::Model, snap: &SubscriptionSnapshot) -> bool {
    row.status == snap.status
        && row.price_id == snap.price_id
        && row.current_period_start == snap.current_period_start
        && row.current_period_end == snap.current_period_end
        && row.cancel_at_period_end == snap.cancel_at_period_end
        && row.ended_at == snap.ended_at
}

impl Job for BillingSync {
    const KIND: JobKind = JobKind::BillingSync;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        // Events whose job was never queued (the process died between commit and push).
        let now = Utc::now();
        for id in repo::stale_pending_events(&app.db, now - EVENT_STALE).await? {
            if scheduler::claim(&app.db, &format!("billing-event-sweep:{id}:{}", self.hour.format("%Y-%m-%dT%H"))).await? {
                app.queue.push(StripeEvent { event_id: id }).await?;
            }
        }
        let Some(stripe) = &app.stripe else {
            tracing::info!("payments are not configured; nothing to reconcile");
            return Ok(());
        };

        let local: HashMap<String, subscriptions::Model> =
            subscriptions::Entity::find().all(&app.db).await?.into_iter().map(|s| (s.stripe_id.clone(), s)).collect();
        let remote = stripe.all_subscriptions().await?;
        let (mut corrected, mut unknown) = (0usize, 0usize);
        let mut seen = HashSet::with_capacity(remote.len());
        for snap in &remote {
            seen.insert(snap.id.as_str());
            if local.get(&snap.id).is_some_and(|row| unchanged(row, snap)) {
                continue;
            }
            match apply(app, stripe, snap, None).await? {
                Applied::Stored { .. } => corrected += 1,
                Applied::Stale { .. } => {}
                Applied::UnknownCustomer => unknown += 1,
            }
        }
        // Subscriptions that still open premium here but that Stripe no longer lists.
        for row in repo::live_subscriptions(&app.db).await? {
            if seen.contains(row.stripe_id.as_str()) {
                continue;
            }
            let snap = match stripe.subscription(&row.stripe_id).await? {
                Some(snap) => snap,
                None => SubscriptionSnapshot {
                    id: row.stripe_id.clone(),
                    customer_id: row.customer_id.clone(),
                    status: "canceled".into(),
                    price_id: row.price_id.clone(),
                    current_period_start: row.current_period_start,
                    current_period_end: row.current_period_end,
                    cancel_at_period_end: row.cancel_at_period_end,
                    canceled_at: Some(now),
                    ended_at: Some(now),
                    user_ref: None,
                    as_of: Utc::now(),
                },
            };
            if let Applied::Stored { .. } = apply(app, stripe, &snap, None).await? {
                corrected += 1;
            }
        }
        tracing::info!(hour = %self.hour, stripe = remote.len(), corrected, unknown, "subscriptions reconciled with Stripe");
        Ok(())
    }
}
