//! What each job does. Each is safe to run twice: the effect it has is named and checked.

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query};
use secrecy::ExposeSecret;
use uuid::Uuid;

use super::{DailyDigest, Job, JobContext, JobKind, Revalidate, SendEmail, Sitemap, TokenCleanup, coalesce};
use crate::{
    billing,
    entities::{billing_events, email_tokens, job_claims, newsletter_subscribers, posts, refresh_tokens, users},
    mail::{
        outbox,
        templates::{self, DigestPost},
        unsubscribe::{self, List},
    },
};

impl Job for SendEmail {
    const KIND: JobKind = JobKind::SendEmail;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        // An attempt that died mid-delivery holds the email for this long before another may.
        let lease = chrono::Duration::from_std(app.settings.smtp_timeout * 2)?;
        if !outbox::claim(&app.db, self.email_id, lease).await? {
            return match outbox::find(&app.db, self.email_id).await? {
                None => Ok(()),
                Some(e) if e.state == outbox::SENT || e.state == outbox::STORED => Ok(()),
                Some(_) => anyhow::bail!("email {} is held by another delivery attempt", self.email_id),
            };
        }
        let email = outbox::find(&app.db, self.email_id).await?.ok_or_else(|| anyhow::anyhow!("email {} vanished", self.email_id))?;
        let Some(smtp) = &app.smtp else {
            outbox::finish(&app.db, email.id, outbox::STORED, None).await?;
            return Ok(());
        };
        match smtp.deliver(&email).await {
            Ok(()) => Ok(outbox::finish(&app.db, email.id, outbox::SENT, None).await?),
            Err(e) => {
                outbox::finish(&app.db, email.id, outbox::FAILED, Some(format!("{e:#}"))).await?;
                Err(e)
            }
        }
    }
}

/// Recipients are read and written in batches of this many.
const DIGEST_BATCH: u64 = 500;

impl Job for DailyDigest {
    const KIND: JobKind = JobKind::DailyDigest;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        let since = self.until - chrono::Duration::hours(24);
        let fresh = posts::Entity::find()
            .filter(posts::Column::PublishedAt.gt(since))
            .filter(posts::Column::PublishedAt.lte(self.until))
            .order_by_desc(posts::Column::PublishedAt)
            .limit(50)
            .all(&app.db)
            .await?;
        if fresh.is_empty() {
            tracing::info!(date = %self.date, "no new posts; no digest");
            return Ok(());
        }
        let base = &app.settings.public_url;
        let items: Vec<DigestPost> =
            fresh.iter().map(|p| DigestPost { title: p.title.clone(), summary: p.summary.clone(), url: format!("{base}/posts/{}", p.slug) }).collect();
        let prefix = format!("digest:{}:", self.date);
        let secret = &app.settings.jwt_secret;
        let email_for = |list: List, to: &str, key: String| {
            let token = unsubscribe::token(secret, list, to);
            let page = format!("{base}/unsubscribe?token={token}");
            let post = format!("{base}/api/v1/newsletter/unsubscribe?token={token}");
            templates::digest(to, list, &items, &page, &post, key)
        };

        // Users who turned the digest on, in id order; only proven addresses get mail, so an
        // account registered with someone else's address cannot subscribe them.
        let mut after: Option<Uuid> = None;
        loop {
            let mut q = users::Entity::find()
                .select_only()
                .columns([users::Column::Id, users::Column::Email])
                .filter(users::Column::Digest.eq(true))
                .filter(users::Column::EmailVerifiedAt.is_not_null());
            if let Some(a) = after {
                q = q.filter(users::Column::Id.gt(a));
            }
            let batch: Vec<(Uuid, String)> = q.order_by_asc(users::Column::Id).limit(DIGEST_BATCH).into_tuple().all(&app.db).await?;
            let Some(last) = batch.last() else { break };
            after = Some(last.0);
            let emails = batch.iter().map(|(id, to)| email_for(List::Digest, to, format!("{prefix}user:{id}"))).collect();
            outbox::insert_many(&app.db, emails).await?;
        }
        // Confirmed newsletter subscribers, except addresses already served as users above.
        let mut after: Option<Uuid> = None;
        loop {
            let mut q = newsletter_subscribers::Entity::find()
                .select_only()
                .columns([newsletter_subscribers::Column::Id, newsletter_subscribers::Column::Email])
                .filter(newsletter_subscribers::Column::Status.eq("confirmed"))
                .filter(
                    newsletter_subscribers::Column::Email.not_in_subquery(
                        Query::select()
                            .column(users::Column::Email)
                            .from(users::Entity)
                            .and_where(users::Column::Digest.eq(true))
                            .and_where(users::Column::EmailVerifiedAt.is_not_null())
                            .to_owned(),
                    ),
                );
            if let Some(a) = after {
                q = q.filter(newsletter_subscribers::Column::Id.gt(a));
            }
            let batch: Vec<(Uuid, String)> = q.order_by_asc(newsletter_subscribers::Column::Id).limit(DIGEST_BATCH).into_tuple().all(&app.db).await?;
            let Some(last) = batch.last() else { break };
            after = Some(last.0);
            let emails = batch.iter().map(|(id, to)| email_for(List::Newsletter, to, format!("{prefix}subscriber:{id}"))).collect();
            outbox::insert_many(&app.db, emails).await?;
        }
        // Queue every digest email of this date not yet delivered; those queued by an earlier,
        // interrupted run are picked up too. Sending is idempotent per email.
        let ids = outbox::queued_with_key_prefix(&app.db, &prefix).await?;
        tracing::info!(date = %self.date, emails = ids.len(), "digest queued");
        app.queue.push_all(ids.into_iter().map(|email_id| SendEmail { email_id }).collect()).await
    }
}

