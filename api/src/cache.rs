//! Read-through cache for published post pages.
//!
//! Entries are keyed by a content generation; any content change bumps it, so nothing stale
//! is ever served after a publish. With Redis the entries and the generation live there, each
//! process keeps a short local copy, and a bump is broadcast over Redis pub/sub (fred, which
//! resubscribes after reconnects) so every API process drops its local copy at once.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use fred::prelude::*;

use crate::kv::Store;

const CHANNEL: &str = "lectern:cache:generation";
const GENERATION_KEY: &str = "cache:generation";
const SHARED_TTL: Duration = Duration::from_secs(600);
/// How long a local copy may be trusted without Redis; with Redis pub/sub keeps it fresh.
const LOCAL_TTL: Duration = Duration::from_secs(60);
const LOCAL_MAX: usize = 2_000;

/// Body, generation it belongs to, when it was stored.
type LocalEntries = HashMap<String, (Arc<str>, u64, Instant)>;

#[derive(Clone)]
pub struct PageCache {
    kv: Store,
    generation: Arc<AtomicU64>,
    local: Arc<Mutex<LocalEntries>>,
    publisher: Option<fred::clients::Client>,
}

impl PageCache {
    pub fn local() -> Self {
        Self { kv: Store::local(), generation: Arc::default(), local: Arc::default(), publisher: None }
    }

    /// Shares entries through Redis and listens for generation bumps from other processes.
    pub async fn redis(kv: Store, url: &str) -> anyhow::Result<Self> {
        let (publisher, subscriber) = crate::kv::pubsub(url, CHANNEL).await?;

        let cache = Self { kv, generation: Arc::default(), local: Arc::default(), publisher: Some(publisher) };
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
        let generation = self.generation.load(Ordering::SeqCst);
        if let Some((body, g, at)) = self.lock().get(key)
            && *g == generation
            && at.elapsed() < LOCAL_TTL
        {
            return Some(body.clone());
        }
        if !self.kv.is_redis() {
            return None;
        }
        let body: Arc<str> = self.kv.get(&format!("page:{generation}:{key}")).await.ok().flatten()?.into();
        self.remember(key, body.clone(), generation);
        Some(body)
    }

    pub async fn put(&self, key: &str, body: String) {
        let generation = self.generation.load(Ordering::SeqCst);
        if self.kv.is_redis()
            && let Err(e) = self.kv.put(&format!("page:{generation}:{key}"), &body, SHARED_TTL).await
        {
            tracing::warn!(error = %e, "page cache write failed");
        }
        self.remember(key, body.into(), generation);
    }

    fn remember(&self, key: &str, body: Arc<str>, generation: u64) {
        let mut local = self.lock();
        if local.len() >= LOCAL_MAX {
            local.clear();
        }
        local.insert(key.to_string(), (body, generation, Instant::now()));
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
