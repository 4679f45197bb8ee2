use std::collections::HashSet;

use chrono::{Duration, Utc};
use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, fields, problem, spawn_app};

both_backends!(
    admin_routes_require_an_admin,
    create_post_names_every_invalid_field,
    slugs_are_unique,
    concurrent_creates_get_their_own_slugs_and_share_new_tags,
    edit_publish_schedule_unpublish_delete,
    render_previews_like_publishing,
);

async fn admin_routes_require_an_admin(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let reader = app.reader("nosy@example.com").await;
    let post = app.create_post(&admin, json!({"title": "Guarded", "markdown": "x"})).await;
    let series: Value = app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Guarded series"})).await.json().await.unwrap();
    let tag: Value = app.post("/api/v1/admin/tags", Some(&admin.access), json!({"name": "Guarded tag"})).await.json().await.unwrap();
    let (pid, sid, tid) = (post["id"].as_str().unwrap(), series["id"].as_str().unwrap(), tag["id"].as_str().unwrap());
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/v1/admin/posts".into(), None),
        (Method::POST, "/api/v1/admin/posts".into(), Some(json!({"title": "t", "markdown": "m"}))),
        (Method::GET, format!("/api/v1/admin/posts/{pid}"), None),
        (Method::PATCH, format!("/api/v1/admin/posts/{pid}"), Some(json!({"title": "t2"}))),
        (Method::POST, format!("/api/v1/admin/posts/{pid}/publish"), Some(json!({}))),
        (Method::POST, format!("/api/v1/admin/posts/{pid}/unpublish"), None),
        (Method::POST, "/api/v1/admin/render".into(), Some(json!({"markdown": "x"}))),
        (Method::GET, "/api/v1/admin/series".into(), None),
        (Method::POST, "/api/v1/admin/series".into(), Some(json!({"title": "x"}))),
        (Method::GET, format!("/api/v1/admin/series/{sid}"), None),
        (Method::PATCH, format!("/api/v1/admin/series/{sid}"), Some(json!({"title": "y"}))),
        (Method::PUT, format!("/api/v1/admin/series/{sid}/posts"), Some(json!({"post_ids": []}))),
        (Method::GET, "/api/v1/admin/tags".into(), None),
        (Method::POST, "/api/v1/admin/tags".into(), Some(json!({"name": "x"}))),
        (Method::PATCH, format!("/api/v1/admin/tags/{tid}"), Some(json!({"name": "y"}))),
        (Method::POST, format!("/api/v1/admin/tags/{tid}/merge"), Some(json!({"into": tid}))),
        (Method::DELETE, format!("/api/v1/admin/tags/{tid}"), None),
        (Method::DELETE, format!("/api/v1/admin/series/{sid}"), None),
        (Method::DELETE, format!("/api/v1/admin/posts/{pid}"), None),
    ];
    for (method, path, body) in &routes {
        let anon = app.send(method.clone(), path, None, body.clone()).await;
        assert_eq!(anon.status(), StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
        let as_reader = app.send(method.clone(), path, Some(&reader.access), body.clone()).await;
        assert_eq!(as_reader.status(), StatusCode::FORBIDDEN, "reader {method} {path}");
    }
    for (method, path, body) in &routes {
        let res = app.send(method.clone(), path, Some(&admin.access), body.clone()).await;
        let status = res.status();
        // The merge of a tag into itself is the one request here that is invalid on purpose.
        let expected_invalid = path.ends_with("/merge");
        assert!(status.is_success() || (expected_invalid && status == StatusCode::UNPROCESSABLE_ENTITY), "admin {method} {path}: {status}");
    }
}

async fn create_post_names_every_invalid_field(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let tags: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    let res = app.post("/api/v1/admin/posts", Some(&admin.access), json!({"title": "", "markdown": "", "slug": "Bad Slug", "tags": tags})).await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&body), vec!["markdown", "slug", "tags", "title"]);
    let res = app.post("/api/v1/admin/posts", Some(&admin.access), json!({"title": "x", "markdown": "y", "series_id": uuid::Uuid::new_v4()})).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["series_id"]);
    let res = app.post("/api/v1/admin/posts", Some(&admin.access), json!({"title": "x", "markdown": "y", "colour": "red"})).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["colour"]);
    let res = app.post("/api/v1/admin/posts", Some(&admin.access), json!({"title": "x"})).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["markdown"]);
    let long = "x".repeat(200_001);
    let res = app.post("/api/v1/admin/posts", Some(&admin.access), json!({"title": "x", "markdown": long})).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["markdown"]);
}

