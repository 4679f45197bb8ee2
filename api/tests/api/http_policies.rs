//! What the server promises on every route regardless of the handler: 405 with `Allow`,
//! 415 for bodies that are not JSON, the body size limit, security headers with a policy
//! per kind of page, HSTS when configured, and CORS only for the configured origins.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Backend, Overrides, fields, problem, spawn_app, spawn_app_with};

both_backends!(
    methods_a_path_lacks_answer_405_with_allow,
    bodies_must_be_json_objects_within_the_limit,
    every_response_carries_the_security_headers,
    cors_is_off_unless_origins_are_configured,
);

async fn methods_a_path_lacks_answer_405_with_allow(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for (method, path, allow) in [
        ("TRACE", "/api/v1/posts", "GET"),
        ("DELETE", "/api/v1/posts/some-slug", "GET"),
        ("PUT", "/api/v1/admin/posts/0190a8b2-0000-7000-8000-000000000000", "GET, DELETE, PATCH"),
        ("GET", "/api/v1/auth/login", "POST"),
    ] {
        let res = app.client.request(Method::from_bytes(method.as_bytes()).unwrap(), app.url(path)).send().await.unwrap();
        assert_eq!(res.headers().get("allow").and_then(|v| v.to_str().ok()), Some(allow), "{method} {path}");
        problem(res, StatusCode::METHOD_NOT_ALLOWED).await;
    }
    let res = app.client.request(Method::OPTIONS, app.url("/api/v1/tags")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(res.headers().get("allow").and_then(|v| v.to_str().ok()), Some("GET"));
    // A path with an encoded NUL names nothing, on either database.
    problem(app.get("/api/v1/posts/a%00b", None).await, StatusCode::NOT_FOUND).await;
    // Paths outside the contract are untouched: unknown API paths are 404, pages are the SPA.
    problem(app.client.request(Method::DELETE, app.url("/api/v1/nothing-here")).send().await.unwrap(), StatusCode::NOT_FOUND).await;
}

async fn bodies_must_be_json_objects_within_the_limit(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let post = app.create_post(&admin, json!({"title": "Limits", "markdown": "Body."})).await;
    let publish = format!("/api/v1/admin/posts/{}/publish", post["id"].as_str().unwrap());

    // An optional body given as text is refused, not ignored; `null` is the same as none.
    let res = app.client.post(app.url(&publish)).bearer_auth(&admin.access).header("content-type", "text/plain").body("{}").send().await.unwrap();
    problem(res, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let res = app.client.post(app.url(&publish)).bearer_auth(&admin.access).header("content-type", "application/json").body("null").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // Arrays are not objects, and unknown properties are refused (the spec says so too).
    let res = app.client.post(app.url("/api/v1/admin/tags")).bearer_auth(&admin.access).header("content-type", "application/json").body("[\"x\"]").send().await.unwrap();
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["body"]);
    let res = app.post("/api/v1/admin/tags", Some(&admin.access), json!({"name": "Rust", "colour": "red"})).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["colour"]);
    let res = app.post("/api/v1/admin/tags", Some(&admin.access), json!({"name": "!!!"})).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["name"]);
    // U+0000 is refused in bodies and queries alike (PostgreSQL cannot store it).
    let res = app.post("/api/v1/admin/tags", Some(&admin.access), json!({"name": "Ru\u{0}st"})).await;
    assert_eq!(fields(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["name"]);
    assert_eq!(fields(&problem(app.get("/api/v1/posts?series=a%00b", None).await, StatusCode::UNPROCESSABLE_ENTITY).await), vec!["series"]);

    // The limit holds on routes that read raw bytes too, before the body is read.
    let big = vec![b' '; lectern::security::MAX_BODY_BYTES + 1];
    let res = app.client.post(app.url("/api/v1/billing/webhook")).header("content-type", "application/json").body(big.clone()).send().await.unwrap();
    problem(res, StatusCode::PAYLOAD_TOO_LARGE).await;
    let res = app.client.post(app.url(&publish)).bearer_auth(&admin.access).header("content-type", "application/json").body(big).send().await.unwrap();
    problem(res, StatusCode::PAYLOAD_TOO_LARGE).await;
    // The largest markdown the schema allows, written with JSON escapes, still fits.
    let markdown = "\u{1F600}".repeat(200_000);
    let res = app.post("/api/v1/admin/render", Some(&admin.access), json!({"markdown": markdown})).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("HSTS_MAX_AGE_SECONDS", "600")])).await else { return };
    let header = |res: &reqwest::Response, name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    for path in ["/", "/posts/anything", "/docs/", "/api/v1/posts", "/api/v1/nothing", "/feed.xml"] {
        let res = app.get(path, None).await;
        let csp = header(&res, "content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src"), "{path}: {csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{path}: inline scripts allowed");
        assert_eq!(header(&res, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&res, "strict-transport-security"), "max-age=600; includeSubDomains", "{path}");
        assert!(header(&res, "permissions-policy").contains("camera=()"), "{path}");
        let wasm = csp.contains("'wasm-unsafe-eval'");
        assert_eq!(wasm, !path.starts_with("/docs") && !path.starts_with("/api") && path != "/feed.xml", "{path}: {csp}");
    }
    // Without the setting and behind plain HTTP there is no HSTS.
    let Some(plain) = spawn_app_with(backend, Overrides(&[("PUBLIC_URL", "http://localhost:8080")])).await else { return };
    assert!(plain.get("/api/v1/posts", None).await.headers().get("strict-transport-security").is_none());
}

async fn cors_is_off_unless_origins_are_configured(backend: Backend) {
    let preflight = |app: &crate::helpers::TestApp, origin: &str| {
        app.client
            .request(Method::OPTIONS, app.url("/api/v1/posts"))
            .header("Origin", origin.to_string())
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization")
            .send()
    };
    let Some(app) = spawn_app(backend).await else { return };
    let res = preflight(&app, "https://elsewhere.example").await.unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none(), "CORS must be off by default");
    let res = app.client.get(app.url("/api/v1/posts")).header("Origin", "https://elsewhere.example").send().await.unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());

    let Some(app) = spawn_app_with(backend, Overrides(&[("CORS_ALLOWED_ORIGINS", "https://app.example, http://localhost:5173")])).await else { return };
    let res = preflight(&app, "https://app.example").await.unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(res.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some("https://app.example"));
    let res = app.client.get(app.url("/api/v1/posts")).header("Origin", "http://localhost:5173").send().await.unwrap();
    assert_eq!(res.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some("http://localhost:5173"));
    let res = preflight(&app, "https://elsewhere.example").await.unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none(), "an origin off the list is not allowed");
    // The site's own pages still work: a same-origin request with its Origin header.
    let res = app.client.post(app.url("/api/v1/auth/login")).header("Origin", "https://blog.test").json(&json!({"email": "x@y.z", "password": "nope"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
