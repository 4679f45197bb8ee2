//! Page views: the beacon records views in the background (bots, unpublished posts and
//! readers' addresses left out), the admin reports count them right, and a graceful
//! shutdown stores every view the server answered for.

use std::time::Duration;

use chrono::{NaiveDate, Utc};
use futures_util::{StreamExt, stream};
use lectern::entities::{newsletter_subscribers, page_views, subscriptions};
use reqwest::{StatusCode, header::USER_AGENT};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, EntityTrait, PaginatorTrait, QueryOrder, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    helpers::{Backend, Overrides, Session, TestApp, fields, fresh_postgres, problem, spawn_app, spawn_app_with},
    support::{Process, free_port, wait_http},
};

both_backends!(
    browser_views_are_stored_and_bots_and_unpublished_posts_are_not,
    a_reader_is_one_visitor_a_day_and_never_an_address,
    only_another_sites_host_is_kept_as_referrer,
    with_analytics_off_the_beacon_records_nothing,
    views_per_day_fill_every_day_of_the_range,
    top_posts_and_referrers_rank_by_views,
    the_summary_counts_traffic_signups_moderation_and_subscribers,
    report_ranges_and_limits_are_validated_naming_the_field,
    only_admins_read_analytics,
    views_survive_a_graceful_shutdown,
);

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";

/// Sends the beacon as a browser with `user_agent` (none: no header at all).
async fn beacon(app: &TestApp, user_agent: Option<&str>, body: Value) -> StatusCode {
    let mut req = app.client.post(app.url("/api/v1/views")).json(&body);
    if let Some(ua) = user_agent {
        req = req.header(USER_AGENT, ua);
    }
    req.send().await.expect("beacon").status()
}

async fn stored(app: &TestApp) -> Vec<page_views::Model> {
    app.analytics.flush().await;
    page_views::Entity::find().order_by_asc(page_views::Column::Id).all(&app.db).await.expect("page views")
}

