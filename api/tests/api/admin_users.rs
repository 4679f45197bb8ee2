//! Admins find accounts, see what one did, and change its role or lock it out, with effect
//! on the account's very next request.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, Overrides, TestApp, fields, problem, spawn_app_with};

both_backends!(admins_find_accounts_by_any_part_of_email_or_name, role_and_disabled_changes_apply_at_once, an_accounts_activity_reads_newest_first);

async fn json_ok(res: reqwest::Response, status: StatusCode) -> Value {
    let got = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

async fn spawn(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, Overrides(&[("COMMENT_HOLD", "none")])).await
}

async fn named(app: &TestApp, email: &str, name: &str) -> Value {
    let res = app.post("/api/v1/auth/register", None, json!({"email": email, "password": "reader-password-1", "display_name": name})).await;
    json_ok(res, StatusCode::CREATED).await
}

fn emails(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap().to_string()).collect()
}

async fn admins_find_accounts_by_any_part_of_email_or_name(backend: Backend) {
    let Some(app) = spawn(backend).await else { return };
    let admin = app.admin().await;
    named(&app, "ada@lovelace.example", "Ada Lovelace").await;
    named(&app, "grace@navy.example", "Grace Hopper").await;
    named(&app, "alan@bletchley.example", "Alan Turing").await;
    named(&app, "percent@odd.example", "100% Sure").await;
    let app = &app;
    let search = |q: &str| {
        let path = format!("/api/v1/admin/users?q={}", crate::helpers::urlencode(q));
        let token = admin.access.clone();
        async move { app.get(&path, Some(&token)).await }
    };

    assert_eq!(emails(&json_ok(search("LOVELACE").await, StatusCode::OK).await), ["ada@lovelace.example"], "by email, any case");
    assert_eq!(emails(&json_ok(search("hopp").await, StatusCode::OK).await), ["grace@navy.example"], "by part of the name");
    assert_eq!(emails(&json_ok(search("a").await, StatusCode::OK).await).len(), 5, "newest first, the admin included");
    // LIKE's wildcards are text here: `%` finds the one name holding it, `_` nothing.
    assert_eq!(emails(&json_ok(search("%").await, StatusCode::OK).await), ["percent@odd.example"]);
    assert!(emails(&json_ok(search("_").await, StatusCode::OK).await).is_empty());

    // Paged like every list.
    let first = json_ok(app.get("/api/v1/admin/users?q=a&limit=2", Some(&admin.access)).await, StatusCode::OK).await;
    let cursor = first["next_cursor"].as_str().expect("more pages");
    let second = json_ok(app.get(&format!("/api/v1/admin/users?q=a&limit=2&cursor={cursor}"), Some(&admin.access)).await, StatusCode::OK).await;
    let mut seen = emails(&first);
    seen.extend(emails(&second));
    seen.dedup();
    assert_eq!(seen.len(), 4);

    for bad in ["%20%20", &"x".repeat(201)] {
        let p = problem(app.get(&format!("/api/v1/admin/users?q={bad}"), Some(&admin.access)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&p), ["q"]);
    }
}

