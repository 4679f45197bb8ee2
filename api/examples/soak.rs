//! The load generator behind `make soak` (scripts/soak.sh): a mixed read/write load on a
//! running server for a fixed time, then a check that the job queue drains with no dead jobs.
//!
//!   SOAK_BASE_URL=http://127.0.0.1:8080 SOAK_ADMIN_EMAIL=… SOAK_ADMIN_PASSWORD=… \
//!   [SOAK_CONNECTIONS=64] [SOAK_DURATION=600] [SOAK_WARMUP=30] [SOAK_READERS=256] \
//!   cargo run --profile bench-release --example soak
//!
//! (every setting is also a flag: `--base-url`, `--connections`, …; see `--help`).
//!
//! Before the clock starts it registers `SOAK_READERS` reader accounts and reads the post,
//! tag and series slugs the server has. Then `SOAK_CONNECTIONS` tasks each loop for
//! `SOAK_WARMUP` + `SOAK_DURATION` seconds, one request at a time, picking a class by weight
//! (`--mix`, default [`DEFAULT_MIX`]); only the timed phase after the warm-up is measured.
//! Each task owns its slice of the readers (so refresh-token rotation never races) and one
//! admin post at a time, which it walks through create → update → publish → unpublish →
//! delete, one step per pick. Every write queues `sitemap` and `revalidate` jobs;
//! registration queues `send_email`.
//!
//! Any non-2xx answer other than an expected 304 to a conditional feed request, or any
//! transport error, counts as an error, in any phase. It prints a markdown table per class
//! and the job queues, and exits non-zero on any error, when the queues do not drain within
//! `SOAK_DRAIN_TIMEOUT` seconds, or when any job is dead.
//!
//! With `--phase-dir DIR` it creates `DIR/timed` when the timed phase starts and `DIR/done`
//! when it ends, so the calling script can sample the server's memory in step.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use clap::Parser;
use futures_util::{StreamExt, stream};
use rand::{Rng, SeedableRng, rngs::SmallRng};
use reqwest::{RequestBuilder, StatusCode};
use serde_json::{Value, json};

/// Weights per class, out of their sum (here per mille); the names are what `--mix` takes.
/// Writes and sign-ins are rare on a blog and expensive (every write drops the page cache
/// and queues two jobs; every sign-in is an argon2id hash), so they stay well under 1%.
const DEFAULT_MIX: &str = "post-list=170,post=400,series=70,tags=40,feeds=100,signed-in=207,sign-in=5,admin-read=5,admin-write=3";

const READER_PASSWORD: &str = "soak-reader-password";
/// Access tokens are renewed by signing in again once they are this old (the server's
/// default lifetime is 15 minutes).
const TOKEN_MAX_AGE: Duration = Duration::from_secs(600);
/// Error messages kept for the report.
const ERROR_SAMPLES: usize = 20;

#[derive(Parser, Debug)]
#[command(about = "Mixed read/write soak load against a running Lectern server")]
struct Args {
    #[arg(long, env = "SOAK_BASE_URL", default_value = "http://127.0.0.1:8080")]
    base_url: String,
    #[arg(long, env = "SOAK_ADMIN_EMAIL")]
    admin_email: String,
    #[arg(long, env = "SOAK_ADMIN_PASSWORD")]
    admin_password: String,
    /// Concurrent connections (one request in flight on each).
    #[arg(long, env = "SOAK_CONNECTIONS", default_value_t = 64)]
    connections: usize,
    /// Seconds measured, after the warm-up.
    #[arg(long, env = "SOAK_DURATION", default_value_t = 600)]
    duration: u64,
    /// Seconds of the same load before measuring.
    #[arg(long, env = "SOAK_WARMUP", default_value_t = 30)]
    warmup: u64,
    /// Reader accounts registered before the load (at least one per connection).
    #[arg(long, env = "SOAK_READERS", default_value_t = 256)]
    readers: usize,
    /// Class weights, `name=weight,…`; unnamed classes keep their default weight.
    #[arg(long, env = "SOAK_MIX", default_value = DEFAULT_MIX)]
    mix: String,
    /// Seconds to wait for the job queues to empty after the load.
    #[arg(long, env = "SOAK_DRAIN_TIMEOUT", default_value_t = 180)]
    drain_timeout: u64,
    /// Marker files `timed` and `done` are created here at the phase changes.
    #[arg(long, env = "SOAK_PHASE_DIR")]
    phase_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    PostList,
    Post,
    Series,
    Tags,
    Feeds,
    SignedIn,
    SignIn,
    AdminRead,
    AdminWrite,
}

