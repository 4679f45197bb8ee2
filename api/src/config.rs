//! Settings from environment variables, with an optional `lectern.toml` beneath them.
//!
//! Every variable is read here once; a bad value stops start-up with an error naming it.

use std::{collections::HashMap, net::SocketAddr, path::PathBuf, time::Duration};

use base64::Engine;
use rand::RngCore;
use secrecy::SecretString;

/// Where the process runs; production refuses to invent secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub environment: Environment,
    pub bind: SocketAddr,
    pub database_url: String,
    pub public_url: String,
    pub jwt_secret: SecretString,
    pub web_dist: PathBuf,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// How long a just-rotated refresh token still returns its successor (concurrent tabs).
    pub refresh_reuse_grace: Duration,
    /// Take the client IP from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
    pub migrate_on_start: bool,
    /// Redis for the job queue, rate limits, OAuth state and the page cache; in process without it.
    pub redis_url: Option<String>,
    /// `PAGE_CACHE=off` serves every public page from the database (to measure the read path).
    pub page_cache: bool,
    /// `ANALYTICS=off` records no page views (the beacon still answers), to measure its cost.
    pub analytics: bool,
    /// SMTP server; without it emails are only stored in the outbox (the admin mailbox).
    pub smtp_url: Option<SecretString>,
    pub mail_from: String,
    /// Longest wait for the SMTP server in one delivery attempt.
    pub smtp_timeout: Duration,
    /// CDN purge endpoint called with the URLs a publish touches; a logged no-op when unset.
    pub purge_url: Option<String>,
    pub purge_token: Option<SecretString>,
    pub jobs: JobSettings,
    pub limits: RateLimits,
    pub google: Option<GoogleOAuth>,
    /// Stripe; without `STRIPE_SECRET_KEY` payments are off and admins grant premium by hand.
    pub stripe: Option<StripeSettings>,
    pub plans: PlanSettings,
    /// How long a past-due subscription keeps premium while Stripe retries the payment.
    pub premium_grace: Duration,
    pub http: HttpSettings,
    pub ai: AiSettings,
    pub comments: CommentSettings,
    pub uploads: UploadSettings,
    pub pyodide: PyodideSettings,
    /// `AI_CRAWLERS`: whether robots.txt lets AI crawlers (GPTBot, ClaudeBot, …) in.
    pub allow_ai_crawlers: bool,
}

/// Which new comments wait for a moderator before readers see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoldPolicy {
    /// Every comment from a non-admin.
    All,
    /// Comments from members with no approved comment yet.
    First,
    /// None (the spam rules still hold suspicious ones).
    None,
}

/// Comment moderation and the spam rules.
#[derive(Clone, Debug)]
pub struct CommentSettings {
    pub hold: HoldPolicy,
    /// How long after posting an author may still edit a comment.
    pub edit_window: Duration,
    /// More links than this in one comment holds it.
    pub max_links: usize,
    /// More comments than this from one member within `rate_window` holds the excess.
    pub max_per_window: u64,
    pub rate_window: Duration,
}

/// Search, embeddings and Ask AI. Embeddings and chat are chosen separately: without
/// `EMBEDDING_MODEL` the built-in model embeds even when a chat provider is configured.
#[derive(Clone, Debug)]
pub struct AiSettings {
    /// Where `make model` puts the built-in model's files.
    pub model_dir: PathBuf,
    /// An OpenAI-compatible API (`…/v1`), used for embeddings with `EMBEDDING_MODEL` and for
    /// answers with `CHAT_MODEL`.
    pub openai_base_url: Option<String>,
    pub openai_api_key: Option<SecretString>,
    pub embedding_model: Option<String>,
    pub chat_model: Option<String>,
    /// Longest wait for the provider's next streamed token.
    pub chat_timeout: Duration,
    /// Questions a signed-in reader may ask per UTC day (premium readers: the second).
    pub ask_daily_quota: u32,
    pub ask_daily_quota_premium: u32,
}

