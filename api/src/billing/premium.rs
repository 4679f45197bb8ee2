//! Who may read premium posts, decided here and nowhere else. A user's `premium_until` is the
//! latest moment any of their subscriptions, or an admin's grant, opens premium; every gate
//! (post API, page cache variant, SPA shell, `/auth/me`) asks `has_access`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::{
    domain::Role,
    entities::{subscriptions, users},
};

/// Admins read everything; everyone else until their premium runs out.
pub fn has_access(role: Role, premium_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    role == Role::Admin || premium_until.is_some_and(|until| until > now)
}

/// Until when a subscription in this state opens premium.
///
/// Active and trialing subscriptions run to the end of the paid period (also when set to
/// cancel at its end). A past-due one has started a period nobody paid for yet: it keeps
/// access for `grace` from that period's start while Stripe retries the card. Every other
/// status (canceled, unpaid, incomplete, paused) opens nothing.
pub fn subscription_access_end(status: &str, period_start: DateTime<Utc>, period_end: DateTime<Utc>, grace: Duration) -> Option<DateTime<Utc>> {
    match status {
        "active" | "trialing" => Some(period_end),
        "past_due" => Some((period_start + chrono::Duration::from_std(grace).unwrap_or_default()).min(period_end)),
        _ => None,
    }
}

/// Recomputes and stores a user's `premium_until` from their subscriptions and any grant, in
/// the caller's transaction; `user` is the row as the caller (who locked it) last read it.
pub async fn refresh(db: &impl ConnectionTrait, user: users::Model, grace: Duration) -> Result<Option<DateTime<Utc>>, DbErr> {
    let subs = subscriptions::Entity::find().filter(subscriptions::Column::UserId.eq(user.id)).all(db).await?;
    let until = subs
        .iter()
        .filter_map(|s| subscription_access_end(&s.status, s.current_period_start, s.current_period_end, grace))
        .chain(user.premium_granted_until)
        .max();
    if until != user.premium_until {
        let mut active: users::ActiveModel = user.into();
        active.premium_until = Set(until);
        active.updated_at = Set(Utc::now());
        active.update(db).await?;
    }
    Ok(until)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn access_follows_the_subscription_status() {
        let (start, end) = (at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"));
        let grace = Duration::from_secs(3 * 24 * 3600);
        assert_eq!(subscription_access_end("active", start, end, grace), Some(end));
        assert_eq!(subscription_access_end("trialing", start, end, grace), Some(end));
        assert_eq!(subscription_access_end("past_due", start, end, grace), Some(at("2026-11-04T00:00:00Z")), "grace runs from the unpaid period's start");
        for ended in ["canceled", "unpaid", "incomplete", "incomplete_expired", "paused"] {
            assert_eq!(subscription_access_end(ended, start, end, grace), None, "{ended}");
        }
    }

    #[test]
    fn admins_always_and_others_until_premium_runs_out() {
        let now = at("2026-11-23T12:00:00Z");
        assert!(has_access(Role::Admin, None, now));
        assert!(!has_access(Role::Reader, None, now));
        assert!(has_access(Role::Reader, Some(at("2026-11-23T12:00:01Z")), now));
        assert!(!has_access(Role::Reader, Some(now), now), "access ends at premium_until itself");
    }
}
