//! The handle requests record views through, and the background task that stores them.
//!
//! A request only checks the view and puts it in a bounded queue (`try_send`: never a wait,
//! never a query). When the queue is full the view is dropped and counted, so a flood of
//! beacons can slow nothing else. The batcher stores what it holds every second, or as soon
//! as it holds [`BATCH`] views (with whatever else is already queued), in one transaction; a
//! failed write is retried on the next tick. `shutdown` stores everything queued before it
//! returns.

use std::{
    collections::HashSet,
    net::IpAddr,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, DbErr, Set, TransactionTrait};
use tokio::sync::{mpsc, oneshot};

use super::{bots, range::day_key, referrer, repo, visitor::Salts};
use crate::{config::Settings, entities::page_views};

/// Views the queue holds before new ones are dropped: a few seconds of a flood (some 10 MB
/// at most), while a slow write is under way.
pub const QUEUE_CAPACITY: usize = 50_000;
/// Views that are stored at once, without waiting for the tick.
pub const BATCH: usize = 500;
/// Messages taken from the queue at once: under load one transaction stores what piled up
/// while the last one was written, not only the first [`BATCH`].
const TAKE: usize = 10_000;
/// The longest a recorded view waits before it is stored.
pub const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// Views kept for another try while the database refuses them; the oldest go beyond this.
const MAX_PENDING: usize = 50_000;

/// A view as the beacon reports it.
pub struct NewView<'a> {
    pub slug: String,
    pub referrer: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub ip: IpAddr,
}

/// A view waiting in memory: the address is only held here, until the batcher hashes it.
struct Pending {
    slug: String,
    ip: IpAddr,
    user_agent: String,
    referrer_host: Option<String>,
    at: DateTime<Utc>,
}

enum Msg {
    View(Pending),
    /// Store everything queued before this, then answer.
    Flush(oneshot::Sender<()>),
    /// Store everything queued, answer, and stop.
    Stop(oneshot::Sender<()>),
}

/// Records page views; cheap to clone. Off (`ANALYTICS=off`) it records nothing.
#[derive(Clone)]
pub struct Analytics {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    tx: mpsc::Sender<Msg>,
    own_host: Option<String>,
    counts: Arc<Counts>,
}

/// What happened to the views handed to the recorder, since start.
#[derive(Default)]
struct Counts {
    queued: AtomicU64,
    dropped: AtomicU64,
    stored: AtomicU64,
}

impl Analytics {
    /// Records nothing.
    pub fn off() -> Self {
        Self { inner: None }
    }

    /// Starts the batcher on a thread of its own, with its own connections: whatever keeps
    /// the app's runtime busy (a load, the job worker) cannot starve it, and it outlives the
    /// HTTP workers at shutdown (a connection opened on one of their runtimes would stop with
    /// it). `PUBLIC_URL` tells this site's own pages from referrers.
    pub async fn start(settings: &Settings) -> anyhow::Result<Self> {
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let counts = Arc::new(Counts::default());
        let (ready, started) = oneshot::channel::<anyhow::Result<()>>();
        let (url, batcher_counts) = (settings.database_url.clone(), counts.clone());
        std::thread::Builder::new().name("page-views".into()).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => runtime,
                Err(e) => {
                    let _ = ready.send(Err(e.into()));
                    return;
                }
            };
            runtime.block_on(async move {
                match crate::db::connect_pool(&url, 2).await {
                    Ok(db) => {
                        let _ = ready.send(Ok(()));
                        run(db, rx, batcher_counts).await;
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e));
                    }
                }
            });
        })?;
        started.await.map_err(|_| anyhow::anyhow!("the page-view batcher did not start"))??;
        Ok(Self { inner: Some(Arc::new(Inner { tx, own_host: referrer::own_host(&settings.public_url), counts })) })
    }

    pub fn enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// Queues a view unless it comes from a bot; never waits. False when it was left out.
    pub fn record(&self, view: NewView<'_>) -> bool {
        let Some(inner) = &self.inner else { return false };
        if bots::is_bot(view.user_agent) {
            return false;
        }
        let pending = Pending {
            slug: view.slug,
            ip: view.ip,
            user_agent: view.user_agent.unwrap_or_default().to_string(),
            referrer_host: view.referrer.and_then(|r| referrer::external_host(r, inner.own_host.as_deref())),
            at: crate::domain::now(),
        };
        match inner.tx.try_send(Msg::View(pending)) {
            Ok(()) => {
                inner.counts.queued.fetch_add(1, Ordering::Relaxed);
                true
            }
            Err(e) => {
                let dropped = inner.counts.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                // Once, then sparingly: a flood must not turn into a flood of log lines.
                if dropped.is_power_of_two() || dropped % 10_000 == 0 {
                    let why = if matches!(e, mpsc::error::TrySendError::Full(_)) { "the queue is full" } else { "recording has stopped" };
                    tracing::warn!(dropped, "page view dropped: {why}");
                }
                false
            }
        }
    }

    /// Waits until every view queued before this call has been stored (or its write failed).
    pub async fn flush(&self) {
        self.ask(Msg::Flush).await;
    }

    /// Stores everything queued and stops; views recorded after this are dropped. For a
    /// graceful shutdown, after the server has finished its requests.
    pub async fn shutdown(&self) {
        self.ask(Msg::Stop).await;
    }

    async fn ask(&self, msg: fn(oneshot::Sender<()>) -> Msg) {
        let Some(inner) = &self.inner else { return };
        let (done, stored) = oneshot::channel();
        if inner.tx.send(msg(done)).await.is_ok() {
            let _ = stored.await;
        }
    }

    /// Views queued, dropped (queue full or stopped) and stored since start.
    pub fn counts(&self) -> (u64, u64, u64) {
        self.inner.as_ref().map_or((0, 0, 0), |i| (i.counts.queued.load(Ordering::Relaxed), i.counts.dropped.load(Ordering::Relaxed), i.counts.stored.load(Ordering::Relaxed)))
    }
}

