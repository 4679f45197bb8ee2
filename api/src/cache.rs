//! Read-through cache for published post pages.
//!
//! Entries are keyed by a content generation; any content change bumps it, so nothing stale
//! is ever served after a publish. With Redis the entries and the generation live there, each
//! process keeps a short local copy, and a bump is broadcast over Redis pub/sub (fred, which
//! resubscribes after reconnects) so every API process drops its local copy at once. An entry
//! also ends when the next scheduled post becomes visible, so a cached list never hides a
//! post that is due.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use chrono::{DateTime, Utc};
use fred::prelude::*;

use crate::kv::Store;

const CHANNEL: &str = "lectern:cache:generation";
const GENERATION_KEY: &str = "cache:generation";
const SHARED_TTL: Duration = Duration::from_secs(600);
/// How long a local copy may be trusted without Redis; with Redis pub/sub keeps it fresh.
const LOCAL_TTL: Duration = Duration::from_secs(60);
const LOCAL_MAX: usize = 2_000;

/// Body, generation it belongs to, when it stops being valid.
type LocalEntries = HashMap<String, (Arc<str>, u64, Instant)>;

#[derive(Clone)]
pub struct PageCache {
    kv: Store,
    enabled: bool,
    generation: Arc<AtomicU64>,
    local: Arc<Mutex<LocalEntries>>,
    publisher: Option<fred::clients::Client>,
}

/// How long an entry stored now may live: its TTL, cut short when a scheduled post becomes
/// visible at `visible_until` (a page stored before then would hide it). `None` when the
/// moment has already passed.
fn lifetime(ttl: Duration, visible_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<Duration> {
    match visible_until {
        None => Some(ttl),
        Some(at) => (at - now).to_std().ok().filter(|d| !d.is_zero()).map(|d| d.min(ttl)),
    }
}

impl PageCache {
    pub fn local() -> Self {
        Self { kv: Store::local(), enabled: true, generation: Arc::default(), local: Arc::default(), publisher: None }
    }

    /// Shares entries through Redis and listens for generation bumps from other processes.
    pub async fn redis(kv: Store, url: &str) -> anyhow::Result<Self> {
        let (publisher, subscriber) = crate::kv::pubsub(url, CHANNEL).await?;

        let cache = Self { kv, enabled: true, generation: Arc::default(), local: Arc::default(), publisher: Some(publisher) };
        cache.refresh_generation().await;
        let generation = cache.generation.clone();
        let mut messages = subscriber.message_rx();
        tokio::spawn(async move {
            let _keep = subscriber;
            while let Ok(message) = messages.recv().await {
                if let Ok(g) = message.value.convert::<u64>() {
                    generation.fetch_max(g, Ordering::SeqCst);
                }
            }
        });
        // A bump published while this process was reconnecting is caught here.
        let this = cache.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(15)).await;
                this.refresh_generation().await;
            }
        });
        Ok(cache)
    }

    /// `PAGE_CACHE=off`: every lookup misses and nothing is stored.
    pub fn enabled(self, enabled: bool) -> Self {
        Self { enabled, ..self }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    async fn refresh_generation(&self) {
        if let Ok(Some(g)) = self.kv.get(GENERATION_KEY).await
            && let Ok(g) = g.parse::<u64>()
        {
            self.generation.fetch_max(g, Ordering::SeqCst);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LocalEntries> {
        self.local.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub async fn get(&self, key: &str) -> Option<Arc<str>> {
        if !self.enabled {
            return None;
        }
        let generation = self.generation.load(Ordering::SeqCst);
        if let Some((body, g, until)) = self.lock().get(key)
            && *g == generation
            && Instant::now() < *until
        {
            return Some(body.clone());
        }
        if !self.kv.is_redis() {
            return None;
        }
        // Shared entries carry their end (unix ms) ahead of the body, so a local copy never
        // outlives the shared one.
        let stored = self.kv.get(&format!("page:{generation}:{key}")).await.ok().flatten()?;
        let (end_ms, body) = stored.split_once('|')?;
        let left = u64::try_from(end_ms.parse::<i64>().ok()? - Utc::now().timestamp_millis()).ok().filter(|ms| *ms > 0)?;
        let body: Arc<str> = body.into();
        self.remember(key, body.clone(), generation, Duration::from_millis(left).min(LOCAL_TTL));
        Some(body)
    }

    /// The content generation now: read it before rendering a page, and store the page
    /// under it, so a change committed meanwhile leaves the page unreachable, not stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Stores a page rendered at `generation` that stays right until content changes or,
    /// when `visible_until` is given, until that moment (the next scheduled post's publication).
    pub async fn put(&self, key: &str, generation: u64, body: String, visible_until: Option<DateTime<Utc>>) {
        if !self.enabled {
            return;
        }
        let now = Utc::now();
        if self.kv.is_redis()
            && let Some(ttl) = lifetime(SHARED_TTL, visible_until, now)
        {
            let end_ms = now.timestamp_millis() + i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
            if let Err(e) = self.kv.put(&format!("page:{generation}:{key}"), &format!("{end_ms}|{body}"), ttl).await {
                tracing::warn!(error = %e, "page cache write failed");
            }
        }
        if let Some(ttl) = lifetime(LOCAL_TTL, visible_until, now) {
            self.remember(key, body.into(), generation, ttl);
        }
    }

    fn remember(&self, key: &str, body: Arc<str>, generation: u64, ttl: Duration) {
        let mut local = self.lock();
        if local.len() >= LOCAL_MAX {
            local.clear();
        }
        local.insert(key.to_string(), (body, generation, Instant::now() + ttl));
    }

    /// Content changed: every cached page is stale, here and in every other process.
    pub async fn invalidate_all(&self) {
        let local_next = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.lock().clear();
        let (Store::Redis(pool), Some(publisher)) = (&self.kv, &self.publisher) else { return };
        let shared = async {
            let mut conn = pool.get().await?;
            let next: u64 = deadpool_redis::redis::cmd("INCR").arg(format!("lectern:{GENERATION_KEY}")).query_async(&mut conn).await?;
            anyhow::Ok(next)
        };
        match shared.await {
            Ok(next) => {
                self.generation.fetch_max(next.max(local_next), Ordering::SeqCst);
                if let Err(e) = publisher.publish::<(), _, _>(CHANNEL, next).await {
                    tracing::warn!(error = %e, "cache invalidation broadcast failed");
                }
            }
            Err(e) => tracing::warn!(error = %e, "cache generation bump failed"),
        }
    }
}

/// Subscriber: cached pages may show the old content, so they all go.
pub async fn on_content_change(app: &crate::state::AppState, _change: crate::publishing::ContentChange<'_>) {
    app.cache.invalidate_all().await;
}