impl Class {
    const ALL: [Class; 9] =
        [Self::PostList, Self::Post, Self::Series, Self::Tags, Self::Feeds, Self::SignedIn, Self::SignIn, Self::AdminRead, Self::AdminWrite];

    fn name(self) -> &'static str {
        match self {
            Self::PostList => "post-list",
            Self::Post => "post",
            Self::Series => "series",
            Self::Tags => "tags",
            Self::Feeds => "feeds",
            Self::SignedIn => "signed-in",
            Self::SignIn => "sign-in",
            Self::AdminRead => "admin-read",
            Self::AdminWrite => "admin-write",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::PostList => "anonymous `GET /api/v1/posts` (first page, a deeper cursor, by tag, by series)",
            Self::Post => "anonymous `GET /api/v1/posts/{slug}` over every slug",
            Self::Series => "anonymous `GET /api/v1/series`, `/api/v1/series/{slug}`",
            Self::Tags => "anonymous `GET /api/v1/tags`",
            Self::Feeds => "`/feed.xml`, `/atom.xml`, `/sitemap.xml`, `/robots.txt`, tag and series feeds; some conditional",
            Self::SignedIn => "`GET /api/v1/auth/me`, `/api/v1/me/settings`, `/api/v1/posts/{slug}` with a reader's token",
            Self::SignIn => "`POST /api/v1/auth/login` (3 in 4) or `/api/v1/auth/refresh` as a reader",
            Self::AdminRead => "`GET /api/v1/admin/posts`, `/api/v1/admin/jobs`",
            Self::AdminWrite => "one step of create → update → publish → unpublish → delete a post",
        }
    }
}

fn parse_mix(spec: &str) -> anyhow::Result<[u32; Class::ALL.len()]> {
    let mut weights = [0u32; Class::ALL.len()];
    for source in [DEFAULT_MIX, spec] {
        for pair in source.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, weight) = pair.split_once('=').ok_or_else(|| anyhow::anyhow!("mix: `{pair}` is not name=weight"))?;
            let i = Class::ALL
                .iter()
                .position(|c| c.name() == name.trim())
                .ok_or_else(|| anyhow::anyhow!("mix: unknown class `{name}`"))?;
            weights[i] = weight.trim().parse().map_err(|_| anyhow::anyhow!("mix: `{weight}` is not a whole number"))?;
        }
    }
    anyhow::ensure!(weights.iter().any(|w| *w > 0), "mix: every weight is 0");
    Ok(weights)
}

#[derive(Default, Clone)]
struct ClassStats {
    requests: u64,
    errors: u64,
    not_modified: u64,
    /// Microseconds, one per request.
    latencies: Vec<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Warmup,
    Timed,
    After,
}

#[derive(Default, Clone)]
struct Stats {
    classes: [ClassStats; Class::ALL.len()],
}

impl Stats {
    fn merge(&mut self, other: Stats) {
        for (mine, theirs) in self.classes.iter_mut().zip(other.classes) {
            mine.requests += theirs.requests;
            mine.errors += theirs.errors;
            mine.not_modified += theirs.not_modified;
            mine.latencies.extend(theirs.latencies);
        }
    }

    fn requests(&self) -> u64 {
        self.classes.iter().map(|c| c.requests).sum()
    }

    fn errors(&self) -> u64 {
        self.classes.iter().map(|c| c.errors).sum()
    }
}

/// What every task reads: the server, and the slugs found before the load.
struct Shared {
    http: reqwest::Client,
    base: String,
    admin_email: String,
    admin_password: String,
    post_slugs: Vec<String>,
    /// `next_cursor`s of the post list, for deeper pages.
    cursors: Vec<String>,
    tag_slugs: Vec<String>,
    tag_names: Vec<String>,
    series_slugs: Vec<String>,
    weights: [u32; Class::ALL.len()],
    run_id: String,
    warmup_end: Instant,
    timed_end: Instant,
    error_samples: Mutex<Vec<String>>,
}

