//! `spawn_app` gives each test its own database (a SQLite file, or a fresh PostgreSQL
//! database dropped afterwards), the real server on a free port, and typed request helpers.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use lectern::{
    config::{Settings, Source},
    db,
    startup::Application,
};
use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a test body once per backend, as `<name>::sqlite` and `<name>::postgres`.
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(crate::helpers::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name(crate::helpers::Backend::Postgres).await
                }
            }
        )*
    };
}

/// Runs a test body on each job-queue backend: the SQL storages (SQLite, PostgreSQL) and
/// Redis (with PostgreSQL as the database), as `<name>::sqlite`, `::postgres`, `::redis`.
macro_rules! every_queue {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(crate::helpers::Backend::Sqlite, false).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name(crate::helpers::Backend::Postgres, false).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn redis() {
                    super::$name(crate::helpers::Backend::Postgres, true).await
                }
            }
        )*
    };
}

pub struct TestApp {
    pub base: String,
    pub database_url: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    /// The app's page-view recorder, to store recorded views at once (`flush`).
    pub analytics: lectern::analytics::Analytics,
    queries: Arc<AtomicUsize>,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
    _redis: Option<crate::support::RedisSlot>,
}

/// A PostgreSQL database created for one test and dropped (with its connections) after it.
pub struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async move {
                if let Ok(conn) = db::connect_url(&url).await {
                    let _ = conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                }
            });
        })
        .join();
    }
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A fresh PostgreSQL database, or `None` (outside CI only) when PostgreSQL is unreachable.
pub async fn fresh_postgres() -> Option<(String, PgDatabase)> {
    let admin_url = postgres_admin_url();
    let admin = match db::connect_url(&admin_url).await {
        Ok(conn) => conn,
        Err(e) if in_ci() => panic!("PostgreSQL is required under CI but {admin_url} is unreachable: {e}"),
        Err(e) => {
            eprintln!("\n!!! SKIPPING a PostgreSQL test: {admin_url} is unreachable ({e}). Start PostgreSQL (make services) to run it.\n");
            return None;
        }
    };
    let name = format!("lectern_test_{}", uuid::Uuid::new_v4().simple());
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
    let (base, _) = admin_url.rsplit_once('/').expect("database URL has a path");
    Some((format!("{base}/{name}"), PgDatabase { admin_url, name }))
}

pub struct Overrides<'a>(pub &'a [(&'a str, &'a str)]);

/// Where `make model` put the built-in embedding model (LECTERN_MODEL_DIR overrides).
pub fn model_dir() -> String {
    std::env::var("LECTERN_MODEL_DIR").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../data/models/all-MiniLM-L6-v2").to_string())
}

/// True when the built-in model is on disk; outside CI a test that needs it says loudly that
/// it skips, under CI it fails.
pub fn model_available(test: &str) -> bool {
    let ok = std::path::Path::new(&model_dir()).join("model.safetensors").is_file();
    if !ok {
        assert!(!in_ci(), "{test}: the embedding model is missing from {}: run `make model`", model_dir());
        eprintln!("!!! SKIPPED {test}: the embedding model is missing from {} (run `make model`)", model_dir());
    }
    ok
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, Overrides(&[])).await
}

