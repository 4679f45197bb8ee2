use std::collections::HashSet;

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, fields, problem, spawn_app};

both_backends!(
    drafts_and_scheduled_posts_are_invisible,
    pagination_visits_each_post_once,
    list_filters_by_tag_series_and_difficulty,
    html_is_sanitized_and_code_is_marked,
    premium_posts_show_a_teaser_without_access,
    post_page_carries_series_navigation,
    list_query_count_does_not_grow_with_the_page,
    tags_and_series_lists_count_published_posts,
);

async fn slugs(app: &TestApp, path: &str) -> Vec<String> {
    let page: Value = app.get(path, None).await.json().await.unwrap();
    page["items"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap().to_string()).collect()
}

async fn drafts_and_scheduled_posts_are_invisible(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let draft = app.create_post(&admin, json!({"title": "Draft only", "markdown": "x"})).await;
    assert_eq!(draft["status"], "draft");
    let future = (Utc::now() + Duration::days(2)).to_rfc3339();
    let scheduled = app.create_post(&admin, json!({"title": "Later", "markdown": "x", "published_at": future})).await;
    assert_eq!(scheduled["status"], "scheduled");
    app.published_post(&admin, "Out now", json!({})).await;

    assert_eq!(slugs(&app, "/api/v1/posts").await, vec!["out-now"]);
    problem(app.get("/api/v1/posts/draft-only", None).await, StatusCode::NOT_FOUND).await;
    problem(app.get("/api/v1/posts/later", None).await, StatusCode::NOT_FOUND).await;
    // Admins do not see drafts through the public endpoint either: it is the published view.
    problem(app.get("/api/v1/posts/draft-only", Some(&admin.access)).await, StatusCode::NOT_FOUND).await;

    // Once its time has come, a scheduled post is published without anyone touching it.
    let id = scheduled["id"].as_str().unwrap();
    let past = (Utc::now() - Duration::seconds(1)).to_rfc3339();
    let sql = match backend {
        Backend::Sqlite => "UPDATE posts SET published_at = $1 WHERE id = $2",
        Backend::Postgres => "UPDATE posts SET published_at = $1::timestamptz WHERE id = $2::uuid",
    };
    let db_backend = if backend == Backend::Sqlite { DbBackend::Sqlite } else { DbBackend::Postgres };
    let uuid: uuid::Uuid = id.parse().unwrap();
    let at: chrono::DateTime<Utc> = past.parse().unwrap();
    app.db.execute_raw(Statement::from_sql_and_values(db_backend, sql, [at.into(), uuid.into()])).await.unwrap();
    assert_eq!(app.get("/api/v1/posts/later", None).await.status(), StatusCode::OK);
    let admin_view: Value = app.get(&format!("/api/v1/admin/posts/{id}"), Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(admin_view["status"], "published");
}

async fn pagination_visits_each_post_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    for i in 0..23 {
        app.published_post(&admin, &format!("Post number {i}"), json!({})).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/posts?limit=5&cursor={c}"),
            None => "/api/v1/posts?limit=5".to_string(),
        };
        let page: Value = app.get(&path, None).await.json().await.unwrap();
        pages += 1;
        for item in page["items"].as_array().unwrap() {
            seen.push((item["published_at"].as_str().unwrap().to_string(), item["slug"].as_str().unwrap().to_string()));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 5);
    assert_eq!(seen.len(), 23);
    assert_eq!(seen.iter().map(|(_, s)| s).collect::<HashSet<_>>().len(), 23, "a post was visited twice");
    let times: Vec<_> = seen.iter().map(|(t, _)| t.parse::<chrono::DateTime<Utc>>().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "not newest first");
    problem(app.get("/api/v1/posts?limit=0", None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    let bad = problem(app.get("/api/v1/posts?cursor=garbage!", None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["cursor"]);
}

async fn list_filters_by_tag_series_and_difficulty(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let series = app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Rust basics"})).await;
    let series: Value = series.json().await.unwrap();
    app.published_post(&admin, "Tagged rust", json!({"tags": ["Rust", "Async"], "difficulty": "advanced"})).await;
    app.published_post(&admin, "In series", json!({"series_id": series["id"], "tags": ["Rust"]})).await;
    app.published_post(&admin, "Plain", json!({})).await;

    let mut rust = slugs(&app, "/api/v1/posts?tag=rust").await;
    rust.sort();
    assert_eq!(rust, vec!["in-series", "tagged-rust"]);
    assert_eq!(slugs(&app, "/api/v1/posts?tag=async").await, vec!["tagged-rust"]);
    assert_eq!(slugs(&app, "/api/v1/posts?series=rust-basics").await, vec!["in-series"]);
    assert_eq!(slugs(&app, "/api/v1/posts?difficulty=advanced").await, vec!["tagged-rust"]);
    assert!(slugs(&app, "/api/v1/posts?tag=unknown").await.is_empty());
    let bad = problem(app.get("/api/v1/posts?difficulty=expert", None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["difficulty"]);
    let bad = problem(app.get("/api/v1/posts?limit=lots", None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["limit"]);
}

async fn html_is_sanitized_and_code_is_marked(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let md = "Hello <script>alert('x')</script>\n\n<img src=\"a.png\" onerror=\"alert(1)\">\n\n[click](javascript:alert(1))\n\n<a href=\"javascript:evil()\">y</a>\n\n```rust\nfn main() {}\n```\n";
    app.published_post(&admin, "Hostile", json!({"markdown": md})).await;
    let post: Value = app.get("/api/v1/posts/hostile", None).await.json().await.unwrap();
    let html = post["html"].as_str().unwrap();
    for bad in ["<script", "onerror", "javascript:"] {
        assert!(!html.to_lowercase().contains(bad), "{bad} survived: {html}");
    }
    assert!(html.contains(r#"<code class="language-rust">"#), "{html}");
    assert!(html.contains("<img src=\"a.png\""), "{html}");
}

async fn premium_posts_show_a_teaser_without_access(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let md = "Free intro.\n\n## Part one\n\nStill free.\n\n## Part two\n\nThe paid secret.\n";
    app.published_post(&admin, "Premium deep dive", json!({"markdown": md, "premium": true})).await;
    let reader = app.reader("reader@example.com").await;

    for token in [None, Some(reader.access.as_str())] {
        let post: Value = app.get("/api/v1/posts/premium-deep-dive", token).await.json().await.unwrap();
        assert_eq!(post["locked"], true);
        let html = post["html"].as_str().unwrap();
        assert!(html.contains("Still free") && !html.contains("paid secret"), "{html}");
    }
    let post: Value = app.get("/api/v1/posts/premium-deep-dive", Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(post["locked"], false);
    assert!(post["html"].as_str().unwrap().contains("paid secret"));

    // A reader whose subscription runs reads everything; an expired one does not.
    for (until, locked) in [(Utc::now() + Duration::days(3), false), (Utc::now() - Duration::days(1), true)] {
        let sql = match backend {
            Backend::Sqlite => "UPDATE users SET premium_until = $1 WHERE email = 'reader@example.com'",
            Backend::Postgres => "UPDATE users SET premium_until = $1::timestamptz WHERE email = 'reader@example.com'",
        };
        let db_backend = if backend == Backend::Sqlite { DbBackend::Sqlite } else { DbBackend::Postgres };
        app.db.execute_raw(Statement::from_sql_and_values(db_backend, sql, [until.into()])).await.unwrap();
        let post: Value = app.get("/api/v1/posts/premium-deep-dive", Some(&reader.access)).await.json().await.unwrap();
        assert_eq!(post["locked"], locked);
    }
    problem(app.get("/api/v1/posts/premium-deep-dive", Some("garbage")).await, StatusCode::UNAUTHORIZED).await;
}

async fn post_page_carries_series_navigation(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let series: Value = app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Three parts", "description": "d"})).await.json().await.unwrap();
    let sid = series["id"].clone();
    app.published_post(&admin, "Part A", json!({"series_id": sid})).await;
    app.create_post(&admin, json!({"title": "Part draft", "markdown": "x", "series_id": sid})).await;
    app.published_post(&admin, "Part B", json!({"series_id": sid})).await;
    app.published_post(&admin, "Part C", json!({"series_id": sid})).await;

    let b: Value = app.get("/api/v1/posts/part-b", None).await.json().await.unwrap();
    let nav = &b["series"];
    assert_eq!(nav["slug"], "three-parts");
    assert_eq!(nav["position"], 2, "the draft does not count: {nav}");
    assert_eq!(nav["total"], 3);
    assert_eq!(nav["prev"]["slug"], "part-a");
    assert_eq!(nav["next"]["slug"], "part-c");
    let a: Value = app.get("/api/v1/posts/part-a", None).await.json().await.unwrap();
    assert!(a["series"]["prev"].is_null());

    let s: Value = app.get("/api/v1/series/three-parts", None).await.json().await.unwrap();
    let order: Vec<_> = s["posts"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap()).collect();
    assert_eq!(order, vec!["part-a", "part-b", "part-c"]);
    problem(app.get("/api/v1/series/nope", None).await, StatusCode::NOT_FOUND).await;
}

async fn list_query_count_does_not_grow_with_the_page(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let series: Value = app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "S"})).await.json().await.unwrap();
    for i in 0..30 {
        app.published_post(&admin, &format!("Counted {i}"), json!({"tags": [format!("t{i}"), "common"], "series_id": series["id"]})).await;
    }
    let mut counts = Vec::new();
    for path in ["/api/v1/posts?limit=2", "/api/v1/posts?limit=30", "/api/v1/posts?tag=common&limit=30", "/api/v1/series/s", "/api/v1/posts/counted-3", "/api/v1/posts/counted-29", "/api/v1/tags"] {
        let before = app.queries();
        assert_eq!(app.get(path, None).await.status(), StatusCode::OK, "{path}");
        counts.push((path, app.queries() - before));
    }
    // A list: the filter's tag or series, the page with authors joined, the page's tags.
    // A post page: the post with its author, its tags, its series with neighbours.
    for (path, n) in &counts {
        assert!(*n <= 3, "{path} ran {n} queries");
    }
    assert_eq!(counts[0].1, counts[1].1, "page size changed the query count: {counts:?}");
}

async fn tags_and_series_lists_count_published_posts(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let series: Value = app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Counted series"})).await.json().await.unwrap();
    app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Empty series"})).await;
    app.published_post(&admin, "One", json!({"tags": ["Python", "Testing"], "series_id": series["id"]})).await;
    app.published_post(&admin, "Two", json!({"tags": ["Python"]})).await;
    app.create_post(&admin, json!({"title": "Unpublished", "markdown": "x", "tags": ["Python", "Drafty"], "series_id": series["id"]})).await;

    let tags: Value = app.get("/api/v1/tags", None).await.json().await.unwrap();
    let counts: Vec<(String, i64)> = tags.as_array().unwrap().iter().map(|t| (t["slug"].as_str().unwrap().into(), t["post_count"].as_i64().unwrap())).collect();
    assert_eq!(counts, vec![("python".to_string(), 2), ("testing".to_string(), 1)], "drafts and unused tags are not listed");

    let list: Value = app.get("/api/v1/series", None).await.json().await.unwrap();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "empty series are hidden from readers: {list}");
    assert_eq!(items[0]["post_count"], 1);
    let admin_list: Value = app.get("/api/v1/admin/series", Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(admin_list["items"].as_array().unwrap().len(), 2);
}