impl Shared {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn note_error(&self, message: String) {
        let mut samples = self.error_samples.lock().unwrap();
        if samples.len() < ERROR_SAMPLES {
            samples.push(message);
        }
    }

    fn phase(&self, at: Instant) -> Phase {
        if at < self.warmup_end {
            Phase::Warmup
        } else if at < self.timed_end {
            Phase::Timed
        } else {
            Phase::After
        }
    }
}

struct Session {
    access: String,
    refresh: String,
    issued: Instant,
}

struct Reader {
    email: String,
    session: Session,
}

/// The admin post a task is walking through its life.
enum Flow {
    Idle,
    Draft(String),
    Updated(String),
    Published(String),
    Unpublished(String),
}

struct Task {
    shared: Arc<Shared>,
    id: usize,
    rng: SmallRng,
    readers: Vec<Reader>,
    admin: Option<Session>,
    flow: Flow,
    posts_made: u64,
    /// Last ETag seen per feed path, for conditional requests.
    etags: HashMap<String, String>,
    stats: [Stats; 3],
}

type Answer = Option<(StatusCode, reqwest::header::HeaderMap, Vec<u8>)>;

impl Task {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    /// Sends one request and records it under `class`; `None` on an error (recorded too).
    async fn send(&mut self, class: Class, what: &str, request: RequestBuilder, expect_304: bool) -> Answer {
        let started = Instant::now();
        let phase = self.shared.phase(started);
        let result = async {
            let response = request.send().await?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await?.to_vec();
            Ok::<_, reqwest::Error>((status, headers, body))
        }
        .await;
        let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
        let stats = &mut self.stats[phase as usize].classes[class as usize];
        stats.requests += 1;
        stats.latencies.push(micros);
        match result {
            Ok((status, headers, body)) if status.is_success() || (expect_304 && status == StatusCode::NOT_MODIFIED) => {
                if status == StatusCode::NOT_MODIFIED {
                    stats.not_modified += 1;
                }
                Some((status, headers, body))
            }
            Ok((status, _, body)) => {
                stats.errors += 1;
                let text = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
                self.shared.note_error(format!("{}: {what} answered {status}: {text}", class.name()));
                None
            }
            Err(e) => {
                stats.errors += 1;
                self.shared.note_error(format!("{}: {what}: {e}", class.name()));
                None
            }
        }
    }

    async fn send_json(&mut self, class: Class, what: &str, request: RequestBuilder) -> Option<Value> {
        let (_, _, body) = self.send(class, what, request, false).await?;
        match serde_json::from_slice(&body) {
            Ok(v) => Some(v),
            Err(e) => {
                self.stats[self.shared.phase(Instant::now()) as usize].classes[class as usize].errors += 1;
                self.shared.note_error(format!("{}: {what}: the answer is not JSON: {e}", class.name()));
                None
            }
        }
    }

    async fn get(&mut self, class: Class, path: &str) {
        let request = self.shared.http.get(self.shared.url(path));
        self.send(class, &format!("GET {path}"), request, false).await;
    }

    async fn run(mut self) -> [Stats; 3] {
        let total: u32 = self.shared.weights.iter().sum();
        while Instant::now() < self.shared.timed_end {
            let mut roll = self.rng.random_range(0..total);
            let mut class = Class::ALL[0];
            for (c, w) in Class::ALL.iter().zip(self.shared.weights) {
                if roll < w {
                    class = *c;
                    break;
                }
                roll -= w;
            }
            self.one(class).await;
        }
        // Leave no post of ours behind.
        while !matches!(self.flow, Flow::Idle) {
            if !self.admin_write().await {
                break;
            }
        }
        self.stats
    }