pub async fn spawn_app_with(backend: Backend, overrides: Overrides<'_>) -> Option<TestApp> {
    lectern::install_crypto_provider();
    // TEST_LOG=debug (or any filter) shows the server's log for a failing test.
    if let Ok(filter) = std::env::var("TEST_LOG") {
        let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, pg) = match backend {
        Backend::Sqlite => (format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()), None),
        Backend::Postgres => {
            let (url, pg) = fresh_postgres().await?;
            (url, Some(pg))
        }
    };
    // A minimal shell stands in for the built SPA so page metadata can be checked.
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).expect("dist dir");
    std::fs::write(dist.join("index.html"), "<!doctype html><html><head><title>Lectern</title></head><body><div id=\"root\"></div></body></html>").expect("index");
    let mut pairs: Vec<(String, String)> = vec![
        ("DATABASE_URL".into(), url.clone()),
        ("BIND".into(), "127.0.0.1:0".into()),
        ("PUBLIC_URL".into(), "https://blog.test".into()),
        ("JWT_SECRET".into(), "test-secret-that-is-long-enough-for-hs256".into()),
        ("WEB_DIST".into(), dist.display().to_string()),
        // Tests that need limits or the scheduler turn them on.
        ("AUTH_RATE_LIMIT_PER_MINUTE".into(), "0".into()),
        ("RATE_LIMIT_ANONYMOUS_PER_HOUR".into(), "0".into()),
        ("RATE_LIMIT_USER_PER_HOUR".into(), "0".into()),
        ("JOB_SCHEDULER".into(), "false".into()),
        ("JOB_HEARTBEAT_SECONDS".into(), "1".into()),
        ("JOB_BACKOFF_MS".into(), "50".into()),
        ("JOB_DEBOUNCE_MS".into(), "100".into()),
        // Without the embedding model unless a test asks for it (`with_model`): most tests
        // don't need it, and the missing-model path must work too.
        ("LECTERN_MODEL_DIR".into(), dir.path().join("no-model").display().to_string()),
        ("UPLOADS_DIR".into(), dir.path().join("uploads").display().to_string()),
    ];
    for (k, v) in overrides.0 {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k.to_string(), v.to_string()));
    }
    let settings = Settings::load(&Source::from_pairs(pairs)).expect("test settings");
    let mut conn = db::connect_url(&url).await.expect("connect test database");
    db::migrate(&conn).await.expect("migrate");
    let queries = Arc::new(AtomicUsize::new(0));
    let counter = queries.clone();
    conn.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let app = Application::build_with_db(settings, conn.clone()).await.expect("build app");
    let base = format!("http://127.0.0.1:{}", app.port());
    let analytics = app.state().analytics.clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    Some(TestApp { base, database_url: url, client, db: conn, analytics, queries, _dir: dir, _pg: pg, _redis: None })
}

impl TestApp {
    /// Another API process on the same database (and whatever `overrides` share, e.g. Redis).
    pub async fn sibling(&self, overrides: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(String, String)> = vec![
            ("DATABASE_URL".into(), self.database_url.clone()),
            ("BIND".into(), "127.0.0.1:0".into()),
            ("PUBLIC_URL".into(), "https://blog.test".into()),
            ("JWT_SECRET".into(), "test-secret-that-is-long-enough-for-hs256".into()),
            ("JOB_SCHEDULER".into(), "false".into()),
            ("EMBEDDED_WORKER".into(), "false".into()),
            ("AUTH_RATE_LIMIT_PER_MINUTE".into(), "0".into()),
            ("RATE_LIMIT_ANONYMOUS_PER_HOUR".into(), "0".into()),
            ("RATE_LIMIT_USER_PER_HOUR".into(), "0".into()),
        ];
        for (k, v) in overrides {
            pairs.retain(|(key, _)| key != k);
            pairs.push((k.to_string(), v.to_string()));
        }
        let settings = Settings::load(&Source::from_pairs(pairs)).expect("sibling settings");
        let conn = db::connect_url(&self.database_url).await.expect("connect sibling");
        let app = Application::build_with_db(settings, conn).await.expect("build sibling");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        base
    }

    pub fn redis_url(&self) -> Option<&str> {
        self._redis.as_ref().map(|s| s.url.as_str())
    }
}

/// An app on `backend`, with its jobs, rate limits and cache on Redis when `redis` is set.
pub async fn spawn_queue_app(backend: Backend, redis: bool, overrides: &[(&str, &str)]) -> Option<TestApp> {
    let slot = if redis { Some(crate::support::redis_slot().await?) } else { None };
    let mut pairs: Vec<(&str, &str)> = overrides.to_vec();
    if let Some(slot) = &slot {
        pairs.push(("REDIS_URL", slot.url.as_str()));
    }
    let mut app = spawn_app_with(backend, Overrides(&pairs)).await?;
    app._redis = slot;
    Some(app)
}

