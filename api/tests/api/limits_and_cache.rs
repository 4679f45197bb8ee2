//! Rate limits per route group and the page cache (post pages and first list pages), in
//! process and on Redis.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, problem, spawn_queue_app},
    support::eventually,
};

every_queue!(
    route_groups_have_their_own_budgets,
    post_pages_are_cached_until_content_changes,
    first_list_pages_are_cached_until_a_scheduled_post_is_due,
    page_cache_off_reads_every_page_from_the_database,
);

fn header(res: &reqwest::Response, name: &str) -> u64 {
    res.headers().get(name).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{name} header"))
}

async fn route_groups_have_their_own_budgets(backend: Backend, redis: bool) {
    let Some(app) = spawn_queue_app(backend, redis, &[("RATE_LIMIT_ANONYMOUS_PER_HOUR", "4"), ("RATE_LIMIT_USER_PER_HOUR", "6")]).await else { return };
    // Registering is an anonymous request too: 1 of 4.
    let reader = app.reader("rate@example.com").await;
    for remaining in [2, 1, 0] {
        let res = app.get("/api/v1/posts", None).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header(&res, "ratelimit-limit"), 4);
        assert_eq!(header(&res, "ratelimit-remaining"), remaining);
        assert!((1..=3600).contains(&header(&res, "ratelimit-reset")));
    }
    let refused = app.get("/api/v1/posts", None).await;
    let retry_after = header(&refused, "retry-after");
    assert!((1..=3600).contains(&retry_after));
    assert_eq!(header(&refused, "ratelimit-remaining"), 0);
    problem(refused, StatusCode::TOO_MANY_REQUESTS).await;

    // A signed-in reader counts against their own, larger budget.
    let res = app.get("/api/v1/auth/me", Some(&reader.access)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "ratelimit-limit"), 6);
    assert_eq!(header(&res, "ratelimit-remaining"), 5);
    // Pages outside the API are not counted.
    assert_ne!(app.get("/healthz", None).await.status(), StatusCode::TOO_MANY_REQUESTS);

    if let Some(url) = app.redis_url() {
        // A second API process on the same Redis shares the budget: this address is spent there too.
        let other = app.sibling(&[("REDIS_URL", url), ("RATE_LIMIT_ANONYMOUS_PER_HOUR", "4")]).await;
        let res = app.client.get(format!("{other}/api/v1/posts")).send().await.unwrap();
        problem(res, StatusCode::TOO_MANY_REQUESTS).await;
    }
}

async fn post_pages_are_cached_until_content_changes(backend: Backend, redis: bool) {
    let Some(app) = spawn_queue_app(backend, redis, &[]).await else { return };
    let admin = app.admin().await;
    let post = app.published_post(&admin, "Cached words", json!({})).await;
    let (id, slug) = (post["id"].as_str().unwrap().to_string(), post["slug"].as_str().unwrap().to_string());
    let path = format!("/api/v1/posts/{slug}");

    let first: Value = app.get(&path, None).await.json().await.unwrap();
    assert_eq!(first["title"], "Cached words");
    let before = app.queries();
    let second: Value = app.get(&path, None).await.json().await.unwrap();
    assert_eq!(second, first);
    assert_eq!(app.queries(), before, "a cached page costs no query");

    let res = app.send(reqwest::Method::PATCH, &format!("/api/v1/admin/posts/{id}"), Some(&admin.access), Some(json!({"title": "Fresh words"}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let after: Value = app.get(&path, None).await.json().await.unwrap();
    assert_eq!(after["title"], "Fresh words", "an edit is visible at once");

    if let Some(url) = app.redis_url() {
        // Another API process caches the page; an edit made through this one reaches it over pub/sub.
        let other = app.sibling(&[("REDIS_URL", url)]).await;
        let read = |base: String| {
            let client = app.client.clone();
            let path = path.clone();
            async move { client.get(format!("{base}{path}")).send().await.unwrap().json::<Value>().await.unwrap() }
        };
        assert_eq!(read(other.clone()).await["title"], "Fresh words");
        let res = app.send(reqwest::Method::PATCH, &format!("/api/v1/admin/posts/{id}"), Some(&admin.access), Some(json!({"title": "Third words"}))).await;
        assert_eq!(res.status(), StatusCode::OK);
        eventually("the other process to drop its copy", Duration::from_secs(3), || {
            let read = read(other.clone());
            async move { (read.await["title"] == "Third words").then_some(()) }
        })
        .await;
    }
}

fn list_slugs(page: &Value) -> Vec<&str> {
    page["items"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap()).collect()
}

async fn first_list_pages_are_cached_until_a_scheduled_post_is_due(backend: Backend, redis: bool) {
    let Some(app) = spawn_queue_app(backend, redis, &[]).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Already out", json!({})).await;
    let due = chrono::Utc::now() + chrono::Duration::seconds(2);
    let scheduled = app.create_post(&admin, json!({"title": "Due soon", "markdown": "x", "published_at": due.to_rfc3339()})).await;
    assert_eq!(scheduled["status"], "scheduled");

    let first: Value = app.get("/api/v1/posts", None).await.json().await.unwrap();
    assert_eq!(list_slugs(&first), ["already-out"]);
    let before = app.queries();
    let again: Value = app.get("/api/v1/posts", None).await.json().await.unwrap();
    assert_eq!(again, first);
    assert_eq!(app.queries(), before, "a cached first page costs no query");
    // Deeper pages are keyset reads and always go to the database.
    let next = app.get("/api/v1/posts?limit=1", None).await;
    assert_eq!(next.status(), StatusCode::OK);

    // Nothing touches the posts when the scheduled one comes due: the cached page just ends.
    eventually("the scheduled post to reach the cached list", Duration::from_secs(6), || async {
        let page: Value = app.get("/api/v1/posts", None).await.json().await.unwrap();
        (list_slugs(&page) == ["due-soon", "already-out"]).then_some(())
    })
    .await;
    assert!(chrono::Utc::now() >= due, "the page ended when the post came due, not before");
    let post: Value = app.get("/api/v1/posts/due-soon", None).await.json().await.unwrap();
    assert_eq!(post["title"], "Due soon");
}

async fn page_cache_off_reads_every_page_from_the_database(backend: Backend, redis: bool) {
    let Some(app) = spawn_queue_app(backend, redis, &[("PAGE_CACHE", "off")]).await else { return };
    let admin = app.admin().await;
    let post = app.published_post(&admin, "Uncached", json!({})).await;
    let path = format!("/api/v1/posts/{}", post["slug"].as_str().unwrap());
    for page in [path.as_str(), "/api/v1/posts"] {
        assert_eq!(app.get(page, None).await.status(), StatusCode::OK);
        let before = app.queries();
        assert_eq!(app.get(page, None).await.status(), StatusCode::OK);
        assert!(app.queries() > before, "{page} was served from a cache with PAGE_CACHE=off");
    }
}