    async fn one(&mut self, class: Class) {
        let shared = self.shared.clone();
        match class {
            Class::PostList => {
                let path = match self.rng.random_range(0..10) {
                    0..4 => "/api/v1/posts?limit=20".to_string(),
                    4..7 if !shared.cursors.is_empty() => format!("/api/v1/posts?limit=20&cursor={}", self.pick(&shared.cursors)),
                    7..9 if !shared.tag_slugs.is_empty() => format!("/api/v1/posts?limit=20&tag={}", self.pick(&shared.tag_slugs)),
                    _ if !shared.series_slugs.is_empty() => format!("/api/v1/posts?limit=20&series={}", self.pick(&shared.series_slugs)),
                    _ => "/api/v1/posts?limit=20".to_string(),
                };
                self.get(class, &path).await;
            }
            Class::Post => {
                let path = format!("/api/v1/posts/{}", self.pick(&shared.post_slugs));
                self.get(class, &path).await;
            }
            Class::Series => {
                let path = if shared.series_slugs.is_empty() || self.rng.random_range(0..10) < 3 {
                    "/api/v1/series".to_string()
                } else {
                    format!("/api/v1/series/{}", self.pick(&shared.series_slugs))
                };
                self.get(class, &path).await;
            }
            Class::Tags => self.get(class, "/api/v1/tags").await,
            Class::Feeds => self.feed().await,
            Class::SignedIn => self.signed_in_read().await,
            Class::SignIn => {
                let i = self.rng.random_range(0..self.readers.len());
                if self.rng.random_range(0..4) == 0 {
                    self.refresh(i).await;
                } else {
                    self.sign_in(i).await;
                }
            }
            Class::AdminRead => {
                let Some(token) = self.admin_token().await else { return };
                let path = match self.rng.random_range(0..3) {
                    0 => "/api/v1/admin/posts?limit=20",
                    1 => "/api/v1/admin/posts?limit=20&status=draft",
                    _ => "/api/v1/admin/jobs",
                };
                let request = shared.http.get(shared.url(path)).bearer_auth(token);
                self.send(class, &format!("GET {path}"), request, false).await;
            }
            Class::AdminWrite => {
                self.admin_write().await;
            }
        }
    }

    async fn feed(&mut self) {
        let shared = self.shared.clone();
        let path = match self.rng.random_range(0..10) {
            0..3 => "/feed.xml".to_string(),
            3..5 => "/atom.xml".to_string(),
            5 => "/sitemap.xml".to_string(),
            6 => "/robots.txt".to_string(),
            7..9 if !shared.tag_slugs.is_empty() => format!("/tags/{}/feed.xml", self.pick(&shared.tag_slugs)),
            _ if !shared.series_slugs.is_empty() => format!("/series/{}/feed.xml", self.pick(&shared.series_slugs)),
            _ => "/feed.xml".to_string(),
        };
        let mut request = shared.http.get(shared.url(&path));
        // A feed reader polling: about a third of the requests carry the ETag seen last.
        let conditional = self.rng.random_range(0..3) == 0 && self.etags.contains_key(&path);
        if conditional {
            request = request.header(reqwest::header::IF_NONE_MATCH, &self.etags[&path]);
        }
        if let Some((_, headers, _)) = self.send(Class::Feeds, &format!("GET {path}"), request, conditional).await
            && let Some(etag) = headers.get(reqwest::header::ETAG).and_then(|v| v.to_str().ok())
        {
            self.etags.insert(path, etag.to_string());
        }
    }

    async fn signed_in_read(&mut self) {
        let shared = self.shared.clone();
        let i = self.rng.random_range(0..self.readers.len());
        if self.readers[i].session.issued.elapsed() > TOKEN_MAX_AGE && !self.sign_in(i).await {
            return;
        }
        let path = match self.rng.random_range(0..10) {
            0..4 => "/api/v1/auth/me".to_string(),
            4..6 => "/api/v1/me/settings".to_string(),
            _ => format!("/api/v1/posts/{}", self.pick(&shared.post_slugs)),
        };
        let request = shared.http.get(shared.url(&path)).bearer_auth(&self.readers[i].session.access);
        self.send(Class::SignedIn, &format!("GET {path} (reader)"), request, false).await;
    }

    async fn sign_in(&mut self, i: usize) -> bool {
        let request = self
            .shared
            .http
            .post(self.shared.url("/api/v1/auth/login"))
            .json(&json!({"email": self.readers[i].email, "password": READER_PASSWORD}));
        match self.send_json(Class::SignIn, "POST /api/v1/auth/login", request).await.and_then(|v| session_of(&v)) {
            Some(session) => {
                self.readers[i].session = session;
                true
            }
            None => false,
        }
    }

