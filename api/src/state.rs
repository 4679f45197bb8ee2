//! What every handler and job can reach: built once at start-up and shared.

use std::{sync::Arc, time::Duration};

use sea_orm::DatabaseConnection;

use crate::{
    ai::Ai,
    auth::{jwt::JwtKeys, password::PasswordHasher},
    billing::StripeApi,
    cache::PageCache,
    config::Settings,
    jobs::Queue,
    kv::Store,
    mail::smtp::Smtp,
};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: Arc<JwtKeys>,
    pub passwords: PasswordHasher,
    /// Rate-limit counters and single-use state (Redis when configured).
    pub kv: Store,
    pub cache: PageCache,
    pub queue: Queue,
    /// `None` without `SMTP_URL`: emails stay in the outbox.
    pub smtp: Option<Smtp>,
    /// Outbound HTTP (CDN purge, OAuth token exchange).
    pub http: reqwest::Client,
    /// `None` without `STRIPE_SECRET_KEY`: payments are off.
    pub stripe: Option<StripeApi>,
    /// Embeddings, the vector index and the chat provider.
    pub ai: Ai,
    /// Where uploaded files are stored (local disk or S3).
    pub uploads: crate::uploads::Storage,
    /// Live delivery of new notifications to open streams (across processes on Redis).
    pub notifications: crate::notifications::Hub,
    /// Page views on their way to the database: recording starts with the HTTP server
    /// (`Application::build_with_db`, unless `ANALYTICS=off`); off in the other commands.
    pub analytics: crate::analytics::Analytics,
}

impl AppState {
    /// Connects the services the settings name (Redis, SMTP) and the job queue.
    pub async fn build(db: DatabaseConnection, settings: Settings) -> anyhow::Result<Self> {
        let jwt = Arc::new(JwtKeys::new(&settings.jwt_secret, settings.access_token_ttl));
        let (kv, cache, notifications) = match &settings.redis_url {
            Some(url) => {
                let kv = Store::redis(url)?;
                kv.ping().await.map_err(|e| anyhow::anyhow!("REDIS_URL: cannot reach Redis: {e}"))?;
                let cache = PageCache::redis(kv.clone(), url).await?;
                (kv, cache, crate::notifications::Hub::redis(url).await?)
            }
            None => (Store::local(), PageCache::local(), crate::notifications::Hub::local()),
        };
        let cache = cache.enabled(settings.page_cache);
        let queue = Queue::connect(&db, settings.redis_url.as_deref()).await?;
        let smtp = Smtp::from_settings(&settings)?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .user_agent(concat!("lectern/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let uploads = crate::uploads::Storage::from_settings(&settings.uploads, http.clone())?;
        let stripe = settings.stripe.as_ref().map(StripeApi::new).transpose()?;
        let mut ai = Ai::build(&settings.ai, kv.clone()).await;
        ai.start(&db, settings.redis_url.as_deref()).await?;
        let analytics = crate::analytics::Analytics::off();
        Ok(Self { db, settings: Arc::new(settings), jwt, passwords: PasswordHasher::new(), kv, cache, queue, smtp, http, stripe, ai, uploads, notifications, analytics })
    }
}
