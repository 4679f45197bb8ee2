use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, Overrides, fields, problem, spawn_app, spawn_app_with};

both_backends!(
    register_signs_in_and_sets_a_strict_cookie,
    register_names_every_invalid_field,
    emails_are_unique_regardless_of_case,
    login_checks_the_password,
    me_requires_a_valid_token,
    refresh_rotates_and_reuse_revokes_the_family,
    concurrent_refreshes_share_one_rotation,
    refresh_reads_the_cookie,
    logout_revokes_the_refresh_token,
    sign_in_is_rate_limited_per_ip,
    malformed_bodies_are_problems,
);

async fn register_signs_in_and_sets_a_strict_cookie(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let res = app.register("ada@example.com", "long-enough-pw").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let cookies: Vec<String> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let cookie = cookies.iter().find(|c| c.starts_with("lectern_refresh=")).expect("refresh cookie").clone();
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(cookie.contains(attr), "cookie lacks {attr}: {cookie}");
    }
    // The SPA's hint that a session exists carries no secret and is readable by scripts.
    let hint = cookies.iter().find(|c| c.starts_with("lectern_session=1")).expect("signed-in hint cookie");
    assert!(!hint.contains("HttpOnly") && hint.contains("Path=/"), "{hint}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_u64().unwrap() > 0);
    assert!(cookie.contains(body["refresh_token"].as_str().unwrap()));
    let me: Value = app.get("/api/v1/auth/me", body["access_token"].as_str()).await.json().await.unwrap();
    assert_eq!(me["email"], "ada@example.com");
    assert_eq!(me["role"], "reader");
    assert_eq!(me["premium"], false);
    assert_eq!(me["email_verified"], false);
}

async fn register_names_every_invalid_field(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let res = app.post("/api/v1/auth/register", None, json!({"email": "not-an-email", "password": "short", "display_name": ""})).await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&body), vec!["display_name", "email", "password"]);
    let res = app.post("/api/v1/auth/register", None, json!({"email": "a@b.co", "password": "long-enough-pw"})).await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&body), vec!["display_name"]);
}

async fn emails_are_unique_regardless_of_case(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    assert_eq!(app.register("Grace@Example.com", "long-enough-pw").await.status(), StatusCode::CREATED);
    problem(app.register("grace@example.COM", "another-password").await, StatusCode::CONFLICT).await;
    // Sign-in is case-insensitive too.
    let res = app.post("/api/v1/auth/login", None, json!({"email": "GRACE@example.com", "password": "long-enough-pw"})).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn login_checks_the_password(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.reader("linus@example.com").await;
    let wrong = app.post("/api/v1/auth/login", None, json!({"email": "linus@example.com", "password": "wrong-password"})).await;
    problem(wrong, StatusCode::UNAUTHORIZED).await;
    let unknown = app.post("/api/v1/auth/login", None, json!({"email": "nobody@example.com", "password": "reader-password-1"})).await;
    problem(unknown, StatusCode::UNAUTHORIZED).await;
    let ok = app.post("/api/v1/auth/login", None, json!({"email": "linus@example.com", "password": "reader-password-1"})).await;
    assert_eq!(ok.status(), StatusCode::OK);
}

async fn me_requires_a_valid_token(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    problem(app.get("/api/v1/auth/me", None).await, StatusCode::UNAUTHORIZED).await;
    problem(app.get("/api/v1/auth/me", Some("not.a.jwt")).await, StatusCode::UNAUTHORIZED).await;
    let res = app.client.get(app.url("/api/v1/auth/me")).header("Authorization", "Basic abc").send().await.unwrap();
    problem(res, StatusCode::UNAUTHORIZED).await;
    let s = app.reader("me@example.com").await;
    assert_eq!(app.get("/api/v1/auth/me", Some(&s.access)).await.status(), StatusCode::OK);
}

async fn refresh_rotates_and_reuse_revokes_the_family(backend: Backend) {
    // No grace window: any second use of a spent token is a reuse.
    let Some(app) = spawn_app_with(backend, Overrides(&[("REFRESH_REUSE_GRACE_SECONDS", "0")])).await else { return };
    let first = app.reader("rot@example.com").await;
    let res = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": first.refresh})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: Value = res.json().await.unwrap();
    let second_refresh = second["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(second_refresh, first.refresh);
    assert_eq!(app.get("/api/v1/auth/me", second["access_token"].as_str()).await.status(), StatusCode::OK);

    // Replaying the spent token is treated as theft: it fails and takes the family with it.
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": first.refresh})).await, StatusCode::UNAUTHORIZED).await;
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": second_refresh})).await, StatusCode::UNAUTHORIZED).await;

    // Another sign-in (another family) is unaffected.
    let other = app.post("/api/v1/auth/login", None, json!({"email": "rot@example.com", "password": "reader-password-1"})).await;
    let other: Value = other.json().await.unwrap();
    let res = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": other["refresh_token"]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": "made-up"})).await, StatusCode::UNAUTHORIZED).await;
}

