//! The community read path, for `make bench`: a post with BENCH_COMMENTS comments (default
//! 1,000: 200 threads of a comment and four replies, written through the API), then
//!
//! * a signed-in reader's post page as the SPA loads it: the post (through the page cache),
//!   the reader's own state of it (bookmark, progress, reactions) and the first page of
//!   comment threads, the three requests at once, from BENCH_CONNECTIONS readers (default 32)
//!   for BENCH_SECONDS (default 10): pages per second and page latency (the slowest of the
//!   three);
//! * the first page of comment threads alone, at the same concurrency;
//! * the database queries one first page costs, at 10 comments and at BENCH_COMMENTS.
//!
//! Prints one markdown table row per figure.
//!
//!   DATABASE_URL=sqlite://…?mode=rwc cargo run --profile bench-release --example bench_community
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use futures_util::{StreamExt, stream};
use lectern::{
    config::{Settings, Source},
    db,
    startup::Application,
};
use serde_json::{Value, json};

const THREADS_PER_COMMENTER: usize = 10;
const REPLIES_PER_THREAD: usize = 4;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string())
}

fn settings(database_url: &str) -> anyhow::Result<Settings> {
    let pairs = [
        ("DATABASE_URL", database_url.to_string()),
        ("BIND", "127.0.0.1:0".into()),
        ("PUBLIC_URL", "https://bench.test".into()),
        ("JWT_SECRET", "bench-secret-that-is-long-enough-for-hs256".into()),
        ("JOB_SCHEDULER", "false".into()),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "0".into()),
        ("RATE_LIMIT_ANONYMOUS_PER_HOUR", "0".into()),
        ("RATE_LIMIT_USER_PER_HOUR", "0".into()),
        ("LECTERN_MODEL_DIR", "/nonexistent/no-model".into()),
        ("COMMENT_HOLD", "none".into()),
        ("COMMENT_RATE_PER_10_MINUTES", "100000".into()),
    ];
    Ok(Settings::load(&Source::from_pairs(pairs.into_iter().map(|(k, v)| (k.to_string(), v))))?)
}

struct Bench {
    http: reqwest::Client,
    base: String,
}

impl Bench {
    async fn json(&self, req: reqwest::RequestBuilder) -> anyhow::Result<Value> {
        let res = req.send().await?;
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        anyhow::ensure!(status.is_success(), "{status}: {body}");
        Ok(body)
    }

    async fn register(&self, email: &str) -> anyhow::Result<String> {
        let body = json!({"email": email, "password": "bench-reader-password", "display_name": email.split('@').next().unwrap_or("Reader")});
        let tokens = self.json(self.http.post(format!("{}/api/v1/auth/register", self.base)).json(&body)).await?;
        Ok(tokens["access_token"].as_str().unwrap_or_default().to_string())
    }

    async fn comment(&self, token: &str, slug: &str, text: String, parent: Option<&str>) -> anyhow::Result<String> {
        let body = match parent {
            Some(p) => json!({"markdown": text, "parent_id": p}),
            None => json!({"markdown": text}),
        };
        let made = self.json(self.http.post(format!("{}/api/v1/posts/{slug}/comments", self.base)).bearer_auth(token).json(&body)).await?;
        Ok(made["id"].as_str().unwrap_or_default().to_string())
    }

    /// `comments` comments on `slug`: threads of a comment and its replies, from `commenters`.
    async fn thread_comments(&self, commenters: &[String], slug: &str, comments: usize) -> anyhow::Result<()> {
        let threads = comments.div_ceil(1 + REPLIES_PER_THREAD);
        let results: Vec<anyhow::Result<()>> = stream::iter(0..threads)
            .map(|t| async move {
                let token = &commenters[t % commenters.len()];
                let root = self.comment(token, slug, format!("Thread {t} on {slug}: a question about **this** part, with `code`."), None).await?;
                let mut parent = root.clone();
                for r in 0..REPLIES_PER_THREAD.min(comments - t * (1 + REPLIES_PER_THREAD) - 1) {
                    let replier = &commenters[(t + r + 1) % commenters.len()];
                    // Alternate answering the thread and answering the last reply (depth up to 2).
                    let answer_to = if r % 2 == 0 { root.clone() } else { parent.clone() };
                    parent = self.comment(replier, slug, format!("Reply {r} in thread {t} on {slug}."), Some(&answer_to)).await?;
                }
                Ok(())
            })
            .buffer_unordered(8)
            .collect()
            .await;
        results.into_iter().collect()
    }
}