    async fn refresh(&mut self, i: usize) {
        let request = self
            .shared
            .http
            .post(self.shared.url("/api/v1/auth/refresh"))
            .json(&json!({"refresh_token": self.readers[i].session.refresh}));
        if let Some(session) = self.send_json(Class::SignIn, "POST /api/v1/auth/refresh", request).await.and_then(|v| session_of(&v)) {
            self.readers[i].session = session;
        }
    }

    async fn admin_token(&mut self) -> Option<String> {
        if let Some(s) = &self.admin
            && s.issued.elapsed() < TOKEN_MAX_AGE
        {
            return Some(s.access.clone());
        }
        let request = self
            .shared
            .http
            .post(self.shared.url("/api/v1/auth/login"))
            .json(&json!({"email": self.shared.admin_email, "password": self.shared.admin_password}));
        let session = self.send_json(Class::SignIn, "POST /api/v1/auth/login (admin)", request).await.and_then(|v| session_of(&v))?;
        let access = session.access.clone();
        self.admin = Some(session);
        Some(access)
    }

    /// One step of the admin post's life; false when it failed.
    async fn admin_write(&mut self) -> bool {
        let Some(token) = self.admin_token().await else { return false };
        let shared = self.shared.clone();
        let class = Class::AdminWrite;
        let flow = std::mem::replace(&mut self.flow, Flow::Idle);
        let next = match flow {
            Flow::Idle => {
                self.posts_made += 1;
                let n = self.posts_made;
                let mut tags: Vec<String> = Vec::new();
                for _ in 0..2 {
                    if !shared.tag_names.is_empty() {
                        let t = self.pick(&shared.tag_names).clone();
                        if !tags.contains(&t) {
                            tags.push(t);
                        }
                    }
                }
                let body = json!({
                    "title": format!("Soak post {} by task {} ({})", n, self.id, shared.run_id),
                    "slug": format!("soak-{}-{}-{}", shared.run_id, self.id, n),
                    "summary": "A post the soak test writes, publishes and deletes again.",
                    "markdown": post_markdown(n, 1),
                    "tags": tags,
                    "difficulty": "intermediate",
                });
                let request = shared.http.post(shared.url("/api/v1/admin/posts")).bearer_auth(&token).json(&body);
                self.send_json(class, "POST /api/v1/admin/posts", request)
                    .await
                    .and_then(|v| v["id"].as_str().map(String::from))
                    .map(Flow::Draft)
            }
            Flow::Draft(id) => {
                let body = json!({"title": format!("Soak post {} by task {} (revised)", self.posts_made, self.id), "markdown": post_markdown(self.posts_made, 2)});
                let request = shared.http.patch(shared.url(&format!("/api/v1/admin/posts/{id}"))).bearer_auth(&token).json(&body);
                self.send(class, "PATCH /api/v1/admin/posts/{id}", request, false).await.map(|_| Flow::Updated(id))
            }
            Flow::Updated(id) => {
                let request = shared.http.post(shared.url(&format!("/api/v1/admin/posts/{id}/publish"))).bearer_auth(&token);
                self.send(class, "POST /api/v1/admin/posts/{id}/publish", request, false).await.map(|_| Flow::Published(id))
            }
            Flow::Published(id) => {
                let request = shared.http.post(shared.url(&format!("/api/v1/admin/posts/{id}/unpublish"))).bearer_auth(&token);
                self.send(class, "POST /api/v1/admin/posts/{id}/unpublish", request, false).await.map(|_| Flow::Unpublished(id))
            }
            Flow::Unpublished(id) => {
                let request = shared.http.delete(shared.url(&format!("/api/v1/admin/posts/{id}"))).bearer_auth(&token);
                self.send(class, "DELETE /api/v1/admin/posts/{id}", request, false).await.map(|_| Flow::Idle)
            }
        };
        // After a failed step the post is abandoned; the error is already counted.
        match next {
            Some(flow) => {
                self.flow = flow;
                true
            }
            None => false,
        }
    }
}

fn session_of(v: &Value) -> Option<Session> {
    Some(Session { access: v["access_token"].as_str()?.to_string(), refresh: v["refresh_token"].as_str()?.to_string(), issued: Instant::now() })
}

