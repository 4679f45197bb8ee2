//! `/billing`: plans, Checkout, the subscription, the Customer Portal, and Stripe's webhook.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;

use super::{
    Plan,
    dto::{CheckoutRequest, PlanView, PlansResponse, RedirectResponse, SubscriptionResponse, WebhookReceipt},
    premium, repo, webhook,
};
use crate::{
    auth::AuthUser,
    error::{ApiError, Problem},
    extract::ValidJson,
    state::AppState,
};

/// Subscriptions in these states still run; a reader with one cannot buy a second.
const LIVE: [&str; 3] = ["active", "trialing", "past_due"];

/// The plans on sale.
#[utoipa::path(
    tag = "billing",
    operation_id = "list_plans",
    responses((status = 200, description = "The plans; `available` is false when payments are not configured", body = PlansResponse))
)]
#[get("/billing/plans")]
pub async fn list_plans(st: web::Data<AppState>) -> web::Json<PlansResponse> {
    let plans = &st.settings.plans;
    let view = |plan: Plan, name: &str, amount: u32, interval: &str| PlanView {
        id: plan,
        name: name.to_string(),
        price_id: st.stripe.as_ref().map(|s| s.price_of(plan).to_string()),
        amount,
        currency: plans.currency.clone(),
        interval: interval.to_string(),
        features: plans.features.clone(),
    };
    web::Json(PlansResponse {
        available: st.stripe.is_some(),
        plans: vec![view(Plan::Monthly, "Monthly", plans.monthly_amount, "month"), view(Plan::Yearly, "Yearly", plans.yearly_amount, "year")],
    })
}

fn stripe_failed(action: &str) -> impl Fn(anyhow::Error) -> ApiError + '_ {
    move |e| {
        tracing::warn!(error = %format!("{e:#}"), "{action} failed");
        ApiError::BadGateway(format!("Stripe could not {action}; try again in a moment"))
    }
}

/// Start Checkout for a plan: answers the Stripe Checkout URL to send the reader to. The
/// reader's Stripe customer is made on the first call and reused after.
#[utoipa::path(
    tag = "billing",
    operation_id = "start_checkout",
    security(("bearer" = [])),
    request_body = CheckoutRequest,
    responses(
        (status = 200, description = "The Checkout Session to redirect to", body = RedirectResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already subscribed: use the portal", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a plan", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "Stripe failed", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Payments are not configured", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/billing/checkout")]
pub async fn start_checkout(st: web::Data<AppState>, me: AuthUser, ValidJson(body): ValidJson<CheckoutRequest>) -> Result<web::Json<RedirectResponse>, ApiError> {
    let stripe = super::stripe(&st)?;
    if repo::subscriptions_of(&st.db, me.id).await?.iter().any(|s| LIVE.contains(&s.status.as_str())) {
        return Err(ApiError::Conflict("you already have a subscription; change or cancel it in the billing portal".into()));
    }
    let customer = match &me.user.stripe_customer_id {
        Some(customer) => customer.clone(),
        None => {
            let made = stripe.create_customer(me.id, &me.user.email, &me.user.display_name).await.map_err(stripe_failed("create the customer"))?;
            // The idempotency key gives a concurrent first checkout the same customer; should
            // another have been stored meanwhile, that one stays the user's.
            if repo::set_customer_if_absent(&st.db, me.id, &made).await? {
                made
            } else {
                crate::auth::repo::find_user(&st.db, me.id).await?.and_then(|u| u.stripe_customer_id).unwrap_or(made)
            }
        }
    };
    let base = &st.settings.public_url;
    let session = stripe
        .create_checkout(me.id, &customer, body.plan, &format!("{base}/billing/success?session_id={{CHECKOUT_SESSION_ID}}"), &format!("{base}/pricing?checkout=canceled"))
        .await
        .map_err(stripe_failed("start Checkout"))?;
    Ok(web::Json(RedirectResponse { id: session.id, url: session.url }))
}

/// The signed-in user's subscription and premium access.
#[utoipa::path(
    tag = "billing",
    operation_id = "get_subscription",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The latest subscription, or status `none`", body = SubscriptionResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Payments are not configured", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/billing/subscription")]
pub async fn get_subscription(st: web::Data<AppState>, me: AuthUser) -> Result<web::Json<SubscriptionResponse>, ApiError> {
    super::stripe(&st)?;
    let subs = repo::subscriptions_of(&st.db, me.id).await?;
    // Access is read after the subscriptions: it is written in the same transaction as each
    // of them, so the answer never pairs a subscription's new state with the access before it.
    let user = crate::auth::repo::find_user(&st.db, me.id).await?.ok_or(ApiError::Unauthorized("the account no longer exists"))?;
    // A running subscription speaks for the account before any that ended.
    let current = subs.iter().find(|s| LIVE.contains(&s.status.as_str())).or(subs.first());
    Ok(web::Json(SubscriptionResponse {
        status: current.map_or_else(|| "none".to_string(), |s| s.status.clone()),
        plan: current.and_then(|s| s.plan.as_deref()).and_then(Plan::parse),
        current_period_end: current.map(|s| s.current_period_end),
        cancel_at_period_end: current.is_some_and(|s| s.cancel_at_period_end),
        premium: premium::has_access(me.role, user.premium_until, Utc::now()),
        premium_until: user.premium_until,
        portal_available: user.stripe_customer_id.is_some(),
    }))
}

/// Open the Stripe Customer Portal to change the plan, the card, or cancel.
#[utoipa::path(
    tag = "billing",
    operation_id = "open_portal",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The portal session to redirect to", body = RedirectResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No billing account yet: subscribe first", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "Stripe failed", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Payments are not configured", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/billing/portal")]
pub async fn open_portal(st: web::Data<AppState>, me: AuthUser) -> Result<web::Json<RedirectResponse>, ApiError> {
    let stripe = super::stripe(&st)?;
    let customer = me.user.stripe_customer_id.as_deref().ok_or_else(|| ApiError::Conflict("there is no billing account yet; subscribe first".into()))?;
    let portal = stripe.create_portal(customer, &format!("{}/settings", st.settings.public_url)).await.map_err(stripe_failed("open the billing portal"))?;
    Ok(web::Json(RedirectResponse { id: portal.id, url: portal.url }))
}

/// Stripe's webhook endpoint: a signed event is recorded once by its id and applied by a job.
#[utoipa::path(
    tag = "billing",
    operation_id = "receive_stripe_webhook",
    request_body(content = String, content_type = "application/json", description = "A Stripe event, exactly as Stripe signed it"),
    params(("Stripe-Signature" = String, Header, description = "`t=<unix time>,v1=<hex HMAC-SHA256>[,v1=…]`")),
    responses(
        (status = 200, description = "Recorded (or recognised as a redelivery)", body = WebhookReceipt),
        (status = 400, description = "Missing, wrong or stale signature; nothing was recorded", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Payments are not configured", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/billing/webhook")]
pub async fn receive_webhook(st: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let stripe = super::stripe(&st)?;
    let payload = std::str::from_utf8(&body).map_err(|_| ApiError::BadRequest("the payload is not UTF-8".into()))?;
    let signature = req.headers().get("stripe-signature").and_then(|v| v.to_str().ok());
    let duplicate = webhook::receive(&st, stripe, payload, signature).await?;
    Ok(HttpResponse::Ok().json(WebhookReceipt { received: true, duplicate }))
}
