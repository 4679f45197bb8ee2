//! Google sign-in against a stand-in provider the test starts: the whole redirect flow.

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Overrides, TestApp, problem, spawn_app_with},
    support::free_port,
};

both_backends!(google_sign_in_creates_links_and_refuses_bad_state);

/// The profile the stand-in hands out for the next sign-in.
type Profile = Arc<Mutex<Value>>;

/// Authorize redirects straight back with a code; token and userinfo check what a real
/// provider checks (code, client secret, redirect URI, bearer token).
async fn start_provider(profile: Profile) -> String {
    let port = free_port();
    let server = HttpServer::new(move || {
        let profile = profile.clone();
        App::new()
            .route(
                "/authorize",
                web::get().to(|q: web::Query<std::collections::HashMap<String, String>>| async move {
                    assert_eq!(q["client_id"], "lectern-client");
                    assert_eq!(q["response_type"], "code");
                    assert!(q["scope"].contains("openid") && q["scope"].contains("email"));
                    let back = format!("{}?code=good-code&state={}", q["redirect_uri"], q["state"]);
                    HttpResponse::Found().insert_header(("Location", back)).finish()
                }),
            )
            .route(
                "/token",
                web::post().to(|form: web::Form<std::collections::HashMap<String, String>>| async move {
                    let ok = form.get("code").map(String::as_str) == Some("good-code")
                        && form.get("client_secret").map(String::as_str) == Some("lectern-secret")
                        && form.get("grant_type").map(String::as_str) == Some("authorization_code")
                        && form.get("redirect_uri").is_some_and(|u| u.ends_with("/api/v1/auth/google/callback"));
                    if ok {
                        HttpResponse::Ok().json(json!({"access_token": "provider-access", "token_type": "Bearer", "expires_in": 3600}))
                    } else {
                        HttpResponse::BadRequest().json(json!({"error": "invalid_grant"}))
                    }
                }),
            )
            .route(
                "/userinfo",
                web::get().to(move |req: HttpRequest| {
                    let profile = profile.clone();
                    async move {
                        let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
                        if auth != "Bearer provider-access" {
                            return HttpResponse::Unauthorized().finish();
                        }
                        HttpResponse::Ok().json(profile.lock().unwrap().clone())
                    }
                }),
            )
    })
    .workers(1)
    .bind(("127.0.0.1", port))
    .expect("bind provider")
    .run();
    tokio::spawn(server);
    format!("http://127.0.0.1:{port}")
}

/// Follows start → provider → callback; returns the callback response.
async fn sign_in(app: &TestApp) -> reqwest::Response {
    let start = app.get("/api/v1/auth/google/start?return_to=/posts/hello", None).await;
    assert_eq!(start.status(), StatusCode::FOUND);
    let to_provider = start.headers()["location"].to_str().unwrap().to_string();
    let back = app.client.get(&to_provider).send().await.unwrap();
    assert_eq!(back.status(), StatusCode::FOUND);
    // The provider sends the browser to PUBLIC_URL; the test app listens elsewhere.
    let callback = back.headers()["location"].to_str().unwrap().replace("https://blog.test", &app.base);
    app.client.get(&callback).send().await.unwrap()
}

fn refresh_cookie(res: &reqwest::Response) -> String {
    res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|c| c.strip_prefix("lectern_refresh=")).map(|c| c.split(';').next().unwrap().to_string()).expect("refresh cookie")
}

async fn me_after(app: &TestApp, res: &reqwest::Response) -> Value {
    let pair: Value = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": refresh_cookie(res)})).await.json().await.unwrap();
    app.get("/api/v1/auth/me", pair["access_token"].as_str()).await.json().await.unwrap()
}

async fn google_sign_in_creates_links_and_refuses_bad_state(backend: Backend) {
    let profile: Profile = Arc::new(Mutex::new(json!({"sub": "g-1", "email": "Grace@Example.com", "email_verified": true, "name": "Grace Hopper"})));
    let provider = start_provider(profile.clone()).await;
    let (auth, token, info) = (format!("{provider}/authorize"), format!("{provider}/token"), format!("{provider}/userinfo"));
    let Some(app) = spawn_app_with(
        backend,
        Overrides(&[
            ("GOOGLE_CLIENT_ID", "lectern-client"),
            ("GOOGLE_CLIENT_SECRET", "lectern-secret"),
            ("GOOGLE_AUTH_URL", &auth),
            ("GOOGLE_TOKEN_URL", &token),
            ("GOOGLE_USERINFO_URL", &info),
        ]),
    )
    .await
    else {
        return;
    };

    // A first sign-in creates a verified account and lands where it started.
    let res = sign_in(&app).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "https://blog.test/posts/hello");
    let me = me_after(&app, &res).await;
    assert_eq!(me["email"], "grace@example.com");
    assert_eq!(me["display_name"], "Grace Hopper");
    assert_eq!(me["email_verified"], true);
    let grace = me["id"].clone();
    assert_eq!(me_after(&app, &sign_in(&app).await).await["id"], grace, "the same Google account signs into the same user");

    // An existing password account is linked by its verified address, not duplicated.
    app.reader("alan@example.com").await;
    *profile.lock().unwrap() = json!({"sub": "g-2", "email": "alan@example.com", "email_verified": true, "name": "Alan"});
    let linked = me_after(&app, &sign_in(&app).await).await;
    assert_eq!(linked["email"], "alan@example.com");
    assert_eq!(linked["display_name"], "Test Reader", "the existing account, not a new one");
    assert_eq!(linked["email_verified"], true);

    // An unverified provider address never takes over an account.
    *profile.lock().unwrap() = json!({"sub": "g-3", "email": "alan@example.com", "email_verified": false});
    problem(sign_in(&app).await, StatusCode::BAD_REQUEST).await;

    // A forged or replayed state is refused.
    let forged = app.get("/api/v1/auth/google/callback?code=good-code&state=made-up", None).await;
    problem(forged, StatusCode::BAD_REQUEST).await;
    let start = app.get("/api/v1/auth/google/start", None).await;
    let location = start.headers()["location"].to_str().unwrap().to_string();
    let state = url_param(&location, "state");
    *profile.lock().unwrap() = json!({"sub": "g-1", "email": "grace@example.com", "email_verified": true});
    let first = app.get(&format!("/api/v1/auth/google/callback?code=good-code&state={state}"), None).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let replay = app.get(&format!("/api/v1/auth/google/callback?code=good-code&state={state}"), None).await;
    problem(replay, StatusCode::BAD_REQUEST).await;
    // A code the provider refuses is a clear gateway error.
    let start = app.get("/api/v1/auth/google/start", None).await;
    let state = url_param(start.headers()["location"].to_str().unwrap(), "state");
    problem(app.get(&format!("/api/v1/auth/google/callback?code=bad-code&state={state}"), None).await, StatusCode::BAD_GATEWAY).await;
}

fn url_param(url: &str, name: &str) -> String {
    let query = url.split_once('?').unwrap().1;
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).unwrap().1.into_owned()
}

mod unconfigured {
    use super::*;
    use crate::helpers::spawn_app;

    #[tokio::test]
    async fn google_sign_in_without_configuration_is_503() {
        let Some(app) = spawn_app(Backend::Sqlite).await else { return };
        problem(app.get("/api/v1/auth/google/start", None).await, StatusCode::SERVICE_UNAVAILABLE).await;
    }
}
