//! One pending job for many changes. A burst of content changes (an import, a bulk publish)
//! must not queue a rebuild of every feed per post: the first change claims a "pending" key
//! and queues the job; later changes see the claim and queue nothing. The job waits a short
//! debounce, gives the claim back, then does its work, so a change arriving while it works
//! queues exactly one more run. Claims live in `job_claims`, so this holds across processes.
//!
//! CDN purges batch the same way: each change adds its URLs to a durable pending set (claims
//! under [`PURGE_PREFIX`]), and one job purges the whole set.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};

use super::{Job, Queue, scheduler::claim};
use crate::entities::job_claims;

/// A claim older than this belongs to a job that was lost (its process died between the
/// claim and the push): the next change takes it over.
const STALE: chrono::Duration = chrono::Duration::minutes(10);
/// Pending purge URLs are kept as claims `purge:<url>`.
pub const PURGE_PREFIX: &str = "purge:";

fn pending_key(kind: &str) -> String {
    format!("pending:{kind}")
}

/// Queues `job` unless one of its kind is already pending. Returns whether it queued.
pub async fn request<J: Job>(db: &impl ConnectionTrait, queue: &Queue, job: J) -> anyhow::Result<bool> {
    let key = pending_key(J::KIND.as_str());
    if !claim(db, &key).await? {
        let taken_over = job_claims::Entity::delete_many()
            .filter(job_claims::Column::Key.eq(key.as_str()))
            .filter(job_claims::Column::CreatedAt.lt(Utc::now() - STALE))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if !(taken_over && claim(db, &key).await?) {
            return Ok(false);
        }
    }
    if let Err(e) = queue.push(job).await {
        release::<J>(db).await?;
        return Err(e);
    }
    Ok(true)
}

/// Called by the job when it starts its work: changes from now on queue another run.
pub async fn release<J: Job>(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    job_claims::Entity::delete_by_id(pending_key(J::KIND.as_str())).exec(db).await.map(|_| ())
}

/// Adds URLs to the pending purge set (each once, however often it changes). A URL already
/// pending has its time moved on, so a purge that read it before this change keeps it.
pub async fn add_purges(db: &impl ConnectionTrait, urls: &[String]) -> Result<(), DbErr> {
    let now = Utc::now();
    for batch in urls.chunks(500) {
        let rows = batch.iter().map(|u| job_claims::ActiveModel { key: Set(format!("{PURGE_PREFIX}{u}")), created_at: Set(now) });
        job_claims::Entity::insert_many(rows)
            .on_conflict(OnConflict::column(job_claims::Column::Key).update_column(job_claims::Column::CreatedAt).to_owned())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Up to `limit` pending purge URLs, oldest key first. A range on the primary key, so an
/// index scan on both databases.
pub async fn pending_purges(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<String>, DbErr> {
    let end = format!("{}{}", &PURGE_PREFIX[..PURGE_PREFIX.len() - 1], char::from(b':' + 1));
    let keys: Vec<String> = job_claims::Entity::find()
        .select_only()
        .column(job_claims::Column::Key)
        .filter(job_claims::Column::Key.gte(PURGE_PREFIX))
        .filter(job_claims::Column::Key.lt(end))
        .order_by_asc(job_claims::Column::Key)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    Ok(keys.into_iter().map(|k| k[PURGE_PREFIX.len()..].to_string()).collect())
}

/// Drops purged URLs from the pending set, unless they changed again after `read_at`.
pub async fn purged(db: &impl ConnectionTrait, urls: &[String], read_at: DateTime<Utc>) -> Result<(), DbErr> {
    for batch in urls.chunks(500) {
        job_claims::Entity::delete_many()
            .filter(job_claims::Column::Key.is_in(batch.iter().map(|u| format!("{PURGE_PREFIX}{u}"))))
            .filter(job_claims::Column::CreatedAt.lte(read_at))
            .exec(db)
            .await?;
    }
    Ok(())
}
