use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::Plan;

/// One plan on the pricing page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    pub id: Plan,
    pub name: String,
    /// The Stripe price this plan sells; `null` when payments are not configured.
    pub price_id: Option<String>,
    /// In the currency's smallest unit (cents).
    pub amount: u32,
    /// ISO 4217, lower case.
    #[schema(example = "usd")]
    pub currency: String,
    /// `month` or `year`.
    pub interval: String,
    pub features: Vec<String>,
}

/// The plans, and whether they can be bought here.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlansResponse {
    /// False when payments are not configured: show the plans without a subscribe button.
    pub available: bool,
    pub plans: Vec<PlanView>,
}

/// Which plan to buy.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CheckoutRequest {
    pub plan: Plan,
}

/// A Stripe-hosted page to send the reader to.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedirectResponse {
    /// The Checkout Session or Customer Portal session id.
    pub id: String,
    pub url: String,
}

/// The signed-in user's subscription and premium access.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionResponse {
    /// Stripe's status of the latest subscription (`active`, `trialing`, `past_due`,
    /// `canceled`, …), or `none`.
    #[schema(example = "active")]
    pub status: String,
    pub plan: Option<Plan>,
    /// When the paid period ends (and, if set to cancel, when access ends).
    pub current_period_end: Option<DateTime<Utc>>,
    /// The subscription ends at `current_period_end` instead of renewing.
    pub cancel_at_period_end: bool,
    /// Whether premium posts are open to this user now.
    pub premium: bool,
    /// Until when premium is open: the subscription (with grace while a payment is retried)
    /// or an admin's grant, whichever runs longer.
    pub premium_until: Option<DateTime<Utc>>,
    /// Whether the Customer Portal can be opened (the user has been to Checkout).
    pub portal_available: bool,
}

/// The answer to a webhook delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookReceipt {
    pub received: bool,
    /// This event id had been received before; it is not applied again.
    pub duplicate: bool,
}
