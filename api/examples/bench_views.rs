//! Page-view recording under load, for `make bench`: `POST /api/v1/views` from a browser
//! (a Firefox user agent), from BENCH_CONNECTIONS connections (default 32) for BENCH_SECONDS
//! (default 10), first with recording on and then with `ANALYTICS=off`, the server in
//! process. Requests per second and latency for each, then the cost of recording. After the
//! recorded load the server is stopped as SIGTERM stops it (running requests finish, then
//! the batcher stores what it holds), and the views answered 202 are counted against the
//! rows stored: every view taken into the queue must be stored (a full queue drops views,
//! counted, rather than slow the beacon; the figure shows how many).
//!
//! Prints one markdown table row per figure.
//!
//!   DATABASE_URL=sqlite://…?mode=rwc cargo run --profile bench-release --example bench_views
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use lectern::{
    config::{Settings, Source},
    db,
    entities::page_views,
    startup::Application,
};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SLUG: &str = "much-read-post";

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string())
}

fn settings(database_url: &str, analytics: bool) -> anyhow::Result<Settings> {
    let pairs = [
        ("DATABASE_URL", database_url.to_string()),
        ("BIND", "127.0.0.1:0".into()),
        ("PUBLIC_URL", "https://bench.test".into()),
        ("JWT_SECRET", "bench-secret-that-is-long-enough-for-hs256".into()),
        ("JOB_SCHEDULER", "false".into()),
        // The beacon alone: no job worker competing for the two cores.
        ("EMBEDDED_WORKER", "false".into()),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "0".into()),
        ("RATE_LIMIT_ANONYMOUS_PER_HOUR", "0".into()),
        ("RATE_LIMIT_USER_PER_HOUR", "0".into()),
        ("LECTERN_MODEL_DIR", "/nonexistent/no-model".into()),
        ("ANALYTICS", if analytics { "on" } else { "off" }.into()),
    ];
    Ok(Settings::load(&Source::from_pairs(pairs.into_iter().map(|(k, v)| (k.to_string(), v))))?)
}

/// Sends beacons from `connections` loops for `seconds`: (per second, p50, p99, answered 202).
async fn load(http: &reqwest::Client, base: &str, connections: usize, seconds: u64) -> anyhow::Result<(f64, Duration, Duration, u64)> {
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let accepted = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..connections)
        .map(|c| {
            let (http, url, accepted) = (http.clone(), format!("{base}/api/v1/views"), accepted.clone());
            // One reader per connection, each arriving from a different site.
            let body = json!({"slug": SLUG, "referrer": format!("https://site-{}.example/page", c % 8)});
            let ua = format!("{FIREFOX} reader-{c}");
            tokio::spawn(async move {
                let mut took = Vec::new();
                while Instant::now() < until {
                    let t = Instant::now();
                    let res = http.post(&url).header(reqwest::header::USER_AGENT, &ua).json(&body).send().await?;
                    anyhow::ensure!(res.status() == reqwest::StatusCode::ACCEPTED, "{}", res.status());
                    res.bytes().await?;
                    took.push(t.elapsed());
                    accepted.fetch_add(1, Ordering::Relaxed);
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
    Ok((all.len() as f64 / elapsed, at(0.50), at(0.99), accepted.load(Ordering::Relaxed)))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lectern::install_crypto_provider();
    // RUST_LOG=lectern::analytics=debug shows each batch the recorder stores.
    lectern::telemetry::init();
    let database_url = std::env::var("DATABASE_URL").map_err(|_| anyhow::anyhow!("set DATABASE_URL (an empty database)"))?;
    let backend = if database_url.starts_with("postgres") { "postgres" } else { "sqlite" };
    let connections: usize = env_or("BENCH_CONNECTIONS", "32").parse()?;
    let seconds: u64 = env_or("BENCH_SECONDS", "10").parse()?;
    let conn = db::connect_url(&database_url).await?;
    db::migrate(&conn).await?;
    let http = reqwest::Client::builder().pool_max_idle_per_host(connections).build()?;

    let mut rows = Vec::new();
    let mut rates = Vec::new();
    for analytics in [true, false] {
        // A pool of the app's own: its connections stop with the HTTP workers that opened them,
        // and `conn` still has to count the rows afterwards.
        let app = Application::build_with_db(settings(&database_url, analytics)?, db::connect_url(&database_url).await?).await?;
        let state = app.state().clone();
        let base = format!("http://127.0.0.1:{}", app.port());
        let handle = app.handle();
        let served = tokio::spawn(app.run_until_stopped());
        if analytics {
            lectern::auth::service::create_admin(&state.db, &state.passwords, "views@bench.test", "views-bench-password").await?;
            let login: serde_json::Value =
                http.post(format!("{base}/api/v1/auth/login")).json(&json!({"email": "views@bench.test", "password": "views-bench-password"})).send().await?.json().await?;
            let token = login["access_token"].as_str().unwrap_or_default();
            let post = json!({"title": "Much read", "slug": SLUG, "markdown": "A post everyone reads.", "published_at": chrono::Utc::now()});
            http.post(format!("{base}/api/v1/admin/posts")).bearer_auth(token).json(&post).send().await?.error_for_status()?;
        }
        let before = page_views::Entity::find().count(&conn).await?;
        let (rate, p50, p99, accepted) = load(&http, &base, connections, seconds).await?;
        // As SIGTERM does: requests finish, then the batcher stores what it holds.
        handle.stop(true).await;
        served.await??;
        let stored = page_views::Entity::find().count(&conn).await? - before;
        let (queued, dropped, _) = state.analytics.counts();
        let label = if analytics { "recording on" } else { "`ANALYTICS=off`" };
        rows.push(format!("| {backend} | `POST /api/v1/views`, {label}, {connections} connections | {rate:.0} req/s | {} | {} |", ms(p50), ms(p99)));
        rows.push(format!(
            "| {backend} | {label}: views answered 202 / queued / dropped (queue full) / stored after the graceful stop | {accepted} / {queued} / {dropped} / {stored} | | |"
        ));
        // Every view taken into the queue is stored: a full queue sheds load, a stop loses nothing.
        let lost = if analytics { queued != stored || queued + dropped != accepted } else { stored != 0 };
        if lost {
            for row in &rows {
                println!("{row}");
            }
            anyhow::bail!("{backend} {label}: {accepted} answered, {queued} queued, {dropped} dropped, {stored} stored");
        }
        rates.push(rate);
    }
    rows.push(format!("| {backend} | recording on: {:.1}% of the requests per second with `ANALYTICS=off` | | | |", rates[0] / rates[1] * 100.0));
    for row in rows {
        println!("{row}");
    }
    Ok(())
}
