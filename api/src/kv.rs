//! Short-lived shared state: rate-limit counters, OAuth state, cached pages.
//!
//! With `REDIS_URL` it lives in Redis (deadpool-redis: request-path commands only), so every
//! API process sees the same counters and the same single-use state; without it, in process.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use deadpool_redis::redis::{self, AsyncCommands};

/// The outcome of counting one request against a fixed window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset_secs: u64,
}

#[derive(Clone)]
pub enum Store {
    Local(Arc<Local>),
    Redis(deadpool_redis::Pool),
}

#[derive(Default)]
pub struct Local {
    entries: Mutex<HashMap<String, (String, Instant)>>,
}

/// INCR and set the window's expiry on its first hit, atomically; returns (count, ms left).
const HIT_SCRIPT: &str = r"
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
";

impl Store {
    pub fn local() -> Self {
        Self::Local(Arc::default())
    }

    pub fn redis(url: &str) -> anyhow::Result<Self> {
        let pool = deadpool_redis::Config::from_url(url)
            .create_pool(Some(deadpool_redis::Runtime::Tokio1))
            .map_err(|e| anyhow::anyhow!("REDIS_URL: {e}"))?;
        Ok(Self::Redis(pool))
    }

    pub fn is_redis(&self) -> bool {
        matches!(self, Self::Redis(_))
    }

    /// Counts a request under `key`, allowing `limit` per `window`.
    pub async fn hit(&self, key: &str, limit: u32, window: Duration) -> anyhow::Result<Hit> {
        let window_ms = window.as_millis().max(1) as u64;
        let (count, left_ms) = match self {
            Self::Local(local) => {
                let now = Instant::now();
                let mut entries = local.lock();
                let entry = entries.entry(format!("rl:{key}")).or_insert_with(|| ("0".into(), now + window));
                if entry.1 <= now {
                    *entry = ("0".into(), now + window);
                }
                let count = entry.0.parse::<u64>().unwrap_or(0) + 1;
                entry.0 = count.to_string();
                (count, entry.1.saturating_duration_since(now).as_millis() as u64)
            }
            Self::Redis(pool) => {
                let mut conn = pool.get().await?;
                let (count, ttl): (u64, i64) = redis::Script::new(HIT_SCRIPT).key(format!("lectern:rl:{key}")).arg(window_ms).invoke_async(&mut conn).await?;
                (count, ttl.max(0) as u64)
            }
        };
        Ok(Hit {
            allowed: count <= u64::from(limit),
            limit,
            remaining: u64::from(limit).saturating_sub(count) as u32,
            reset_secs: left_ms.div_ceil(1000).max(1),
        })
    }

    pub async fn put(&self, key: &str, value: &str, ttl: Duration) -> anyhow::Result<()> {
        match self {
            Self::Local(local) => {
                local.lock().insert(key.to_string(), (value.to_string(), Instant::now() + ttl));
            }
            Self::Redis(pool) => {
                let mut conn = pool.get().await?;
                let _: () = conn.set_ex(format!("lectern:{key}"), value, ttl.as_secs().max(1)).await?;
            }
        }
        Ok(())
    }

    pub async fn get(&self, key: &str) -> anyhow::Result<Option<String>> {
        match self {
            Self::Local(local) => Ok(local.lock().get(key).filter(|(_, exp)| *exp > Instant::now()).map(|(v, _)| v.clone())),
            Self::Redis(pool) => Ok(pool.get().await?.get(format!("lectern:{key}")).await?),
        }
    }

    /// Reads and deletes in one step, so a value can be used once only.
    pub async fn take(&self, key: &str) -> anyhow::Result<Option<String>> {
        match self {
            Self::Local(local) => Ok(local.lock().remove(key).filter(|(_, exp)| *exp > Instant::now()).map(|(v, _)| v)),
            Self::Redis(pool) => Ok(pool.get().await?.get_del(format!("lectern:{key}")).await?),
        }
    }

    pub async fn delete(&self, keys: &[String]) -> anyhow::Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        match self {
            Self::Local(local) => {
                let mut entries = local.lock();
                for key in keys {
                    entries.remove(key);
                }
            }
            Self::Redis(pool) => {
                let keys: Vec<String> = keys.iter().map(|k| format!("lectern:{k}")).collect();
                let _: () = pool.get().await?.del(keys).await?;
            }
        }
        Ok(())
    }

    pub async fn ping(&self) -> anyhow::Result<()> {
        if let Self::Redis(pool) = self {
            let _: String = redis::cmd("PING").query_async(&mut pool.get().await?).await?;
        }
        Ok(())
    }
}

impl Local {
    /// Expired entries are dropped when the map grows, so memory stays bounded by live keys.
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (String, Instant)>> {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() > 50_000 {
            let now = Instant::now();
            entries.retain(|_, (_, exp)| *exp > now);
        }
        entries
    }
}

/// A publisher and a subscriber to `channel` on Redis, both reconnecting on their own (the
/// subscriber resubscribes after a reconnect).
pub async fn pubsub(url: &str, channel: &str) -> anyhow::Result<(fred::clients::Client, fred::clients::SubscriberClient)> {
    use fred::prelude::*;
    let config = Config::from_url(url).map_err(|e| anyhow::anyhow!("REDIS_URL: {e}"))?;
    let policy = ReconnectPolicy::new_exponential(0, 100, 10_000, 2);
    let publisher = Builder::from_config(config.clone()).set_policy(policy.clone()).build()?;
    publisher.init().await?;
    let subscriber = Builder::from_config(config).set_policy(policy).build_subscriber_client()?;
    subscriber.init().await?;
    let _resubscribe = subscriber.manage_subscriptions();
    subscriber.subscribe(channel).await?;
    Ok((publisher, subscriber))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn local_window_counts_and_resets() {
        let store = Store::local();
        let window = Duration::from_millis(200);
        assert_eq!(store.hit("a", 2, window).await.unwrap().remaining, 1);
        assert!(store.hit("a", 2, window).await.unwrap().allowed);
        let third = store.hit("a", 2, window).await.unwrap();
        assert!(!third.allowed && third.remaining == 0 && third.reset_secs >= 1);
        assert!(store.hit("b", 2, window).await.unwrap().allowed, "keys are separate");
        tokio::time::sleep(window).await;
        assert!(store.hit("a", 2, window).await.unwrap().allowed, "a new window starts");
    }

    #[tokio::test]
    async fn take_is_single_use_and_respects_ttl() {
        let store = Store::local();
        store.put("state:x", "v", Duration::from_secs(60)).await.unwrap();
        assert_eq!(store.take("state:x").await.unwrap().as_deref(), Some("v"));
        assert_eq!(store.take("state:x").await.unwrap(), None);
        store.put("state:y", "v", Duration::from_millis(1)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert_eq!(store.take("state:y").await.unwrap(), None);
    }
}
