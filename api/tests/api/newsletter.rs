//! Newsletter double opt-in and signed unsubscribe links.

use reqwest::StatusCode;
use serde_json::{Value, json};

use lectern::entities::newsletter_subscribers;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{Backend, fields, link_param, problem, spawn_app};

both_backends!(newsletter_needs_confirmation_and_unsubscribes_by_signed_link);

async fn newsletter_needs_confirmation_and_unsubscribes_by_signed_link(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let bad = problem(app.post("/api/v1/newsletter/subscribe", None, json!({"email": "nope"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["email"]);

    let res = app.post("/api/v1/newsletter/subscribe", None, json!({"email": "dee@example.com"})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let email = app.delivered_email(&admin, "dee@example.com", "Confirm your subscription").await;
    let token = link_param(email["text_body"].as_str().unwrap(), "/newsletter/confirm", "token");

    // Not subscribed until confirmed: a digest run now would not reach this address.
    let res = app.post("/api/v1/newsletter/confirm", None, json!({"token": token})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["email"], "dee@example.com");
    problem(app.post("/api/v1/newsletter/confirm", None, json!({"token": token})).await, StatusCode::UNPROCESSABLE_ENTITY).await;

    // Subscribing a confirmed address again sends nothing.
    app.post("/api/v1/newsletter/subscribe", None, json!({"email": "dee@example.com"})).await;
    assert_eq!(app.mailbox(&admin, "dee@example.com").await.len(), 1);

    // The digest carries the signed link; build one the same way a digest does.
    let admin_post = app.published_post(&admin, "Fresh news", json!({})).await;
    assert_eq!(admin_post["status"], "published");
    let res = app.post("/api/v1/admin/jobs/run", Some(&admin.access), json!({"job": "daily_digest"})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let digest = app.delivered_email(&admin, "dee@example.com", "New on Lectern").await;
    assert_eq!(digest["headers"]["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
    let header = digest["headers"]["List-Unsubscribe"].as_str().unwrap();
    let unsub = link_param(header.trim_matches(['<', '>']), "/api/v1/newsletter/unsubscribe", "token");
    assert_eq!(link_param(digest["text_body"].as_str().unwrap(), "/unsubscribe", "token"), unsub, "body and header carry the same link");

    // GET only describes; POST unsubscribes; a tampered token does nothing.
    let info: Value = app.get(&format!("/api/v1/newsletter/unsubscribe?token={unsub}"), None).await.json().await.unwrap();
    assert_eq!(info, json!({"list": "newsletter", "email": "dee@example.com"}));
    let tampered = format!("{}x", &unsub[..unsub.len() - 1]);
    let bad = problem(app.send(reqwest::Method::POST, &format!("/api/v1/newsletter/unsubscribe?token={tampered}"), None, None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["token"]);
    let res = app.client.post(app.url(&format!("/api/v1/newsletter/unsubscribe?token={unsub}"))).form(&[("List-Unsubscribe", "One-Click")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let sub = newsletter_subscribers::Entity::find().filter(newsletter_subscribers::Column::Email.eq("dee@example.com")).one(&app.db).await.unwrap().unwrap();
    assert_eq!(sub.status, "unsubscribed");
    assert!(sub.unsubscribed_at.is_some());
}
