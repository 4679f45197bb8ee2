//! What the platform knows about its posts beyond their words: chunks along their sections,
//! embeddings of those chunks (a built-in model or a configured provider), and answers.

pub mod ask;
pub mod chunk;
pub mod embed;
pub mod embedding;

use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{Arc, LazyLock, Mutex},
    time::Duration,
};

use base64::Engine;
use fred::prelude::*;
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{config::AiSettings, error::ApiError, kv::Store, search::vectors::VectorIndex};
use embed::{BuiltinEmbedder, EmbedError, Embedder, ProviderEmbedder};

/// How long a query's embedding is reused.
const QUERY_EMBEDDING_TTL: Duration = Duration::from_secs(300);
const VECTORS_CHANNEL: &str = "lectern:vectors:post";

/// The embedder, the vector index over its vectors, and the chat provider, if any.
#[derive(Clone)]
pub struct Ai {
    embedder: Result<Arc<dyn Embedder>, String>,
    pub vectors: VectorIndex,
    pub chat: Option<ask::provider::ChatProvider>,
    kv: Store,
    publisher: Option<fred::clients::Client>,
}

impl Ai {
    /// Loads the built-in model (or connects the provider); a missing model is not an error:
    /// keyword search works and the semantic parts say how to fetch it.
    pub async fn build(settings: &AiSettings, kv: Store) -> Self {
        let key = settings.openai_api_key.as_ref().map(|k| k.expose_secret().to_string()).unwrap_or_default();
        let embedder: Result<Arc<dyn Embedder>, String> = match (&settings.embedding_model, &settings.openai_base_url) {
            (Some(model), Some(base)) => Ok(Arc::new(ProviderEmbedder::new(base.clone(), key.clone(), model.clone()))),
            _ => builtin(settings.model_dir.clone()).await,
        };
        let chat = match (&settings.chat_model, &settings.openai_base_url) {
            (Some(model), Some(base)) => Some(ask::provider::ChatProvider::new(base, &key, model, settings.chat_timeout)),
            _ => None,
        };
        Self { embedder, vectors: VectorIndex::default(), chat, kv, publisher: None }
    }

    /// The embedder, or 503 saying how to get one.
    pub fn embedder(&self) -> Result<&Arc<dyn Embedder>, ApiError> {
        self.embedder.as_ref().map_err(|why| ApiError::Unavailable(format!("semantic search is not available: {why}")))
    }

    pub fn model_id(&self) -> Option<&str> {
        self.embedder.as_ref().ok().map(|e| e.model_id())
    }

    /// Why there is no embedder, if there is none.
    pub fn missing_model(&self) -> Option<&str> {
        self.embedder.as_ref().err().map(String::as_str)
    }

    /// Loads the vectors of the current model and, with Redis, follows other processes'
    /// changes to them.
    pub async fn start(&mut self, db: &DatabaseConnection, redis_url: Option<&str>) -> anyhow::Result<()> {
        if let Some(model) = self.model_id().map(str::to_string) {
            let n = self.vectors.load(db, &model).await?;
            tracing::info!(chunks = n, model, "vector index loaded");
        }
        let Some(url) = redis_url else { return Ok(()) };
        let (publisher, subscriber) = crate::kv::pubsub(url, VECTORS_CHANNEL).await?;
        let mut messages = subscriber.message_rx();
        let (vectors, db) = (self.vectors.clone(), db.clone());
        tokio::spawn(async move {
            let _keep = subscriber;
            while let Ok(message) = messages.recv().await {
                let Some(id) = message.value.as_string().and_then(|s| Uuid::parse_str(&s).ok()) else { continue };
                if let Err(e) = vectors.refresh_post(&db, id).await {
                    tracing::warn!(error = %e, post_id = %id, "vector index refresh failed");
                }
            }
        });
        self.publisher = Some(publisher);
        Ok(())
    }

    /// Reloads a post's vectors here and tells the other processes to do the same.
    pub async fn vectors_changed(&self, db: &DatabaseConnection, post_id: Uuid) {
        if let Err(e) = self.vectors.refresh_post(db, post_id).await {
            tracing::warn!(error = %e, %post_id, "vector index refresh failed");
        }
        if let Some(publisher) = &self.publisher
            && let Err(e) = publisher.publish::<(), _, _>(VECTORS_CHANNEL, post_id.to_string()).await
        {
            tracing::warn!(error = %e, "vector change broadcast failed");
        }
    }

    /// The embedding of a search query, reused for five minutes (shared through Redis).
    pub async fn embed_query(&self, text: &str) -> Result<Vec<f32>, ApiError> {
        let embedder = self.embedder()?;
        let digest: String = Sha256::digest(text.trim().to_lowercase().as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let key = format!("query-embedding:{}:{digest}", embedder.model_id());
        let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
        if let Ok(Some(hit)) = self.kv.get(&key).await
            && let Ok(bytes) = b64.decode(hit)
        {
            return Ok(crate::search::vectors::from_bytes(&bytes));
        }
        let mut vectors = embedder.embed(vec![text.to_string()]).await.map_err(embed_error)?;
        let v = vectors.pop().ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the embedder returned no vector")))?;
        if let Err(e) = self.kv.put(&key, &b64.encode(crate::search::vectors::to_bytes(&v)), QUERY_EMBEDDING_TTL).await {
            tracing::warn!(error = %e, "query embedding cache write failed");
        }
        Ok(v)
    }
}

/// The built-in model from `dir`, loaded once per process (it is ~90 MB, and every
/// application built in one process shares it).
async fn builtin(dir: PathBuf) -> Result<Arc<dyn Embedder>, String> {
    static LOADED: LazyLock<Mutex<HashMap<PathBuf, Arc<BuiltinEmbedder>>>> = LazyLock::new(Default::default);
    if let Some(model) = LOADED.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&dir) {
        return Ok(model.clone());
    }
    let path = dir.clone();
    let loaded = tokio::task::spawn_blocking(move || BuiltinEmbedder::load(&path)).await.map_err(|e| e.to_string())?;
    match loaded {
        Ok(model) => {
            let model = Arc::new(model);
            LOADED.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(dir, model.clone());
            Ok(model)
        }
        Err(EmbedError::ModelMissing(why)) => {
            tracing::warn!("{why}: semantic search and related posts by meaning are off until the model is fetched");
            Err(why)
        }
        Err(e) => {
            tracing::error!(error = %e, "the built-in embedding model could not be loaded");
            Err(format!("the built-in embedding model could not be loaded: {e}"))
        }
    }
}

pub fn embed_error(e: EmbedError) -> ApiError {
    match e {
        EmbedError::ModelMissing(why) => ApiError::Unavailable(why),
        EmbedError::Provider(why) => ApiError::BadGateway(format!("the embedding provider failed: {why}")),
        EmbedError::Internal(e) => ApiError::Internal(e),
    }
}