/// Browser-facing policies of the HTTP server.
#[derive(Clone, Debug)]
pub struct HttpSettings {
    /// Origins (scheme://host[:port]) whose pages may call the API; empty turns CORS off.
    pub cors_allowed_origins: Vec<String>,
    /// `Strict-Transport-Security: max-age`; 0 sends no HSTS header.
    pub hsts_max_age: u64,
    /// `CROSS_ORIGIN_ISOLATION`: send `Cross-Origin-Embedder-Policy: require-corp` on pages,
    /// so a running code cell can be interrupted in place; off by default because it blocks
    /// images and embeds from other sites that do not opt in.
    pub cross_origin_isolation: bool,
}

/// Stripe keys and the prices the two plans sell.
#[derive(Clone, Debug)]
pub struct StripeSettings {
    pub secret_key: SecretString,
    pub webhook_secret: SecretString,
    /// Stripe's API, or a stand-in that speaks its wire format.
    pub api_base: String,
    pub price_monthly: String,
    pub price_yearly: String,
}

/// What the plans page shows; the price IDs come from `StripeSettings`.
#[derive(Clone, Debug)]
pub struct PlanSettings {
    pub currency: String,
    /// In the currency's smallest unit (cents).
    pub monthly_amount: u32,
    pub yearly_amount: u32,
    pub features: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct JobSettings {
    /// `serve` also runs a worker (turn off with `serve --no-worker` or EMBEDDED_WORKER=false).
    pub embedded_worker: bool,
    /// Workers also queue the scheduled jobs (safe on every worker: periods are claimed once).
    pub scheduler: bool,
    /// Cron expressions (with seconds, UTC) for the scheduled jobs.
    pub digest_cron: cron::Schedule,
    pub sitemap_cron: cron::Schedule,
    pub token_cleanup_cron: cron::Schedule,
    pub billing_sync_cron: cron::Schedule,
    /// Attempts before a job is kept as dead; retries back off exponentially from `backoff`.
    pub max_attempts: u32,
    pub backoff: Duration,
    /// How often a worker proves it is alive; a worker silent for three beats has its jobs re-run.
    pub heartbeat: Duration,
    /// Jobs one worker runs at once, per job type.
    pub concurrency: usize,
    /// How long a coalesced rebuild or purge waits for a burst of changes to settle.
    pub debounce: Duration,
}

/// Requests per window by route group; 0 turns a group's limit off.
#[derive(Clone, Debug)]
pub struct RateLimits {
    pub anonymous_per_hour: u32,
    pub user_per_hour: u32,
    /// Sign-in, registration and the email-token endpoints, per client IP.
    pub auth_per_minute: u32,
}

/// Google sign-in; the endpoints are configurable so a stand-in provider can play Google.
#[derive(Clone, Debug)]
pub struct GoogleOAuth {
    pub client_id: String,
    pub client_secret: SecretString,
    pub auth_url: String,
    pub token_url: String,
    pub userinfo_url: String,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

fn bad(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { variable, message: message.into() }
}

/// Stripe is on when `STRIPE_SECRET_KEY` is set; it then needs the webhook secret and both prices.
fn stripe_settings(src: &Source) -> Result<Option<StripeSettings>, ConfigError> {
    let Some(secret_key) = src.get("STRIPE_SECRET_KEY") else { return Ok(None) };
    let required = |key: &'static str| src.get(key).map(|v| v.trim().to_string()).ok_or_else(|| bad(key, "required when STRIPE_SECRET_KEY is set"));
    let api_base = src.url("STRIPE_API_BASE", &["http://", "https://"])?.unwrap_or_else(|| "https://api.stripe.com/".into());
    Ok(Some(StripeSettings {
        secret_key: SecretString::from(secret_key.trim().to_string()),
        webhook_secret: SecretString::from(required("STRIPE_WEBHOOK_SECRET")?),
        api_base: format!("{}/", api_base.trim_end_matches('/')),
        price_monthly: required("STRIPE_PRICE_MONTHLY")?,
        price_yearly: required("STRIPE_PRICE_YEARLY")?,
    }))
}

/// The Python code cells' runtime.
#[derive(Debug, Clone)]
pub struct PyodideSettings {
    /// Package wheels an admin provides, served under `/pyodide/packages/`.
    pub packages_dir: PathBuf,
    /// Load packages from here instead (the official CDN, if an admin opts in).
    pub packages_url: Option<String>,
}

/// Where uploads are stored: `UPLOADS_DIR`, or the S3-compatible bucket `S3_BUCKET`.
#[derive(Debug, Clone)]
pub struct UploadSettings {
    pub dir: PathBuf,
    pub s3: Option<S3Settings>,
}

#[derive(Debug, Clone)]
pub struct S3Settings {
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: SecretString,
    /// `bucket/key` paths on the endpoint (MinIO, most self-hosted servers) rather than
    /// `bucket.endpoint` host names.
    pub path_style: bool,
}

/// S3 is on when `S3_BUCKET` is set; it then needs both keys.
fn upload_settings(src: &Source) -> Result<UploadSettings, ConfigError> {
    let dir = PathBuf::from(src.get("UPLOADS_DIR").unwrap_or("data/uploads"));
    let Some(bucket) = src.get("S3_BUCKET") else { return Ok(UploadSettings { dir, s3: None }) };
    let region = src.get("S3_REGION").unwrap_or("us-east-1").trim().to_string();
    let required = |key: &'static str| src.get(key).map(|v| v.trim().to_string()).ok_or_else(|| bad(key, "required when S3_BUCKET is set"));
    Ok(UploadSettings {
        dir,
        s3: Some(S3Settings {
            endpoint: src.url("S3_ENDPOINT", &["http://", "https://"])?.unwrap_or_else(|| format!("https://s3.{region}.amazonaws.com")),
            bucket: bucket.trim().to_string(),
            access_key_id: required("S3_ACCESS_KEY_ID")?,
            secret_access_key: SecretString::from(required("S3_SECRET_ACCESS_KEY")?),
            path_style: src.flag("S3_PATH_STYLE", true)?,
            region,
        }),
    })
}

/// `CORS_ALLOWED_ORIGINS`: a comma-separated list of exact origins, no paths or wildcards.
fn ai_settings(src: &Source) -> Result<AiSettings, ConfigError> {
    let openai_base_url = src.url("OPENAI_BASE_URL", &["http://", "https://"])?.map(|u| u.trim_end_matches('/').to_string());
    let embedding_model = src.get("EMBEDDING_MODEL").map(|m| m.trim().to_string());
    let chat_model = src.get("CHAT_MODEL").map(|m| m.trim().to_string());
    if openai_base_url.is_none() {
        if embedding_model.is_some() {
            return Err(bad("OPENAI_BASE_URL", "required when EMBEDDING_MODEL is set"));
        }
        if chat_model.is_some() {
            return Err(bad("OPENAI_BASE_URL", "required when CHAT_MODEL is set"));
        }
    }
    Ok(AiSettings {
        model_dir: PathBuf::from(src.get("LECTERN_MODEL_DIR").unwrap_or("data/models/all-MiniLM-L6-v2")),
        openai_base_url,
        openai_api_key: src.get("OPENAI_API_KEY").map(|k| SecretString::from(k.trim().to_string())),
        embedding_model,
        chat_model,
        chat_timeout: Duration::from_secs(src.parse("CHAT_TIMEOUT_SECONDS", 30)?.max(1)),
        ask_daily_quota: src.parse("ASK_DAILY_QUOTA", 50)?,
        ask_daily_quota_premium: src.parse("ASK_DAILY_QUOTA_PREMIUM", 500)?,
    })
}

fn cors_origins(src: &Source) -> Result<Vec<String>, ConfigError> {
    let Some(raw) = src.get("CORS_ALLOWED_ORIGINS") else { return Ok(Vec::new()) };
    raw.split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|origin| {
            let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
            match rest {
                Some(host) if !host.is_empty() && !host.contains('/') && !host.contains('*') => Ok(origin.to_string()),
                _ => Err(bad("CORS_ALLOWED_ORIGINS", format!("{origin:?} is not an origin like https://app.example.com"))),
            }
        })
        .collect()
}

/// The raw key/value source: the environment over an optional TOML file.
pub struct Source {
    values: HashMap<String, String>,
}

impl Source {
    /// Reads `LECTERN_CONFIG` (default `lectern.toml`, if it exists), then the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut values = HashMap::new();
        let path = std::env::var("LECTERN_CONFIG").unwrap_or_else(|_| "lectern.toml".into());
        if let Ok(text) = std::fs::read_to_string(&path) {
            let table: toml::Table = text.parse().map_err(|e| bad("LECTERN_CONFIG", format!("{path}: {e}")))?;
            for (key, value) in table {
                let value = match value {
                    toml::Value::String(s) => s,
                    other => other.to_string(),
                };
                values.insert(key.to_ascii_uppercase(), value);
            }
        }
        values.extend(std::env::vars());
        Ok(Self { values })
    }

