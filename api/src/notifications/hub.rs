//! Live delivery of new notifications to every open event stream. In process, a broadcast
//! channel; with Redis, each notification is published once on a channel every API process
//! subscribes to, so a reader's tabs connected to different processes all hear it. The
//! database stays the record: a stream that missed something catches up from it.

use std::sync::Arc;

use fred::prelude::*;
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use super::dto::Notification;

const CHANNEL: &str = "lectern:notifications";
/// Events a slow stream may fall behind by before it reloads from the database.
const BUFFER: usize = 1024;

/// One new notification and whom it is for.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Delivery {
    pub user_id: Uuid,
    pub notification: Notification,
}

/// What goes out to every open stream: a new notification, or the end of an account's
/// access (disabled or deleted), which closes that account's streams at once.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(tag = "signal", rename_all = "snake_case")]
pub enum Signal {
    Notification(Delivery),
    SignedOut { user_id: Uuid },
}

#[derive(Clone)]
pub struct Hub {
    local: broadcast::Sender<Arc<Signal>>,
    publisher: Option<fred::clients::Client>,
    /// Set when the server is shutting down: open streams end, so connections can drain.
    closing: Arc<watch::Sender<bool>>,
}

impl Hub {
    pub fn local() -> Self {
        Self { local: broadcast::channel(BUFFER).0, publisher: None, closing: Arc::new(watch::channel(false).0) }
    }

    /// Subscribes to the Redis channel and forwards what arrives to this process's streams.
    pub async fn redis(url: &str) -> anyhow::Result<Self> {
        let (publisher, subscriber) = crate::kv::pubsub(url, CHANNEL).await?;
        let local = broadcast::channel(BUFFER).0;
        let forward = local.clone();
        let mut messages = subscriber.message_rx();
        tokio::spawn(async move {
            let _keep = subscriber;
            while let Ok(message) = messages.recv().await {
                let Ok(text) = message.value.convert::<String>() else {
                    continue;
                };
                match serde_json::from_str::<Signal>(&text) {
                    Ok(signal) => {
                        let _ = forward.send(Arc::new(signal));
                    }
                    Err(e) => tracing::warn!(error = %e, "unreadable notification broadcast"),
                }
            }
        });
        Ok(Self { local, publisher: Some(publisher), closing: Arc::new(watch::channel(false).0) })
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Signal>> {
        self.local.subscribe()
    }

    /// Resolves once the server starts shutting down (at once if it already has).
    pub fn closing(&self) -> impl Future<Output = ()> + Send + use<> {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|c| *c).await;
        }
    }

    /// Ends every open stream; their clients reconnect to another process (or after the restart).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Best effort: a stream that misses this finds it in the database on reconnect.
    pub async fn publish(&self, delivery: Delivery) {
        self.send(Signal::Notification(delivery)).await
    }

    /// Ends the account's open streams in every process (its next request is refused anyway).
    pub async fn sign_out(&self, user_id: Uuid) {
        self.send(Signal::SignedOut { user_id }).await
    }

    async fn send(&self, signal: Signal) {
        match &self.publisher {
            Some(publisher) => {
                let Ok(text) = serde_json::to_string(&signal) else {
                    return;
                };
                if let Err(e) = publisher.publish::<(), _, _>(CHANNEL, text).await {
                    tracing::warn!(error = %e, "notification broadcast failed");
                }
            }
            None => {
                let _ = self.local.send(Arc::new(signal));
            }
        }
    }
}