async fn slugs_are_unique(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let a = app.create_post(&admin, json!({"title": "Same title!", "markdown": "x"})).await;
    let b = app.create_post(&admin, json!({"title": "Same title?", "markdown": "x"})).await;
    let c = app.create_post(&admin, json!({"title": "Same title", "markdown": "x"})).await;
    assert_eq!((a["slug"].as_str(), b["slug"].as_str(), c["slug"].as_str()), (Some("same-title"), Some("same-title-2"), Some("same-title-3")));
    let taken = app.post("/api/v1/admin/posts", Some(&admin.access), json!({"title": "Other", "markdown": "x", "slug": "same-title"})).await;
    problem(taken, StatusCode::CONFLICT).await;
    let id = b["id"].as_str().unwrap();
    let res = app.send(Method::PATCH, &format!("/api/v1/admin/posts/{id}"), Some(&admin.access), Some(json!({"slug": "same-title"}))).await;
    problem(res, StatusCode::CONFLICT).await;
    // Keeping its own slug is not a conflict.
    let res = app.send(Method::PATCH, &format!("/api/v1/admin/posts/{id}"), Some(&admin.access), Some(json!({"slug": "same-title-2"}))).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn concurrent_creates_get_their_own_slugs_and_share_new_tags(backend: Backend) {
    const RACERS: usize = 16;
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let published_at = (Utc::now() - Duration::minutes(1)).to_rfc3339();
    // The same title and the same two new tags, named in both orders, all at once.
    let creates = (0..RACERS).map(|i| {
        let tags = if i % 2 == 0 { json!(["Race Tag", "Photo Finish"]) } else { json!(["photo finish", "Race Tag"]) };
        app.post("/api/v1/admin/posts", Some(&admin.access), json!({"title": "Race day", "markdown": "x", "tags": tags, "published_at": published_at}))
    });
    let mut slugs = HashSet::new();
    for res in join_all(creates).await {
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        slugs.insert(body["slug"].as_str().unwrap().to_string());
    }
    let expected: HashSet<String> = std::iter::once("race-day".to_string()).chain((2..=RACERS).map(|n| format!("race-day-{n}"))).collect();
    assert_eq!(slugs, expected, "each create numbers its own slug");
    let tags: Value = app.get("/api/v1/admin/tags", Some(&admin.access)).await.json().await.unwrap();
    // By slug: the list is by name, and which spelling of "photo finish" won is up to the race.
    let mut counts: Vec<(&str, i64)> = tags.as_array().unwrap().iter().map(|t| (t["slug"].as_str().unwrap(), t["post_count"].as_i64().unwrap())).collect();
    counts.sort();
    assert_eq!(counts, vec![("photo-finish", RACERS as i64), ("race-tag", RACERS as i64)], "one row per tag, carried by every post");

    // A slug asked for by name is still refused, not renumbered, when another create takes it first.
    let creates = (0..4).map(|_| app.post("/api/v1/admin/posts", Some(&admin.access), json!({"title": "Other", "markdown": "x", "slug": "wanted"})));
    let statuses: Vec<StatusCode> = join_all(creates).await.iter().map(|r| r.status()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT), "{statuses:?}");
}

async fn edit_publish_schedule_unpublish_delete(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let post = app.create_post(&admin, json!({"title": "Lifecycle", "markdown": "one", "tags": ["Alpha"], "difficulty": "intermediate"})).await;
    let id = post["id"].as_str().unwrap();
    let path = format!("/api/v1/admin/posts/{id}");

    let res = app.send(Method::PATCH, &path, Some(&admin.access), Some(json!({"title": "Lifecycle, revised", "markdown": "## New\n\nbody", "tags": ["Beta", "beta", "Gamma"], "premium": true}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let edited: Value = res.json().await.unwrap();
    assert_eq!(edited["title"], "Lifecycle, revised");
    assert_eq!(edited["slug"], "lifecycle", "the slug stays when only the title changes");
    assert!(edited["html"].as_str().unwrap().contains("<h2 id=\"new\">"));
    let tag_slugs: Vec<_> = edited["tags"].as_array().unwrap().iter().map(|t| t["slug"].as_str().unwrap()).collect();
    assert_eq!(tag_slugs, vec!["beta", "gamma"]);
    assert_eq!(edited["difficulty"], "intermediate");
    assert_eq!(edited["premium"], true);

    let future = (Utc::now() + Duration::hours(5)).to_rfc3339();
    let scheduled: Value = app.post(&format!("{path}/publish"), Some(&admin.access), json!({"published_at": future})).await.json().await.unwrap();
    assert_eq!(scheduled["status"], "scheduled");
    problem(app.get("/api/v1/posts/lifecycle", None).await, StatusCode::NOT_FOUND).await;
    let listed: Value = app.get("/api/v1/admin/posts?status=scheduled", Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    // A malformed time is refused, not mistaken for "now".
    let res = app.post(&format!("{path}/publish"), Some(&admin.access), json!({"published_at": "next tuesday"})).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["published_at"]);
    problem(app.get("/api/v1/posts/lifecycle", None).await, StatusCode::NOT_FOUND).await;
    let res = app.send(Method::POST, &format!("{path}/publish"), Some(&admin.access), None).await;
    let published: Value = res.json().await.unwrap();
    assert_eq!(published["status"], "published");
    assert_eq!(app.get("/api/v1/posts/lifecycle", None).await.status(), StatusCode::OK);

    let res = app.send(Method::POST, &format!("{path}/unpublish"), Some(&admin.access), None).await;
    let draft: Value = res.json().await.unwrap();
    assert_eq!(draft["status"], "draft");
    assert!(draft["published_at"].is_null());
    problem(app.get("/api/v1/posts/lifecycle", None).await, StatusCode::NOT_FOUND).await;
    let drafts: Value = app.get("/api/v1/admin/posts?status=draft", Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(drafts["items"][0]["id"], id);

    assert_eq!(app.send(Method::DELETE, &path, Some(&admin.access), None).await.status(), StatusCode::NO_CONTENT);
    problem(app.get(&path, Some(&admin.access)).await, StatusCode::NOT_FOUND).await;
    problem(app.send(Method::DELETE, &path, Some(&admin.access), None).await, StatusCode::NOT_FOUND).await;
    problem(app.get("/api/v1/admin/posts/not-a-uuid", Some(&admin.access)).await, StatusCode::NOT_FOUND).await;
}

async fn render_previews_like_publishing(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let res = app.post("/api/v1/admin/render", Some(&admin.access), json!({"markdown": "# Hi\n\n<script>x</script>\n\n```sql\nSELECT 1;\n```"})).await;
    let body: Value = res.json().await.unwrap();
    let html = body["html"].as_str().unwrap();
    assert!(html.contains("language-sql") && !html.contains("<script"), "{html}");
    assert_eq!(body["reading_minutes"], 1);
}