async fn json_ok(res: reqwest::Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn browser_views_are_stored_and_bots_and_unpublished_posts_are_not(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let post = app.published_post(&admin, "Counted", json!({"slug": "counted"})).await;
    app.create_post(&admin, json!({"title": "Draft", "markdown": "Not yet.", "slug": "still-a-draft"})).await;
    let later = (Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    app.create_post(&admin, json!({"title": "Soon", "markdown": "Later.", "slug": "scheduled", "published_at": later})).await;

    assert_eq!(beacon(&app, Some(FIREFOX), json!({"slug": "counted"})).await, StatusCode::ACCEPTED);
    // A signed-in reader's view counts the same (the beacon reads no token).
    let reader = app.reader("reader@example.com").await;
    let res = app.client.post(app.url("/api/v1/views")).bearer_auth(&reader.access).header(USER_AGENT, SAFARI).json(&json!({"slug": "counted"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    for bot in [
        Some("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        Some("curl/8.5.0"),
        Some("python-requests/2.32.3"),
        Some("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"),
        None,
    ] {
        assert_eq!(beacon(&app, bot, json!({"slug": "counted"})).await, StatusCode::ACCEPTED, "{bot:?}: bots get the same answer");
    }
    for slug in ["still-a-draft", "scheduled", "no-such-post"] {
        assert_eq!(beacon(&app, Some(FIREFOX), json!({"slug": slug})).await, StatusCode::ACCEPTED, "{slug}");
    }

    let rows = stored(&app).await;
    assert_eq!(rows.len(), 2, "the two browser views of the published post: {rows:?}");
    let id: Uuid = post["id"].as_str().unwrap().parse().unwrap();
    assert!(rows.iter().all(|r| r.post_id == id));
    assert!(rows.iter().all(|r| r.day == Utc::now().date_naive().format("%Y-%m-%d").to_string()));

    // A bad body is refused, naming the field.
    for (body, field) in [(json!({"slug": "Not A Slug"}), "slug"), (json!({}), "slug"), (json!({"slug": "counted", "referrer": "x".repeat(2049)}), "referrer")] {
        let res = app.client.post(app.url("/api/v1/views")).header(USER_AGENT, FIREFOX).json(&body).send().await.unwrap();
        let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&p), [field]);
    }
}

async fn a_reader_is_one_visitor_a_day_and_never_an_address(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Popular", json!({"slug": "popular"})).await;
    for _ in 0..3 {
        assert_eq!(beacon(&app, Some(FIREFOX), json!({"slug": "popular"})).await, StatusCode::ACCEPTED);
    }
    // Another browser from the same address is another reader.
    assert_eq!(beacon(&app, Some(SAFARI), json!({"slug": "popular"})).await, StatusCode::ACCEPTED);

    let rows = stored(&app).await;
    assert_eq!(rows.len(), 4);
    let firefox: Vec<_> = rows.iter().take(3).map(|r| r.visitor.clone()).collect();
    assert!(firefox.iter().all(|v| *v == firefox[0]), "the same reader on the same day: {firefox:?}");
    assert_ne!(rows[3].visitor, firefox[0]);
    for r in &rows {
        assert!(r.visitor.len() == 32 && r.visitor.chars().all(|c| c.is_ascii_hexdigit()), "{}", r.visitor);
        let columns = [r.post_id.to_string(), r.day.clone(), r.visitor.clone(), r.referrer_host.clone().unwrap_or_default(), r.viewed_at.to_rfc3339()];
        assert!(columns.iter().all(|c| !c.contains("127.0.0.1")), "the address is stored: {columns:?}");
    }
    let salts = lectern::entities::analytics_salts::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(salts.len(), 1, "one salt, today's");
    assert!(!salts[0].salt.contains("127.0.0.1"));

    let days = json_ok(app.get("/api/v1/admin/analytics/views?post=popular", Some(&admin.access)).await).await;
    let today = days.as_array().unwrap().last().cloned().unwrap();
    assert_eq!(today, json!({"day": Utc::now().date_naive().to_string(), "views": 4, "visitors": 2}));
}

async fn only_another_sites_host_is_kept_as_referrer(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Shared", json!({"slug": "shared"})).await;
    for referrer in [
        json!("https://news.ycombinator.com/item?id=42"),
        json!("https://News.YCombinator.com/"),
        // PUBLIC_URL is https://blog.test: the site's own pages are not referrers.
        json!("https://blog.test/posts/other"),
        json!("not a url"),
        json!(""),
        Value::Null,
    ] {
        assert_eq!(beacon(&app, Some(FIREFOX), json!({"slug": "shared", "referrer": referrer})).await, StatusCode::ACCEPTED);
    }
    assert_eq!(beacon(&app, Some(FIREFOX), json!({"slug": "shared"})).await, StatusCode::ACCEPTED);
    let mut hosts: Vec<Option<String>> = stored(&app).await.into_iter().map(|r| r.referrer_host).collect();
    hosts.sort();
    assert_eq!(hosts, [None, None, None, None, None, Some("news.ycombinator.com".into()), Some("news.ycombinator.com".into())]);

    let referrers = json_ok(app.get("/api/v1/admin/analytics/referrers", Some(&admin.access)).await).await;
    assert_eq!(referrers, json!([{"host": null, "views": 5, "visitors": 1}, {"host": "news.ycombinator.com", "views": 2, "visitors": 1}]));
}

async fn with_analytics_off_the_beacon_records_nothing(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("ANALYTICS", "off")])).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Unwatched", json!({"slug": "unwatched"})).await;
    assert!(!app.analytics.enabled());
    assert_eq!(beacon(&app, Some(FIREFOX), json!({"slug": "unwatched"})).await, StatusCode::ACCEPTED);
    let p = problem(app.client.post(app.url("/api/v1/views")).json(&json!({"slug": "-"})).send().await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["slug"], "the body is still checked");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(stored(&app).await.len(), 0);
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Stores a view as a fact, on `day`, by `visitor`, from `referrer`.
async fn fact(app: &TestApp, post: Uuid, on: &str, visitor: &str, referrer: Option<&str>) {
    let at = day(on).and_hms_opt(12, 0, 0).unwrap().and_utc();
    page_views::ActiveModel {
        id: NotSet,
        post_id: Set(post),
        day: Set(on.into()),
        visitor: Set(visitor.into()),
        referrer_host: Set(referrer.map(String::from)),
        viewed_at: Set(at),
    }
    .insert(&app.db)
    .await
    .expect("view fact");
}

async fn post_id(app: &TestApp, admin: &Session, title: &str, slug: &str) -> Uuid {
    app.published_post(admin, title, json!({"slug": slug})).await["id"].as_str().unwrap().parse().unwrap()
}

async fn views_per_day_fill_every_day_of_the_range(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let a = post_id(&app, &admin, "First", "first").await;
    let b = post_id(&app, &admin, "Second", "second").await;
    fact(&app, a, "2026-11-02", "v1", None).await;
    fact(&app, a, "2026-11-02", "v1", None).await;
    fact(&app, a, "2026-11-02", "v2", None).await;
    fact(&app, b, "2026-11-02", "v3", None).await;
    fact(&app, b, "2026-11-04", "v1", None).await;
    // Outside the range.
    fact(&app, a, "2026-10-31", "v1", None).await;
    fact(&app, a, "2026-11-06", "v1", None).await;

    let get = |query: &str| {
        let url = format!("/api/v1/admin/analytics/views?{query}");
        let (app, token) = (&app, admin.access.clone());
        async move { app.get(&url, Some(&token)).await }
    };
    let site = json_ok(get("from=2026-11-01&to=2026-11-05").await).await;
    assert_eq!(
        site,
        json!([
            {"day": "2026-11-01", "views": 0, "visitors": 0},
            {"day": "2026-11-02", "views": 4, "visitors": 3},
            {"day": "2026-11-03", "views": 0, "visitors": 0},
            {"day": "2026-11-04", "views": 1, "visitors": 1},
            {"day": "2026-11-05", "views": 0, "visitors": 0},
        ])
    );
    let first = json_ok(get("from=2026-11-02&to=2026-11-04&post=first").await).await;
    assert_eq!(
        first,
        json!([{"day": "2026-11-02", "views": 3, "visitors": 2}, {"day": "2026-11-03", "views": 0, "visitors": 0}, {"day": "2026-11-04", "views": 0, "visitors": 0}])
    );
    let one_day = json_ok(get("from=2026-11-04&to=2026-11-04").await).await;
    assert_eq!(one_day, json!([{"day": "2026-11-04", "views": 1, "visitors": 1}]));

    // The default: the last 30 days, today last.
    let default = json_ok(get("").await).await;
    let days = default.as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(days[29]["day"], Utc::now().date_naive().to_string());
    assert_eq!(days[0]["day"], (Utc::now().date_naive() - chrono::Duration::days(29)).to_string());

    problem(get("post=no-such-post").await, StatusCode::NOT_FOUND).await;
    let p = problem(get("post=Not_A_Slug").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["post"]);
}

async fn top_posts_and_referrers_rank_by_views(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let a = post_id(&app, &admin, "Alpha post", "alpha").await;
    let b = post_id(&app, &admin, "Beta post", "beta").await;
    let c = post_id(&app, &admin, "Gamma post", "gamma").await;
    post_id(&app, &admin, "Never read", "never-read").await;
    for (post, n) in [(b, 5), (a, 3), (c, 1)] {
        for i in 0..n {
            let referrer = if i % 2 == 0 { Some("news.ycombinator.com") } else { None };
            fact(&app, post, "2026-11-10", &format!("reader-{}", i % 2), referrer).await;
        }
    }
    fact(&app, c, "2026-11-11", "x", Some("lobste.rs")).await;
    // Outside the range: would make gamma the top post.
    for _ in 0..10 {
        fact(&app, c, "2026-11-20", "x", Some("lobste.rs")).await;
    }

    let top = json_ok(app.get("/api/v1/admin/analytics/top-posts?from=2026-11-01&to=2026-11-15", Some(&admin.access)).await).await;
    assert_eq!(
        top,
        json!([
            {"slug": "beta", "title": "Beta post", "views": 5, "visitors": 2},
            {"slug": "alpha", "title": "Alpha post", "views": 3, "visitors": 2},
            {"slug": "gamma", "title": "Gamma post", "views": 2, "visitors": 2},
        ])
    );
    let first = json_ok(app.get("/api/v1/admin/analytics/top-posts?from=2026-11-01&to=2026-11-15&limit=1", Some(&admin.access)).await).await;
    assert_eq!(first.as_array().unwrap().len(), 1);
    assert_eq!(first[0]["slug"], "beta");

    // b: 3 of 5 from HN, a: 2 of 3, c: 1 of 1; lobste.rs once in range.
    let referrers = json_ok(app.get("/api/v1/admin/analytics/referrers?from=2026-11-01&to=2026-11-15", Some(&admin.access)).await).await;
    assert_eq!(
        referrers,
        json!([
            {"host": "news.ycombinator.com", "views": 6, "visitors": 1},
            {"host": null, "views": 3, "visitors": 1},
            {"host": "lobste.rs", "views": 1, "visitors": 1},
        ])
    );
    let two = json_ok(app.get("/api/v1/admin/analytics/referrers?from=2026-11-01&to=2026-11-15&limit=2", Some(&admin.access)).await).await;
    assert_eq!(two.as_array().unwrap().len(), 2);

    // No views in the range: empty lists, not errors.
    let empty = json_ok(app.get("/api/v1/admin/analytics/top-posts?from=2025-01-01&to=2025-01-31", Some(&admin.access)).await).await;
    assert_eq!(empty, json!([]));
}

async fn the_summary_counts_traffic_signups_moderation_and_subscribers(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let post = post_id(&app, &admin, "Summed", "summed").await;
    let today = Utc::now().date_naive();
    let yesterday = today - chrono::Duration::days(1);
    for (on, visitor) in [(today, "a"), (today, "a"), (today, "b"), (yesterday, "a")] {
        fact(&app, post, &on.to_string(), visitor, None).await;
    }
    // Three readers signed up today (and the admin).
    let readers = [app.reader("one@example.com").await, app.reader("two@example.com").await, app.reader("three@example.com").await];
    // A first comment from a member waits for a moderator (COMMENT_HOLD=first).
    let res = app.post("/api/v1/posts/summed/comments", Some(&readers[0].access), json!({"markdown": "First!"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // One running subscription, one canceled: one subscriber.
    let me: Value = app.get("/api/v1/auth/me", Some(&readers[1].access)).await.json().await.unwrap();
    let other: Value = app.get("/api/v1/auth/me", Some(&readers[2].access)).await.json().await.unwrap();
    for (user, status) in [(&me, "active"), (&me, "trialing"), (&other, "canceled")] {
        let now = lectern::domain::now();
        subscriptions::ActiveModel {
            id: Set(Uuid::now_v7()),
            stripe_id: Set(format!("sub_{}", Uuid::now_v7().simple())),
            user_id: Set(user["id"].as_str().unwrap().parse().unwrap()),
            customer_id: Set("cus_summary".into()),
            status: Set(status.into()),
            plan: Set(Some("monthly".into())),
            price_id: Set("price_monthly".into()),
            current_period_start: Set(now),
            current_period_end: Set(now + chrono::Duration::days(30)),
            cancel_at_period_end: Set(false),
            canceled_at: Set(None),
            ended_at: Set(None),
            synced_at: Set(now),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    for (email, status) in [("confirmed@example.com", "confirmed"), ("waiting@example.com", "pending")] {
        newsletter_subscribers::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(email.into()),
            status: Set(status.into()),
            confirm_token_hash: Set(None),
            created_at: Set(lectern::domain::now()),
            confirmed_at: Set(None),
            unsubscribed_at: Set(None),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }

    let summary = json_ok(app.get(&format!("/api/v1/admin/analytics/summary?from={yesterday}&to={today}"), Some(&admin.access)).await).await;
    assert_eq!(
        summary,
        json!({
            "from": yesterday.to_string(),
            "to": today.to_string(),
            "views": 4,
            "visitors": 3,
            "signups": 4,
            "signups_per_day": [{"day": yesterday.to_string(), "count": 0}, {"day": today.to_string(), "count": 4}],
            "comments_awaiting_moderation": 1,
            "subscribers": 1,
            "newsletter_subscribers": 1,
        })
    );
    // A range in the past: no traffic and no sign-ups then; the queue and subscribers are now.
    let past = json_ok(app.get("/api/v1/admin/analytics/summary?from=2025-01-01&to=2025-01-03", Some(&admin.access)).await).await;
    assert_eq!((past["views"].clone(), past["signups"].clone(), past["subscribers"].clone()), (json!(0), json!(0), json!(1)));
    assert_eq!(past["signups_per_day"].as_array().unwrap().len(), 3);
    // The default range is the last 30 days.
    let default = json_ok(app.get("/api/v1/admin/analytics/summary", Some(&admin.access)).await).await;
    assert_eq!(default["to"], today.to_string());
    assert_eq!(default["signups_per_day"].as_array().unwrap().len(), 30);
    assert_eq!(default["views"], 4);
}

async fn report_ranges_and_limits_are_validated_naming_the_field(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    for path in ["views", "top-posts", "referrers", "summary"] {
        for (query, field) in [
            ("from=2026-13-01", "from"),
            ("from=yesterday", "from"),
            ("to=2026-02-30", "to"),
            ("from=2026-11-10&to=2026-11-09", "to"),
            ("from=2024-01-01&to=2025-01-01", "from"),
            ("from=2999-01-01", "from"),
        ] {
            let res = app.get(&format!("/api/v1/admin/analytics/{path}?{query}"), Some(&admin.access)).await;
            let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
            assert_eq!(fields(&p), [field], "{path}?{query}");
        }
        // 366 days is the longest range.
        let res = app.get(&format!("/api/v1/admin/analytics/{path}?from=2024-01-01&to=2024-12-31"), Some(&admin.access)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
    for path in ["top-posts", "referrers"] {
        for limit in ["0", "101", "ten"] {
            let p = problem(app.get(&format!("/api/v1/admin/analytics/{path}?limit={limit}"), Some(&admin.access)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
            assert_eq!(fields(&p), ["limit"], "{path}?limit={limit}");
        }
        assert_eq!(app.get(&format!("/api/v1/admin/analytics/{path}?limit=100"), Some(&admin.access)).await.status(), StatusCode::OK);
    }
}

async fn only_admins_read_analytics(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let reader = app.reader("reader@example.com").await;
    for path in ["views", "top-posts", "referrers", "summary"] {
        let url = format!("/api/v1/admin/analytics/{path}");
        problem(app.get(&url, None).await, StatusCode::UNAUTHORIZED).await;
        problem(app.get(&url, Some(&reader.access)).await, StatusCode::FORBIDDEN).await;
    }
}

/// A real `lectern serve` process: views answered just before SIGTERM are all in the
/// database once it has exited.
async fn views_survive_a_graceful_shutdown(backend: Backend) {
    const VIEWS: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let (database_url, _pg) = match backend {
        Backend::Sqlite => (format!("sqlite://{}?mode=rwc", dir.path().join("lectern.db").display()), None),
        Backend::Postgres => match fresh_postgres().await {
            Some((url, pg)) => (url, Some(pg)),
            None => return,
        },
    };
    let conn = lectern::db::connect_url(&database_url).await.unwrap();
    lectern::db::migrate(&conn).await.unwrap();
    let passwords = lectern::auth::password::PasswordHasher::new();
    lectern::auth::service::create_admin(&conn, &passwords, "admin@blog.test", "admin-password-1").await.unwrap();

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let env: Vec<(String, String)> = [
        ("DATABASE_URL", database_url.as_str()),
        ("BIND", &format!("127.0.0.1:{port}")),
        ("JWT_SECRET", "shutdown-secret-that-is-long-enough-for-hs256"),
        ("PUBLIC_URL", "https://blog.test"),
        ("WEB_DIST", "/nonexistent"),
        ("JOB_SCHEDULER", "false"),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "0"),
        ("RATE_LIMIT_ANONYMOUS_PER_HOUR", "0"),
        ("RATE_LIMIT_USER_PER_HOUR", "0"),
        ("LECTERN_MODEL_DIR", "/nonexistent/no-model"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut api = Process::spawn(&format!("views-shutdown-{backend:?}"), &["serve", "--no-worker", "--no-migrate"], &env);
    wait_http(&format!("{base}/healthz")).await;
    let client = reqwest::Client::new();
    let login: Value =
        client.post(format!("{base}/api/v1/auth/login")).json(&json!({"email": "admin@blog.test", "password": "admin-password-1"})).send().await.unwrap().json().await.unwrap();
    let token = login["access_token"].as_str().unwrap();
    let res = client
        .post(format!("{base}/api/v1/admin/posts"))
        .bearer_auth(token)
        .json(&json!({"title": "Read a lot", "slug": "read-a-lot", "markdown": "Body.", "published_at": Utc::now()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);

    let answered: Vec<StatusCode> = stream::iter(0..VIEWS)
        .map(|i| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                let ua = format!("{FIREFOX} reader-{i}");
                client.post(format!("{base}/api/v1/views")).header(USER_AGENT, ua).json(&json!({"slug": "read-a-lot"})).send().await.unwrap().status()
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    assert!(answered.iter().all(|s| *s == StatusCode::ACCEPTED));

    let pid = api.child.id().expect("pid").to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = tokio::time::timeout(Duration::from_secs(20), api.child.wait()).await.expect("the server did not exit").unwrap();
    assert!(status.success(), "exit status {status}");

    let stored = page_views::Entity::find().count(&conn).await.unwrap();
    assert_eq!(stored as usize, VIEWS, "views answered 202 before SIGTERM but not stored");
    let visitors: std::collections::HashSet<String> = page_views::Entity::find().all(&conn).await.unwrap().into_iter().map(|v| v.visitor).collect();
    assert_eq!(visitors.len(), VIEWS, "each user agent is its own reader");
}
