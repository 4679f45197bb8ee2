//! Where jobs wait: one apalis storage per job kind, all on one backend.

use apalis::prelude::{Metrics, TaskSink};
use apalis_postgres::PostgresStorage;
use apalis_redis::{ConnectionManager, RedisStorage};
use apalis_sqlite::SqliteStorage;
use sea_orm::{DatabaseBackend, DatabaseConnection};
use serde::Serialize;
use std::time::Duration;
use utoipa::ToSchema;

use super::{Job, JobKind};

#[derive(Clone)]
pub enum Queue {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
    Redis(ConnectionManager),
}

/// One queue's counters as the backend reports them (pending, running, failed, …).
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueStat {
    /// Counter name as the queue backend reports it, e.g. `PENDING_JOBS`.
    pub name: String,
    pub value: String,
}

impl Queue {
    /// Redis when a URL is given, else the database `db` already points at. Creates the
    /// queue's tables on first use.
    pub async fn connect(db: &DatabaseConnection, redis_url: Option<&str>) -> anyhow::Result<Self> {
        if let Some(url) = redis_url {
            let conn = apalis_redis::connect(url).await.map_err(|e| anyhow::anyhow!("REDIS_URL: cannot connect for the job queue: {e}"))?;
            return Ok(Self::Redis(conn));
        }
        match db.get_database_backend() {
            DatabaseBackend::Sqlite => {
                let pool = db.get_sqlite_connection_pool().clone();
                SqliteStorage::<()>::setup(&pool).await.map_err(|e| anyhow::anyhow!("job queue tables (SQLite): {e}"))?;
                // apalis' setup turns fsync off for speed; the application's data wants it on.
                sqlx::query("PRAGMA synchronous = NORMAL").execute(&pool).await?;
                Ok(Self::Sqlite(pool))
            }
            DatabaseBackend::Postgres => {
                let pool = db.get_postgres_connection_pool().clone();
                PostgresStorage::<()>::setup(&pool).await.map_err(|e| anyhow::anyhow!("job queue tables (PostgreSQL): {e}"))?;
                Ok(Self::Postgres(pool))
            }
            other => anyhow::bail!("no job queue for {other:?}"),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
            Self::Redis(_) => "redis",
        }
    }

    pub fn sqlite<J: Job>(pool: &sqlx::SqlitePool, heartbeat: Duration) -> SqliteStorage<J> {
        let config = apalis_sqlite::Config::default().queue(J::KIND.queue()).heartbeat_interval(heartbeat).missed_heartbeats(3);
        SqliteStorage::new(pool).with_config(config)
    }

    pub fn postgres<J: Job>(pool: &sqlx::PgPool, heartbeat: Duration) -> PostgresStorage<J> {
        let config = apalis_postgres::Config::default().queue(J::KIND.queue()).heartbeat_interval(heartbeat).missed_heartbeats(3);
        PostgresStorage::new(pool).with_config(config)
    }

    pub fn redis<J: Job>(conn: &ConnectionManager, heartbeat: Duration) -> RedisStorage<J> {
        let config = apalis_redis::Config::default().queue(J::KIND.queue()).heartbeat_interval(heartbeat).missed_heartbeats(3);
        RedisStorage::new(conn.clone()).with_config(config)
    }

    /// Queues a job durably; it is in storage when this returns.
    pub async fn push<J: Job>(&self, job: J) -> anyhow::Result<()> {
        // The heartbeat only matters to workers; pushing never waits on it.
        let hb = Duration::from_secs(30);
        match self {
            Self::Sqlite(pool) => Self::sqlite::<J>(pool, hb).push(job).await.map_err(|e| anyhow::anyhow!("queue {}: {e}", J::KIND.as_str())),
            Self::Postgres(pool) => Self::postgres::<J>(pool, hb).push(job).await.map_err(|e| anyhow::anyhow!("queue {}: {e}", J::KIND.as_str())),
            Self::Redis(conn) => Self::redis::<J>(conn, hb).push(job).await.map_err(|e| anyhow::anyhow!("queue {}: {e}", J::KIND.as_str())),
        }
    }

    /// Queues many jobs of one kind in one round trip.
    pub async fn push_all<J: Job>(&self, jobs: Vec<J>) -> anyhow::Result<()> {
        if jobs.is_empty() {
            return Ok(());
        }
        let hb = Duration::from_secs(30);
        match self {
            Self::Sqlite(pool) => Self::sqlite::<J>(pool, hb).push_bulk(jobs).await.map_err(|e| anyhow::anyhow!("queue {}: {e}", J::KIND.as_str())),
            Self::Postgres(pool) => Self::postgres::<J>(pool, hb).push_bulk(jobs).await.map_err(|e| anyhow::anyhow!("queue {}: {e}", J::KIND.as_str())),
            Self::Redis(conn) => Self::redis::<J>(conn, hb).push_bulk(jobs).await.map_err(|e| anyhow::anyhow!("queue {}: {e}", J::KIND.as_str())),
        }
    }

    /// The backend's counters for one kind's queue.
    pub async fn stats(&self, kind: JobKind) -> anyhow::Result<Vec<QueueStat>> {
        macro_rules! stats_of {
            ($job:ty) => {{
                let hb = Duration::from_secs(30);
                let raw = match self {
                    Self::Sqlite(pool) => Self::sqlite::<$job>(pool, hb).fetch_by_queue().await.map_err(anyhow::Error::from)?,
                    Self::Postgres(pool) => Self::postgres::<$job>(pool, hb).fetch_by_queue().await.map_err(anyhow::Error::from)?,
                    Self::Redis(_) => unreachable!("Redis counters are read directly"),
                };
                raw.into_iter().map(|s| QueueStat { name: s.title, value: s.value }).collect()
            }};
        }
        if let Self::Redis(conn) = self {
            return redis_stats(conn, &kind.queue()).await;
        }
        Ok(match kind {
            JobKind::SendEmail => stats_of!(super::SendEmail),
            JobKind::DailyDigest => stats_of!(super::DailyDigest),
            JobKind::Sitemap => stats_of!(super::Sitemap),
            JobKind::Revalidate => stats_of!(super::Revalidate),
            JobKind::TokenCleanup => stats_of!(super::TokenCleanup),
            JobKind::StripeEvent => stats_of!(super::StripeEvent),
            JobKind::BillingSync => stats_of!(super::BillingSync),
            JobKind::EmbedPost => stats_of!(super::EmbedPost),
            JobKind::Reindex => stats_of!(super::Reindex),
            JobKind::Notify => stats_of!(crate::notifications::Notify),
            JobKind::ExtractDocument => stats_of!(crate::uploads::documents::ExtractDocument),
        })
    }
}

/// apalis-redis' own per-queue metrics script fails (it reads an argument it is never
/// given), so the counters are read from its keys directly, in one round trip.
async fn redis_stats(conn: &ConnectionManager, queue: &str) -> anyhow::Result<Vec<QueueStat>> {
    let mut conn = conn.clone();
    let (active, scheduled, done, dead): (u64, u64, u64, u64) = deadpool_redis::redis::pipe()
        .llen(format!("{queue}:active"))
        .zcard(format!("{queue}:scheduled"))
        .scard(format!("{queue}:done"))
        .scard(format!("{queue}:dead"))
        .query_async(&mut conn)
        .await?;
    let stat = |name: &str, value: u64| QueueStat { name: name.into(), value: value.to_string() };
    Ok(vec![
        stat("PENDING_JOBS", active + scheduled),
        stat("SCHEDULED_JOBS", scheduled),
        stat("DONE_JOBS", done),
        stat("KILLED_JOBS", dead),
    ])
}
