//! Subscribers and the Stripe event log, for admins.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    auth::AdminUser,
    billing::repo,
    entities::{billing_events, subscriptions, users},
    error::{AdminErrors, ApiError, Problem},
    extract::ValidQuery,
    pagination::{Cursor, Page, PageRequest, paginate},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_subscriptions).service(list_events);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubscriptionParams {
    /// The `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Only subscriptions in this Stripe status (`active`, `past_due`, `canceled`, …).
    pub status: Option<String>,
}

/// A subscription and whose it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminSubscription {
    pub id: Uuid,
    /// Stripe's subscription id.
    pub stripe_id: String,
    pub customer_id: String,
    pub user_id: Uuid,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub status: String,
    pub plan: Option<String>,
    pub current_period_end: DateTime<Utc>,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<DateTime<Utc>>,
    /// The subscriber's premium access end (subscriptions and grants together).
    pub premium_until: Option<DateTime<Utc>>,
    /// When Stripe's state stored here was read.
    pub synced_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<(subscriptions::Model, Option<users::Model>)> for AdminSubscription {
    fn from((s, owner): (subscriptions::Model, Option<users::Model>)) -> Self {
        Self {
            id: s.id,
            stripe_id: s.stripe_id,
            customer_id: s.customer_id,
            user_id: s.user_id,
            email: owner.as_ref().map(|u| u.email.clone()),
            display_name: owner.as_ref().map(|u| u.display_name.clone()),
            status: s.status,
            plan: s.plan,
            current_period_end: s.current_period_end,
            cancel_at_period_end: s.cancel_at_period_end,
            canceled_at: s.canceled_at,
            premium_until: owner.and_then(|u| u.premium_until),
            synced_at: s.synced_at,
            updated_at: s.updated_at,
        }
    }
}

/// Subscriptions, most recently changed first.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_subscriptions",
    security(("bearer" = [])),
    params(SubscriptionParams),
    responses(
        (status = 200, description = "A page of subscriptions", body = Page<AdminSubscription>),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[get("/admin/billing/subscriptions")]
pub async fn list_subscriptions(
    st: web::Data<AppState>,
    _admin: AdminUser,
    ValidQuery(q): ValidQuery<SubscriptionParams>,
) -> Result<web::Json<Page<AdminSubscription>>, ApiError> {
    let page = PageRequest::parse(q.cursor.as_deref(), q.limit)?;
    let rows = repo::list_subscriptions(&st.db, page, q.status.as_deref()).await?;
    Ok(web::Json(paginate(rows, page.limit, |(s, _)| Cursor { at: s.updated_at, id: s.id }, AdminSubscription::from)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// The `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Only events in this state.
    #[param(inline)]
    pub state: Option<EventState>,
}

/// What became of a Stripe event.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventState {
    Pending,
    Processed,
    Ignored,
    Failed,
}

impl EventState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => repo::PENDING,
            Self::Processed => repo::PROCESSED,
            Self::Ignored => repo::IGNORED,
            Self::Failed => repo::FAILED,
        }
    }
}

/// A Stripe event as received, and what became of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BillingEvent {
    pub id: Uuid,
    /// Stripe's event id.
    pub stripe_id: String,
    /// e.g. `customer.subscription.updated`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `pending` (its job has not run), `processed`, `ignored` (nothing to do) or `failed`
    /// (the last attempt failed; the job retries).
    pub state: String,
    /// Why it failed or was ignored.
    pub error: Option<String>,
    pub attempts: i32,
    pub subscription_id: Option<String>,
    pub customer_id: Option<String>,
    /// When Stripe created the event.
    pub created_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
    /// The event exactly as Stripe sent it.
    pub payload: serde_json::Value,
}

impl From<billing_events::Model> for BillingEvent {
    fn from(e: billing_events::Model) -> Self {
        Self {
            id: e.id,
            stripe_id: e.stripe_id,
            kind: e.kind,
            state: e.state,
            error: e.error,
            attempts: e.attempts,
            subscription_id: e.subscription_id,
            customer_id: e.customer_id,
            created_at: e.stripe_created_at,
            received_at: e.received_at,
            processed_at: e.processed_at,
            payload: serde_json::from_str(&e.payload).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// The Stripe event log, newest first.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_billing_events",
    security(("bearer" = [])),
    params(EventParams),
    responses(
        (status = 200, description = "A page of events", body = Page<BillingEvent>),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[get("/admin/billing/events")]
pub async fn list_events(st: web::Data<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<EventParams>) -> Result<web::Json<Page<BillingEvent>>, ApiError> {
    let page = PageRequest::parse(q.cursor.as_deref(), q.limit)?;
    let rows = repo::list_events(&st.db, page, q.state.map(EventState::as_str)).await?;
    Ok(web::Json(paginate(rows, page.limit, |e| Cursor { at: e.received_at, id: e.id }, BillingEvent::from)))
}