/// Two tabs refreshing with the same token at the same moment both get the same new pair;
/// a token replayed after the grace window, or once its successor was used, is theft.
async fn concurrent_refreshes_share_one_rotation(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("REFRESH_REUSE_GRACE_SECONDS", "2")])).await else { return };
    let s = app.reader("tabs@example.com").await;
    let body = json!({"refresh_token": s.refresh});
    let (a, b) = tokio::join!(app.post("/api/v1/auth/refresh", None, body.clone()), app.post("/api/v1/auth/refresh", None, body.clone()));
    assert_eq!((a.status(), b.status()), (StatusCode::OK, StatusCode::OK));
    let (a, b): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
    assert_eq!(a["refresh_token"], b["refresh_token"], "both tabs hold the same successor");
    assert_eq!(app.get("/api/v1/auth/me", b["access_token"].as_str()).await.status(), StatusCode::OK);

    // The successor rotates normally; after that the first token is no longer replayable.
    let res = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": a["refresh_token"]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let third: Value = res.json().await.unwrap();
    problem(app.post("/api/v1/auth/refresh", None, body.clone()).await, StatusCode::UNAUTHORIZED).await;
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": third["refresh_token"]})).await, StatusCode::UNAUTHORIZED).await;

    // Past the window a replay is theft even while the successor is unused.
    let s = app.reader("late@example.com").await;
    let res = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": s.refresh})).await;
    let next: Value = res.json().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": s.refresh})).await, StatusCode::UNAUTHORIZED).await;
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": next["refresh_token"]})).await, StatusCode::UNAUTHORIZED).await;
}

async fn refresh_reads_the_cookie(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.reader("cookie@example.com").await;
    let res = app.client.post(app.url("/api/v1/auth/refresh")).header("Cookie", format!("lectern_refresh={}", s.refresh)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.client.post(app.url("/api/v1/auth/refresh")).send().await.unwrap();
    let expired = res.headers().get_all("set-cookie").iter().filter(|c| c.to_str().unwrap().contains("Max-Age=0")).count();
    assert_eq!(expired, 2, "a failed refresh clears both cookies");
    problem(res, StatusCode::UNAUTHORIZED).await;
}

async fn logout_revokes_the_refresh_token(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    problem(app.post("/api/v1/auth/logout", None, json!({})).await, StatusCode::UNAUTHORIZED).await;
    let s = app.reader("bye@example.com").await;
    let res = app.post("/api/v1/auth/logout", Some(&s.access), json!({"refresh_token": s.refresh})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let cookies: Vec<&str> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    for name in ["lectern_refresh=;", "lectern_session=;"] {
        assert!(cookies.iter().any(|c| c.starts_with(name) && c.contains("Max-Age=0")), "{name} not expired: {cookies:?}");
    }
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": s.refresh})).await, StatusCode::UNAUTHORIZED).await;
}

async fn sign_in_is_rate_limited_per_ip(backend: Backend) {
    // Two attempts per one-minute window.
    let Some(app) = spawn_app_with(backend, Overrides(&[("AUTH_RATE_LIMIT_PER_MINUTE", "2")])).await else { return };
    for _ in 0..2 {
        let res = app.post("/api/v1/auth/login", None, json!({"email": "x@example.com", "password": "whatever-pw"})).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.post("/api/v1/auth/login", None, json!({"email": "x@example.com", "password": "whatever-pw"})).await;
    let retry_after: u64 = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).expect("Retry-After");
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    problem(res, StatusCode::TOO_MANY_REQUESTS).await;
    // Registration shares the budget; reading does not.
    problem(app.register("new@example.com", "long-enough-pw").await, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(app.get("/api/v1/posts", None).await.status(), StatusCode::OK);
}

async fn malformed_bodies_are_problems(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let res = app.client.post(app.url("/api/v1/auth/login")).header("Content-Type", "application/json").body("{not json").send().await.unwrap();
    problem(res, StatusCode::BAD_REQUEST).await;
    let res = app.send(Method::POST, "/api/v1/auth/login", None, Some(json!({"email": 5, "password": "x"}))).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["email"]);
    let res = app.client.post(app.url("/api/v1/auth/login")).header("Content-Type", "text/plain").body("{}").send().await.unwrap();
    problem(res, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let huge = "x".repeat(lectern::security::MAX_BODY_BYTES + 1);
    let res = app.post("/api/v1/auth/register", None, json!({"email": "a@b.co", "password": huge, "display_name": "x"})).await;
    problem(res, StatusCode::PAYLOAD_TOO_LARGE).await;
}