    pub fn from_pairs<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        Self { values: pairs.into_iter().collect() }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str).filter(|v| !v.trim().is_empty())
    }

    fn parse<T: std::str::FromStr>(&self, key: &'static str, default: T) -> Result<T, ConfigError>
    where
        T::Err: std::fmt::Display,
    {
        match self.get(key) {
            None => Ok(default),
            Some(raw) => raw.trim().parse().map_err(|e| bad(key, format!("{raw:?}: {e}"))),
        }
    }

    fn url(&self, key: &'static str, schemes: &[&str]) -> Result<Option<String>, ConfigError> {
        match self.get(key).map(str::trim) {
            None => Ok(None),
            Some(v) if schemes.iter().any(|s| v.starts_with(s)) => Ok(Some(v.to_string())),
            Some(_) => Err(bad(key, format!("expected a URL starting with {}", schemes.join(" or ")))),
        }
    }

    fn cron(&self, key: &'static str, default: &str) -> Result<cron::Schedule, ConfigError> {
        let raw = self.get(key).unwrap_or(default).trim();
        raw.parse().map_err(|e| bad(key, format!("{raw:?} is not a cron expression (sec min hour day month weekday): {e}")))
    }

    fn flag(&self, key: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.get(key).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
            Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
            Some(v) => Err(bad(key, format!("{v:?} is not a boolean (use true or false)"))),
        }
    }
}

