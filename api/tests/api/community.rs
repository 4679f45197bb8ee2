//! Comments and their moderation, reactions, bookmarks, reading progress and follows.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, Overrides, Session, TestApp, fields, problem, spawn_app, spawn_app_with};

both_backends!(
    threads_keep_their_shape_in_a_fixed_number_of_queries,
    first_comments_wait_for_a_moderator_and_reports_reach_the_queue,
    banned_members_and_closed_posts_are_refused,
    spam_rules_hold_links_repeats_and_bursts,
    comment_input_and_edit_window_are_enforced,
    bookmarks_reactions_and_follows_are_the_readers_own,
    progress_completes_posts_and_series_once,
);

async fn json_ok(res: reqwest::Response, status: StatusCode) -> Value {
    let got = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

async fn comment(app: &TestApp, who: &Session, slug: &str, markdown: &str, parent: Option<&str>) -> Value {
    let body = match parent {
        Some(p) => json!({"markdown": markdown, "parent_id": p}),
        None => json!({"markdown": markdown}),
    };
    json_ok(app.post(&format!("/api/v1/posts/{slug}/comments"), Some(&who.access), body).await, StatusCode::CREATED).await
}

async fn threads(app: &TestApp, slug: &str, who: Option<&Session>) -> Value {
    json_ok(app.get(&format!("/api/v1/posts/{slug}/comments?limit=100"), who.map(|s| s.access.as_str())).await, StatusCode::OK).await
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// An app that publishes comments at once (no first-comment hold, no rate rule).
async fn open(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, Overrides(&[("COMMENT_HOLD", "none"), ("COMMENT_RATE_PER_10_MINUTES", "1000")])).await
}

async fn threads_keep_their_shape_in_a_fixed_number_of_queries(backend: Backend) {
    let Some(app) = open(backend).await else {
        return;
    };
    let admin = app.admin().await;
    app.published_post(&admin, "Talked about", json!({})).await;
    let (ann, bob) = (app.reader("ann@blog.test").await, app.reader("bob@blog.test").await);

    let first = comment(&app, &ann, "talked-about", "**Great** post <script>alert(1)</script>", None).await;
    assert_eq!(first["status"], "published");
    assert!(first["html"].as_str().unwrap().contains("<strong>Great</strong>") && !first["html"].as_str().unwrap().contains("<script"), "{first}");
    let reply = comment(&app, &bob, "talked-about", "I agree", Some(&id(&first))).await;
    let deeper = comment(&app, &ann, "talked-about", "Thanks!", Some(&id(&reply))).await;
    assert_eq!(deeper["depth"], 2);
    let second = comment(&app, &bob, "talked-about", "A second thread", None).await;
    let late = comment(&app, &bob, "talked-about", "A later reply to the first", Some(&id(&first))).await;

    // Ann deletes her first comment: its replies keep their place under a placeholder.
    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/comments/{}", id(&first)), Some(&ann.access), None).await.status(), StatusCode::NO_CONTENT);
    let page = threads(&app, "talked-about", None).await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["comment"]["status"], "deleted");
    assert_eq!(items[0]["comment"]["html"], "");
    assert!(items[0]["comment"]["author"].is_null());
    let order: Vec<_> = items[0]["replies"].as_array().unwrap().iter().map(|r| (r["id"].as_str().unwrap().to_string(), r["depth"].as_i64().unwrap())).collect();
    assert_eq!(order, vec![(id(&reply), 1), (id(&deeper), 2), (id(&late), 1)], "depth-first, earliest first");
    assert_eq!(items[1]["comment"]["id"], second["id"]);
    assert_eq!(page["count"], 4);

    // Only the author may change a comment.
    problem(app.send(Method::PATCH, &format!("/api/v1/comments/{}", id(&second)), Some(&ann.access), Some(json!({"markdown": "mine now"}))).await, StatusCode::FORBIDDEN).await;
    let edited =
        json_ok(app.send(Method::PATCH, &format!("/api/v1/comments/{}", id(&second)), Some(&bob.access), Some(json!({"markdown": "A *second* thread"}))).await, StatusCode::OK)
            .await;
    assert!(edited["edited_at"].is_string() && edited["html"].as_str().unwrap().contains("<em>second</em>"));
    // The edit form gets the markdown back, and only its author does.
    let as_bob = threads(&app, "talked-about", Some(&bob)).await;
    assert_eq!(as_bob["items"][1]["comment"]["markdown"], "A *second* thread");
    let as_ann = threads(&app, "talked-about", Some(&ann)).await;
    assert!(as_ann["items"][1]["comment"]["markdown"].is_null() && as_ann["items"][1]["comment"]["can_edit"] == false);

    // Threads page by cursor, and a page costs the same queries however many comments there are.
    let before = app.queries();
    threads(&app, "talked-about", None).await;
    let small = app.queries() - before;
    for i in 0..30 {
        let root = comment(&app, if i % 2 == 0 { &ann } else { &bob }, "talked-about", &format!("Thread {i}"), None).await;
        comment(&app, &bob, "talked-about", &format!("Reply {i}"), Some(&id(&root))).await;
    }
    let before = app.queries();
    threads(&app, "talked-about", None).await;
    assert_eq!(app.queries() - before, small, "the comment tree's query count grew with its size");
    assert!(small <= 6, "{small} queries for one page of threads");

    let mut seen = 0;
    let mut cursor = String::new();
    loop {
        let page = json_ok(app.get(&format!("/api/v1/posts/talked-about/comments?limit=7&cursor={cursor}"), None).await, StatusCode::OK).await;
        seen += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert_eq!(seen, 32);
}

async fn first_comments_wait_for_a_moderator_and_reports_reach_the_queue(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let admin = app.admin().await;
    app.published_post(&admin, "Moderated", json!({})).await;
    let (ann, bob) = (app.reader("ann@blog.test").await, app.reader("bob@blog.test").await);

    let held = comment(&app, &ann, "moderated", "Hello, first time here", None).await;
    assert_eq!(held["status"], "pending");
    assert!(threads(&app, "moderated", None).await["items"].as_array().unwrap().is_empty(), "a held comment is not public");
    let own = threads(&app, "moderated", Some(&ann)).await;
    assert_eq!(own["items"][0]["comment"]["status"], "pending", "its author sees it, marked");

    let queue = json_ok(app.get("/api/v1/admin/comments?status=pending", Some(&admin.access)).await, StatusCode::OK).await;
    assert_eq!(queue["items"][0]["comment"]["id"], held["id"]);
    assert_eq!(queue["items"][0]["held_reason"], "first comment");
    problem(app.get("/api/v1/admin/comments", Some(&ann.access)).await, StatusCode::FORBIDDEN).await;

    let approved = json_ok(app.post(&format!("/api/v1/admin/comments/{}/approve", id(&held)), Some(&admin.access), json!({})).await, StatusCode::OK).await;
    assert_eq!(approved["status"], "published");
    assert_eq!(threads(&app, "moderated", None).await["items"].as_array().unwrap().len(), 1);
    assert_eq!(comment(&app, &ann, "moderated", "Now I am trusted", None).await["status"], "published", "only the first comment waits");

    // A report puts a published comment in the reported queue; hiding it settles the report.
    assert_eq!(app.post(&format!("/api/v1/comments/{}/report", id(&held)), Some(&bob.access), json!({"reason": "off topic"})).await.status(), StatusCode::ACCEPTED);
    assert_eq!(app.post(&format!("/api/v1/comments/{}/report", id(&held)), Some(&bob.access), json!({"reason": "again"})).await.status(), StatusCode::ACCEPTED);
    problem(app.post(&format!("/api/v1/comments/{}/report", id(&held)), Some(&ann.access), json!({"reason": "me"})).await, StatusCode::FORBIDDEN).await;
    let reported = json_ok(app.get("/api/v1/admin/comments?status=reported", Some(&admin.access)).await, StatusCode::OK).await;
    assert_eq!(reported["items"].as_array().unwrap().len(), 1);
    assert_eq!(reported["items"][0]["reports"].as_array().unwrap().len(), 1, "one report per reader");
    assert_eq!(reported["items"][0]["reports"][0]["reason"], "off topic");

    json_ok(app.post(&format!("/api/v1/admin/comments/{}/hide", id(&held)), Some(&admin.access), json!({})).await, StatusCode::OK).await;
    assert!(json_ok(app.get("/api/v1/admin/comments?status=reported", Some(&admin.access)).await, StatusCode::OK).await["items"].as_array().unwrap().is_empty());
    let hidden = json_ok(app.get("/api/v1/admin/comments?status=hidden", Some(&admin.access)).await, StatusCode::OK).await;
    assert_eq!(hidden["items"][0]["comment"]["id"], held["id"]);
    let public: Vec<_> = threads(&app, "moderated", Some(&bob)).await["items"].as_array().unwrap().iter().map(|t| t["comment"]["id"].clone()).collect();
    assert!(!public.contains(&held["id"]), "a hidden comment is gone for other readers");
    let mine = threads(&app, "moderated", Some(&ann)).await;
    assert_eq!(mine["items"][0]["comment"]["status"], "hidden", "its author still sees it");

    // The author hears each outcome.
    let titles = crate::support::eventually("moderation notifications", std::time::Duration::from_secs(20), || async {
        let page = json_ok(app.get("/api/v1/me/notifications", Some(&ann.access)).await, StatusCode::OK).await;
        let titles: Vec<String> = page["items"].as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap().to_string()).collect();
        (titles.len() >= 2).then_some(titles)
    })
    .await;
    assert!(titles.iter().any(|t| t.contains("is published")) && titles.iter().any(|t| t.contains("hid your comment")), "{titles:?}");

    // Admin deletion leaves nothing of the text.
    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/admin/comments/{}", id(&held)), Some(&admin.access), None).await.status(), StatusCode::NO_CONTENT);
    let queue = json_ok(app.get("/api/v1/admin/comments?status=hidden", Some(&admin.access)).await, StatusCode::OK).await;
    assert!(queue["items"].as_array().unwrap().is_empty());
    let actions: i64 = count(&app, "SELECT COUNT(*) AS n FROM moderation_actions").await;
    assert_eq!(actions, 3, "approve, hide and delete are recorded");
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = app.db.query_one_raw(Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn banned_members_and_closed_posts_are_refused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let post = app.published_post(&admin, "Banned here", json!({})).await;
    let troll = app.reader("troll@blog.test").await;
    let troll_id = json_ok(app.get("/api/v1/auth/me", Some(&troll.access)).await, StatusCode::OK).await["id"].as_str().unwrap().to_string();
    let held = comment(&app, &troll, "banned-here", "Buy now", None).await;
    assert_eq!(held["status"], "pending");

    let ban =
        json_ok(app.send(Method::PUT, &format!("/api/v1/admin/users/{troll_id}/comment-ban"), Some(&admin.access), Some(json!({"reason": "spam"}))).await, StatusCode::OK).await;
    assert_eq!(ban["hidden_pending"], 1);
    let refused = problem(app.post("/api/v1/posts/banned-here/comments", Some(&troll.access), json!({"markdown": "let me in"})).await, StatusCode::FORBIDDEN).await;
    assert!(refused["detail"].as_str().unwrap().contains("no longer comment"), "{refused}");
    let pending = json_ok(app.get("/api/v1/admin/comments?status=pending", Some(&admin.access)).await, StatusCode::OK).await;
    assert!(pending["items"].as_array().unwrap().is_empty(), "the banned member's held comment was hidden");
    problem(app.send(Method::PUT, &format!("/api/v1/admin/users/{troll_id}/comment-ban"), Some(&troll.access), None).await, StatusCode::FORBIDDEN).await;

    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/admin/users/{troll_id}/comment-ban"), Some(&admin.access), None).await.status(), StatusCode::NO_CONTENT);
    problem(app.send(Method::DELETE, &format!("/api/v1/admin/users/{troll_id}/comment-ban"), Some(&admin.access), None).await, StatusCode::NOT_FOUND).await;
    comment(&app, &troll, "banned-here", "I will behave", None).await;

    // Closing keeps what is there readable and refuses new comments.
    let post_id = post["id"].as_str().unwrap();
    assert_eq!(app.send(Method::PUT, &format!("/api/v1/admin/posts/{post_id}/comments-closed"), Some(&admin.access), None).await.status(), StatusCode::NO_CONTENT);
    let closed = problem(app.post("/api/v1/posts/banned-here/comments", Some(&troll.access), json!({"markdown": "one more"})).await, StatusCode::FORBIDDEN).await;
    assert!(closed["detail"].as_str().unwrap().contains("closed"));
    assert_eq!(threads(&app, "banned-here", None).await["closed"], true);
    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/admin/posts/{post_id}/comments-closed"), Some(&admin.access), None).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(threads(&app, "banned-here", None).await["closed"], false);

    // Premium posts take comments from those who can read them.
    app.published_post(&admin, "Paid talk", json!({"premium": true})).await;
    problem(app.post("/api/v1/posts/paid-talk/comments", Some(&troll.access), json!({"markdown": "what is inside?"})).await, StatusCode::FORBIDDEN).await;
    comment(&app, &admin, "paid-talk", "Admins can", None).await;
}

async fn spam_rules_hold_links_repeats_and_bursts(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("COMMENT_HOLD", "none"), ("COMMENT_RATE_PER_10_MINUTES", "3")])).await else {
        return;
    };
    let admin = app.admin().await;
    app.published_post(&admin, "Spammed", json!({})).await;
    let ann = app.reader("ann@blog.test").await;
    assert_eq!(comment(&app, &ann, "spammed", "See https://a.example, https://b.example and www.c.example", None).await["status"], "pending");
    assert_eq!(comment(&app, &ann, "spammed", "Lovely post", None).await["status"], "published");
    assert_eq!(comment(&app, &ann, "spammed", "lovely   POST", None).await["status"], "pending", "the same text again");
    assert_eq!(comment(&app, &ann, "spammed", "Something new", None).await["status"], "pending", "a fourth comment in ten minutes");
    let queue = json_ok(app.get("/api/v1/admin/comments", Some(&admin.access)).await, StatusCode::OK).await;
    let reasons: Vec<_> = queue["items"].as_array().unwrap().iter().map(|c| c["held_reason"].as_str().unwrap().to_string()).collect();
    assert_eq!(reasons.len(), 3);
    assert!(reasons[0].contains("links") && reasons[1].contains("repeats") && reasons[2].contains("10 minutes"), "{reasons:?}");
    // Admins are never held.
    assert_eq!(comment(&app, &admin, "spammed", "https://a.example https://b.example https://c.example", None).await["status"], "published");
}

