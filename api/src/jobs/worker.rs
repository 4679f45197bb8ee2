//! Runs the workers: one per job kind on the configured backend, each retrying with
//! exponential backoff and keeping a job that runs out of attempts as dead for admins.

use std::{future::Future, time::Duration};

use apalis::{
    layers::{
        WorkerBuilderExt,
        retry::{HasherRng, RetryPolicy, backoff::{ExponentialBackoffMaker, MakeBackoff}},
    },
    prelude::{AbortError, Attempt, BackendExt, BackoffConfig, BoxDynError, Data, Monitor, WorkerBuilder},
};

use super::{BillingSync, DailyDigest, EmbedPost, Job, Queue, Reindex, Revalidate, SendEmail, Sitemap, StripeEvent, TokenCleanup, dead, scheduler};
use crate::state::AppState;

/// What a running job can reach: the whole application state.
pub type JobContext = AppState;

/// Runs one attempt; the last failing attempt is recorded as dead and not retried again.
async fn handle<J: Job>(job: J, app: Data<AppState>, attempt: Attempt) -> Result<(), BoxDynError> {
    let max = app.settings.jobs.max_attempts as usize;
    match job.clone().run(&app).await {
        Ok(()) => Ok(()),
        Err(error) if attempt.current() >= max => {
            tracing::error!(job = J::KIND.as_str(), attempt = attempt.current(), error = %format!("{error:#}"), "job failed for the last time; kept as dead");
            if let Err(e) = dead::record(&app.db, &job, &format!("{error:#}"), attempt.current()).await {
                tracing::error!(error = %e, "could not record a dead job");
            }
            Err(AbortError::new(error.into_boxed_dyn_error()).into())
        }
        Err(error) => {
            tracing::warn!(job = J::KIND.as_str(), attempt = attempt.current(), error = %format!("{error:#}"), "job failed; will retry");
            Err(error.into_boxed_dyn_error())
        }
    }
}

fn unique_worker_id() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
    format!("{host}-{}-{}", std::process::id(), &uuid::Uuid::new_v4().simple().to_string()[..8])
}

/// Runs every worker and the scheduler until `shutdown` resolves.
pub async fn run(app: AppState, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
    let id = unique_worker_id();
    let jobs = app.settings.jobs.clone();
    let hb = jobs.heartbeat;
    let backoff_min = jobs.backoff.max(Duration::from_millis(1));
    let backoff_max = backoff_min * 32;
    let retries = (jobs.max_attempts as usize).saturating_sub(1);
    let mut monitor = Monitor::new().shutdown_timeout(Duration::from_secs(10));

    // A storage poll finding nothing backs off from 200 ms to 2 s, so an idle worker costs
    // little and a new job waits at most that long.
    let poll_every = Duration::from_millis(200);
    macro_rules! add {
        ($job:ty, $make:ident, $conn:expr) => {{
            let conn = $conn.clone();
            let app = app.clone();
            let name = format!("{}@{}", <$job as Job>::KIND.queue(), id);
            let concurrency = jobs.concurrency;
            monitor = monitor.register(move |_restarts| {
                let backend = Queue::$make::<$job>(&conn, hb).poll_with_backoff(poll_every, BackoffConfig::new(Duration::from_secs(2)));
                let backoff = ExponentialBackoffMaker::new(backoff_min, backoff_max, 0.5, HasherRng::default())
                    .expect("backoff bounds are ordered and positive")
                    .make_backoff();
                WorkerBuilder::new(name.clone())
                    .backend(backend)
                    .data(app.clone())
                    .concurrency(concurrency)
                    .retry(RetryPolicy::retries(retries).with_backoff(backoff))
                    .build(handle::<$job>)
            });
        }};
    }
    macro_rules! add_all {
        ($make:ident, $conn:expr) => {{
            add!(SendEmail, $make, $conn);
            add!(DailyDigest, $make, $conn);
            add!(Sitemap, $make, $conn);
            add!(Revalidate, $make, $conn);
            add!(TokenCleanup, $make, $conn);
            add!(StripeEvent, $make, $conn);
            add!(BillingSync, $make, $conn);
            add!(EmbedPost, $make, $conn);
            add!(Reindex, $make, $conn);
            add!(crate::notifications::Notify, $make, $conn);
            add!(crate::uploads::documents::ExtractDocument, $make, $conn);
        }};
    }
    match &app.queue {
        Queue::Sqlite(pool) => add_all!(sqlite, pool),
        Queue::Postgres(pool) => add_all!(postgres, pool),
        Queue::Redis(conn) => add_all!(redis, conn),
    }

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let scheduler = tokio::spawn(scheduler::run(app.clone(), stop_rx));
    tracing::info!(worker = %id, backend = app.queue.backend_name(), "job worker started");
    let result = monitor
        .run_with_signal(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
            Ok(())
        })
        .await;
    let _ = scheduler.await;
    result.map_err(|e| anyhow::anyhow!("job worker: {e}"))
}
