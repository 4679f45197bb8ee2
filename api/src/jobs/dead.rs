//! Jobs that ran out of attempts, kept for admins to inspect, retry or delete.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{BillingSync, DailyDigest, EmbedPost, Job, JobKind, Queue, Reindex, Revalidate, SendEmail, Sitemap, StripeEvent, TokenCleanup};
use crate::{
    entities::dead_jobs,
    pagination::{self, PageRequest},
};

pub async fn record<J: Job>(db: &impl ConnectionTrait, job: &J, error: &str, attempts: usize) -> anyhow::Result<()> {
    let row = dead_jobs::ActiveModel {
        id: Set(Uuid::now_v7()),
        job: Set(J::KIND.as_str().to_string()),
        payload: Set(serde_json::to_string(job)?),
        error: Set(error.chars().take(4000).collect()),
        attempts: Set(i32::try_from(attempts).unwrap_or(i32::MAX)),
        died_at: Set(Utc::now()),
    };
    dead_jobs::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

/// Newest first, keyset on `(died_at, id)`.
pub async fn list(db: &impl ConnectionTrait, page: PageRequest) -> Result<Vec<dead_jobs::Model>, DbErr> {
    let mut query = dead_jobs::Entity::find().order_by_desc(dead_jobs::Column::DiedAt).order_by_desc(dead_jobs::Column::Id).limit(page.limit + 1);
    if let Some(cursor) = page.after {
        query = query.filter(pagination::after(dead_jobs::Column::DiedAt, dead_jobs::Column::Id, cursor));
    }
    query.all(db).await
}

pub async fn count_by_kind(db: &impl ConnectionTrait) -> Result<Vec<(String, i64)>, DbErr> {
    dead_jobs::Entity::find()
        .select_only()
        .column(dead_jobs::Column::Job)
        .column_as(dead_jobs::Column::Id.count(), "n")
        .group_by(dead_jobs::Column::Job)
        .into_tuple()
        .all(db)
        .await
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<dead_jobs::Model>, DbErr> {
    dead_jobs::Entity::find_by_id(id).one(db).await
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, DbErr> {
    Ok(dead_jobs::Entity::delete_by_id(id).exec(db).await?.rows_affected == 1)
}

/// Queues the dead job's payload again, with a fresh set of attempts.
pub async fn requeue(queue: &Queue, dead: &dead_jobs::Model) -> anyhow::Result<()> {
    let kind = JobKind::parse(&dead.job).ok_or_else(|| anyhow::anyhow!("unknown job kind {:?}", dead.job))?;
    let p = &dead.payload;
    match kind {
        JobKind::SendEmail => queue.push(serde_json::from_str::<SendEmail>(p)?).await,
        JobKind::DailyDigest => queue.push(serde_json::from_str::<DailyDigest>(p)?).await,
        JobKind::Sitemap => queue.push(serde_json::from_str::<Sitemap>(p)?).await,
        JobKind::Revalidate => queue.push(serde_json::from_str::<Revalidate>(p)?).await,
        JobKind::TokenCleanup => queue.push(serde_json::from_str::<TokenCleanup>(p)?).await,
        JobKind::StripeEvent => queue.push(serde_json::from_str::<StripeEvent>(p)?).await,
        JobKind::BillingSync => queue.push(serde_json::from_str::<BillingSync>(p)?).await,
        JobKind::EmbedPost => queue.push(serde_json::from_str::<EmbedPost>(p)?).await,
        JobKind::Reindex => queue.push(serde_json::from_str::<Reindex>(p)?).await,
        JobKind::Notify => queue.push(serde_json::from_str::<crate::notifications::Notify>(p)?).await,
        JobKind::ExtractDocument => queue.push(serde_json::from_str::<crate::uploads::documents::ExtractDocument>(p)?).await,
    }
}
