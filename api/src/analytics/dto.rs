//! The beacon's body and the admin reports.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// One view of a post page, as the page reports it.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ViewRequest {
    /// The slug of the post being read.
    #[schema(min_length = 1, max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "generators-in-python")]
    #[validate(custom(function = "crate::domain::validate_slug"))]
    pub slug: String,
    /// The page the reader came from (`document.referrer`). Only its host is kept, and only
    /// when it is another site; anything else counts as a direct view.
    #[schema(max_length = 2048, example = "https://news.ycombinator.com/item?id=42")]
    #[validate(length(max = 2048, message = "must be at most 2048 characters"))]
    pub referrer: Option<String>,
}

/// The views of one UTC day.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayViews {
    /// `YYYY-MM-DD`, UTC.
    pub day: NaiveDate,
    pub views: u64,
    /// Distinct readers that day (by the day's salted hash of address and browser).
    pub visitors: u64,
}

/// A post among the most viewed.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopPost {
    pub slug: String,
    pub title: String,
    pub views: u64,
    /// Readers, counted once per day they read it.
    pub visitors: u64,
}

/// Views that came from one site.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferrerViews {
    /// The referring site's host; `null` for direct views (typed, bookmarked, from an app, or
    /// with no referrer sent).
    pub host: Option<String>,
    pub views: u64,
    /// Readers, counted once per day.
    pub visitors: u64,
}

/// A count for one UTC day.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayCount {
    /// `YYYY-MM-DD`, UTC.
    pub day: NaiveDate,
    pub count: u64,
}

/// The site at a glance: traffic and sign-ups over the range, the rest as it is now.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnalyticsSummary {
    /// The first day covered, `YYYY-MM-DD` (the default applied when the query had none).
    pub from: NaiveDate,
    /// The last day covered, included.
    pub to: NaiveDate,
    /// Post views in the range.
    pub views: u64,
    /// Readers, counted once per day: the sum of each day's visitors.
    pub visitors: u64,
    /// Accounts created in the range.
    pub signups: u64,
    /// Accounts created on each day of the range, days without any included (0).
    pub signups_per_day: Vec<DayCount>,
    /// Comments held for a moderator now (the moderation queue's `pending` list).
    pub comments_awaiting_moderation: u64,
    /// Accounts with a paid subscription Stripe counts as running now (active, trialing, or
    /// past due while the payment is retried).
    pub subscribers: u64,
    /// Confirmed newsletter addresses now.
    pub newsletter_subscribers: u64,
}
