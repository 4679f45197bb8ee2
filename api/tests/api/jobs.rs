//! Every job kind end to end, on the SQL queues and on Redis, and the admin's view of them.

use std::time::Duration;

use chrono::Utc;
use lectern::entities::{billing_events, documents, refresh_tokens};
use reqwest::StatusCode;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, fields, problem, spawn_queue_app},
    support::{PurgeRecorder, eventually, free_port},
};

every_queue!(every_job_kind_runs_end_to_end, dead_jobs_are_kept_retried_and_deleted, a_burst_of_publishes_coalesces_rebuilds_and_batches_purges);

const WAIT: Duration = Duration::from_secs(30);

async fn every_job_kind_runs_end_to_end(backend: Backend, redis: bool) {
    let purge = PurgeRecorder::start_on(free_port()).await;
    let Some(app) = spawn_queue_app(backend, redis, &[("PURGE_URL", purge.url.as_str())]).await else { return };
    let admin = app.admin().await;
    problem(app.get("/api/v1/admin/jobs", None).await, StatusCode::UNAUTHORIZED).await;
    let reader = app.reader("digest@example.com").await;
    problem(app.get("/api/v1/admin/jobs", Some(&reader.access)).await, StatusCode::FORBIDDEN).await;

    let overview: Value = app.get("/api/v1/admin/jobs", Some(&admin.access)).await.json().await.unwrap();
    let expected = if redis { "redis" } else if backend == Backend::Sqlite { "sqlite" } else { "postgres" };
    assert_eq!(overview["backend"], expected);
    let kinds: Vec<&str> = overview["queues"].as_array().unwrap().iter().map(|q| q["job"].as_str().unwrap()).collect();
    // stripe_event and billing_sync run end to end in billing.rs, on every queue too;
    // embed_post and reindex in search.rs (they need the embedding model); notify in
    // notifications.rs; extract_document in uploads.rs.
    assert_eq!(kinds, ["send_email", "daily_digest", "sitemap", "revalidate", "token_cleanup", "stripe_event", "billing_sync", "embed_post", "reindex", "notify", "extract_document"]);

    // send_email: the verification email reaches the outbox.
    app.delivered_email(&admin, "digest@example.com", "Confirm your email address").await;

    // revalidate + sitemap: publishing purges the post's URLs and rebuilds the documents.
    app.mark_verified("digest@example.com").await;
    let res = app.send(reqwest::Method::PATCH, "/api/v1/me/settings", Some(&reader.access), Some(json!({"digest": true}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Opted in, but the address was never proven: no digest goes there.
    let unproven = app.reader("unproven@example.com").await;
    app.send(reqwest::Method::PATCH, "/api/v1/me/settings", Some(&unproven.access), Some(json!({"digest": true}))).await;
    let post = app.published_post(&admin, "Queues explained", json!({})).await;
    let slug = post["slug"].as_str().unwrap().to_string();
    eventually("the CDN purge", WAIT, || async { purge.purged_urls().iter().any(|u| u.ends_with(&format!("/posts/{slug}"))).then_some(()) }).await;
    eventually("the sitemap document", WAIT, || async {
        documents::Entity::find_by_id("/sitemap.xml".to_string()).one(&app.db).await.unwrap().filter(|d| d.body.contains(&slug)).map(|_| ())
    })
    .await;

    // daily_digest: one email per subscriber per day, however often it runs.
    for _ in 0..2 {
        let res = app.post("/api/v1/admin/jobs/run", Some(&admin.access), json!({"job": "daily_digest"})).await;
        assert_eq!(res.status(), StatusCode::ACCEPTED);
    }
    let digest = app.delivered_email(&admin, "digest@example.com", "New on Lectern: Queues explained").await;
    assert!(digest["text_body"].as_str().unwrap().contains(&format!("https://blog.test/posts/{slug}")));
    assert!(digest["headers"]["List-Unsubscribe"].as_str().unwrap().starts_with("<https://blog.test/api/v1/newsletter/unsubscribe?token=digest."));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let digests = app.mailbox(&admin, "digest@example.com").await.into_iter().filter(|e| e["kind"] == "digest").count();
    assert_eq!(digests, 1, "the second run found the digest already made");
    assert!(app.mailbox(&admin, "unproven@example.com").await.iter().all(|e| e["kind"] != "digest"));

    // token_cleanup: expired refresh tokens go, and Stripe events settled long ago.
    for (id, days, state) in [("evt_old_processed", 100, "processed"), ("evt_old_failed", 100, "failed"), ("evt_recent", 10, "processed")] {
        let received = Utc::now() - chrono::Duration::days(days);
        let row = billing_events::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            stripe_id: Set(id.into()),
            kind: Set("invoice.paid".into()),
            stripe_created_at: Set(received),
            subscription_id: Set(None),
            customer_id: Set(None),
            client_reference: Set(None),
            payload: Set("{}".into()),
            state: Set(state.into()),
            error: Set(None),
            attempts: Set(1),
            received_at: Set(received),
            processed_at: Set(Some(received)),
        };
        billing_events::Entity::insert(row).exec_without_returning(&app.db).await.unwrap();
    }
    refresh_tokens::Entity::update_many().col_expr(refresh_tokens::Column::ExpiresAt, Expr::value(Utc::now() - chrono::Duration::days(1))).exec(&app.db).await.unwrap();
    let res = app.post("/api/v1/admin/jobs/run", Some(&admin.access), json!({"job": "token_cleanup"})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    eventually("expired tokens to be deleted", WAIT, || async {
        (refresh_tokens::Entity::find().filter(refresh_tokens::Column::ExpiresAt.lt(Utc::now())).all(&app.db).await.unwrap().is_empty()).then_some(())
    })
    .await;
    // A failed event stays for an admin to see.
    eventually("old settled events to be deleted", WAIT, || async {
        let mut kept: Vec<String> = billing_events::Entity::find().all(&app.db).await.unwrap().into_iter().map(|e| e.stripe_id).collect();
        kept.sort();
        (kept == ["evt_old_failed", "evt_recent"]).then_some(())
    })
    .await;

    // Only scheduled jobs can be run on demand.
    let bad = problem(app.post("/api/v1/admin/jobs/run", Some(&admin.access), json!({"job": "send_email"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["job"]);
    let bad = problem(app.post("/api/v1/admin/jobs/run", Some(&admin.access), json!({"job": "reboot"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["job"]);
}

async fn dead_jobs_are_kept_retried_and_deleted(backend: Backend, redis: bool) {
    // Nothing listens on the purge port yet, so every revalidation fails.
    let port = free_port();
    let purge_url = format!("http://127.0.0.1:{port}/purge");
    let Some(app) = spawn_queue_app(backend, redis, &[("PURGE_URL", purge_url.as_str()), ("JOB_MAX_ATTEMPTS", "2")]).await else { return };
    let admin = app.admin().await;
    // Created already published, one after the other's purge has died: one revalidation each
    // (changes close together would share one).
    let dead_revalidations = || async {
        let page: Value = app.get("/api/v1/admin/jobs/dead", Some(&admin.access)).await.json().await.unwrap();
        page["items"].as_array().unwrap().iter().filter(|d| d["job"] == "revalidate").count()
    };
    app.published_post(&admin, "First", json!({"published_at": "2026-01-01T00:00:00Z"})).await;
    eventually("one dead revalidation", WAIT, || async { (dead_revalidations().await == 1).then_some(()) }).await;
    app.published_post(&admin, "Second", json!({"published_at": "2026-01-02T00:00:00Z"})).await;

    let dead = eventually("two dead revalidations", WAIT, || async {
        let page: Value = app.get("/api/v1/admin/jobs/dead", Some(&admin.access)).await.json().await.unwrap();
        let items = page["items"].as_array().cloned().unwrap_or_default();
        (items.iter().filter(|d| d["job"] == "revalidate").count() == 2).then_some(items)
    })
    .await;
    assert_eq!(dead[0]["attempts"], 2);
    assert!(dead[0]["error"].as_str().unwrap().contains("error"), "{}", dead[0]["error"]);
    assert!(dead[0]["payload"]["urls"].is_array());
    let overview: Value = app.get("/api/v1/admin/jobs", Some(&admin.access)).await.json().await.unwrap();
    let revalidate = overview["queues"].as_array().unwrap().iter().find(|q| q["job"] == "revalidate").unwrap().clone();
    assert_eq!(revalidate["dead"], 2);

    let first = dead[0]["id"].as_str().unwrap();
    let res = app.send(reqwest::Method::DELETE, &format!("/api/v1/admin/jobs/dead/{first}"), Some(&admin.access), None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    problem(app.send(reqwest::Method::DELETE, &format!("/api/v1/admin/jobs/dead/{first}"), Some(&admin.access), None).await, StatusCode::NOT_FOUND).await;

    // The CDN is back: a retry goes through and the dead list empties.
    let purge = PurgeRecorder::start_on(port).await;
    let second = dead[1]["id"].as_str().unwrap();
    let res = app.post(&format!("/api/v1/admin/jobs/dead/{second}/retry"), Some(&admin.access), json!({})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    // The failed purges' URLs stayed pending, so the one retried job purges both posts.
    let both = eventually("the retried purge", WAIT, || async {
        let urls = purge.purged_urls();
        (urls.iter().any(|u| u.ends_with("/posts/first")) && urls.iter().any(|u| u.ends_with("/posts/second"))).then_some(urls)
    })
    .await;
    assert!(both.iter().any(|u| u.ends_with("/sitemap.xml")), "{both:?}");
    let page: Value = app.get("/api/v1/admin/jobs/dead", Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
}

async fn a_burst_of_publishes_coalesces_rebuilds_and_batches_purges(backend: Backend, redis: bool) {
    let purge = PurgeRecorder::start_on(free_port()).await;
    let Some(app) = spawn_queue_app(backend, redis, &[("PURGE_URL", purge.url.as_str()), ("JOB_DEBOUNCE_MS", "1500")]).await else { return };
    let admin = app.admin().await;
    let mut slugs = Vec::new();
    let started = std::time::Instant::now();
    for i in 0..25 {
        let post = app.published_post(&admin, &format!("Burst {i}"), json!({})).await;
        slugs.push(post["slug"].as_str().unwrap().to_string());
    }
    // Purges batch by debounce window: a few batches for the whole burst, a few more only
    // if a busy machine stretched the burst over more windows, never one per publish.
    let windows = started.elapsed().as_millis() as usize / 1500;
    let allowed = windows + 3;
    // However many changes arrived, at most one rebuild and one purge wait (a running job's
    // changes queue exactly one more).
    let overview: Value = app.get("/api/v1/admin/jobs", Some(&admin.access)).await.json().await.unwrap();
    for kind in ["sitemap", "revalidate"] {
        let queue = overview["queues"].as_array().unwrap().iter().find(|q| q["job"] == kind).unwrap();
        assert!(queue["pending"].as_u64().unwrap() <= 1, "{kind}: {queue}");
    }

    eventually("every post purged", WAIT, || async {
        let urls = purge.purged_urls();
        slugs.iter().all(|s| urls.iter().any(|u| u.ends_with(&format!("/posts/{s}")) )).then_some(())
    })
    .await;
    let calls = purge.calls.lock().unwrap().len();
    assert!(calls <= allowed && calls < 10, "25 publishes over {windows} debounce windows made {calls} purge requests");
    eventually("the sitemap lists every post", WAIT, || async {
        let doc = documents::Entity::find_by_id("/sitemap.xml".to_string()).one(&app.db).await.unwrap()?;
        slugs.iter().all(|s| doc.body.contains(&format!("/posts/{s}<"))).then_some(())
    })
    .await;
    // Nothing is left pending once the purges went through.
    let left = lectern::jobs::coalesce::pending_purges(&app.db, 10).await.unwrap();
    assert!(left.is_empty(), "{left:?}");
}
