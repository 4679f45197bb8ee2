//! Real SMTP exchanges with a sink the test starts.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Overrides, spawn_app_with},
    support::{SmtpSink, eventually, unfold_qp},
};

both_backends!(emails_go_out_over_smtp_with_both_bodies_and_list_headers);

async fn emails_go_out_over_smtp_with_both_bodies_and_list_headers(backend: Backend) {
    let sink = SmtpSink::start(Duration::ZERO).await;
    let url = sink.url();
    let Some(app) = spawn_app_with(backend, Overrides(&[("SMTP_URL", url.as_str()), ("MAIL_FROM", "Lectern <news@blog.test>")])).await else { return };
    let admin = app.admin().await;
    let reader = app.reader("eve@example.com").await;

    let message = eventually("the verification email at the sink", Duration::from_secs(20), || async {
        sink.messages().into_iter().find(|m| m.to == ["eve@example.com"])
    })
    .await;
    assert_eq!(message.from, "news@blog.test");
    let raw = unfold_qp(&message.data);
    assert!(raw.contains("From: Lectern <news@blog.test>"), "{raw}");
    assert!(raw.contains("To: eve@example.com"));
    assert!(raw.contains("Subject: Confirm your email address"));
    assert!(raw.contains("multipart/alternative"));
    assert!(raw.contains("Content-Type: text/plain"));
    assert!(raw.contains("Content-Type: text/html"));
    assert!(raw.contains("https://blog.test/verify-email?token="), "the link is in the message");
    assert!(raw.contains("Confirm my email"), "the HTML body is in the message");

    // The mailbox records what went out over SMTP.
    let stored = app.delivered_email(&admin, "eve@example.com", "Confirm your email address").await;
    assert_eq!(stored["state"], "sent");

    // Digest mail carries the one-click unsubscribe headers on the wire.
    app.mark_verified("eve@example.com").await;
    let res = app.send(reqwest::Method::PATCH, "/api/v1/me/settings", Some(&reader.access), Some(json!({"digest": true}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    app.published_post(&admin, "On the wire", json!({})).await;
    app.post("/api/v1/admin/jobs/run", Some(&admin.access), json!({"job": "daily_digest"})).await;
    let digest = eventually("the digest at the sink", Duration::from_secs(20), || async {
        sink.messages().into_iter().find(|m| m.data.contains("Subject: New on Lectern"))
    })
    .await;
    let raw = unfold_qp(&digest.data);
    assert!(raw.contains("List-Unsubscribe: <https://blog.test/api/v1/newsletter/unsubscribe?token=digest."), "{raw}");
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let mailbox: Vec<Value> = app.mailbox(&admin, "eve@example.com").await;
    assert_eq!(mailbox.len(), 2, "the verification email and the digest, nothing twice");
}
