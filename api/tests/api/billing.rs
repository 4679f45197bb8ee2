//! Premium through Stripe, against the Stripe stand-in: the real async-stripe client on the
//! wire, webhooks signed as Stripe signs them, the jobs that apply them, the hourly sync, and
//! the paywall on every surface.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Overrides, Session, TestApp, fields, problem, spawn_app, spawn_app_with, spawn_queue_app},
    stripe_standin::{Price, StandinConfig, StripeStandin, hmac_hex, signature},
    support::eventually,
};

// The paths through the `stripe_event` and `billing_sync` jobs also run on the Redis queue.
every_queue!(checkout_unlocks_premium_until_the_cancelled_period_ends, sync_job_corrects_drift_left_by_missed_webhooks);

both_backends!(
    payments_off_answer_503_and_admins_grant_premium,
    stripe_webhooks_are_not_rate_limited,
    webhook_signatures_are_verified,
    redelivered_events_are_applied_once,
    out_of_order_events_never_roll_state_back,
    past_due_keeps_access_for_the_grace_period,
    premium_bodies_never_reach_readers_without_access,
    admin_billing_lists_are_admin_only_and_paged,
);

const SECRET_KEY: &str = "sk_test_lectern_standin";
const WEBHOOK_SECRET: &str = "whsec_lectern_standin";
const PAID_SENTENCE: &str = "PAID-ONLY-SENTENCE";
const WAIT: Duration = Duration::from_secs(20);

async fn spawn_billing(backend: Backend) -> Option<(TestApp, StripeStandin)> {
    spawn_billing_on(backend, false).await
}

async fn spawn_billing_on(backend: Backend, redis: bool) -> Option<(TestApp, StripeStandin)> {
    let standin = StripeStandin::start(StandinConfig {
        api_key: SECRET_KEY.into(),
        webhook_secret: WEBHOOK_SECRET.into(),
        webhook_url: None,
        prices: vec![
            Price { id: "price_monthly_test".into(), amount: 800, interval: "month".into() },
            Price { id: "price_yearly_test".into(), amount: 8000, interval: "year".into() },
        ],
        webhook_delay: Duration::ZERO,
    })
    .await;
    let app = spawn_queue_app(
        backend,
        redis,
        &[
            ("STRIPE_SECRET_KEY", SECRET_KEY),
            ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET),
            ("STRIPE_API_BASE", &standin.base),
            ("STRIPE_PRICE_MONTHLY", "price_monthly_test"),
            ("STRIPE_PRICE_YEARLY", "price_yearly_test"),
        ],
    )
    .await?;
    standin.set_webhook_url(&app.url("/api/v1/billing/webhook"));
    Some((app, standin))
}

async fn premium_post(app: &TestApp, admin: &Session) {
    let md = format!("Free intro.\n\n## Part one\n\nStill free.\n\n## Part two\n\n{PAID_SENTENCE}\n");
    app.published_post(admin, "Premium deep dive", json!({"markdown": md, "premium": true, "slug": "deep-dive", "tags": ["Paid"]})).await;
}