/// Runs `one` from `connections` loops for `seconds`; (per second, p50, p99) of its latency.
async fn load<F, Fut>(connections: usize, seconds: u64, one: F) -> anyhow::Result<(f64, Duration, Duration)>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let one = one.clone();
            tokio::spawn(async move {
                let mut took = Vec::new();
                while Instant::now() < until {
                    let t = Instant::now();
                    one().await?;
                    took.push(t.elapsed());
                }
                anyhow::Ok(took)
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let at = |q: f64| all[((all.len() as f64 - 1.0) * q).round() as usize];
    Ok((all.len() as f64 / elapsed, at(0.50), at(0.99)))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lectern::install_crypto_provider();
    let database_url = std::env::var("DATABASE_URL").map_err(|_| anyhow::anyhow!("set DATABASE_URL (an empty database)"))?;
    let backend = if database_url.starts_with("postgres") { "postgres" } else { "sqlite" };
    let comments: usize = env_or("BENCH_COMMENTS", "1000").parse()?;
    let connections: usize = env_or("BENCH_CONNECTIONS", "32").parse()?;
    let seconds: u64 = env_or("BENCH_SECONDS", "10").parse()?;

    let mut conn = db::connect_url(&database_url).await?;
    db::migrate(&conn).await?;
    let queries = Arc::new(AtomicUsize::new(0));
    let counter = queries.clone();
    conn.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let app = Application::build_with_db(settings(&database_url)?, conn).await?;
    let state = app.state().clone();
    let bench = Arc::new(Bench { http: reqwest::Client::builder().pool_max_idle_per_host(connections * 3).build()?, base: format!("http://127.0.0.1:{}", app.port()) });
    tokio::spawn(app.run_until_stopped());

    lectern::auth::service::create_admin(&state.db, &state.passwords, "community@bench.test", "community-bench-password").await?;
    let login =
        bench.json(bench.http.post(format!("{}/api/v1/auth/login", bench.base)).json(&json!({"email": "community@bench.test", "password": "community-bench-password"}))).await?;
    let admin = login["access_token"].as_str().unwrap_or_default().to_string();
    let markdown = "## Setting up\n\nA paragraph a technical post has, long enough to look real. ".repeat(40);
    for slug in ["busy-post", "quiet-post"] {
        let body = json!({"title": slug, "slug": slug, "markdown": markdown, "tags": ["python", "testing"], "published_at": chrono::Utc::now()});
        bench.json(bench.http.post(format!("{}/api/v1/admin/posts", bench.base)).bearer_auth(&admin).json(&body)).await?;
    }

    let commenters = stream::iter(0..comments.div_ceil(THREADS_PER_COMMENTER * (1 + REPLIES_PER_THREAD)).max(2))
        .then(|i| {
            let bench = bench.clone();
            async move { bench.register(&format!("commenter{i}@bench.test")).await }
        })
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()?;
    let seeding = Instant::now();
    bench.thread_comments(&commenters, "busy-post", comments).await?;
    bench.thread_comments(&commenters, "quiet-post", 10).await?;
    let seeded = seeding.elapsed();

    // The reader whose page it is: a bookmark, some progress, a reaction.
    let reader = bench.register("reader@bench.test").await?;
    let put = |path: &str, body: Option<Value>| {
        let req = bench.http.put(format!("{}/api/v1{path}", bench.base)).bearer_auth(&reader);
        match body {
            Some(b) => req.json(&b),
            None => req,
        }
    };
    put("/me/bookmarks/busy-post", None).send().await?.error_for_status()?;
    put("/me/progress/busy-post", Some(json!({"percent": 40, "active_seconds": 60}))).send().await?.error_for_status()?;
    put("/posts/busy-post/reactions/like", None).send().await?.error_for_status()?;

    // Queries per first page of threads, small and large.
    let mut per_page = Vec::new();
    for slug in ["quiet-post", "busy-post"] {
        let url = format!("{}/api/v1/posts/{slug}/comments", bench.base);
        bench.json(bench.http.get(&url)).await?;
        let before = queries.load(Ordering::Relaxed);
        let page = bench.json(bench.http.get(&url)).await?;
        per_page.push((queries.load(Ordering::Relaxed) - before, page["count"].as_u64().unwrap_or(0)));
    }

    let page_view = {
        let (bench, reader) = (bench.clone(), reader.clone());
        move || {
            let (bench, reader) = (bench.clone(), reader.clone());
            async move {
                let get = |path: &str| bench.http.get(format!("{}/api/v1{path}", bench.base)).bearer_auth(&reader).send();
                let (post, states, threads) = tokio::join!(get("/posts/busy-post"), get("/me/post-states?slugs=busy-post"), get("/posts/busy-post/comments?limit=20"));
                for res in [post?, states?, threads?] {
                    anyhow::ensure!(res.status().is_success(), "{}", res.status());
                    res.bytes().await?;
                }
                Ok(())
            }
        }
    };
    let (pages, page_p50, page_p99) = load(connections, seconds, page_view).await?;
    let first_page = {
        let bench = bench.clone();
        move || {
            let bench = bench.clone();
            async move {
                let res = bench.http.get(format!("{}/api/v1/posts/busy-post/comments?limit=20", bench.base)).send().await?;
                anyhow::ensure!(res.status().is_success(), "{}", res.status());
                res.bytes().await?;
                Ok(())
            }
        }
    };
    let (firsts, first_p50, first_p99) = load(connections, seconds, first_page).await?;

    println!("| {backend} | signed-in post page (post + my state + first 20 threads, at once), {comments} comments | {pages:.0} pages/s | {} | {} |", ms(page_p50), ms(page_p99));
    println!("| {backend} | first page of threads, {comments} comments | {firsts:.0} req/s | {} | {} |", ms(first_p50), ms(first_p99));
    println!("| {backend} | queries for the first page of threads: {} at {} comments, {} at {} | | | |", per_page[0].0, per_page[0].1, per_page[1].0, per_page[1].1);
    eprintln!("seeded {comments} comments through the API in {:.1} s", seeded.as_secs_f64());
    Ok(())
}
