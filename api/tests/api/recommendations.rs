//! "Next for you": what a reader completed decides what comes next; nothing read comes back.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, Session, TestApp, problem, spawn_app};

both_backends!(next_for_you_follows_series_then_tags_then_popularity);

async fn complete(app: &TestApp, who: &Session, slug: &str) {
    let res = app.send(Method::PUT, &format!("/api/v1/me/progress/{slug}"), Some(&who.access), Some(json!({"percent": 100, "active_seconds": 300}))).await;
    assert_eq!(res.status(), StatusCode::OK, "complete {slug}");
}

async fn next_for(app: &TestApp, who: &Session) -> Vec<(String, String)> {
    let res = app.get("/api/v1/me/recommendations?limit=20", Some(&who.access)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    body["items"].as_array().unwrap().iter().map(|r| (r["slug"].as_str().unwrap().to_string(), r["reason"].as_str().unwrap().to_string())).collect()
}

async fn next_for_you_follows_series_then_tags_then_popularity(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let series = app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Course"})).await.json::<Value>().await.unwrap();
    app.published_post(&admin, "course-1", json!({"slug": "course-1", "markdown": "Short.", "series_id": series["id"], "tags": ["Python"]})).await;
    // Between the first and the second post of the course: a draft, never anyone's next.
    app.create_post(&admin, json!({"title": "Course draft", "slug": "course-draft", "markdown": "x", "series_id": series["id"]})).await;
    for (slug, extra) in [
        ("course-2", json!({"series_id": series["id"]})),
        ("course-3", json!({"series_id": series["id"]})),
        ("basics", json!({"tags": ["Python"]})),
        ("async-python", json!({"tags": ["Python", "Async"]})),
        ("rust-intro", json!({"tags": ["Rust"]})),
    ] {
        let mut body = json!({"slug": slug, "markdown": "Short."});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        app.published_post(&admin, slug, body).await;
    }
    app.create_post(&admin, json!({"title": "Unfinished", "slug": "python-draft", "markdown": "x", "tags": ["Python"]})).await;

    // Two readers made rust-intro popular; a new reader is shown it first.
    let (bob, cy, dee) = (app.reader("bob@example.com").await, app.reader("cy@example.com").await, app.reader("dee@example.com").await);
    complete(&app, &bob, "rust-intro").await;
    complete(&app, &cy, "rust-intro").await;
    let fresh = next_for(&app, &dee).await;
    assert_eq!(fresh[0], ("rust-intro".into(), "popular".into()), "{fresh:?}");
    assert_eq!(fresh.len(), 6, "every published post, the draft never: {fresh:?}");

    // Ann completed the first post of the course and the Python basics.
    let ann = app.reader("ann@example.com").await;
    complete(&app, &ann, "course-1").await;
    complete(&app, &ann, "basics").await;
    let next = next_for(&app, &ann).await;
    let slugs: Vec<&str> = next.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(slugs, ["course-2", "course-3", "async-python", "rust-intro"], "{next:?}");
    let reasons: Vec<&str> = next.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(reasons, ["next_in_series", "same_series", "shared_tags", "popular"]);

    // Finishing the next one moves the series on; nothing completed ever comes back.
    complete(&app, &ann, "course-2").await;
    let next = next_for(&app, &ann).await;
    assert_eq!(next[0], ("course-3".into(), "next_in_series".into()));
    assert!(next.iter().all(|(s, _)| !["course-1", "course-2", "basics"].contains(&s.as_str())), "{next:?}");

    problem(app.get("/api/v1/me/recommendations", None).await, StatusCode::UNAUTHORIZED).await;
    problem(app.get("/api/v1/me/recommendations?limit=51", Some(&ann.access)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
}