fn post_markdown(n: u64, revision: u32) -> String {
    let mut md = format!("# Soak post {n}, revision {revision}\n\nA generated post with some prose and code.\n\n");
    for section in 1..=4 {
        md.push_str(&format!(
            "## Section {section}\n\nKeyset pagination keeps page {section}0,000 as fast as the first page, \
             because the query seeks to the last key it saw instead of counting rows.\n\n\
             ```python\ndef page(after, limit={section}0):\n    return db.query(\"select * from posts where id > %s order by id limit %s\", after, limit)\n```\n\n"
        ));
    }
    md
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    f64::from(sorted[i]) / 1000.0
}

fn ms(v: f64) -> String {
    if v >= 100.0 { format!("{v:.0} ms") } else { format!("{v:.2} ms") }
}

async fn expect_json(response: reqwest::Response, what: &str) -> anyhow::Result<Value> {
    let status = response.status();
    let body = response.text().await?;
    anyhow::ensure!(status.is_success(), "{what} answered {status}: {body}");
    Ok(serde_json::from_str(&body)?)
}

/// Every published post slug, and the list's cursors on the way.
async fn discover(http: &reqwest::Client, base: &str) -> anyhow::Result<(Vec<String>, Vec<String>, Vec<(String, String)>, Vec<String>)> {
    let (mut slugs, mut cursors) = (Vec::new(), Vec::new());
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{base}/api/v1/posts?limit=100");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = expect_json(http.get(&url).send().await?, "GET /api/v1/posts").await?;
        for item in page["items"].as_array().into_iter().flatten() {
            slugs.extend(item["slug"].as_str().map(String::from));
        }
        match page["next_cursor"].as_str() {
            Some(next) if slugs.len() < 100_000 => {
                cursors.push(next.to_string());
                cursor = Some(next.to_string());
            }
            _ => break,
        }
    }
    let tags = expect_json(http.get(format!("{base}/api/v1/tags")).send().await?, "GET /api/v1/tags").await?;
    let tags = tags
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| Some((t["slug"].as_str()?.to_string(), t["name"].as_str()?.to_string())))
        .collect();
    let series = expect_json(http.get(format!("{base}/api/v1/series?limit=100")).send().await?, "GET /api/v1/series").await?;
    let series = series["items"].as_array().into_iter().flatten().filter_map(|s| s["slug"].as_str().map(String::from)).collect();
    Ok((slugs, cursors, tags, series))
}