async fn role_and_disabled_changes_apply_at_once(backend: Backend) {
    let Some(app) = spawn(backend).await else { return };
    let admin = app.admin().await;
    let ann = app.reader("ann@example.com").await;
    let me: Value = app.get("/api/v1/auth/me", Some(&ann.access)).await.json().await.unwrap();
    let ann_id = me["id"].as_str().unwrap().to_string();
    let admin_me: Value = app.get("/api/v1/auth/me", Some(&admin.access)).await.json().await.unwrap();
    let admin_id = admin_me["id"].as_str().unwrap().to_string();
    let patch = |id: &str, body: Value| {
        let path = format!("/api/v1/admin/users/{id}");
        let token = admin.access.clone();
        let app = &app;
        async move { app.send(Method::PATCH, &path, Some(&token), Some(body)).await }
    };

    // Promoted: Ann's current token opens the admin area on its next request; demoted, it does not.
    problem(app.get("/api/v1/admin/posts", Some(&ann.access)).await, StatusCode::FORBIDDEN).await;
    assert_eq!(json_ok(patch(&ann_id, json!({"role": "admin"})).await, StatusCode::OK).await["role"], "admin");
    assert_eq!(app.get("/api/v1/admin/posts", Some(&ann.access)).await.status(), StatusCode::OK);
    json_ok(patch(&ann_id, json!({"role": "reader"})).await, StatusCode::OK).await;
    problem(app.get("/api/v1/admin/posts", Some(&ann.access)).await, StatusCode::FORBIDDEN).await;

    // Disabled: the access token stops working now, the refresh token is gone, sign-in is refused.
    let disabled = json_ok(patch(&ann_id, json!({"disabled": true})).await, StatusCode::OK).await;
    assert!(disabled["disabled_at"].is_string());
    problem(app.get("/api/v1/auth/me", Some(&ann.access)).await, StatusCode::UNAUTHORIZED).await;
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": ann.refresh})).await, StatusCode::UNAUTHORIZED).await;
    let login = || app.post("/api/v1/auth/login", None, json!({"email": "ann@example.com", "password": "reader-password-1"}));
    problem(login().await, StatusCode::UNAUTHORIZED).await;
    assert!(json_ok(patch(&ann_id, json!({"disabled": false})).await, StatusCode::OK).await["disabled_at"].is_null());
    json_ok(login().await, StatusCode::OK).await;

    // An admin keeps their own access; bad input names its field.
    problem(patch(&admin_id, json!({"role": "reader"})).await, StatusCode::CONFLICT).await;
    problem(patch(&admin_id, json!({"disabled": true})).await, StatusCode::CONFLICT).await;
    let p = problem(patch(&ann_id, json!({"role": "owner"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["role"]);
    problem(patch(&uuid::Uuid::now_v7().to_string(), json!({"disabled": false})).await, StatusCode::NOT_FOUND).await;

    // The list shows a comment ban.
    app.send(Method::PUT, &format!("/api/v1/admin/users/{ann_id}/comment-ban"), Some(&admin.access), Some(json!({"reason": "spam"}))).await;
    let found = json_ok(app.get("/api/v1/admin/users?email=ann@example.com", Some(&admin.access)).await, StatusCode::OK).await;
    assert_eq!(found["items"][0]["comment_banned"], true);
}

async fn an_accounts_activity_reads_newest_first(backend: Backend) {
    let Some(app) = spawn(backend).await else { return };
    let admin = app.admin().await;
    let ann = app.reader("ann@example.com").await;
    let me: Value = app.get("/api/v1/auth/me", Some(&ann.access)).await.json().await.unwrap();
    let ann_id = me["id"].as_str().unwrap().to_string();
    app.published_post(&admin, "Closures", json!({"slug": "closures", "markdown": "Short."})).await;
    json_ok(app.post("/api/v1/posts/closures/comments", Some(&ann.access), json!({"markdown": "Nice"})).await, StatusCode::CREATED).await;
    let res = app.send(Method::PUT, "/api/v1/me/progress/closures", Some(&ann.access), Some(json!({"percent": 100, "active_seconds": 300}))).await;
    assert!(res.status().is_success(), "{}", res.status());

    let page = json_ok(app.get(&format!("/api/v1/admin/users/{ann_id}/activity"), Some(&admin.access)).await, StatusCode::OK).await;
    let kinds: Vec<(&str, &str)> = page["items"].as_array().unwrap().iter().map(|a| (a["kind"].as_str().unwrap(), a["post"]["slug"].as_str().unwrap())).collect();
    assert_eq!(kinds, [("post_completed", "closures"), ("comment_published", "closures")]);
    assert_eq!(page["items"][0]["post"]["title"], "Closures");

    let one = json_ok(app.get(&format!("/api/v1/admin/users/{ann_id}/activity?limit=1"), Some(&admin.access)).await, StatusCode::OK).await;
    let cursor = one["next_cursor"].as_str().expect("a second page");
    let rest = json_ok(app.get(&format!("/api/v1/admin/users/{ann_id}/activity?limit=1&cursor={cursor}"), Some(&admin.access)).await, StatusCode::OK).await;
    assert_eq!(rest["items"][0]["kind"], "comment_published");
    problem(app.get(&format!("/api/v1/admin/users/{}/activity", uuid::Uuid::now_v7()), Some(&admin.access)).await, StatusCode::NOT_FOUND).await;
    problem(app.get(&format!("/api/v1/admin/users/{ann_id}/activity"), Some(&ann.access)).await, StatusCode::FORBIDDEN).await;
}