/// A signed-in user as the tests see it.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, token: Option<&str>, body: Option<Value>) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.expect("request")
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.send(reqwest::Method::POST, path, token, Some(body)).await
    }

    pub async fn register(&self, email: &str, password: &str) -> Response {
        self.post("/api/v1/auth/register", None, json!({"email": email, "password": password, "display_name": "Test Reader"})).await
    }

    /// Registers a reader and returns its tokens.
    pub async fn reader(&self, email: &str) -> Session {
        let res = self.register(email, "reader-password-1").await;
        assert_eq!(res.status(), StatusCode::CREATED, "register {email}");
        let body: Value = res.json().await.expect("json");
        Session { access: body["access_token"].as_str().unwrap().into(), refresh: body["refresh_token"].as_str().unwrap().into() }
    }

    /// Creates an admin through the same path as `lectern admin create` and signs in.
    pub async fn admin(&self) -> Session {
        let passwords = lectern::auth::password::PasswordHasher::new();
        lectern::auth::service::create_admin(&self.db, &passwords, "admin@blog.test", "admin-password-1").await.expect("create admin");
        let res = self.post("/api/v1/auth/login", None, json!({"email": "admin@blog.test", "password": "admin-password-1"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.expect("json");
        Session { access: body["access_token"].as_str().unwrap().into(), refresh: body["refresh_token"].as_str().unwrap().into() }
    }

    /// Creates a post as the admin and returns its JSON.
    pub async fn create_post(&self, admin: &Session, body: Value) -> Value {
        let res = self.post("/api/v1/admin/posts", Some(&admin.access), body).await;
        let status = res.status();
        let json: Value = res.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "{json}");
        json
    }

    /// Creates a published post with the given title and returns its JSON.
    pub async fn published_post(&self, admin: &Session, title: &str, extra: Value) -> Value {
        let mut body = json!({"title": title, "markdown": format!("Body of {title}.\n\n```python\nprint('hi')\n```\n")});
        if let (Some(obj), Some(more)) = (body.as_object_mut(), extra.as_object()) {
            obj.extend(more.clone());
        }
        let post = self.create_post(admin, body).await;
        let id = post["id"].as_str().unwrap();
        if post["status"] == "draft" {
            let res = self.post(&format!("/api/v1/admin/posts/{id}/publish"), Some(&admin.access), json!({})).await;
            assert_eq!(res.status(), StatusCode::OK);
            return res.json().await.expect("json");
        }
        post
    }

    /// Marks an address verified, as following its verification link would.
    pub async fn mark_verified(&self, email: &str) {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        lectern::entities::users::Entity::update_many()
            .col_expr(lectern::entities::users::Column::EmailVerifiedAt, Expr::value(chrono::Utc::now()))
            .filter(lectern::entities::users::Column::Email.eq(email))
            .exec(&self.db)
            .await
            .expect("mark verified");
    }

    /// The admin mailbox's emails to `to`, newest first.
    pub async fn mailbox(&self, admin: &Session, to: &str) -> Vec<Value> {
        let res = self.get(&format!("/api/v1/admin/mailbox?limit=100&to={}", urlencode(to)), Some(&admin.access)).await;
        assert_eq!(res.status(), StatusCode::OK);
        let page: Value = res.json().await.expect("json");
        page["items"].as_array().cloned().unwrap_or_default()
    }

    /// Waits until the email to `to` with `subject` has been delivered (or stored) and returns it.
    pub async fn delivered_email(&self, admin: &Session, to: &str, subject: &str) -> Value {
        crate::support::eventually(&format!("email {subject:?} to {to}"), std::time::Duration::from_secs(20), || async {
            self.mailbox(admin, to).await.into_iter().find(|e| e["subject"].as_str().is_some_and(|s| s.contains(subject)) && (e["state"] == "stored" || e["state"] == "sent"))
        })
        .await
    }

    /// Database queries run by the app so far.
    pub fn queries(&self) -> usize {
        self.queries.load(Ordering::SeqCst)
    }
}

pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The value of `name=` in the first link in `text` containing `path`.
pub fn link_param(text: &str, path: &str, name: &str) -> String {
    let start = text.find(path).unwrap_or_else(|| panic!("no link to {path} in {text}"));
    let link: String = text[start..].chars().take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<').collect();
    let query = link.split_once('?').map(|(_, q)| q).unwrap_or_default();
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap_or_else(|| panic!("no {name} in {link}"))
}

/// Asserts a problem+json response with this status and returns its body.
pub async fn problem(res: Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status, "unexpected status");
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(ct.starts_with("application/problem+json"), "content-type was {ct}");
    let body: Value = res.json().await.expect("problem body");
    assert_eq!(body["status"], status.as_u16());
    assert!(body["type"].is_string() && body["title"].is_string());
    body
}

/// The fields named in a validation problem.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"].as_array().map(|e| e.iter().filter_map(|x| x["field"].as_str().map(String::from)).collect()).unwrap_or_default()
}
