//! A reader's preferences: name, theme, and how each kind of notification reaches them.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Overrides, Session, TestApp, fields, problem, spawn_app_with},
    support::eventually,
};

both_backends!(settings_hold_name_theme_and_notification_choices, notifications_follow_each_readers_choice);

async fn settings(app: &TestApp, who: &Session, patch: Value) -> reqwest::Response {
    app.send(Method::PATCH, "/api/v1/me/settings", Some(&who.access), Some(patch)).await
}

async fn json_ok(res: reqwest::Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn settings_hold_name_theme_and_notification_choices(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[])).await else { return };
    let ann = app.reader("ann@example.com").await;
    let fresh = json_ok(app.get("/api/v1/me/settings", Some(&ann.access)).await).await;
    assert_eq!(fresh["theme"], "system");
    assert_eq!(fresh["email_verified"], false);
    assert_eq!(
        fresh["notifications"],
        json!([
            {"kind": "reply", "in_app": true, "email": false},
            {"kind": "series_post", "in_app": true, "email": false},
            {"kind": "moderation", "in_app": true, "email": false},
        ])
    );

    let changed =
        json_ok(settings(&app, &ann, json!({"display_name": "  Ann B  ", "theme": "dark", "notifications": [{"kind": "reply", "in_app": false, "email": true}]})).await).await;
    assert_eq!(changed["display_name"], "Ann B");
    assert_eq!(changed["theme"], "dark");
    assert_eq!(changed["notifications"][0], json!({"kind": "reply", "in_app": false, "email": true}));
    assert_eq!(changed["notifications"][1]["in_app"], true, "kinds not named keep their setting");
    // The new name is the account's everywhere.
    let me = json_ok(app.get("/api/v1/auth/me", Some(&ann.access)).await).await;
    assert_eq!(me["display_name"], "Ann B");
    // A later change to one kind leaves the others.
    let again = json_ok(settings(&app, &ann, json!({"notifications": [{"kind": "moderation", "in_app": false, "email": false}]})).await).await;
    assert_eq!(again["notifications"][0]["email"], true);
    assert_eq!(again["notifications"][2]["in_app"], false);

    for (patch, field) in [
        (json!({"theme": "neon"}), "theme"),
        (json!({"display_name": "   "}), "display_name"),
        (json!({"display_name": "x".repeat(81)}), "display_name"),
        (json!({"notifications": [{"kind": "reply", "in_app": true, "email": true}, {"kind": "reply", "in_app": false, "email": false}]}), "notifications"),
        (json!({"notifications": [{"kind": "gossip", "in_app": true, "email": true}]}), "notifications[0].kind"),
    ] {
        let p = problem(settings(&app, &ann, patch.clone()).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&p), [field], "{patch}");
    }
    // Nothing of a refused change was kept.
    assert_eq!(json_ok(app.get("/api/v1/me/settings", Some(&ann.access)).await).await, again);
}

/// Titles of the reader's notifications.
async fn titles(app: &TestApp, who: &Session) -> Vec<String> {
    let page = json_ok(app.get("/api/v1/me/notifications", Some(&who.access)).await).await;
    page["items"].as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap().to_string()).collect()
}

async fn notifications_follow_each_readers_choice(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("COMMENT_HOLD", "none")])).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Closures", json!({"slug": "closures"})).await;
    let (ann, cy, bob) = (app.reader("ann@example.com").await, app.reader("cy@example.com").await, app.reader("bob@example.com").await);
    app.mark_verified("ann@example.com").await;
    // Ann: replies by email only. Cy: replies by email too, but her address is unconfirmed.
    json_ok(settings(&app, &ann, json!({"notifications": [{"kind": "reply", "in_app": false, "email": true}]})).await).await;
    json_ok(settings(&app, &cy, json!({"notifications": [{"kind": "reply", "in_app": true, "email": true}]})).await).await;

    // Different words each time: the spam rules hold repeated text.
    let comment = |who: &Session, text: &str, parent: Option<&Value>| {
        let body = match parent {
            Some(p) => json!({"markdown": text, "parent_id": p["id"]}),
            None => json!({"markdown": text}),
        };
        let (token, app) = (who.access.clone(), &app);
        async move {
            let res = app.post("/api/v1/posts/closures/comments", Some(&token), body).await;
            assert_eq!(res.status(), StatusCode::CREATED);
            res.json::<Value>().await.unwrap()
        }
    };
    let anns = comment(&ann, "Why does the closure keep the value?", None).await;
    let cys = comment(&cy, "Is this the same in Rust?", None).await;
    comment(&bob, "Because it captures it by reference.", Some(&anns)).await;
    comment(&bob, "Mostly, with move semantics on top.", Some(&cys)).await;

    let email = app.delivered_email(&admin, "ann@example.com", "Test Reader replied to your comment on “Closures”").await;
    assert!(email["text_body"].as_str().unwrap().contains("https://blog.test/posts/closures"), "{email}");
    assert!(email["text_body"].as_str().unwrap().contains("https://blog.test/settings"));
    // Cy hears in the app; the unconfirmed address gets nothing.
    eventually("Cy's reply notification", Duration::from_secs(20), || async { (!titles(&app, &cy).await.is_empty()).then_some(()) }).await;
    assert!(app.mailbox(&admin, "cy@example.com").await.iter().all(|m| m["kind"] != "notification"));
    // Ann's list stays empty: she asked for email only.
    assert!(titles(&app, &ann).await.is_empty());
    let ann_emails = app.mailbox(&admin, "ann@example.com").await.into_iter().filter(|m| m["kind"] == "notification").count();
    assert_eq!(ann_emails, 1, "one email per effect");
}