impl Job for Sitemap {
    const KIND: JobKind = JobKind::Sitemap;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        // Let a burst of changes settle, then let the next change queue another run.
        tokio::time::sleep(app.settings.jobs.debounce).await;
        coalesce::release::<Self>(&app.db).await?;
        let written = crate::feeds::regenerate_all(&app.db, &app.settings).await?;
        tracing::info!(reason = %self.reason, documents = written, "feeds and sitemap regenerated");
        Ok(())
    }
}

/// URLs one purge request carries at most.
const PURGE_BATCH: u64 = 500;

impl Job for Revalidate {
    const KIND: JobKind = JobKind::Revalidate;

    /// Purges the job's own URLs and every URL pending in the shared set, in batches.
    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        tokio::time::sleep(app.settings.jobs.debounce).await;
        coalesce::release::<Self>(&app.db).await?;
        let mut own = self.urls;
        loop {
            let read_at = Utc::now();
            let mut urls = coalesce::pending_purges(&app.db, PURGE_BATCH).await?;
            urls.append(&mut own);
            if urls.is_empty() {
                return Ok(());
            }
            purge(app, &urls).await?;
            coalesce::purged(&app.db, &urls, read_at).await?;
        }
    }
}

async fn purge(app: &JobContext, urls: &[String]) -> anyhow::Result<()> {
    let Some(url) = &app.settings.purge_url else {
        tracing::info!(count = urls.len(), "no PURGE_URL; CDN revalidation skipped");
        return Ok(());
    };
    let mut request = app.http.post(url).json(&serde_json::json!({ "files": urls }));
    if let Some(token) = &app.settings.purge_token {
        request = request.bearer_auth(token.expose_secret());
    }
    let response = request.send().await?;
    if !response.status().is_success() {
        anyhow::bail!("purge endpoint answered {}", response.status());
    }
    tracing::info!(count = urls.len(), "CDN revalidated");
    Ok(())
}

impl Job for TokenCleanup {
    const KIND: JobKind = JobKind::TokenCleanup;

    async fn run(self, app: &JobContext) -> anyhow::Result<()> {
        let now = Utc::now();
        let refresh = refresh_tokens::Entity::delete_many().filter(refresh_tokens::Column::ExpiresAt.lt(now)).exec(&app.db).await?.rows_affected;
        let email = email_tokens::Entity::delete_many().filter(email_tokens::Column::ExpiresAt.lt(now)).exec(&app.db).await?.rows_affected;
        // Claims only need to outlive the period they guard.
        let claims = job_claims::Entity::delete_many().filter(job_claims::Column::CreatedAt.lt(now - chrono::Duration::days(7))).exec(&app.db).await?.rows_affected;
        // Stripe redelivers an event for three days at most; a settled one is kept 90 for admins.
        let events = billing_events::Entity::delete_many()
            .filter(billing_events::Column::State.is_in([billing::repo::PROCESSED, billing::repo::IGNORED]))
            .filter(billing_events::Column::ReceivedAt.lt(now - chrono::Duration::days(90)))
            .exec(&app.db)
            .await?
            .rows_affected;
        tracing::info!(date = %self.date, refresh, email, claims, events, "expired tokens removed");
        Ok(())
    }
}