impl Settings {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::load(&Source::from_env()?)
    }

    pub fn load(src: &Source) -> Result<Self, ConfigError> {
        let environment = match src.get("LECTERN_ENV").unwrap_or("development") {
            "development" | "dev" => Environment::Development,
            "production" | "prod" => Environment::Production,
            other => return Err(bad("LECTERN_ENV", format!("{other:?}: expected development or production"))),
        };
        let bind: SocketAddr = src.parse("BIND", SocketAddr::from(([127, 0, 0, 1], 8080)))?;
        let database_url = src.get("DATABASE_URL").unwrap_or("sqlite://data/lectern.db?mode=rwc").to_string();
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
            return Err(bad("DATABASE_URL", "expected a sqlite: or postgres:// URL"));
        }
        let public_url = src
            .get("PUBLIC_URL")
            .map(|s| s.trim_end_matches('/').to_string())
            .unwrap_or_else(|| format!("http://localhost:{}", bind.port()));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(bad("PUBLIC_URL", "expected an http:// or https:// URL"));
        }
        let jwt_secret = match src.get("JWT_SECRET") {
            Some(secret) if secret.len() < 32 => return Err(bad("JWT_SECRET", "must be at least 32 characters")),
            Some(secret) => secret.to_string(),
            None if environment == Environment::Production => {
                return Err(bad("JWT_SECRET", "required when LECTERN_ENV=production"));
            }
            None => dev_secret(&database_url).map_err(|e| bad("JWT_SECRET", e.to_string()))?,
        };
        // HSTS is on by default only where the site itself is served over TLS.
        let hsts_default = if public_url.starts_with("https://") { 31_536_000 } else { 0 };
        Ok(Self {
            environment,
            bind,
            database_url,
            public_url,
            jwt_secret: SecretString::from(jwt_secret),
            web_dist: PathBuf::from(src.get("WEB_DIST").unwrap_or("web/dist")),
            access_token_ttl: Duration::from_secs(src.parse("ACCESS_TOKEN_TTL_SECONDS", 15 * 60)?),
            refresh_token_ttl: Duration::from_secs(src.parse("REFRESH_TOKEN_TTL_SECONDS", 30 * 24 * 3600)?),
            refresh_reuse_grace: Duration::from_secs(src.parse("REFRESH_REUSE_GRACE_SECONDS", 10)?),
            trust_proxy: src.flag("TRUST_PROXY", false)?,
            page_cache: src.flag("PAGE_CACHE", true)?,
            analytics: src.flag("ANALYTICS", true)?,
            migrate_on_start: src.flag("MIGRATE_ON_START", true)?,
            redis_url: src.url("REDIS_URL", &["redis://", "rediss://"])?,
            smtp_url: src.url("SMTP_URL", &["smtp://", "smtps://"])?.map(SecretString::from),
            smtp_timeout: Duration::from_secs(src.parse("SMTP_TIMEOUT_SECONDS", 15)?.max(1)),
            mail_from: src.get("MAIL_FROM").unwrap_or("Lectern <no-reply@localhost>").to_string(),
            purge_url: src.url("PURGE_URL", &["http://", "https://"])?,
            purge_token: src.get("PURGE_TOKEN").map(|t| SecretString::from(t.to_string())),
            jobs: JobSettings {
                embedded_worker: src.flag("EMBEDDED_WORKER", true)?,
                scheduler: src.flag("JOB_SCHEDULER", true)?,
                digest_cron: src.cron("DIGEST_CRON", "0 0 8 * * *")?,
                sitemap_cron: src.cron("SITEMAP_CRON", "0 0 2 * * *")?,
                token_cleanup_cron: src.cron("TOKEN_CLEANUP_CRON", "0 0 3 * * *")?,
                billing_sync_cron: src.cron("BILLING_SYNC_CRON", "0 0 * * * *")?,
                max_attempts: src.parse("JOB_MAX_ATTEMPTS", 5)?.max(1),
                backoff: Duration::from_millis(src.parse("JOB_BACKOFF_MS", 2000)?),
                heartbeat: Duration::from_secs(src.parse("JOB_HEARTBEAT_SECONDS", 10)?.max(1)),
                concurrency: src.parse("JOB_CONCURRENCY", 4)?.max(1),
                debounce: Duration::from_millis(src.parse("JOB_DEBOUNCE_MS", 2000)?),
            },
            limits: RateLimits {
                anonymous_per_hour: src.parse("RATE_LIMIT_ANONYMOUS_PER_HOUR", 100)?,
                user_per_hour: src.parse("RATE_LIMIT_USER_PER_HOUR", 500)?,
                auth_per_minute: src.parse("AUTH_RATE_LIMIT_PER_MINUTE", 10)?,
            },
            google: match (src.get("GOOGLE_CLIENT_ID"), src.get("GOOGLE_CLIENT_SECRET")) {
                (Some(id), Some(secret)) => Some(GoogleOAuth {
                    client_id: id.to_string(),
                    client_secret: SecretString::from(secret.to_string()),
                    auth_url: src.url("GOOGLE_AUTH_URL", &["http://", "https://"])?.unwrap_or_else(|| "https://accounts.google.com/o/oauth2/v2/auth".into()),
                    token_url: src.url("GOOGLE_TOKEN_URL", &["http://", "https://"])?.unwrap_or_else(|| "https://oauth2.googleapis.com/token".into()),
                    userinfo_url: src
                        .url("GOOGLE_USERINFO_URL", &["http://", "https://"])?
                        .unwrap_or_else(|| "https://openidconnect.googleapis.com/v1/userinfo".into()),
                }),
                (None, None) => None,
                (Some(_), None) => return Err(bad("GOOGLE_CLIENT_SECRET", "required when GOOGLE_CLIENT_ID is set")),
                (None, Some(_)) => return Err(bad("GOOGLE_CLIENT_ID", "required when GOOGLE_CLIENT_SECRET is set")),
            },
            stripe: stripe_settings(src)?,
            plans: PlanSettings {
                currency: src.get("BILLING_CURRENCY").unwrap_or("usd").trim().to_ascii_lowercase(),
                monthly_amount: src.parse("BILLING_MONTHLY_AMOUNT", 800)?,
                yearly_amount: src.parse("BILLING_YEARLY_AMOUNT", 8000)?,
                features: src
                    .get("BILLING_FEATURES")
                    .unwrap_or("Every premium post in full|Premium series and their exercises|Support independent technical writing")
                    .split('|')
                    .map(|f| f.trim().to_string())
                    .filter(|f| !f.is_empty())
                    .collect(),
            },
            premium_grace: Duration::from_secs(src.parse::<u64>("PREMIUM_GRACE_DAYS", 3)? * 24 * 3600),
            http: HttpSettings {
                cors_allowed_origins: cors_origins(src)?,
                hsts_max_age: src.parse("HSTS_MAX_AGE_SECONDS", hsts_default)?,
                cross_origin_isolation: src.flag("CROSS_ORIGIN_ISOLATION", false)?,
            },
            ai: ai_settings(src)?,
            comments: CommentSettings {
                hold: match src.get("COMMENT_HOLD").unwrap_or("first").trim() {
                    "all" => HoldPolicy::All,
                    "first" => HoldPolicy::First,
                    "none" => HoldPolicy::None,
                    other => return Err(bad("COMMENT_HOLD", format!("{other:?}: expected all, first or none"))),
                },
                edit_window: Duration::from_secs(src.parse::<u64>("COMMENT_EDIT_WINDOW_MINUTES", 15)? * 60),
                max_links: src.parse("COMMENT_MAX_LINKS", 2)?,
                max_per_window: src.parse("COMMENT_RATE_PER_10_MINUTES", 5)?,
                rate_window: Duration::from_secs(600),
            },
            uploads: upload_settings(src)?,
            pyodide: PyodideSettings {
                packages_dir: PathBuf::from(src.get("PYODIDE_PACKAGES_DIR").unwrap_or("data/pyodide-packages")),
                packages_url: src.url("PYODIDE_PACKAGES_URL", &["http://", "https://", "/"])?.map(|u| format!("{}/", u.trim_end_matches('/'))),
            },
            allow_ai_crawlers: match src.get("AI_CRAWLERS").map(|v| v.trim().to_ascii_lowercase()).as_deref() {
                None | Some("allow") => true,
                Some("disallow") => false,
                Some(other) => return Err(bad("AI_CRAWLERS", format!("{other:?}: expected allow or disallow"))),
            },
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// Cookies are `Secure` except when the site is served over plain HTTP to a host other
    /// than this machine (browsers accept `Secure` cookies from http://localhost only).
    pub fn secure_cookies(&self) -> bool {
        let Some(rest) = self.public_url.strip_prefix("http://") else { return true };
        let host = rest.split(['/', ':']).next().unwrap_or("");
        self.environment == Environment::Production || matches!(host, "localhost" | "127.0.0.1") || rest.starts_with("[::1]")
    }
}

/// In development a random secret is generated once and kept in `data/`, so tokens survive
/// restarts without anyone having to configure one.
fn dev_secret(database_url: &str) -> std::io::Result<String> {
    let dir = sqlite_dir(database_url).unwrap_or_else(|| PathBuf::from("data"));
    let path = dir.join("jwt_secret");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= 32
    {
        return Ok(existing.trim().to_string());
    }
    std::fs::create_dir_all(&dir)?;
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    std::fs::write(&path, &secret)?;
    Ok(secret)
}

/// The directory holding a SQLite database file, if the URL names one.
pub fn sqlite_dir(database_url: &str) -> Option<PathBuf> {
    let rest = database_url.strip_prefix("sqlite://").or_else(|| database_url.strip_prefix("sqlite:"))?;
    let file = rest.split('?').next()?;
    if file.is_empty() || file == ":memory:" {
        return None;
    }
    let parent = PathBuf::from(file).parent().map(PathBuf::from).unwrap_or_default();
    Some(if parent.as_os_str().is_empty() { PathBuf::from(".") } else { parent })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(pairs: &[(&str, &str)]) -> Source {
        Source::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn bad_bind_names_the_variable() {
        let err = Settings::load(&src(&[("BIND", "nonsense"), ("JWT_SECRET", &"x".repeat(40))])).unwrap_err();
        assert_eq!(err.variable, "BIND");
    }

    #[test]
    fn production_requires_a_jwt_secret() {
        let err = Settings::load(&src(&[("LECTERN_ENV", "production")])).unwrap_err();
        assert_eq!(err.variable, "JWT_SECRET");
    }

    #[test]
    fn stripe_needs_its_webhook_secret_and_prices() {
        let jwt = "x".repeat(40);
        let err = Settings::load(&src(&[("JWT_SECRET", &jwt), ("STRIPE_SECRET_KEY", "sk_test_1")])).unwrap_err();
        assert_eq!(err.variable, "STRIPE_WEBHOOK_SECRET");
        let err = Settings::load(&src(&[("JWT_SECRET", &jwt), ("STRIPE_SECRET_KEY", "sk_test_1"), ("STRIPE_WEBHOOK_SECRET", "whsec_1"), ("STRIPE_PRICE_MONTHLY", "price_m")]))
            .unwrap_err();
        assert_eq!(err.variable, "STRIPE_PRICE_YEARLY");
        let s = Settings::load(&src(&[("JWT_SECRET", &jwt)])).unwrap();
        assert!(s.stripe.is_none(), "payments are off without a key");
    }

    #[test]
    fn short_secret_is_refused() {
        let err = Settings::load(&src(&[("JWT_SECRET", "short")])).unwrap_err();
        assert_eq!(err.variable, "JWT_SECRET");
    }

    #[test]
    fn defaults_are_the_embedded_setup() {
        let s = Settings::load(&src(&[("JWT_SECRET", &"x".repeat(40))])).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert!(s.is_sqlite());
        assert_eq!(s.public_url, "http://localhost:8080");
        assert!(s.secure_cookies(), "http://localhost keeps Secure cookies");
        let lan = Settings::load(&src(&[("JWT_SECRET", &"x".repeat(40)), ("PUBLIC_URL", "http://192.168.1.5:8080")])).unwrap();
        assert!(!lan.secure_cookies(), "plain HTTP to another host cannot keep a Secure cookie");
    }

    #[test]
    fn bad_service_urls_and_schedules_name_the_variable() {
        let secret = "x".repeat(40);
        for (key, value) in [("REDIS_URL", "localhost:6379"), ("SMTP_URL", "mail.example.com"), ("PURGE_URL", "ftp://x"), ("DIGEST_CRON", "every morning")] {
            let err = Settings::load(&src(&[("JWT_SECRET", &secret), (key, value)])).unwrap_err();
            assert_eq!(err.variable, key);
        }
        let half_google = Settings::load(&src(&[("JWT_SECRET", &secret), ("GOOGLE_CLIENT_ID", "id")])).unwrap_err();
        assert_eq!(half_google.variable, "GOOGLE_CLIENT_SECRET");
    }

    #[test]
    fn sqlite_dir_is_the_parent_of_the_file() {
        assert_eq!(sqlite_dir("sqlite://data/lectern.db?mode=rwc"), Some(PathBuf::from("data")));
        assert_eq!(sqlite_dir("sqlite:///tmp/x/db.sqlite"), Some(PathBuf::from("/tmp/x")));
        assert_eq!(sqlite_dir("sqlite::memory:"), None);
    }
}