async fn run(db: DatabaseConnection, mut rx: mpsc::Receiver<Msg>, counts: Arc<Counts>) {
    let mut batcher = Batcher { db, pending: Vec::with_capacity(BATCH), salts: Salts::default(), healthy: true, counts };
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut inbox = Vec::with_capacity(BATCH);
    loop {
        tokio::select! {
            taken = rx.recv_many(&mut inbox, TAKE) => {
                if taken == 0 {
                    // Every handle is gone: nobody can record or wait any more.
                    batcher.store().await;
                    return;
                }
                let mut stopping: Option<Vec<oneshot::Sender<()>>> = None;
                for msg in inbox.drain(..) {
                    match msg {
                        Msg::View(view) => batcher.pending.push(view),
                        Msg::Flush(done) if stopping.is_none() => {
                            batcher.store().await;
                            let _ = done.send(());
                        }
                        Msg::Flush(done) | Msg::Stop(done) => stopping.get_or_insert_with(Vec::new).push(done),
                    }
                }
                if let Some(waiting) = stopping {
                    batcher.stop(rx, waiting).await;
                    return;
                }
                // After a failure, wait for the tick instead of retrying on every view.
                if batcher.pending.len() >= BATCH && batcher.healthy {
                    batcher.store().await;
                }
            },
            _ = tick.tick() => batcher.store().await,
        }
    }
}

struct Batcher {
    db: DatabaseConnection,
    pending: Vec<Pending>,
    salts: Salts,
    /// False after a failed write, until one succeeds.
    healthy: bool,
    counts: Arc<Counts>,
}

impl Batcher {
    /// Takes what is still queued, stores everything, answers everyone waiting.
    async fn stop(&mut self, mut rx: mpsc::Receiver<Msg>, mut waiting: Vec<oneshot::Sender<()>>) {
        rx.close();
        while let Some(msg) = rx.recv().await {
            match msg {
                Msg::View(view) => self.pending.push(view),
                Msg::Flush(done) | Msg::Stop(done) => waiting.push(done),
            }
        }
        self.store().await;
        if !self.pending.is_empty() {
            tracing::error!(lost = self.pending.len(), "page views could not be stored before shutdown");
        }
        for done in waiting {
            let _ = done.send(());
        }
    }

    /// Stores the pending views; on failure keeps them (up to [`MAX_PENDING`]) for the next try.
    async fn store(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let started = std::time::Instant::now();
        match self.write().await {
            Ok(stored) => {
                tracing::debug!(stored, left_out = self.pending.len() - stored, ms = started.elapsed().as_millis() as u64, "page views stored");
                self.counts.stored.fetch_add(stored as u64, Ordering::Relaxed);
                self.pending.clear();
                self.healthy = true;
            }
            Err(e) => {
                self.healthy = false;
                let excess = self.pending.len().saturating_sub(MAX_PENDING);
                if excess > 0 {
                    self.pending.drain(..excess);
                    self.counts.dropped.fetch_add(excess as u64, Ordering::Relaxed);
                }
                tracing::warn!(error = %e, waiting = self.pending.len(), dropped = excess, "page views not stored yet; retrying");
            }
        }
    }

    /// One transaction for the whole batch; views of posts that are not published are left out.
    async fn write(&mut self) -> Result<usize, DbErr> {
        let slugs: HashSet<&str> = self.pending.iter().map(|v| v.slug.as_str()).collect();
        let posts = crate::posts::repo::published_ids_by_slug(&self.db, slugs.into_iter().map(str::to_string), Utc::now()).await?;
        let mut rows = Vec::with_capacity(self.pending.len());
        for view in &self.pending {
            let Some(&post_id) = posts.get(&view.slug) else { continue };
            let day = view.at.date_naive();
            let salt = self.salts.of(&self.db, day).await?;
            rows.push(page_views::ActiveModel {
                id: NotSet,
                post_id: Set(post_id),
                day: Set(day_key(day)),
                visitor: Set(super::visitor::hash(&salt, view.ip, &view.user_agent)),
                referrer_host: Set(view.referrer_host.clone()),
                viewed_at: Set(view.at),
            });
        }
        let stored = rows.len();
        if stored > 0 {
            let txn = self.db.begin().await?;
            repo::insert_views(&txn, rows).await?;
            txn.commit().await?;
        }
        Ok(stored)
    }
}
