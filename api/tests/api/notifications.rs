//! Notifications: written once per effect, listed and cleared by their reader, and pushed
//! live over server-sent events — resuming from `Last-Event-ID`, and across API processes
//! through Redis.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, Session, problem, spawn_queue_app};

every_queue!(replies_and_series_posts_arrive_live_and_resume_after_a_reconnect, a_disabled_readers_open_streams_end_at_once);
both_backends!(notifications_are_read_cleared_and_private);

/// An open event stream, read frame by frame.
struct Stream {
    res: reqwest::Response,
    buffer: String,
}

impl Stream {
    async fn open(base: &str, client: &reqwest::Client, who: &Session, last_event_id: Option<&str>) -> Self {
        let mut req = client.get(format!("{base}/api/v1/notifications/stream")).bearer_auth(&who.access);
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id);
        }
        let res = req.send().await.expect("stream");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        Self { res, buffer: String::new() }
    }

    /// Reads until the server ends the stream; panics if it is still open after `within`.
    async fn ended(&mut self, within: Duration) {
        let deadline = tokio::time::Instant::now() + within;
        while let Some(chunk) = tokio::time::timeout_at(deadline, self.res.chunk()).await.expect("the stream is still open").expect("stream read") {
            self.buffer.push_str(std::str::from_utf8(&chunk).expect("utf-8"));
        }
    }

    /// The next `notification` event: (its id, its data).
    async fn next(&mut self, within: Duration) -> (String, Value) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                if !frame.contains("event: notification") {
                    continue;
                }
                let field = |name: &str| frame.lines().find_map(|l| l.strip_prefix(name)).map(str::to_string).unwrap_or_default();
                return (field("id: "), serde_json::from_str(&field("data: ")).expect("event data"));
            }
            let chunk = tokio::time::timeout_at(deadline, self.res.chunk()).await.expect("no notification arrived in time").expect("stream read");
            self.buffer.push_str(std::str::from_utf8(&chunk.expect("stream ended")).expect("utf-8"));
        }
    }
}

