//! Durable background work on apalis: on Redis when `REDIS_URL` is set, otherwise on the
//! application's own SQL database. Delivery is at least once (a killed worker's jobs are run
//! again), so every job is idempotent: each names the effect it has, and an effect already
//! done is not done again.

pub mod coalesce;
pub mod dead;
pub mod handlers;
pub mod queue;
pub mod scheduler;
pub mod worker;

use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use utoipa::ToSchema;
use uuid::Uuid;

pub use queue::Queue;
pub use worker::JobContext;

/// Every kind of job; each has its own queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    SendEmail,
    DailyDigest,
    Sitemap,
    Revalidate,
    TokenCleanup,
    StripeEvent,
    BillingSync,
    EmbedPost,
    Reindex,
    Notify,
    ExtractDocument,
}

impl JobKind {
    pub const ALL: [JobKind; 11] = [
        Self::SendEmail,
        Self::DailyDigest,
        Self::Sitemap,
        Self::Revalidate,
        Self::TokenCleanup,
        Self::StripeEvent,
        Self::BillingSync,
        Self::EmbedPost,
        Self::Reindex,
        Self::Notify,
        Self::ExtractDocument,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SendEmail => "send_email",
            Self::DailyDigest => "daily_digest",
            Self::Sitemap => "sitemap",
            Self::Revalidate => "revalidate",
            Self::TokenCleanup => "token_cleanup",
            Self::StripeEvent => "stripe_event",
            Self::BillingSync => "billing_sync",
            Self::EmbedPost => "embed_post",
            Self::Reindex => "reindex",
            Self::Notify => "notify",
            Self::ExtractDocument => "extract_document",
        }
    }

    /// The apalis queue name.
    pub fn queue(self) -> String {
        format!("lectern:{}", self.as_str())
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// A job's payload and what running it does.
pub trait Job: Serialize + DeserializeOwned + Clone + Send + Sync + Unpin + std::fmt::Debug + 'static {
    const KIND: JobKind;
    fn run(self, ctx: &JobContext) -> impl Future<Output = anyhow::Result<()>> + Send;
}

/// Deliver one stored email (the outbox row says whether it already went).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendEmail {
    pub email_id: Uuid,
}

/// One email per subscribed user with the posts published in the 24 hours before `until`;
/// `date` names the digest (one per user per date).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DailyDigest {
    pub date: NaiveDate,
    pub until: DateTime<Utc>,
}

/// Re-render the feeds, the sitemap and robots.txt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sitemap {
    pub reason: String,
}

/// Ask the CDN to drop its copies of these URLs and of every URL pending in
/// [`coalesce`]'s purge set.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Revalidate {
    pub urls: Vec<String>,
}

/// Delete expired refresh tokens, email tokens and old bookkeeping.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenCleanup {
    pub date: NaiveDate,
}

/// Apply one recorded Stripe webhook event (by Stripe's event id).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StripeEvent {
    pub event_id: String,
}

/// Reconcile local subscriptions with Stripe; `hour` names the run (one per hour).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BillingSync {
    pub hour: DateTime<Utc>,
}

/// Embed the chunks of one post that lack a vector of the current model (a no-op when none
/// do, so a repeated or stale job costs one query).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmbedPost {
    pub post_id: Uuid,
}

/// Rebuild every post's search document and chunks (`full`), then embed whatever lacks a
/// vector of the current model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reindex {
    pub full: bool,
    pub requested_at: DateTime<Utc>,
}
