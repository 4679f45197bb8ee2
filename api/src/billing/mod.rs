//! Premium through Stripe: the plans, Checkout, the Customer Portal, signed webhooks applied
//! by durable jobs, the hourly reconciliation, and who may read premium posts.
//!
//! Stripe is the source of truth for subscriptions. A webhook only records the event and
//! queues a job; the job fetches the subscription from Stripe and stores it unless a newer
//! snapshot is already stored, so redelivered or reordered events cannot roll state back.

pub mod dto;
pub mod jobs;
pub mod premium;
pub mod repo;
pub mod routes;
pub mod stripe;
pub mod webhook;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use stripe::StripeApi;

use crate::{error::ApiError, state::AppState};

/// A plan a reader can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    Monthly,
    Yearly,
}

impl Plan {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::Yearly => "yearly",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Monthly, Self::Yearly].into_iter().find(|p| p.as_str() == name)
    }
}

/// The Stripe client, or the 503 every payment endpoint answers without one.
pub fn stripe(st: &AppState) -> Result<&StripeApi, ApiError> {
    st.stripe.as_ref().ok_or_else(|| ApiError::Unavailable("payments are not configured on this site (STRIPE_SECRET_KEY is not set)".into()))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_plans)
        .service(routes::start_checkout)
        .service(routes::get_subscription)
        .service(routes::open_portal)
        .service(routes::receive_webhook);
}