async fn comment_input_and_edit_window_are_enforced(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("COMMENT_HOLD", "none"), ("COMMENT_EDIT_WINDOW_MINUTES", "0")])).await else {
        return;
    };
    let admin = app.admin().await;
    app.published_post(&admin, "Strict", json!({})).await;
    app.published_post(&admin, "Elsewhere", json!({})).await;
    let ann = app.reader("ann@blog.test").await;

    let p = problem(app.post("/api/v1/posts/strict/comments", Some(&ann.access), json!({"markdown": "   "})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), vec!["markdown"]);
    let p = problem(app.post("/api/v1/posts/strict/comments", Some(&ann.access), json!({"markdown": "x".repeat(10_001)})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), vec!["markdown"]);
    let elsewhere = comment(&app, &ann, "elsewhere", "On another post", None).await;
    let p =
        problem(app.post("/api/v1/posts/strict/comments", Some(&ann.access), json!({"markdown": "reply", "parent_id": elsewhere["id"]})).await, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    assert_eq!(fields(&p), vec!["parent_id"]);
    problem(app.post("/api/v1/posts/no-such-post/comments", Some(&ann.access), json!({"markdown": "hi"})).await, StatusCode::NOT_FOUND).await;
    problem(app.post("/api/v1/posts/strict/comments", None, json!({"markdown": "hi"})).await, StatusCode::UNAUTHORIZED).await;

    let mine = comment(&app, &ann, "strict", "Too late to change", None).await;
    assert_eq!(mine["can_edit"], false);
    let late =
        problem(app.send(Method::PATCH, &format!("/api/v1/comments/{}", id(&mine)), Some(&ann.access), Some(json!({"markdown": "changed"}))).await, StatusCode::FORBIDDEN).await;
    assert!(late["detail"].as_str().unwrap().contains("edited for 0 minutes"), "{late}");
    problem(app.send(Method::DELETE, &format!("/api/v1/comments/{}", uuid::Uuid::now_v7()), Some(&ann.access), None).await, StatusCode::NOT_FOUND).await;
}