async fn ok(res: reqwest::Response, status: StatusCode) -> Value {
    let got = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

async fn replies_and_series_posts_arrive_live_and_resume_after_a_reconnect(backend: Backend, redis: bool) {
    let Some(app) = spawn_queue_app(backend, redis, &[("COMMENT_HOLD", "none")]).await else {
        return;
    };
    let admin = app.admin().await;
    let series = ok(app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Live series"})).await, StatusCode::CREATED).await;
    app.published_post(&admin, "Live post", json!({"series_id": series["id"]})).await;
    let (ann, bob) = (app.reader("ann@blog.test").await, app.reader("bob@blog.test").await);
    let root = ok(app.post("/api/v1/posts/live-post/comments", Some(&ann.access), json!({"markdown": "What about lifetimes?"})).await, StatusCode::CREATED).await;
    assert_eq!(app.send(Method::PUT, "/api/v1/me/follows/series/live-series", Some(&ann.access), None).await.status(), StatusCode::NO_CONTENT);

    // Ann's tab listens on one API process; with Redis, Bob and the admin talk to another.
    let other = if redis { app.sibling(&[("REDIS_URL", app.redis_url().unwrap()), ("COMMENT_HOLD", "none")]).await } else { app.base.clone() };
    let mut stream = Stream::open(&app.base, &app.client, &ann, None).await;

    let reply = app
        .client
        .post(format!("{other}/api/v1/posts/live-post/comments"))
        .bearer_auth(&bob.access)
        .json(&json!({"markdown": "They are scopes.", "parent_id": root["id"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::CREATED);
    let (first_id, first) = stream.next(Duration::from_secs(20)).await;
    assert_eq!(first["kind"], "reply");
    assert!(first["title"].as_str().unwrap().contains("replied to your comment"), "{first}");
    assert_eq!(first["body"], "They are scopes.");
    assert!(first["link"].as_str().unwrap().starts_with("/posts/live-post#comment-"));
    assert_eq!(first_id, first["id"].as_str().unwrap());

    // The stream drops; meanwhile a new post lands in the series Ann follows.
    drop(stream);
    let new_post = app
        .client
        .post(format!("{other}/api/v1/admin/posts"))
        .bearer_auth(&admin.access)
        .json(&json!({"title": "Live part two", "markdown": "More.", "series_id": series["id"]}))
        .send()
        .await
        .unwrap();
    let new_post: Value = new_post.json().await.unwrap();
    let publish =
        app.client.post(format!("{other}/api/v1/admin/posts/{}/publish", new_post["id"].as_str().unwrap())).bearer_auth(&admin.access).json(&json!({})).send().await.unwrap();
    assert_eq!(publish.status(), StatusCode::OK);
    crate::support::eventually("the series notification", Duration::from_secs(20), || async {
        let n = ok(app.get("/api/v1/me/notifications/unread-count", Some(&ann.access)).await, StatusCode::OK).await;
        (n["unread"] == 2).then_some(())
    })
    .await;

    // Reconnecting with the last id seen replays what was missed, and nothing twice.
    let mut resumed = Stream::open(&app.base, &app.client, &ann, Some(&first_id)).await;
    let (_, missed) = resumed.next(Duration::from_secs(5)).await;
    assert_eq!(missed["kind"], "series_post");
    assert_eq!(missed["title"], "New in Live series: Live part two");
    assert_eq!(missed["link"], "/posts/live-part-two");

    // Bob follows nothing and was replied to by nobody: his list is empty.
    assert!(ok(app.get("/api/v1/me/notifications", Some(&bob.access)).await, StatusCode::OK).await["items"].as_array().unwrap().is_empty());
}

async fn a_disabled_readers_open_streams_end_at_once(backend: Backend, redis: bool) {
    let Some(app) = spawn_queue_app(backend, redis, &[]).await else {
        return;
    };
    let admin = app.admin().await;
    let (ann, bob) = (app.reader("ann-off@blog.test").await, app.reader("bob-on@blog.test").await);
    // Ann's tab is on another API process when there is Redis to reach it through.
    let other = if redis { app.sibling(&[("REDIS_URL", app.redis_url().unwrap())]).await } else { app.base.clone() };
    let mut ann_stream = Stream::open(&other, &app.client, &ann, None).await;
    let mut bob_stream = Stream::open(&other, &app.client, &bob, None).await;
    let me: Value = app.get("/api/v1/auth/me", Some(&ann.access)).await.json().await.unwrap();
    let ann_id = me["id"].as_str().unwrap();
    ok(app.send(Method::PATCH, &format!("/api/v1/admin/users/{ann_id}"), Some(&admin.access), Some(json!({"disabled": true}))).await, StatusCode::OK).await;
    // Well before the 20 s heartbeat would have noticed anything.
    ann_stream.ended(Duration::from_secs(5)).await;
    let reopened = app.client.get(format!("{other}/api/v1/notifications/stream")).bearer_auth(&ann.access).send().await.unwrap();
    assert_eq!(reopened.status(), StatusCode::UNAUTHORIZED);
    // Nobody else's stream is touched.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
    while let Ok(chunk) = tokio::time::timeout_at(deadline, bob_stream.res.chunk()).await {
        assert!(chunk.expect("stream read").is_some(), "Bob's stream ended too");
    }
}

async fn notifications_are_read_cleared_and_private(backend: Backend) {
    let Some(app) = spawn_queue_app(backend, false, &[("COMMENT_HOLD", "none")]).await else {
        return;
    };
    let admin = app.admin().await;
    app.published_post(&admin, "Chatty", json!({})).await;
    let (ann, bob) = (app.reader("ann@blog.test").await, app.reader("bob@blog.test").await);
    let root = ok(app.post("/api/v1/posts/chatty/comments", Some(&ann.access), json!({"markdown": "Start"})).await, StatusCode::CREATED).await;
    for i in 0..3 {
        ok(app.post("/api/v1/posts/chatty/comments", Some(&bob.access), json!({"markdown": format!("Reply {i}"), "parent_id": root["id"]})).await, StatusCode::CREATED).await;
    }
    // Replying to yourself notifies nobody.
    ok(app.post("/api/v1/posts/chatty/comments", Some(&ann.access), json!({"markdown": "Me again", "parent_id": root["id"]})).await, StatusCode::CREATED).await;
    let page = crate::support::eventually("three reply notifications", Duration::from_secs(20), || async {
        let page = ok(app.get("/api/v1/me/notifications", Some(&ann.access)).await, StatusCode::OK).await;
        (page["items"].as_array().unwrap().len() == 3).then_some(page)
    })
    .await;
    assert_eq!(page["unread"], 3);
    let ids: Vec<String> = page["items"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().to_string()).collect();
    let mut newest_first = ids.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids, newest_first, "newest first");

    problem(app.post(&format!("/api/v1/me/notifications/{}/read", ids[0]), Some(&bob.access), json!({})).await, StatusCode::NOT_FOUND).await;
    problem(app.send(Method::DELETE, &format!("/api/v1/me/notifications/{}", ids[0]), Some(&bob.access), None).await, StatusCode::NOT_FOUND).await;
    assert_eq!(app.post(&format!("/api/v1/me/notifications/{}/read", ids[0]), Some(&ann.access), json!({})).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(ok(app.get("/api/v1/me/notifications/unread-count", Some(&ann.access)).await, StatusCode::OK).await["unread"], 2);
    let unread = ok(app.get("/api/v1/me/notifications?unread=true&limit=1", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!(unread["items"].as_array().unwrap().len(), 1);
    assert!(unread["next_cursor"].is_string());
    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/me/notifications/{}", ids[1]), Some(&ann.access), None).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.post("/api/v1/me/notifications/read-all", Some(&ann.access), json!({})).await.status(), StatusCode::NO_CONTENT);
    let page = ok(app.get("/api/v1/me/notifications", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!((page["items"].as_array().unwrap().len(), page["unread"].as_u64()), (2, Some(0)));

    let p = problem(
        app.client.get(app.url("/api/v1/notifications/stream")).bearer_auth(&ann.access).header("Last-Event-ID", "yesterday").send().await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(crate::helpers::fields(&p), vec!["Last-Event-ID"]);
    problem(app.get("/api/v1/notifications/stream", None).await, StatusCode::UNAUTHORIZED).await;
}
