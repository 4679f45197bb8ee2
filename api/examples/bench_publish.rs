//! Publishing in a burst, for `make bench`: BENCH_PUBLISH posts (default 10,000) created
//! already published through the admin API, 8 at a time (pairs share a title and new tags, as
//! an import script would send them), against a server running its embedded worker. Prints
//! how long the burst took, how long the worker needed to go idle after it, how many feed and
//! sitemap rebuilds and purge batches ran, and checks the sitemap and the feed are complete.
//!
//!   DATABASE_URL=sqlite://…?mode=rwc cargo run --profile bench-release --example bench_publish
//!
//! Without the embedding model (embedding 10,000 posts is real work measured elsewhere, not
//! a storm of duplicate jobs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use lectern::{
    config::{Settings, Source},
    db,
    startup::Application,
};
use serde_json::{Value, json};

const PARALLEL: usize = 8;
const TAGS: [&str; 10] = ["python", "rust", "sql", "testing", "async", "performance", "web", "types", "memory", "tooling"];

fn settings(database_url: &str, redis_url: Option<&str>) -> anyhow::Result<Settings> {
    let mut pairs = vec![
        ("DATABASE_URL", database_url.to_string()),
        ("BIND", "127.0.0.1:0".into()),
        ("PUBLIC_URL", "https://bench.test".into()),
        ("JWT_SECRET", "bench-secret-that-is-long-enough-for-hs256".into()),
        ("JOB_SCHEDULER", "false".into()),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "0".into()),
        ("RATE_LIMIT_ANONYMOUS_PER_HOUR", "0".into()),
        ("RATE_LIMIT_USER_PER_HOUR", "0".into()),
        ("LECTERN_MODEL_DIR", "/nonexistent/no-model".into()),
        // Purges go to a closed port: each batch is one failed call, retried, then dead.
        ("PURGE_URL", "http://127.0.0.1:9/purge".into()),
    ];
    if let Some(url) = redis_url {
        pairs.push(("REDIS_URL", url.to_string()));
    }
    Ok(Settings::load(&Source::from_pairs(pairs.into_iter().map(|(k, v)| (k.to_string(), v))))?)
}

fn markdown(i: usize) -> String {
    let mut body = format!("## Part {i}\n\n");
    while body.len() < 2_500 {
        body.push_str("A paragraph of the kind a technical post has, long enough to look real in a feed. ");
    }
    body
}

/// Pending jobs over every kind, and the counters of the sitemap and revalidate queues.
async fn queues(http: &reqwest::Client, base: &str, token: &str) -> anyhow::Result<(u64, Vec<String>)> {
    let overview: Value = http.get(format!("{base}/api/v1/admin/jobs")).bearer_auth(token).send().await?.json().await?;
    let queues = overview["queues"].as_array().ok_or_else(|| anyhow::anyhow!("no queues in {overview}"))?;
    let pending = queues.iter().map(|q| q["pending"].as_u64().unwrap_or(0)).sum();
    let counters = queues
        .iter()
        .filter(|q| q["job"] == "sitemap" || q["job"] == "revalidate")
        .map(|q| {
            let stats: Vec<String> = q["stats"].as_array().into_iter().flatten().map(|s| format!("{}={}", s["name"].as_str().unwrap_or("?"), s["value"])).collect();
            format!("{}: {}", q["job"].as_str().unwrap_or("?"), stats.join(" "))
        })
        .collect();
    Ok((pending, counters))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lectern::install_crypto_provider();
    let database_url = std::env::var("DATABASE_URL").map_err(|_| anyhow::anyhow!("set DATABASE_URL (an empty database)"))?;
    let redis_url = std::env::var("REDIS_URL").ok().filter(|u| !u.is_empty());
    let n: usize = std::env::var("BENCH_PUBLISH").unwrap_or_else(|_| "10000".into()).parse()?;
    let conn = db::connect_url(&database_url).await?;
    db::migrate(&conn).await?;
    let app = Application::build_with_db(settings(&database_url, redis_url.as_deref())?, conn).await?;
    let state = app.state().clone();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    lectern::auth::service::create_admin(&state.db, &state.passwords, "burst@bench.test", "burst-bench-password").await?;

    let http = reqwest::Client::new();
    let login: Value = http.post(format!("{base}/api/v1/auth/login")).json(&json!({"email": "burst@bench.test", "password": "burst-bench-password"})).send().await?.json().await?;
    let token = login["access_token"].as_str().ok_or_else(|| anyhow::anyhow!("login failed: {login}"))?.to_string();

    let started = Instant::now();
    let failures: Vec<String> = stream::iter(0..n)
        .map(|i| {
            let (http, base, token) = (http.clone(), base.clone(), token.clone());
            async move {
                let body = json!({
                    "title": format!("Burst post {}", i / 2),
                    "markdown": markdown(i),
                    "tags": [TAGS[i % TAGS.len()], format!("burst-{}", i / 2)],
                    "published_at": chrono::Utc::now(),
                });
                let res = http.post(format!("{base}/api/v1/admin/posts")).bearer_auth(&token).json(&body).send().await.map_err(|e| e.to_string())?;
                if res.status().is_success() { Ok(()) } else { Err(format!("{}: {}", res.status(), res.text().await.unwrap_or_default())) }
            }
        })
        .buffer_unordered(PARALLEL)
        .filter_map(|r| async move { r.err() })
        .collect()
        .await;
    let burst = started.elapsed();
    anyhow::ensure!(failures.is_empty(), "{} of {n} creates failed, first: {}", failures.len(), failures[0]);

    let burst_end = Instant::now();
    let (mut idle_for, mut counters) = (0, Vec::new());
    while idle_for < 3 {
        anyhow::ensure!(burst_end.elapsed() < Duration::from_secs(600), "the worker was still busy 10 minutes after the burst");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (pending, c) = queues(&http, &base, &token).await?;
        counters = c;
        idle_for = if pending == 0 { idle_for + 1 } else { 0 };
    }
    // The last three polls were idle: it went idle at the first of them.
    let idle_after = burst_end.elapsed().saturating_sub(Duration::from_millis(1_500));

    let sitemap = http.get(format!("{base}/sitemap.xml")).send().await?.text().await?;
    let listed = sitemap.matches("<loc>https://bench.test/posts/").count();
    anyhow::ensure!(listed == n, "the sitemap lists {listed} posts, not {n}");
    let feed = http.get(format!("{base}/feed.xml")).send().await?.text().await?;
    anyhow::ensure!(feed.contains(&format!("Burst post {}", (n - 1) / 2)), "the feed misses the newest posts");

    println!(
        "| {n} posts created published, {PARALLEL} at a time | {:.0} posts/s ({:.1} s) | worker idle {:.1} s after the burst; sitemap lists all {listed}; {} |",
        n as f64 / burst.as_secs_f64(),
        burst.as_secs_f64(),
        idle_after.as_secs_f64(),
        counters.join("; ")
    );
    Ok(())
}
