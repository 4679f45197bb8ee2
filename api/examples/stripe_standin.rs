//! The Stripe stand-in as a process, for the browser journey:
//!
//!   STANDIN_PORT=12111 STRIPE_SECRET_KEY=sk_test_… STRIPE_WEBHOOK_SECRET=whsec_… \
//!   WEBHOOK_URL=http://127.0.0.1:8080/api/v1/billing/webhook \
//!   STRIPE_PRICE_MONTHLY=price_monthly STRIPE_PRICE_YEARLY=price_yearly \
//!   cargo run --example stripe_standin
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![recursion_limit = "512"]

#[path = "../tests/api/stripe_standin.rs"]
mod stripe_standin;

use std::time::Duration;

use stripe_standin::{Price, StandinConfig, StripeStandin};

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("set {name}"))
}

#[tokio::main]
async fn main() {
    let port: u16 = var("STANDIN_PORT").parse().expect("STANDIN_PORT is a port");
    let config = StandinConfig {
        api_key: var("STRIPE_SECRET_KEY"),
        webhook_secret: var("STRIPE_WEBHOOK_SECRET"),
        webhook_url: Some(var("WEBHOOK_URL")),
        prices: vec![
            Price { id: var("STRIPE_PRICE_MONTHLY"), amount: 800, interval: "month".into() },
            Price { id: var("STRIPE_PRICE_YEARLY"), amount: 8000, interval: "year".into() },
        ],
        // Long enough that the success page is seen waiting for the webhook.
        webhook_delay: Duration::from_millis(1500),
    };
    let standin = StripeStandin::start_on(config, port).await;
    println!("Stripe stand-in listening on {}", standin.base);
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
}
