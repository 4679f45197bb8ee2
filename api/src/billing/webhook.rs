//! Stripe's webhooks: verify the signature, record the event by its id, queue its job. The
//! work itself (which calls Stripe back) happens in the `stripe_event` job.

use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use stripe_webhook::{EventObject, Webhook, WebhookError};

use super::{StripeApi, repo};
use crate::{error::ApiError, jobs::StripeEvent, state::AppState};

/// What an event says about which subscription, customer and user it concerns.
#[derive(Debug, Default)]
struct Facts {
    subscription_id: Option<String>,
    customer_id: Option<String>,
    client_reference: Option<String>,
}

fn facts(object: &EventObject) -> Option<Facts> {
    use EventObject as E;
    Some(match object {
        E::CheckoutSessionCompleted(session) | E::CheckoutSessionAsyncPaymentSucceeded(session) => Facts {
            subscription_id: session.subscription.as_ref().map(|s| s.id().to_string()),
            customer_id: session.customer.as_ref().map(|c| c.id().to_string()),
            client_reference: session.client_reference_id.clone(),
        },
        E::CustomerSubscriptionCreated(sub)
        | E::CustomerSubscriptionUpdated(sub)
        | E::CustomerSubscriptionDeleted(sub)
        | E::CustomerSubscriptionPaused(sub)
        | E::CustomerSubscriptionResumed(sub) => {
            Facts { subscription_id: Some(sub.id.to_string()), customer_id: Some(sub.customer.id().to_string()), client_reference: None }
        }
        E::InvoicePaid(invoice) | E::InvoicePaymentFailed(invoice) | E::InvoicePaymentSucceeded(invoice) => Facts {
            subscription_id: invoice.parent.as_ref().and_then(|p| p.subscription_details.as_ref()).map(|d| d.subscription.id().to_string()),
            customer_id: invoice.customer.as_ref().map(|c| c.id().to_string()),
            client_reference: None,
        },
        _ => return None,
    })
}

/// Verifies and records one delivery; true when this event id had been recorded before.
pub async fn receive(app: &AppState, stripe: &StripeApi, payload: &str, signature: Option<&str>) -> Result<bool, ApiError> {
    let signature = signature.ok_or_else(|| ApiError::BadRequest("the Stripe-Signature header is missing".into()))?;
    let event = match Webhook::construct_event(payload, signature, stripe.settings.webhook_secret.expose_secret()) {
        Ok(event) => event,
        // The signature held (it is checked first), so Stripe did send this: keep it for the
        // admins rather than have Stripe retry it for days.
        Err(WebhookError::BadParse(reason)) => return record_unreadable(app, payload, &reason).await,
        Err(WebhookError::BadTimestamp(_)) => {
            return Err(ApiError::BadRequest("the Stripe-Signature timestamp is outside the 5-minute tolerance".into()));
        }
        Err(_) => return Err(ApiError::BadRequest("the Stripe-Signature header does not match this payload".into())),
    };
    let stripe_id = event.id.to_string();
    let kind = event.type_.as_str().to_string();
    let handled = facts(&event.data.object);
    let state = if handled.as_ref().is_some_and(|f| f.subscription_id.is_some()) { repo::PENDING } else { repo::IGNORED };
    let facts = handled.unwrap_or_default();
    let inserted = repo::record_event(
        &app.db,
        repo::NewEvent {
            stripe_id: stripe_id.clone(),
            kind,
            created: DateTime::from_timestamp(event.created, 0).unwrap_or_else(Utc::now),
            subscription_id: facts.subscription_id,
            customer_id: facts.customer_id,
            client_reference: facts.client_reference,
            payload: payload.to_string(),
            state,
            error: (state == repo::IGNORED).then(|| "not an event that changes a subscription".to_string()),
        },
    )
    .await?;
    // A redelivery of an event still waiting (its first push may have failed) queues it again;
    // the job does nothing for an event already applied.
    let waiting = if inserted { state == repo::PENDING } else { repo::event(&app.db, &stripe_id).await?.is_some_and(|e| e.state == repo::PENDING || e.state == repo::FAILED) };
    if waiting {
        app.queue.push(StripeEvent { event_id: stripe_id }).await?;
    }
    Ok(!inserted)
}

async fn record_unreadable(app: &AppState, payload: &str, reason: &str) -> Result<bool, ApiError> {
    let raw: serde_json::Value = serde_json::from_str(payload).map_err(|_| ApiError::BadRequest("the payload is not JSON".into()))?;
    let stripe_id = raw["id"].as_str().ok_or_else(|| ApiError::BadRequest("the event has no id".into()))?.to_string();
    tracing::warn!(event = %stripe_id, reason, "a signed Stripe event could not be read");
    let inserted = repo::record_event(
        &app.db,
        repo::NewEvent {
            stripe_id,
            kind: raw["type"].as_str().unwrap_or("unknown").to_string(),
            created: raw["created"].as_i64().and_then(|t| DateTime::from_timestamp(t, 0)).unwrap_or_else(Utc::now),
            subscription_id: None,
            customer_id: None,
            client_reference: None,
            payload: payload.to_string(),
            state: repo::FAILED,
            error: Some(format!("this version of Lectern cannot read the event: {reason}; the hourly sync reconciles its effect")),
        },
    )
    .await?;
    Ok(!inserted)
}
