//! Email verification, password reset and settings, through the emails the platform sends.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, fields, link_param, problem, spawn_app};

both_backends!(registration_sends_a_single_use_verification_link, password_reset_revokes_every_session, settings_toggle_the_digest);

async fn registration_sends_a_single_use_verification_link(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let reader = app.reader("ada@example.com").await;
    let me: Value = app.get("/api/v1/auth/me", Some(&reader.access)).await.json().await.unwrap();
    assert_eq!(me["email_verified"], false);

    let email = app.delivered_email(&admin, "ada@example.com", "Confirm your email address").await;
    assert_eq!(email["kind"], "verify_email");
    assert!(email["html_body"].as_str().unwrap().contains("/verify-email?token="), "both bodies carry the link");
    let token = link_param(email["text_body"].as_str().unwrap(), "/verify-email", "token");

    let res = app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let verified: Value = res.json().await.unwrap();
    assert_eq!(verified["email_verified"], true);
    let me: Value = app.get("/api/v1/auth/me", Some(&reader.access)).await.json().await.unwrap();
    assert_eq!(me["email_verified"], true);

    let again = problem(app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&again), vec!["token"], "a token works once");
    let forged = problem(app.post("/api/v1/auth/verify-email", None, json!({"token": "not-a-token"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&forged), vec!["token"]);

    // Once verified, asking again sends nothing new.
    let res = app.post("/api/v1/auth/resend-verification", Some(&reader.access), json!({})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(app.mailbox(&admin, "ada@example.com").await.len(), 1);
    problem(app.post("/api/v1/auth/resend-verification", None, json!({})).await, StatusCode::UNAUTHORIZED).await;
}

async fn password_reset_revokes_every_session(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let reader = app.reader("bob@example.com").await;

    // Unknown addresses get the same answer and no email.
    let res = app.post("/api/v1/auth/forgot-password", None, json!({"email": "nobody@example.com"})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let bad = problem(app.post("/api/v1/auth/forgot-password", None, json!({"email": "not an email"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["email"]);

    let res = app.post("/api/v1/auth/forgot-password", None, json!({"email": "Bob@Example.com"})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let email = app.delivered_email(&admin, "bob@example.com", "Reset your password").await;
    let token = link_param(email["text_body"].as_str().unwrap(), "/reset-password", "token");
    assert!(app.mailbox(&admin, "nobody@example.com").await.is_empty());

    let short = problem(app.post("/api/v1/auth/reset-password", None, json!({"token": token, "password": "short"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&short), vec!["password"]);
    let res = app.post("/api/v1/auth/reset-password", None, json!({"token": token, "password": "a-brand-new-password"})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // The old session is gone, the old password too; the new one works.
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": reader.refresh})).await, StatusCode::UNAUTHORIZED).await;
    problem(app.post("/api/v1/auth/login", None, json!({"email": "bob@example.com", "password": "reader-password-1"})).await, StatusCode::UNAUTHORIZED).await;
    let res = app.post("/api/v1/auth/login", None, json!({"email": "bob@example.com", "password": "a-brand-new-password"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let reused = problem(app.post("/api/v1/auth/reset-password", None, json!({"token": token, "password": "yet-another-password"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reused), vec!["token"]);
}

async fn settings_toggle_the_digest(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    problem(app.get("/api/v1/me/settings", None).await, StatusCode::UNAUTHORIZED).await;
    let reader = app.reader("cy@example.com").await;
    let settings: Value = app.get("/api/v1/me/settings", Some(&reader.access)).await.json().await.unwrap();
    assert_eq!(settings["digest"], false);
    let res = app.send(reqwest::Method::PATCH, "/api/v1/me/settings", Some(&reader.access), Some(json!({"digest": true}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let settings: Value = app.get("/api/v1/me/settings", Some(&reader.access)).await.json().await.unwrap();
    assert_eq!(settings["digest"], true);
    let bad = problem(app.send(reqwest::Method::PATCH, "/api/v1/me/settings", Some(&reader.access), Some(json!({"digest": "yes"}))).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["digest"]);
}
