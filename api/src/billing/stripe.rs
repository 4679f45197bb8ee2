//! Stripe, reached through async-stripe at a configurable base URL. Only this file speaks
//! Stripe's types; the rest of billing sees `SubscriptionSnapshot`.

use std::{collections::HashMap, time::Duration};

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use secrecy::ExposeSecret;
use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_billing::{
    billing_portal_session::CreateBillingPortalSession,
    subscription::{ListSubscription, ListSubscriptionStatus, RetrieveSubscription},
};
use stripe_checkout::checkout_session::{CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionSubscriptionData};
use stripe_core::customer::CreateCustomer;
use uuid::Uuid;

use super::Plan;
use crate::config::StripeSettings;

/// What Lectern keeps of a Stripe subscription, as it was at `as_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionSnapshot {
    pub id: String,
    pub customer_id: String,
    pub status: String,
    pub price_id: String,
    pub current_period_start: DateTime<Utc>,
    pub current_period_end: DateTime<Utc>,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// The user id Checkout copied into the subscription's metadata, if any.
    pub user_ref: Option<String>,
    pub as_of: DateTime<Utc>,
}

/// A Checkout or Customer Portal page to send the reader to.
#[derive(Debug, Clone)]
pub struct Redirect {
    pub id: String,
    pub url: String,
}

#[derive(Clone)]
pub struct StripeApi {
    client: Client,
    pub settings: StripeSettings,
}

fn ts(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

fn snapshot(sub: stripe_billing::Subscription, as_of: DateTime<Utc>) -> SubscriptionSnapshot {
    // Since Stripe's 2025 API the billing period lives on each item.
    let items = &sub.items.data;
    let price_id = items.first().map(|i| i.price.id.to_string()).unwrap_or_default();
    let period_start = items.iter().map(|i| i.current_period_start).min().unwrap_or(sub.start_date);
    let period_end = items.iter().map(|i| i.current_period_end).max().unwrap_or(sub.start_date);
    SubscriptionSnapshot {
        id: sub.id.to_string(),
        customer_id: sub.customer.id().to_string(),
        status: sub.status.as_str().to_string(),
        price_id,
        current_period_start: ts(period_start),
        current_period_end: ts(period_end),
        // Newer billing modes schedule the end as `cancel_at` rather than setting the flag.
        cancel_at_period_end: sub.cancel_at_period_end || sub.cancel_at.is_some_and(|at| at <= period_end),
        canceled_at: sub.canceled_at.map(ts),
        ended_at: sub.ended_at.map(ts),
        user_ref: sub.metadata.get("user_id").cloned(),
        as_of,
    }
}

fn key(value: &str) -> anyhow::Result<RequestStrategy> {
    Ok(RequestStrategy::Idempotent(IdempotencyKey::new(value).map_err(|e| anyhow::anyhow!("idempotency key {value:?}: {e:?}"))?))
}

fn describe(e: StripeError) -> anyhow::Error {
    anyhow::anyhow!("Stripe: {e}")
}

impl StripeApi {
    pub fn new(settings: &StripeSettings) -> anyhow::Result<Self> {
        let client = ClientBuilder::new(settings.secret_key.expose_secret())
            .url(settings.api_base.clone())
            .timeout(Duration::from_secs(20))
            .app_info("lectern", Some(env!("CARGO_PKG_VERSION").to_string()), None)
            .build()
            .map_err(|e| anyhow::anyhow!("STRIPE_API_BASE: {e}"))?;
        Ok(Self { client, settings: settings.clone() })
    }

    pub fn price_of(&self, plan: Plan) -> &str {
        match plan {
            Plan::Monthly => &self.settings.price_monthly,
            Plan::Yearly => &self.settings.price_yearly,
        }
    }

    pub fn plan_of(&self, price_id: &str) -> Option<Plan> {
        [Plan::Monthly, Plan::Yearly].into_iter().find(|p| self.price_of(*p) == price_id)
    }

    /// Makes the customer for a user. The idempotency key makes a retried or concurrent call
    /// return the same customer instead of a second one.
    pub async fn create_customer(&self, user_id: Uuid, email: &str, name: &str) -> anyhow::Result<String> {
        let metadata = HashMap::from([("user_id".to_string(), user_id.to_string())]);
        let customer = CreateCustomer::new()
            .email(email)
            .name(name)
            .metadata(metadata)
            .customize()
            .request_strategy(key(&format!("lectern-customer-{user_id}"))?)
            .send(&self.client)
            .await
            .map_err(describe)?;
        Ok(customer.id.to_string())
    }

    pub async fn create_checkout(&self, user_id: Uuid, customer_id: &str, plan: Plan, success_url: &str, cancel_url: &str) -> anyhow::Result<Redirect> {
        let metadata = HashMap::from([("user_id".to_string(), user_id.to_string())]);
        let mut item = CreateCheckoutSessionLineItems::new();
        item.price = Some(self.price_of(plan).to_string());
        item.quantity = Some(1);
        let mut subscription = CreateCheckoutSessionSubscriptionData::new();
        subscription.metadata = Some(metadata.clone());
        let session = CreateCheckoutSession::new()
            .mode(stripe_checkout::CheckoutSessionMode::Subscription)
            .customer(customer_id)
            .client_reference_id(user_id.to_string())
            .line_items(vec![item])
            .subscription_data(subscription)
            .metadata(metadata)
            .success_url(success_url)
            .cancel_url(cancel_url)
            .send(&self.client)
            .await
            .map_err(describe)?;
        let url = session.url.ok_or_else(|| anyhow::anyhow!("Stripe returned a Checkout Session without a URL"))?;
        Ok(Redirect { id: session.id.to_string(), url })
    }

    pub async fn create_portal(&self, customer_id: &str, return_url: &str) -> anyhow::Result<Redirect> {
        let session = CreateBillingPortalSession::new().customer(customer_id).return_url(return_url).send(&self.client).await.map_err(describe)?;
        Ok(Redirect { id: session.id.to_string(), url: session.url })
    }

    /// The subscription as Stripe has it now; `None` when Stripe does not know it.
    pub async fn subscription(&self, id: &str) -> anyhow::Result<Option<SubscriptionSnapshot>> {
        let as_of = Utc::now();
        match RetrieveSubscription::new(id).send(&self.client).await {
            Ok(sub) => Ok(Some(snapshot(sub, as_of))),
            Err(StripeError::Stripe(_, 404)) => Ok(None),
            Err(e) => Err(describe(e)),
        }
    }

    /// Every subscription in the account, whatever its status, page by page.
    pub async fn all_subscriptions(&self) -> anyhow::Result<Vec<SubscriptionSnapshot>> {
        let as_of = Utc::now();
        let subs: Vec<stripe_billing::Subscription> =
            ListSubscription::new().status(ListSubscriptionStatus::All).limit(100).paginate().stream(&self.client).try_collect().await.map_err(describe)?;
        Ok(subs.into_iter().map(|s| snapshot(s, as_of)).collect())
    }
}