async fn register_readers(http: &reqwest::Client, base: &str, run_id: &str, n: usize) -> anyhow::Result<Vec<Reader>> {
    stream::iter(0..n)
        .map(|i| async move {
            let email = format!("soak-reader-{i}-{run_id}@soak.test");
            let response = http
                .post(format!("{base}/api/v1/auth/register"))
                .json(&json!({"email": email, "password": READER_PASSWORD, "display_name": format!("Soak reader {i}")}))
                .send()
                .await?;
            let tokens = expect_json(response, "POST /api/v1/auth/register").await?;
            let session = session_of(&tokens).ok_or_else(|| anyhow::anyhow!("register answered no tokens: {tokens}"))?;
            Ok::<_, anyhow::Error>(Reader { email, session })
        })
        .buffered(8)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

async fn admin_login(http: &reqwest::Client, shared: &Shared) -> anyhow::Result<String> {
    let response = http
        .post(shared.url("/api/v1/auth/login"))
        .json(&json!({"email": shared.admin_email, "password": shared.admin_password}))
        .send()
        .await?;
    let answer = expect_json(response, "POST /api/v1/auth/login (admin)").await?;
    Ok(session_of(&answer).ok_or_else(|| anyhow::anyhow!("the admin sign-in answered no token: {answer}"))?.access)
}

/// The queues after the load: waits until nothing is pending (twice in a row), then
/// returns the last overview and how long it took.
async fn drain(http: &reqwest::Client, shared: &Shared, token: &str, timeout: Duration) -> anyhow::Result<(Value, Duration, bool)> {
    let started = Instant::now();
    let mut empty_in_a_row = 0;
    let mut last = String::new();
    loop {
        let overview = expect_json(http.get(shared.url("/api/v1/admin/jobs")).bearer_auth(token).send().await?, "GET /api/v1/admin/jobs").await?;
        let queues = overview["queues"].as_array().cloned().unwrap_or_default();
        let pending: u64 = queues.iter().map(|q| q["pending"].as_u64().unwrap_or(0)).sum();
        let waiting: Vec<String> = queues
            .iter()
            .filter(|q| q["pending"].as_u64().unwrap_or(0) > 0)
            .map(|q| format!("{} {}", q["job"].as_str().unwrap_or("?"), q["pending"]))
            .collect();
        let now = waiting.join(", ");
        if pending > 0 && now != last {
            println!("    {:5.1} s: pending {now}", started.elapsed().as_secs_f64());
        }
        last = now;
        empty_in_a_row = if pending == 0 { empty_in_a_row + 1 } else { 0 };
        if empty_in_a_row >= 2 {
            return Ok((overview, started.elapsed(), true));
        }
        if started.elapsed() > timeout {
            return Ok((overview, started.elapsed(), false));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

fn stat_of(queue: &Value, name: &str) -> String {
    queue["stats"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .and_then(|s| s["value"].as_str())
        .unwrap_or("-")
        .to_string()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let weights = parse_mix(&args.mix)?;
    let base = args.base_url.trim_end_matches('/').to_string();
    let connections = args.connections.max(1);
    let readers_n = args.readers.max(connections);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build()?;
    let run_id = format!("{:x}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs());

    let (post_slugs, cursors, tags, series_slugs) = discover(&http, &base).await?;
    anyhow::ensure!(!post_slugs.is_empty(), "the server has no published posts; seed it first");
    println!("==> {} published posts, {} tags, {} series", post_slugs.len(), tags.len(), series_slugs.len());
    let setup = Instant::now();
    let mut readers = register_readers(&http, &base, &run_id, readers_n).await?;
    println!("==> registered {readers_n} readers in {:.1} s", setup.elapsed().as_secs_f64());

    let warmup_end = Instant::now() + Duration::from_secs(args.warmup);
    let timed_end = warmup_end + Duration::from_secs(args.duration);
    let shared = Arc::new(Shared {
        http: http.clone(),
        base: base.clone(),
        admin_email: args.admin_email.clone(),
        admin_password: args.admin_password.clone(),
        post_slugs,
        cursors,
        tag_slugs: tags.iter().map(|(s, _)| s.clone()).collect(),
        tag_names: tags.into_iter().map(|(_, n)| n).collect(),
        series_slugs,
        weights,
        run_id,
        warmup_end,
        timed_end,
        error_samples: Mutex::new(Vec::new()),
    });
    let total_weight: u32 = weights.iter().sum();
    println!(
        "==> {connections} connections: {} s warm-up, then {} s measured; mix {}",
        args.warmup,
        args.duration,
        Class::ALL.iter().zip(weights).map(|(c, w)| format!("{}={w}", c.name())).collect::<Vec<_>>().join(",")
    );

    // Reader i belongs to task i % connections.
    let mut owned: Vec<Vec<Reader>> = (0..connections).map(|_| Vec::new()).collect();
    for (i, reader) in readers.drain(..).enumerate() {
        owned[i % connections].push(reader);
    }
    let seed: u64 = rand::rng().random();
    let tasks: Vec<_> = owned
        .into_iter()
        .enumerate()
        .map(|(id, readers)| {
            let task = Task {
                shared: shared.clone(),
                id,
                rng: SmallRng::seed_from_u64(seed ^ (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                readers,
                admin: None,
                flow: Flow::Idle,
                posts_made: 0,
                etags: HashMap::new(),
                stats: Default::default(),
            };
            tokio::spawn(task.run())
        })
        .collect();

    let marker = |name: &str| {
        if let Some(dir) = &args.phase_dir
            && let Err(e) = std::fs::write(dir.join(name), "")
        {
            eprintln!("cannot write the {name} marker in {}: {e}", dir.display());
        }
    };
    tokio::time::sleep_until(warmup_end.into()).await;
    marker("timed");
    println!("==> warm-up over; measuring");
    tokio::time::sleep_until(timed_end.into()).await;
    marker("done");
    println!("==> load over; finishing in-flight requests and removing the soak posts");

    let mut phases: [Stats; 3] = Default::default();
    for task in tasks {
        for (mine, theirs) in phases.iter_mut().zip(task.await?) {
            mine.merge(theirs);
        }
    }
    let [warmup, mut timed, after] = phases;
    let secs = args.duration.max(1) as f64;

    println!();
    println!("| class | weight | requests | errors | req/s | p50 | p99 | max |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut all: Vec<u32> = Vec::new();
    for (c, stats) in Class::ALL.iter().zip(timed.classes.iter_mut()) {
        stats.latencies.sort_unstable();
        all.extend_from_slice(&stats.latencies);
        let w = weights[*c as usize];
        println!(
            "| {} | {:.1}% | {} | {} | {:.1} | {} | {} | {} |",
            c.name(),
            f64::from(w) * 100.0 / f64::from(total_weight),
            stats.requests,
            stats.errors,
            stats.requests as f64 / secs,
            ms(percentile(&stats.latencies, 0.50)),
            ms(percentile(&stats.latencies, 0.99)),
            ms(stats.latencies.last().map_or(0.0, |v| f64::from(*v) / 1000.0)),
        );
    }
    all.sort_unstable();
    println!(
        "| **total** | 100% | {} | {} | {:.1} | {} | {} | {} |",
        timed.requests(),
        timed.errors(),
        timed.requests() as f64 / secs,
        ms(percentile(&all, 0.50)),
        ms(percentile(&all, 0.99)),
        ms(all.last().map_or(0.0, |v| f64::from(*v) / 1000.0)),
    );
    drop(all);
    println!();
    for c in Class::ALL {
        println!("- {}: {}", c.name(), c.describe());
    }
    let not_modified: u64 = timed.classes.iter().map(|c| c.not_modified).sum();
    println!();
    println!("304 Not Modified to conditional feed requests (expected): {not_modified}");
    println!("warm-up: {} requests, {} errors; after the load (cleanup): {} requests, {} errors", warmup.requests(), warmup.errors(), after.requests(), after.errors());

    let token = admin_login(&http, &shared).await?;
    let (overview, waited, drained) = drain(&http, &shared, &token, Duration::from_secs(args.drain_timeout)).await?;
    let dead_list = expect_json(
        http.get(shared.url("/api/v1/admin/jobs/dead?limit=10")).bearer_auth(&token).send().await?,
        "GET /api/v1/admin/jobs/dead",
    )
    .await?;
    println!();
    println!("job queue ({} backend) {} after {:.1} s:", overview["backend"].as_str().unwrap_or("?"), if drained { "drained" } else { "NOT drained" }, waited.as_secs_f64());
    println!();
    println!("| job | pending | dead | done |");
    println!("|---|---:|---:|---:|");
    let mut dead_total = 0;
    for q in overview["queues"].as_array().into_iter().flatten() {
        let dead = q["dead"].as_u64().unwrap_or(0);
        dead_total += dead;
        println!("| {} | {} | {} | {} |", q["job"].as_str().unwrap_or("?"), q["pending"].as_u64().unwrap_or(0), dead, stat_of(q, "DONE_JOBS"));
    }
    let dead_items = dead_list["items"].as_array().map_or(0, Vec::len);

    let errors = warmup.errors() + timed.errors() + after.errors();
    let samples = shared.error_samples.lock().unwrap().clone();
    if !samples.is_empty() {
        println!();
        println!("first errors:");
        for s in samples {
            println!("  {s}");
        }
    }
    let mut failures = Vec::new();
    if errors > 0 {
        failures.push(format!("{errors} failed requests"));
    }
    if !drained {
        failures.push(format!("the job queues did not drain within {} s", args.drain_timeout));
    }
    if dead_total > 0 || dead_items > 0 {
        failures.push(format!("{} dead jobs: {}", dead_total.max(dead_items as u64), dead_list["items"]));
    }
    println!();
    if failures.is_empty() {
        println!("==> soak load passed: {} requests, 0 errors, queues drained, no dead jobs", timed.requests() + warmup.requests() + after.requests());
        Ok(())
    } else {
        anyhow::bail!("soak load failed: {}", failures.join("; "))
    }
}
