use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, fields, problem, spawn_app, urlencode};

both_backends!(series_are_managed_and_ordered, tags_are_managed_and_merged, search_follows_tag_renames_merges_and_deletes);

async fn series_are_managed_and_ordered(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let token = Some(admin.access.as_str());
    let res = app.post("/api/v1/admin/series", token, json!({"title": "Ordered", "description": "In order"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let series: Value = res.json().await.unwrap();
    let sid = series["id"].as_str().unwrap().to_string();
    assert_eq!(series["slug"], "ordered");
    problem(app.post("/api/v1/admin/series", token, json!({"title": "Other", "slug": "ordered"})).await, StatusCode::CONFLICT).await;
    let bad = problem(app.post("/api/v1/admin/series", token, json!({"title": "", "slug": "NO"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["slug", "title"]);

    let mut ids = Vec::new();
    for title in ["First", "Second", "Third"] {
        ids.push(app.published_post(&admin, title, json!({})).await["id"].clone());
    }
    let order = json!({"post_ids": [ids[2], ids[0], ids[1]]});
    let res = app.send(Method::PUT, &format!("/api/v1/admin/series/{sid}/posts"), token, Some(order)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let s: Value = app.get("/api/v1/series/ordered", None).await.json().await.unwrap();
    let slugs: Vec<_> = s["posts"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, vec!["third", "first", "second"]);

    // Leaving a post out takes it out of the series; unknown or repeated ids are refused whole.
    let res = app.send(Method::PUT, &format!("/api/v1/admin/series/{sid}/posts"), token, Some(json!({"post_ids": [ids[1]]}))).await;
    let s: Value = res.json().await.unwrap();
    assert_eq!(s["posts"].as_array().unwrap().len(), 1);
    let res = app.send(Method::PUT, &format!("/api/v1/admin/series/{sid}/posts"), token, Some(json!({"post_ids": [ids[0], uuid::Uuid::new_v4()]}))).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["post_ids"]);
    let res = app.send(Method::PUT, &format!("/api/v1/admin/series/{sid}/posts"), token, Some(json!({"post_ids": [ids[0], ids[0]]}))).await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    let s: Value = app.get(&format!("/api/v1/admin/series/{sid}"), token).await.json().await.unwrap();
    assert_eq!(s["posts"].as_array().unwrap().len(), 1, "a refused reorder changes nothing");

    let res = app.send(Method::PATCH, &format!("/api/v1/admin/series/{sid}"), token, Some(json!({"title": "Renamed", "slug": "renamed"}))).await;
    let s: Value = res.json().await.unwrap();
    assert_eq!((s["title"].as_str(), s["slug"].as_str()), (Some("Renamed"), Some("renamed")));

    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/admin/series/{sid}"), token, None).await.status(), StatusCode::NO_CONTENT);
    let post: Value = app.get("/api/v1/posts/second", None).await.json().await.unwrap();
    assert!(post["series"].is_null(), "posts outlive their series");
    problem(app.get(&format!("/api/v1/admin/series/{sid}"), token).await, StatusCode::NOT_FOUND).await;
}

async fn tags_are_managed_and_merged(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let token = Some(admin.access.as_str());
    let res = app.post("/api/v1/admin/tags", token, json!({"name": "JavaScript"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let js: Value = res.json().await.unwrap();
    assert_eq!(js["slug"], "javascript");
    problem(app.post("/api/v1/admin/tags", token, json!({"name": "javascript"})).await, StatusCode::CONFLICT).await;
    assert_eq!(fields(&problem(app.post("/api/v1/admin/tags", token, json!({"name": "!!!"})).await, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["name"]);

    app.published_post(&admin, "Uses js", json!({"tags": ["js"]})).await;
    app.published_post(&admin, "Uses both", json!({"tags": ["js", "JavaScript"]})).await;
    app.published_post(&admin, "Uses full", json!({"tags": ["JavaScript"]})).await;
    let all: Value = app.get("/api/v1/admin/tags", token).await.json().await.unwrap();
    let short = all.as_array().unwrap().iter().find(|t| t["slug"] == "js").unwrap().clone();

    let res = app.post(&format!("/api/v1/admin/tags/{}/merge", short["id"].as_str().unwrap()), token, json!({"into": js["id"]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let merged: Value = res.json().await.unwrap();
    assert_eq!(merged["slug"], "javascript");
    assert_eq!(merged["post_count"], 3, "the post with both tags keeps one link");
    let both: Value = app.get("/api/v1/posts/uses-both", None).await.json().await.unwrap();
    assert_eq!(both["tags"].as_array().unwrap().len(), 1);
    assert!(app.get("/api/v1/posts?tag=js", None).await.json::<Value>().await.unwrap()["items"].as_array().unwrap().is_empty());
    let res = app.post(&format!("/api/v1/admin/tags/{}/merge", js["id"].as_str().unwrap()), token, json!({"into": uuid::Uuid::new_v4()})).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["into"]);

    let jid = js["id"].as_str().unwrap();
    let res = app.send(Method::PATCH, &format!("/api/v1/admin/tags/{jid}"), token, Some(json!({"name": "JS", "slug": "js"}))).await;
    let renamed: Value = res.json().await.unwrap();
    assert_eq!((renamed["name"].as_str(), renamed["slug"].as_str()), (Some("JS"), Some("js")));
    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/admin/tags/{jid}"), token, None).await.status(), StatusCode::NO_CONTENT);
    let post: Value = app.get("/api/v1/posts/uses-full", None).await.json().await.unwrap();
    assert!(post["tags"].as_array().unwrap().is_empty());
}

/// The slugs keyword search finds for `q`.
async fn found(app: &TestApp, q: &str) -> Vec<String> {
    let res = app.get(&format!("/api/v1/search?q={}&mode=keyword", urlencode(q)), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: Value = res.json().await.unwrap();
    page["items"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap().to_string()).collect()
}

async fn search_follows_tag_renames_merges_and_deletes(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let token = Some(admin.access.as_str());
    app.published_post(&admin, "Marsupial notes", json!({"tags": ["Wombat"]})).await;
    app.published_post(&admin, "Desert notes", json!({"tags": ["Bilby"]})).await;
    assert_eq!(found(&app, "wombat").await, vec!["marsupial-notes"]);
    let all: Value = app.get("/api/v1/admin/tags", token).await.json().await.unwrap();
    let id_of = |slug: &str| all.as_array().unwrap().iter().find(|t| t["slug"] == slug).unwrap()["id"].as_str().unwrap().to_string();
    let (wombat, bilby) = (id_of("wombat"), id_of("bilby"));

    let res = app.send(Method::PATCH, &format!("/api/v1/admin/tags/{wombat}"), token, Some(json!({"name": "Numbat"}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(found(&app, "numbat").await, vec!["marsupial-notes"], "found by the new name");
    assert!(found(&app, "wombat").await.is_empty(), "not by the old one");

    let res = app.post(&format!("/api/v1/admin/tags/{wombat}/merge"), token, json!({"into": bilby})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut both = found(&app, "bilby").await;
    both.sort();
    assert_eq!(both, vec!["desert-notes", "marsupial-notes"], "merged posts carry the remaining tag's name");
    assert!(found(&app, "numbat").await.is_empty());

    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/admin/tags/{bilby}"), token, None).await.status(), StatusCode::NO_CONTENT);
    assert!(found(&app, "bilby").await.is_empty(), "a deleted tag's name leaves its posts' documents");
}
