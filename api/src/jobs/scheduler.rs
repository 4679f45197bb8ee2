//! Turns the cron schedules into queued jobs. Every worker process runs this loop; a period
//! is claimed in the database (`job_claims`, unique key) before its job is queued, so however
//! many schedulers run, each period is queued once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, sea_query::OnConflict};

use super::{BillingSync, DailyDigest, JobKind, SendEmail, Sitemap, TokenCleanup};
use crate::{entities::job_claims, mail, state::AppState};

const TICK: Duration = Duration::from_secs(5);
/// A period missed by less than this (a restart across 08:00) still runs.
const CATCH_UP: chrono::Duration = chrono::Duration::hours(1);
/// Emails queued longer than this without a delivery attempt are queued again (long enough
/// that a digest backlog still draining is not queued twice).
const OUTBOX_STALE: chrono::Duration = chrono::Duration::minutes(10);

/// Inserts `key` once; true for the caller that inserted it.
pub async fn claim(db: &impl ConnectionTrait, key: &str) -> Result<bool, DbErr> {
    let row = job_claims::ActiveModel { key: Set(key.to_string()), created_at: Set(Utc::now()) };
    let inserted = job_claims::Entity::insert(row)
        .on_conflict(OnConflict::column(job_claims::Column::Key).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

/// The latest occurrence of `schedule` in `(now - CATCH_UP, now]`.
fn due(schedule: &cron::Schedule, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    schedule.after(&(now - CATCH_UP)).take_while(|t| *t <= now).last()
}

/// Queues the job of a scheduled kind for the period starting at `at`.
pub async fn queue_scheduled(app: &AppState, kind: JobKind, at: DateTime<Utc>) -> anyhow::Result<()> {
    match kind {
        JobKind::DailyDigest => app.queue.push(DailyDigest { date: at.date_naive(), until: at }).await,
        JobKind::Sitemap => app.queue.push(Sitemap { reason: "scheduled".into() }).await,
        JobKind::TokenCleanup => app.queue.push(TokenCleanup { date: at.date_naive() }).await,
        JobKind::BillingSync => app.queue.push(BillingSync { hour: at }).await,
        JobKind::SendEmail | JobKind::Revalidate | JobKind::StripeEvent | JobKind::EmbedPost | JobKind::Reindex | JobKind::Notify | JobKind::ExtractDocument => anyhow::bail!("{} is not a scheduled job", kind.as_str()),
    }
}

async fn tick(app: &AppState, now: DateTime<Utc>) -> anyhow::Result<()> {
    let jobs = &app.settings.jobs;
    let scheduled = [
        (JobKind::DailyDigest, &jobs.digest_cron),
        (JobKind::Sitemap, &jobs.sitemap_cron),
        (JobKind::TokenCleanup, &jobs.token_cleanup_cron),
        (JobKind::BillingSync, &jobs.billing_sync_cron),
    ];
    for (kind, schedule) in scheduled {
        let Some(at) = due(schedule, now) else { continue };
        let key = format!("schedule:{}:{}", kind.as_str(), at.format("%Y-%m-%dT%H:%M:%SZ"));
        if claim(&app.db, &key).await? {
            tracing::info!(job = kind.as_str(), period = %at, "scheduled job queued");
            if let Err(e) = queue_scheduled(app, kind, at).await {
                // Give the period back so the next tick (here or elsewhere) tries again.
                job_claims::Entity::delete_by_id(key).exec(&app.db).await?;
                return Err(e);
            }
        }
    }
    // Emails whose job was never queued (the process died between commit and push).
    for id in mail::outbox::stale_queued(&app.db, now - OUTBOX_STALE).await? {
        if claim(&app.db, &format!("sweep:{id}:{}", now.format("%Y-%m-%dT%H"))).await? {
            app.queue.push(SendEmail { email_id: id }).await?;
        }
    }
    Ok(())
}

pub async fn run(app: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    if !app.settings.jobs.scheduler {
        return;
    }
    loop {
        if let Err(e) = tick(&app, Utc::now()).await {
            tracing::warn!(error = %format!("{e:#}"), "scheduler tick failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {}
            _ = stop.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_finds_the_latest_period_within_catch_up() {
        let daily: cron::Schedule = "0 0 8 * * *".parse().unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(due(&daily, at("2026-11-22T08:00:00Z")), Some(at("2026-11-22T08:00:00Z")));
        assert_eq!(due(&daily, at("2026-11-22T08:59:00Z")), Some(at("2026-11-22T08:00:00Z")));
        assert_eq!(due(&daily, at("2026-11-22T09:01:00Z")), None, "older periods are not replayed");
        assert_eq!(due(&daily, at("2026-11-22T07:59:59Z")), None);
    }
}
