//! Stripe webhook figures for `make bench`, against the Stripe stand-in:
//! 1. how fast `POST /api/v1/billing/webhook` acknowledges signed events (verify the
//!    signature, record the event, queue its job), with no worker running;
//! 2. how many of those events one worker process then applies per second (each job fetches
//!    the subscription back from Stripe over HTTP and stores it in a transaction).
//!
//!   DATABASE_URL=… [REDIS_URL=…] [BENCH_WEBHOOKS=2000] [BENCH_WEBHOOK_CONCURRENCY=16] \
//!   cargo run --profile bench-release --example bench_webhooks
//!
//! Prints one markdown table row.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![recursion_limit = "512"]

#[path = "../tests/api/stripe_standin.rs"]
mod stripe_standin;

use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use lectern::{
    config::{Settings, Source},
    db,
    entities::billing_events,
    startup::Application,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use stripe_standin::{Price, StandinConfig, StripeStandin};

/// The events go round-robin to this many subscriptions.
const SUBSCRIBERS: usize = 10;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lectern::install_crypto_provider();
    let database_url = std::env::var("DATABASE_URL").map_err(|_| anyhow::anyhow!("set DATABASE_URL"))?;
    let n: usize = env_or("BENCH_WEBHOOKS", "2000").parse()?;
    let concurrency: usize = env_or("BENCH_WEBHOOK_CONCURRENCY", "16").parse()?;

    let standin = StripeStandin::start(StandinConfig {
        api_key: "sk_test_bench".into(),
        webhook_secret: "whsec_bench".into(),
        webhook_url: None,
        prices: vec![
            Price { id: "price_bench_monthly".into(), amount: 800, interval: "month".into() },
            Price { id: "price_bench_yearly".into(), amount: 8000, interval: "year".into() },
        ],
        webhook_delay: Duration::ZERO,
    })
    .await;
    let mut pairs = vec![
        ("DATABASE_URL", database_url.clone()),
        ("BIND", "127.0.0.1:0".into()),
        ("PUBLIC_URL", "https://bench.test".into()),
        ("JWT_SECRET", "bench-secret-that-is-long-enough-for-hs256".into()),
        ("EMBEDDED_WORKER", "false".into()),
        ("JOB_SCHEDULER", "false".into()),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "0".into()),
        ("RATE_LIMIT_ANONYMOUS_PER_HOUR", "0".into()),
        ("RATE_LIMIT_USER_PER_HOUR", "0".into()),
        ("STRIPE_SECRET_KEY", "sk_test_bench".into()),
        ("STRIPE_WEBHOOK_SECRET", "whsec_bench".into()),
        ("STRIPE_API_BASE", standin.base.clone()),
        ("STRIPE_PRICE_MONTHLY", "price_bench_monthly".into()),
        ("STRIPE_PRICE_YEARLY", "price_bench_yearly".into()),
    ];
    if let Ok(redis) = std::env::var("REDIS_URL") {
        pairs.push(("REDIS_URL", redis));
    }
    let settings = Settings::load(&Source::from_pairs(pairs.into_iter().map(|(k, v)| (k.to_string(), v))))?;
    let conn = db::connect_url(&database_url).await?;
    db::migrate(&conn).await?;
    let app = Application::build_with_db(settings, conn.clone()).await?;
    let state = app.state().clone();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    standin.set_webhook_url(&format!("{base}/api/v1/billing/webhook"));

    // Subscribers who went through Checkout; their events are what the benchmark sends.
    let http = reqwest::Client::new();
    let mut subscriptions = Vec::new();
    for _ in 0..SUBSCRIBERS {
        let email = format!("bench-{}@bench.test", uuid::Uuid::new_v4().simple());
        let tokens: Value = http
            .post(format!("{base}/api/v1/auth/register"))
            .json(&json!({"email": email, "password": "bench-password-1", "display_name": "Bench"}))
            .send()
            .await?
            .json()
            .await?;
        let token = tokens["access_token"].as_str().ok_or_else(|| anyhow::anyhow!("register failed: {tokens}"))?;
        let session: Value =
            http.post(format!("{base}/api/v1/billing/checkout")).bearer_auth(token).json(&json!({"plan": "monthly"})).send().await?.json().await?;
        let session_id = session["id"].as_str().ok_or_else(|| anyhow::anyhow!("checkout failed: {session}"))?;
        standin.pay(session_id).await;
        let customer = standin.sessions().into_iter().find(|s| s.id == session_id).unwrap().customer;
        subscriptions.push(standin.subscription_of(&customer).unwrap().id);
    }

    // Every event distinct (its own id), all signed up front so only the endpoint is timed.
    let deliveries: Vec<(String, String)> = (0..n)
        .map(|i| {
            let payload = standin.subscription_event("customer.subscription.updated", &subscriptions[i % SUBSCRIBERS]);
            let header = standin.sign(&payload);
            (payload, header)
        })
        .collect();
    let url = format!("{base}/api/v1/billing/webhook");
    let started = Instant::now();
    let mut latencies: Vec<Duration> = stream::iter(deliveries)
        .map(|(payload, header)| {
            let (http, url) = (http.clone(), url.clone());
            async move {
                let t = Instant::now();
                let res = http.post(url).header("stripe-signature", header).body(payload).send().await.expect("deliver");
                assert!(res.status().is_success(), "webhook answered {}", res.status());
                t.elapsed()
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let ack_elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64() * 1000.0;

    // One worker process applies the backlog (the Checkout events above are part of it).
    let pending = || billing_events::Entity::find().filter(billing_events::Column::State.is_in(["pending", "failed"])).count(&conn);
    let backlog = pending().await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let started = Instant::now();
    let worker = tokio::spawn(lectern::jobs::worker::run(state.clone(), async move {
        let _ = stopped.await;
    }));
    while pending().await? > 0 {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(600), "events were not applied within 10 minutes");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let apply_elapsed = started.elapsed();
    let _ = stop.send(());
    let _ = worker.await;

    let backend = match (state.queue.backend_name(), database_url.starts_with("sqlite:")) {
        ("redis", _) => "redis queue (PostgreSQL data)",
        (_, true) => "sqlite",
        _ => "postgres",
    };
    println!(
        "| {backend} | {n} | {:.0} | {:.2} ms | {:.2} ms | {:.0} |",
        n as f64 / ack_elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        backlog as f64 / apply_elapsed.as_secs_f64()
    );
    Ok(())
}