async fn read_post(app: &TestApp, token: Option<&str>) -> Value {
    let res = app.get("/api/v1/posts/deep-dive", token).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn subscription(app: &TestApp, reader: &Session) -> Value {
    let res = app.get("/api/v1/billing/subscription", Some(&reader.access)).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn wait_for(app: &TestApp, reader: &Session, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    eventually(what, WAIT, || async {
        let sub = subscription(app, reader).await;
        check(&sub).then_some(sub)
    })
    .await
}

async fn events(app: &TestApp, admin: &Session, query: &str) -> Vec<Value> {
    let res = app.get(&format!("/api/v1/admin/billing/events?limit=100{query}"), Some(&admin.access)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: Value = res.json().await.unwrap();
    page["items"].as_array().cloned().unwrap()
}

/// Waits until no recorded event is waiting for its job.
async fn settled(app: &TestApp, admin: &Session) -> Vec<Value> {
    eventually("every event processed", WAIT, || async {
        let all = events(app, admin, "").await;
        all.iter().all(|e| e["state"] != "pending" && e["state"] != "failed").then_some(all)
    })
    .await
}

/// Starts Checkout as the reader and pays on the stand-in's hosted page.
async fn subscribe(app: &TestApp, standin: &StripeStandin, reader: &Session, plan: &str) -> String {
    let res = app.post("/api/v1/billing/checkout", Some(&reader.access), json!({"plan": plan})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let session: Value = res.json().await.unwrap();
    let url = session["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/checkout/cs_test_", standin.base)), "{url}");
    let back = standin.pay(session["id"].as_str().unwrap()).await;
    assert_eq!(back, format!("https://blog.test/billing/success?session_id={}", session["id"].as_str().unwrap()));
    wait_for(app, reader, "premium after checkout", |s| s["premium"] == true).await;
    let customer = standin.sessions().into_iter().find(|s| s.id == session["id"]).unwrap().customer;
    standin.subscription_of(&customer).unwrap().id
}

fn at(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap()
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap().with_timezone(&Utc)
}

async fn payments_off_answer_503_and_admins_grant_premium(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    premium_post(&app, &admin).await;
    let reader = app.reader("reader@example.com").await;

    let plans: Value = app.get("/api/v1/billing/plans", None).await.json().await.unwrap();
    assert_eq!(plans["available"], false);
    assert_eq!(plans["plans"].as_array().unwrap().len(), 2);
    assert!(plans["plans"].as_array().unwrap().iter().all(|p| p["price_id"].is_null() && p["amount"].as_u64().unwrap() > 0));

    for (method, path) in [(Method::POST, "/api/v1/billing/checkout"), (Method::GET, "/api/v1/billing/subscription"), (Method::POST, "/api/v1/billing/portal")] {
        let body = (method == Method::POST).then(|| json!({"plan": "monthly"}));
        let p = problem(app.send(method, path, Some(&reader.access), body).await, StatusCode::SERVICE_UNAVAILABLE).await;
        assert!(p["detail"].as_str().unwrap().contains("payments are not configured"), "{p}");
    }
    let res = app.client.post(app.url("/api/v1/billing/webhook")).header("stripe-signature", "t=1,v1=00").body("{}").send().await.unwrap();
    problem(res, StatusCode::SERVICE_UNAVAILABLE).await;

    // Admins grant premium by hand, and end it.
    let me: Value = app.get("/api/v1/auth/me", Some(&reader.access)).await.json().await.unwrap();
    let path = format!("/api/v1/admin/users/{}/premium", me["id"].as_str().unwrap());
    problem(app.send(Method::PUT, &path, Some(&reader.access), Some(json!({"until": null}))).await, StatusCode::FORBIDDEN).await;
    let until = Utc::now() + chrono::Duration::days(30);
    let res = app.send(Method::PUT, &path, Some(&admin.access), Some(json!({"until": until}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let granted: Value = res.json().await.unwrap();
    assert_eq!(granted["premium"], true);
    assert_eq!(read_post(&app, Some(&reader.access)).await["locked"], false);
    let me: Value = app.get("/api/v1/auth/me", Some(&reader.access)).await.json().await.unwrap();
    assert_eq!((me["premium"].clone(), time(&me["premium_until"]).timestamp()), (json!(true), until.timestamp()));

    let res = app.send(Method::PUT, &path, Some(&admin.access), Some(json!({"until": null}))).await;
    assert_eq!(res.json::<Value>().await.unwrap()["premium"], false);
    let post = read_post(&app, Some(&reader.access)).await;
    assert_eq!(post["locked"], true);
    assert!(!post["html"].as_str().unwrap().contains(PAID_SENTENCE));

    let p = problem(app.send(Method::PUT, &path, Some(&admin.access), Some(json!({"until": "next week"}))).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["until"]);
    let missing = format!("/api/v1/admin/users/{}/premium", uuid::Uuid::new_v4());
    problem(app.send(Method::PUT, &missing, Some(&admin.access), Some(json!({"until": null}))).await, StatusCode::NOT_FOUND).await;
}

async fn stripe_webhooks_are_not_rate_limited(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("RATE_LIMIT_ANONYMOUS_PER_HOUR", "2")])).await else { return };
    // Stripe delivers every event from a few addresses: its endpoint has no anonymous budget.
    for _ in 0..4 {
        let res = app.client.post(app.url("/api/v1/billing/webhook")).header("stripe-signature", "t=1,v1=00").body("{}").send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
    for expected in [StatusCode::OK, StatusCode::OK, StatusCode::TOO_MANY_REQUESTS] {
        assert_eq!(app.get("/api/v1/billing/plans", None).await.status(), expected);
    }
}

async fn webhook_signatures_are_verified(backend: Backend) {
    let Some((app, standin)) = spawn_billing(backend).await else { return };
    let admin = app.admin().await;
    let reader = app.reader("reader@example.com").await;
    let sub_id = subscribe(&app, &standin, &reader, "monthly").await;
    let before = settled(&app, &admin).await.len();

    let payload = standin.subscription_event("customer.subscription.updated", &sub_id);
    let now = Utc::now().timestamp();
    let refused = [
        ("tampered body", payload.replace("\"livemode\":false", "\"livemode\":true "), signature(&payload, WEBHOOK_SECRET, now)),
        ("wrong secret", payload.clone(), signature(&payload, "whsec_someone_else", now)),
        ("stale timestamp", payload.clone(), signature(&payload, WEBHOOK_SECRET, now - 301)),
        ("no v1 signature", payload.clone(), format!("t={now},v0={}", hmac_hex(&payload, WEBHOOK_SECRET, now))),
        ("garbage header", payload.clone(), "nonsense".to_string()),
    ];
    for (case, body, header) in refused {
        let (status, answer) = standin.deliver(&body, &header).await;
        assert_eq!(status, 400, "{case}: {answer}");
        let p: Value = serde_json::from_str(&answer).unwrap();
        assert!(p["detail"].as_str().unwrap().contains("Stripe-Signature"), "{case}: {p}");
    }
    let res = app.client.post(app.url("/api/v1/billing/webhook")).body(payload.clone()).send().await.unwrap();
    problem(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(events(&app, &admin, "").await.len(), before, "a refused delivery records nothing");

    // Several v1 signatures (a secret being rolled): any one matching is enough.
    let header = format!("t={now},v1={},v1={}", hmac_hex(&payload, "whsec_old_secret", now), hmac_hex(&payload, WEBHOOK_SECRET, now));
    let (status, answer) = standin.deliver(&payload, &header).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(serde_json::from_str::<Value>(&answer).unwrap(), json!({"received": true, "duplicate": false}));
    // Inside the five-minute tolerance is fine.
    let payload = standin.subscription_event("customer.subscription.updated", &sub_id);
    assert_eq!(standin.deliver(&payload, &signature(&payload, WEBHOOK_SECRET, now - 240)).await.0, 200);
    assert_eq!(settled(&app, &admin).await.len(), before + 2);

    // Events Lectern does not act on are recorded as ignored.
    let other = crate::stripe_standin::event("evt_customer_created_1", "customer.created", now, standin.customers()[0].clone());
    assert_eq!(standin.deliver(&other, &standin.sign(&other)).await.0, 200);
    let ignored = events(&app, &admin, "&state=ignored").await;
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0]["type"], "customer.created");
}

async fn checkout_unlocks_premium_until_the_cancelled_period_ends(backend: Backend, redis: bool) {
    let Some((app, standin)) = spawn_billing_on(backend, redis).await else { return };
    let admin = app.admin().await;
    premium_post(&app, &admin).await;
    let reader = app.reader("reader@example.com").await;

    let plans: Value = app.get("/api/v1/billing/plans", None).await.json().await.unwrap();
    assert_eq!(plans["available"], true);
    assert_eq!(plans["plans"][0]["price_id"], "price_monthly_test");
    assert_eq!(plans["plans"][1]["interval"], "year");
    assert_eq!(subscription(&app, &reader).await["status"], "none");
    let p = problem(app.post("/api/v1/billing/portal", Some(&reader.access), json!({})).await, StatusCode::CONFLICT).await;
    assert!(p["detail"].as_str().unwrap().contains("subscribe first"));
    let post = read_post(&app, Some(&reader.access)).await;
    assert_eq!(post["locked"], true);

    // Checkout twice before paying: one Stripe customer, reused.
    let p = problem(app.post("/api/v1/billing/checkout", Some(&reader.access), json!({"plan": "weekly"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["plan"]);
    problem(app.post("/api/v1/billing/checkout", None, json!({"plan": "monthly"})).await, StatusCode::UNAUTHORIZED).await;
    let first: Value = app.post("/api/v1/billing/checkout", Some(&reader.access), json!({"plan": "yearly"})).await.json().await.unwrap();
    let sub_id = subscribe(&app, &standin, &reader, "monthly").await;
    assert_eq!(standin.customers().len(), 1, "one customer per user");
    let sessions = standin.sessions();
    assert_eq!(sessions.len(), 2);
    assert!(sessions.iter().all(|s| s.customer == sessions[0].customer && s.client_reference_id.is_some()));
    assert!(sessions.iter().any(|s| s.id == first["id"]));

    let sub = wait_for(&app, &reader, "active subscription", |s| s["status"] == "active").await;
    let stripe_sub = standin.subscription(&sub_id);
    assert_eq!(sub["plan"], "monthly");
    assert_eq!(sub["cancel_at_period_end"], false);
    assert_eq!(time(&sub["current_period_end"]), at(stripe_sub.period_end));
    assert_eq!(sub["portal_available"], true);
    let post = read_post(&app, Some(&reader.access)).await;
    assert_eq!(post["locked"], false);
    assert!(post["html"].as_str().unwrap().contains(PAID_SENTENCE));
    let me: Value = app.get("/api/v1/auth/me", Some(&reader.access)).await.json().await.unwrap();
    assert_eq!(me["premium"], true);
    let p = problem(app.post("/api/v1/billing/checkout", Some(&reader.access), json!({"plan": "monthly"})).await, StatusCode::CONFLICT).await;
    assert!(p["detail"].as_str().unwrap().contains("billing portal"));
    let all = settled(&app, &admin).await;
    let mut kinds: Vec<&str> = all.iter().map(|e| e["type"].as_str().unwrap()).collect();
    kinds.sort();
    assert_eq!(kinds, ["checkout.session.completed", "customer.subscription.created", "invoice.paid"]);
    assert!(all.iter().all(|e| e["state"] == "processed"), "{all:?}");

    // The portal, then cancelling at the end of the period: access runs to that end.
    let portal: Value = app.post("/api/v1/billing/portal", Some(&reader.access), json!({})).await.json().await.unwrap();
    assert!(portal["url"].as_str().unwrap().starts_with(&format!("{}/portal/bps_", standin.base)));
    let (status, _) = standin.cancel_at_period_end(&sub_id).await;
    assert_eq!(status, 200);
    let sub = wait_for(&app, &reader, "cancel at period end", |s| s["cancel_at_period_end"] == true).await;
    assert_eq!(sub["premium"], true);
    assert_eq!(time(&sub["premium_until"]), at(stripe_sub.period_end));
    assert_eq!(read_post(&app, Some(&reader.access)).await["locked"], false);

    // The period ends: Stripe deletes the subscription and access ends.
    standin.end(&sub_id).await;
    let sub = wait_for(&app, &reader, "subscription ended", |s| s["status"] == "canceled").await;
    assert_eq!(sub["premium"], false);
    let post = read_post(&app, Some(&reader.access)).await;
    assert_eq!(post["locked"], true);
    assert!(!post["html"].as_str().unwrap().contains(PAID_SENTENCE));
    // Subscribing again is allowed once the old one ended, on the same customer.
    let again: Value = app.post("/api/v1/billing/checkout", Some(&reader.access), json!({"plan": "monthly"})).await.json().await.unwrap();
    assert!(again["url"].is_string());
    assert_eq!(standin.customers().len(), 1);
}

async fn redelivered_events_are_applied_once(backend: Backend) {
    let Some((app, standin)) = spawn_billing(backend).await else { return };
    let admin = app.admin().await;
    let reader = app.reader("reader@example.com").await;
    let sub_id = subscribe(&app, &standin, &reader, "monthly").await;
    settled(&app, &admin).await;

    let payload = standin.subscription_event("customer.subscription.updated", &sub_id);
    let (status, answer) = standin.deliver(&payload, &standin.sign(&payload)).await;
    assert_eq!((status, serde_json::from_str::<Value>(&answer).unwrap()["duplicate"].clone()), (200, json!(false)));
    let all = settled(&app, &admin).await;
    let fetches = standin.requests().iter().filter(|r| r.starts_with("GET /v1/subscriptions/")).count();

    // Stripe redelivers the same event (same id), twice: acknowledged, not applied again.
    for _ in 0..2 {
        let (status, answer) = standin.deliver(&payload, &standin.sign(&payload)).await;
        assert_eq!(status, 200);
        assert_eq!(serde_json::from_str::<Value>(&answer).unwrap(), json!({"received": true, "duplicate": true}));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let after = settled(&app, &admin).await;
    assert_eq!(after.len(), all.len(), "one row per event id");
    let id = serde_json::from_str::<Value>(&payload).unwrap()["id"].clone();
    let row = after.iter().find(|e| e["stripe_id"] == id).unwrap();
    assert_eq!((row["state"].as_str(), row["attempts"].as_i64()), (Some("processed"), Some(1)));
    assert_eq!(standin.requests().iter().filter(|r| r.starts_with("GET /v1/subscriptions/")).count(), fetches, "a processed event is not fetched again");
}

async fn out_of_order_events_never_roll_state_back(backend: Backend) {
    let Some((app, standin)) = spawn_billing(backend).await else { return };
    let admin = app.admin().await;
    let reader = app.reader("reader@example.com").await;
    let sub_id = subscribe(&app, &standin, &reader, "monthly").await;
    settled(&app, &admin).await;

    // Two `updated` events: the older says "renews", the newer "cancels at period end".
    let older = standin.subscription_event("customer.subscription.updated", &sub_id);
    standin.edit(&sub_id, |s| s.cancel_at_period_end = true);
    let newer = standin.subscription_event("customer.subscription.updated", &sub_id);
    assert_eq!(standin.deliver(&newer, &standin.sign(&newer)).await.0, 200);
    wait_for(&app, &reader, "newer state", |s| s["cancel_at_period_end"] == true).await;
    assert_eq!(standin.deliver(&older, &standin.sign(&older)).await.0, 200);
    settled(&app, &admin).await;
    assert_eq!(subscription(&app, &reader).await["cancel_at_period_end"], true, "the older event did not win");

    // The guard itself: a snapshot older than the stored one is refused, a newer one stored.
    let st = lectern::state::AppState::build(app.db.clone(), billing_settings(&app, &standin)).await.unwrap();
    let stripe = st.stripe.clone().unwrap();
    let mut snap = stripe.subscription(&sub_id).await.unwrap().unwrap();
    snap.cancel_at_period_end = false;
    snap.as_of = Utc::now() - chrono::Duration::minutes(5);
    let applied = lectern::billing::jobs::apply(&st, &stripe, &snap, None).await.unwrap();
    assert!(matches!(applied, lectern::billing::jobs::Applied::Stale { .. }), "{applied:?}");
    assert_eq!(subscription(&app, &reader).await["cancel_at_period_end"], true);
    snap.as_of = Utc::now();
    assert!(matches!(lectern::billing::jobs::apply(&st, &stripe, &snap, None).await.unwrap(), lectern::billing::jobs::Applied::Stored { .. }));
    assert_eq!(subscription(&app, &reader).await["cancel_at_period_end"], false);
}

fn billing_settings(app: &TestApp, standin: &StripeStandin) -> lectern::config::Settings {
    let pairs = [
        ("DATABASE_URL", app.database_url.as_str()),
        ("JWT_SECRET", "test-secret-that-is-long-enough-for-hs256"),
        ("STRIPE_SECRET_KEY", SECRET_KEY),
        ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET),
        ("STRIPE_API_BASE", standin.base.as_str()),
        ("STRIPE_PRICE_MONTHLY", "price_monthly_test"),
        ("STRIPE_PRICE_YEARLY", "price_yearly_test"),
    ];
    lectern::config::Settings::load(&lectern::config::Source::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))).unwrap()
}

async fn run_sync(app: &TestApp, admin: &Session) {
    let res = app.post("/api/v1/admin/jobs/run", Some(&admin.access), json!({"job": "billing_sync"})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}

async fn sync_job_corrects_drift_left_by_missed_webhooks(backend: Backend, redis: bool) {
    let Some((app, standin)) = spawn_billing_on(backend, redis).await else { return };
    let admin = app.admin().await;
    let reader = app.reader("reader@example.com").await;
    let sub_id = subscribe(&app, &standin, &reader, "monthly").await;
    settled(&app, &admin).await;

    // Stripe ended the subscription, but the webhook never arrived.
    standin.edit(&sub_id, |s| {
        s.status = "canceled".into();
        s.ended_at = Some(Utc::now().timestamp());
    });
    assert_eq!(subscription(&app, &reader).await["premium"], true, "drift: still premium locally");

    // Another reader went through Checkout, but none of its webhooks arrived.
    let second = app.reader("second@example.com").await;
    let session: Value = app.post("/api/v1/billing/checkout", Some(&second.access), json!({"plan": "yearly"})).await.json().await.unwrap();
    let customer = standin.sessions().into_iter().find(|s| s.id == session["id"]).unwrap().customer;
    standin.create_subscription(&customer, "price_yearly_test", Default::default());
    assert_eq!(subscription(&app, &second).await["status"], "none");

    run_sync(&app, &admin).await;
    let first = wait_for(&app, &reader, "sync ends the first", |s| s["status"] == "canceled").await;
    assert_eq!(first["premium"], false);
    let second = wait_for(&app, &second, "sync finds the second", |s| s["status"] == "active").await;
    assert_eq!((second["premium"].clone(), second["plan"].clone()), (json!(true), json!("yearly")));
    assert!(standin.requests().iter().any(|r| r == "GET /v1/subscriptions"), "the sync lists Stripe's subscriptions");
}

async fn past_due_keeps_access_for_the_grace_period(backend: Backend) {
    let Some((app, standin)) = spawn_billing(backend).await else { return };
    let admin = app.admin().await;
    premium_post(&app, &admin).await;
    let reader = app.reader("reader@example.com").await;
    let sub_id = subscribe(&app, &standin, &reader, "monthly").await;
    settled(&app, &admin).await;

    // The renewal payment failed a day into the new period: access continues for the grace
    // period (3 days by default) from the start of the unpaid period.
    let day = 24 * 3600;
    let renewed = Utc::now().timestamp() - day;
    standin.edit(&sub_id, |s| {
        s.status = "past_due".into();
        s.period_start = renewed;
        s.period_end = renewed + 30 * day;
    });
    assert_eq!(standin.emit("invoice.payment_failed", &sub_id).await.0, 200);
    let sub = wait_for(&app, &reader, "past due", |s| s["status"] == "past_due").await;
    assert_eq!(sub["premium"], true);
    assert_eq!(time(&sub["premium_until"]), at(renewed + 3 * day));

    // Four days in, still unpaid: the grace is over.
    let renewed = Utc::now().timestamp() - 4 * day;
    standin.edit(&sub_id, |s| {
        s.period_start = renewed;
        s.period_end = renewed + 30 * day;
    });
    standin.emit("customer.subscription.updated", &sub_id).await;
    let sub = wait_for(&app, &reader, "grace over", |s| s["premium"] == false).await;
    assert_eq!(sub["status"], "past_due");
    assert_eq!(read_post(&app, Some(&reader.access)).await["locked"], true);

    // The card works after all.
    standin.edit(&sub_id, |s| s.status = "active".into());
    standin.emit("invoice.paid", &sub_id).await;
    wait_for(&app, &reader, "paid again", |s| s["premium"] == true).await;
}

async fn premium_bodies_never_reach_readers_without_access(backend: Backend) {
    let Some((app, standin)) = spawn_billing(backend).await else { return };
    let admin = app.admin().await;
    premium_post(&app, &admin).await;
    let reader = app.reader("reader@example.com").await;
    let subscriber = app.reader("subscriber@example.com").await;
    subscribe(&app, &standin, &subscriber, "monthly").await;

    for token in [None, Some(reader.access.as_str())] {
        let post = read_post(&app, token).await;
        assert_eq!(post["locked"], true);
        let html = post["html"].as_str().unwrap();
        assert!(html.contains("Still free") && !html.contains(PAID_SENTENCE), "{html}");
        let list = app.get("/api/v1/posts?limit=100", token).await.text().await.unwrap();
        assert!(!list.contains(PAID_SENTENCE));
    }
    let post = read_post(&app, Some(&subscriber.access)).await;
    assert!(post["html"].as_str().unwrap().contains(PAID_SENTENCE));

    // Public documents are the same for everyone: teaser only, whoever asks.
    for path in ["/feed.xml", "/atom.xml", "/tags/paid/feed.xml", "/sitemap.xml", "/posts/deep-dive"] {
        for token in [None, Some(subscriber.access.as_str())] {
            let res = app.get(path, token).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            let body = res.text().await.unwrap();
            assert!(!body.contains(PAID_SENTENCE), "{path} leaked the premium body");
        }
    }
    let shell = app.get("/posts/deep-dive", None).await.text().await.unwrap();
    assert!(shell.contains("Still free"));
    assert!(shell.contains(r#""isAccessibleForFree":false"#), "{shell}");
}

async fn admin_billing_lists_are_admin_only_and_paged(backend: Backend) {
    let Some((app, standin)) = spawn_billing(backend).await else { return };
    let admin = app.admin().await;
    let one = app.reader("one@example.com").await;
    let two = app.reader("two@example.com").await;
    subscribe(&app, &standin, &one, "monthly").await;
    subscribe(&app, &standin, &two, "yearly").await;
    settled(&app, &admin).await;

    for path in ["/api/v1/admin/billing/subscriptions", "/api/v1/admin/billing/events"] {
        problem(app.get(path, Some(&one.access)).await, StatusCode::FORBIDDEN).await;
        problem(app.get(path, None).await, StatusCode::UNAUTHORIZED).await;
    }
    let page: Value = app.get("/api/v1/admin/billing/subscriptions?limit=1", Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["email"], "two@example.com", "most recently changed first");
    let cursor = page["next_cursor"].as_str().unwrap();
    let page: Value = app.get(&format!("/api/v1/admin/billing/subscriptions?limit=1&cursor={cursor}"), Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(page["items"][0]["email"], "one@example.com");
    assert_eq!(page["items"][0]["plan"], "monthly");
    assert!(page["items"][0]["premium_until"].is_string());
    assert!(page["next_cursor"].is_null());
    let active: Value = app.get("/api/v1/admin/billing/subscriptions?status=active", Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(active["items"].as_array().unwrap().len(), 2);

    let processed = events(&app, &admin, "&state=processed").await;
    assert_eq!(processed.len(), 6);
    assert!(processed.iter().all(|e| e["payload"]["object"] == "event" && e["attempts"] == 1));
    let p = problem(app.get("/api/v1/admin/billing/events?state=weird", Some(&admin.access)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["state"]);
}