async fn bookmarks_reactions_and_follows_are_the_readers_own(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let series = json_ok(app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Followed"})).await, StatusCode::CREATED).await;
    app.published_post(&admin, "Keep me", json!({"series_id": series["id"]})).await;
    app.published_post(&admin, "Keep me too", json!({})).await;
    let (ann, bob) = (app.reader("ann@blog.test").await, app.reader("bob@blog.test").await);

    for slug in ["keep-me", "keep-me-too", "keep-me"] {
        assert_eq!(app.send(Method::PUT, &format!("/api/v1/me/bookmarks/{slug}"), Some(&ann.access), None).await.status(), StatusCode::NO_CONTENT);
    }
    let list = json_ok(app.get("/api/v1/me/bookmarks?limit=1", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!(list["items"][0]["post"]["slug"], "keep-me-too", "newest first, bookmarked once");
    let rest = json_ok(app.get(&format!("/api/v1/me/bookmarks?limit=5&cursor={}", list["next_cursor"].as_str().unwrap()), Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert!(json_ok(app.get("/api/v1/me/bookmarks", Some(&bob.access)).await, StatusCode::OK).await["items"].as_array().unwrap().is_empty());
    problem(app.send(Method::PUT, "/api/v1/me/bookmarks/nope", Some(&ann.access), None).await, StatusCode::NOT_FOUND).await;

    let r = json_ok(app.send(Method::PUT, "/api/v1/posts/keep-me/reactions/insightful", Some(&ann.access), None).await, StatusCode::OK).await;
    assert_eq!((r["insightful"].as_u64(), r["mine"].clone()), (Some(1), json!(["insightful"])));
    json_ok(app.send(Method::PUT, "/api/v1/posts/keep-me/reactions/insightful", Some(&ann.access), None).await, StatusCode::OK).await;
    json_ok(app.send(Method::PUT, "/api/v1/posts/keep-me/reactions/insightful", Some(&bob.access), None).await, StatusCode::OK).await;
    json_ok(app.send(Method::PUT, "/api/v1/posts/keep-me/reactions/like", Some(&bob.access), None).await, StatusCode::OK).await;
    let counts = json_ok(app.get("/api/v1/posts/keep-me/reactions", None).await, StatusCode::OK).await;
    assert_eq!((counts["insightful"].as_u64(), counts["like"].as_u64(), counts["mine"].clone()), (Some(2), Some(1), json!([])));
    let after = json_ok(app.send(Method::DELETE, "/api/v1/posts/keep-me/reactions/insightful", Some(&bob.access), None).await, StatusCode::OK).await;
    assert_eq!((after["insightful"].as_u64(), after["mine"].clone()), (Some(1), json!(["like"])));
    assert!(app.send(Method::PUT, "/api/v1/posts/keep-me/reactions/angry", Some(&bob.access), None).await.status().is_client_error());

    assert_eq!(app.send(Method::PUT, "/api/v1/me/follows/series/followed", Some(&ann.access), None).await.status(), StatusCode::NO_CONTENT);
    let follows = json_ok(app.get("/api/v1/me/follows", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!(follows["items"][0]["slug"], "followed");

    let states = json_ok(app.get("/api/v1/me/post-states?slugs=keep-me,keep-me-too,nope", Some(&ann.access)).await, StatusCode::OK).await;
    let states = states.as_array().unwrap();
    assert_eq!(states.len(), 2);
    let keep = states.iter().find(|s| s["slug"] == "keep-me").unwrap();
    assert_eq!((keep["bookmarked"].as_bool(), keep["following_series"].as_bool(), keep["reactions"].clone()), (Some(true), Some(true), json!(["insightful"])));
    assert_eq!(app.send(Method::DELETE, "/api/v1/me/bookmarks/keep-me", Some(&ann.access), None).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.send(Method::DELETE, "/api/v1/me/follows/series/followed", Some(&ann.access), None).await.status(), StatusCode::NO_CONTENT);
    let states = json_ok(app.get("/api/v1/me/post-states?slugs=keep-me", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!((states[0]["bookmarked"].as_bool(), states[0]["following_series"].as_bool()), (Some(false), Some(false)));
    let p = problem(app.get("/api/v1/me/post-states?slugs=", Some(&ann.access)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), vec!["slugs"]);
}

async fn progress_completes_posts_and_series_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let series = json_ok(app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Course"})).await, StatusCode::CREATED).await;
    for title in ["Lesson one", "Lesson two"] {
        app.published_post(&admin, title, json!({"series_id": series["id"], "tags": ["Rust"]})).await;
    }
    let ann = app.reader("ann@blog.test").await;
    let report = |slug: &'static str, percent: i64, seconds: i64| {
        let token = ann.access.clone();
        let app = &app;
        async move { app.send(Method::PUT, &format!("/api/v1/me/progress/{slug}"), Some(&token), Some(json!({"percent": percent, "active_seconds": seconds}))).await }
    };
    let p = json_ok(report("lesson-one", 40, 5).await, StatusCode::OK).await;
    assert_eq!((p["percent"].as_i64(), p["completed"].as_bool()), (Some(40), Some(false)));
    let p = json_ok(report("lesson-one", 20, 5).await, StatusCode::OK).await;
    assert_eq!((p["percent"].as_i64(), p["active_seconds"].as_i64()), (Some(40), Some(10)), "progress never goes back; time adds up");
    let p = json_ok(report("lesson-one", 100, 60).await, StatusCode::OK).await;
    assert_eq!(p["completed"], true);
    let completed_at = p["completed_at"].clone();
    let p = json_ok(report("lesson-one", 100, 60).await, StatusCode::OK).await;
    assert_eq!(p["completed_at"], completed_at, "completed once");

    let course = json_ok(app.get("/api/v1/me/progress/series/course", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!((course["total"].as_u64(), course["completed"].as_u64(), course["next_unread"]["slug"].as_str()), (Some(2), Some(1), Some("lesson-two")));
    json_ok(report("lesson-two", 95, 300).await, StatusCode::OK).await;
    let course = json_ok(app.get("/api/v1/me/progress/series/course", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!((course["completed"].as_u64(), course["next_unread"].is_null()), (Some(2), true));

    let stats = json_ok(app.get("/api/v1/me/reading-stats", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!((stats["posts_completed"].as_u64(), stats["posts_in_progress"].as_u64(), stats["active_seconds"].as_i64()), (Some(2), Some(0), Some(430)));
    assert_eq!(stats["by_tag"][0]["slug"], "rust");
    assert_eq!(stats["by_tag"][0]["completed"], 2);
    let list = json_ok(app.get("/api/v1/me/progress", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!(list["items"][0]["post"]["slug"], "lesson-two", "most recently read first");

    // The facts rewards are computed from: each completion once, and the series.
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM activity WHERE kind = 'post_completed'").await, 2);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM activity WHERE kind = 'series_completed'").await, 1);

    let bad = problem(report("lesson-one", 101, 0).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["percent"]);
    let bad = problem(report("lesson-one", 10, 301).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&bad), vec!["active_seconds"]);
}
