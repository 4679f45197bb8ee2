//! What editors and readers keep over time: redirects when a post moves, a post's revisions,
//! private study notes, and the reader's own account (password, export, deletion).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, Overrides, TestApp, fields, problem, spawn_app, spawn_app_with};

both_backends!(
    renamed_posts_answer_301_and_chains_collapse,
    admins_manage_redirects_without_loops_or_open_redirects,
    revisions_keep_every_edit_with_a_diff_and_restore_as_a_new_one,
    study_notes_are_private_to_their_reader,
    a_password_change_signs_out_every_other_session,
    an_export_holds_my_data_and_no_secrets,
    deleting_an_account_keeps_the_threads_shape,
);

async fn json_ok(res: reqwest::Response, status: StatusCode) -> Value {
    let got = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

/// The `Location` of a 301, or the status it answered instead.
async fn moved(app: &TestApp, path: &str) -> Result<String, StatusCode> {
    let res = app.get(path, None).await;
    if res.status() == StatusCode::MOVED_PERMANENTLY { Ok(res.headers()["location"].to_str().expect("location").to_string()) } else { Err(res.status()) }
}

async fn rename(app: &TestApp, token: &str, id: &str, slug: &str) {
    json_ok(app.send(Method::PATCH, &format!("/api/v1/admin/posts/{id}"), Some(token), Some(json!({"slug": slug}))).await, StatusCode::OK).await;
}

async fn renamed_posts_answer_301_and_chains_collapse(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let post = app.published_post(&admin, "Moving house", json!({"slug": "first-name"})).await;
    let id = post["id"].as_str().unwrap();

    rename(&app, &admin.access, id, "second-name").await;
    assert_eq!(moved(&app, "/posts/first-name").await, Ok("/posts/second-name".into()));
    assert_eq!(moved(&app, "/api/v1/posts/first-name").await, Ok("/api/v1/posts/second-name".into()));
    assert_eq!(app.get("/api/v1/posts/second-name", None).await.status(), StatusCode::OK);

    // A→B then B→C: both old names lead straight to C, never through B.
    rename(&app, &admin.access, id, "third-name").await;
    assert_eq!(moved(&app, "/posts/first-name").await, Ok("/posts/third-name".into()));
    assert_eq!(moved(&app, "/posts/second-name").await, Ok("/posts/third-name".into()));

    // Renaming back to the first name: that path is a page again, not a redirect to itself.
    rename(&app, &admin.access, id, "first-name").await;
    assert_eq!(app.get("/api/v1/posts/first-name", None).await.status(), StatusCode::OK);
    assert_eq!(moved(&app, "/posts/third-name").await, Ok("/posts/first-name".into()));
    let list = json_ok(app.get("/api/v1/admin/redirects?limit=100", Some(&admin.access)).await, StatusCode::OK).await;
    let pairs: Vec<(String, String)> = list["items"].as_array().unwrap().iter().map(|r| (r["from"].as_str().unwrap().into(), r["to"].as_str().unwrap().into())).collect();
    assert!(pairs.iter().all(|(from, to)| from != to && to == "/posts/first-name"), "{pairs:?}");
    assert_eq!(pairs.len(), 2, "{pairs:?}");

    // A draft's slug is nobody's link yet: renaming it leaves no redirect behind.
    let draft = app.create_post(&admin, json!({"title": "Draft", "markdown": "Body.", "slug": "draft-one"})).await;
    rename(&app, &admin.access, draft["id"].as_str().unwrap(), "draft-two").await;
    assert_eq!(moved(&app, "/api/v1/posts/draft-one").await, Err(StatusCode::NOT_FOUND));
    // (Its page is the plain shell, where the SPA shows its own not-found.)
    assert_eq!(moved(&app, "/posts/draft-one").await, Err(StatusCode::OK));
}

async fn admins_manage_redirects_without_loops_or_open_redirects(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let reader = app.reader("reader@example.com").await;
    app.published_post(&admin, "Target", json!({"slug": "target"})).await;
    let create = |body: Value| app.post("/api/v1/admin/redirects", Some(&admin.access), body);

    problem(app.post("/api/v1/admin/redirects", Some(&reader.access), json!({"from": "/a", "to": "/posts/target"})).await, StatusCode::FORBIDDEN).await;
    let made = json_ok(create(json!({"from": "/2019/old-target/", "to": "/posts/target"})).await, StatusCode::CREATED).await;
    assert_eq!(made["from"], "/2019/old-target/");
    assert_eq!(moved(&app, "/2019/old-target/").await, Ok("/posts/target".into()));
    assert_eq!(moved(&app, "/2019/old-target").await, Ok("/posts/target".into()), "with or without the trailing slash");

    // Pointing at a path that itself redirects stores the final target.
    let chained = json_ok(create(json!({"from": "/older", "to": "/2019/old-target/"})).await, StatusCode::CREATED).await;
    assert_eq!(chained["to"], "/posts/target");
    // The target pointing back would loop.
    problem(create(json!({"from": "/posts/target", "to": "/older"})).await, StatusCode::CONFLICT).await;
    problem(create(json!({"from": "/same", "to": "/same"})).await, StatusCode::CONFLICT).await;

    // Only paths of this site, never another host.
    for bad in ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "no-slash"] {
        let p = problem(create(json!({"from": "/fine", "to": bad})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&p), ["to"], "{bad}");
    }
    let p = problem(create(json!({"from": "https://x.example/", "to": "/posts/target"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["from"]);

    // Listed in pages, and removed by id.
    let first = json_ok(app.get("/api/v1/admin/redirects?limit=1", Some(&admin.access)).await, StatusCode::OK).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let second = json_ok(app.get(&format!("/api/v1/admin/redirects?limit=1&cursor={cursor}"), Some(&admin.access)).await, StatusCode::OK).await;
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    let id = made["id"].as_str().unwrap();
    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/admin/redirects/{id}"), Some(&admin.access), None).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(moved(&app, "/2019/old-target/").await, Err(StatusCode::OK), "no longer moved: the shell answers");
    problem(app.send(Method::DELETE, &format!("/api/v1/admin/redirects/{id}"), Some(&admin.access), None).await, StatusCode::NOT_FOUND).await;
}

async fn revisions_keep_every_edit_with_a_diff_and_restore_as_a_new_one(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let post = app.create_post(&admin, json!({"title": "Draft title", "markdown": "Line one.\n\nLine two.\n"})).await;
    let id = post["id"].as_str().unwrap();
    let path = format!("/api/v1/admin/posts/{id}");
    let patch = |body: Value| app.send(Method::PATCH, &path, Some(&admin.access), Some(body));
    json_ok(patch(json!({"markdown": "Line one.\n\nLine 2, rewritten.\n"})).await, StatusCode::OK).await;
    // A change that leaves title and markdown alone is not a revision.
    json_ok(patch(json!({"summary": "Only the summary"})).await, StatusCode::OK).await;
    json_ok(patch(json!({"title": "Final title"})).await, StatusCode::OK).await;

    let list = json_ok(app.get(&format!("/api/v1/admin/posts/{id}/revisions"), Some(&admin.access)).await, StatusCode::OK).await;
    let items = list["items"].as_array().unwrap();
    let titles: Vec<&str> = items.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Final title", "Draft title", "Draft title"], "newest first");
    assert!(items.iter().all(|r| r["author_name"].is_string()));

    // A revision is compared with the post as it is now, which is what restoring it would undo.
    let changes = |detail: &Value| -> Vec<(String, String)> {
        detail["diff"].as_array().unwrap().iter().filter(|l| l["change"] != "same").map(|l| (l["change"].as_str().unwrap().into(), l["text"].as_str().unwrap().into())).collect()
    };
    let app = &app;
    let revision = |rid: &str| {
        let path = format!("/api/v1/admin/posts/{id}/revisions/{rid}");
        let token = admin.access.clone();
        async move { app.get(&path, Some(&token)).await }
    };
    let original = items[2]["id"].as_str().unwrap();
    let detail = json_ok(revision(original).await, StatusCode::OK).await;
    assert_eq!(changes(&detail), [("removed".to_string(), "Line two.".to_string()), ("added".into(), "Line 2, rewritten.".into())]);
    assert_eq!(detail["title_changed"], true);
    assert_eq!(detail["markdown"], "Line one.\n\nLine two.\n");
    let rewrite = json_ok(revision(items[1]["id"].as_str().unwrap()).await, StatusCode::OK).await;
    assert!(changes(&rewrite).is_empty(), "{rewrite}");

    // Restoring the first brings its title and markdown back, as a new revision on top.
    let restored = json_ok(app.post(&format!("/api/v1/admin/posts/{id}/revisions/{original}/restore"), Some(&admin.access), json!({})).await, StatusCode::OK).await;
    assert_eq!(restored["title"], "Draft title");
    assert_eq!(restored["markdown"], "Line one.\n\nLine two.\n");
    let list = json_ok(app.get(&format!("/api/v1/admin/posts/{id}/revisions"), Some(&admin.access)).await, StatusCode::OK).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 4);

    // Another post's revision is not this post's.
    let other = app.create_post(&admin, json!({"title": "Other", "markdown": "x"})).await;
    let other_id = other["id"].as_str().unwrap();
    problem(app.get(&format!("/api/v1/admin/posts/{other_id}/revisions/{original}"), Some(&admin.access)).await, StatusCode::NOT_FOUND).await;
}

async fn study_notes_are_private_to_their_reader(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let ann = app.reader("ann@example.com").await;
    let bob = app.reader("bob@example.com").await;
    app.published_post(&admin, "Closures", json!({"slug": "closures", "markdown": "## Capture\n\nA closure captures its environment.\n"})).await;
    app.published_post(&admin, "Iterators", json!({"slug": "iterators"})).await;

    let note = json_ok(
        app.post("/api/v1/me/notes", Some(&ann.access), json!({"post": "closures", "body": "Remember **move**.", "quote": "captures its environment", "anchor": "capture"})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(note["post"]["slug"], "closures");
    assert_eq!(note["quote"], "captures its environment");
    json_ok(app.post("/api/v1/me/notes", Some(&ann.access), json!({"post": "iterators", "body": "Lazy."})).await, StatusCode::CREATED).await;
    json_ok(app.post("/api/v1/me/notes", Some(&bob.access), json!({"post": "closures", "body": "Bob's own."})).await, StatusCode::CREATED).await;

    let on_post = json_ok(app.get("/api/v1/me/notes?post=closures", Some(&ann.access)).await, StatusCode::OK).await;
    let bodies: Vec<&str> = on_post["items"].as_array().unwrap().iter().map(|n| n["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["Remember **move**."]);
    let all = json_ok(app.get("/api/v1/me/notes", Some(&ann.access)).await, StatusCode::OK).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);

    // Bob can neither read, change nor delete Ann's note: for him it does not exist.
    let id = note["id"].as_str().unwrap();
    let bobs = json_ok(app.get("/api/v1/me/notes?post=closures", Some(&bob.access)).await, StatusCode::OK).await;
    assert!(!bobs.to_string().contains("move"));
    problem(app.send(Method::PATCH, &format!("/api/v1/me/notes/{id}"), Some(&bob.access), Some(json!({"body": "mine now"}))).await, StatusCode::NOT_FOUND).await;
    problem(app.send(Method::DELETE, &format!("/api/v1/me/notes/{id}"), Some(&bob.access), None).await, StatusCode::NOT_FOUND).await;

    let edited = json_ok(app.send(Method::PATCH, &format!("/api/v1/me/notes/{id}"), Some(&ann.access), Some(json!({"body": "Remember move."}))).await, StatusCode::OK).await;
    assert_eq!(edited["body"], "Remember move.");
    assert_eq!(edited["quote"], "captures its environment", "unchanged fields stay");

    // Bad input names its field; an unknown post is 404.
    let p = problem(app.post("/api/v1/me/notes", Some(&ann.access), json!({"post": "closures", "body": ""})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["body"]);
    problem(app.post("/api/v1/me/notes", Some(&ann.access), json!({"post": "no-such-post", "body": "x"})).await, StatusCode::NOT_FOUND).await;

    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/me/notes/{id}"), Some(&ann.access), None).await.status(), StatusCode::NO_CONTENT);
    let on_post = json_ok(app.get("/api/v1/me/notes?post=closures", Some(&ann.access)).await, StatusCode::OK).await;
    assert!(on_post["items"].as_array().unwrap().is_empty());
}

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post("/api/v1/auth/login", None, json!({"email": email, "password": password})).await
}

async fn a_password_change_signs_out_every_other_session(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let here = app.reader("ann@example.com").await;
    let elsewhere: Value = login(&app, "ann@example.com", "reader-password-1").await.json().await.unwrap();

    let p = problem(
        app.post("/api/v1/me/password", Some(&here.access), json!({"current_password": "wrong-password", "new_password": "new-password-123"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["current_password"]);
    let p = problem(
        app.post("/api/v1/me/password", Some(&here.access), json!({"current_password": "reader-password-1", "new_password": "short"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["new_password"]);

    let fresh =
        json_ok(app.post("/api/v1/me/password", Some(&here.access), json!({"current_password": "reader-password-1", "new_password": "new-password-123"})).await, StatusCode::OK)
            .await;
    // Every refresh token from before is dead, this session's and the other device's.
    for old in [here.refresh.as_str(), elsewhere["refresh_token"].as_str().unwrap()] {
        problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": old})).await, StatusCode::UNAUTHORIZED).await;
    }
    // The pair it answered with carries on.
    json_ok(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": fresh["refresh_token"]})).await, StatusCode::OK).await;
    problem(login(&app, "ann@example.com", "reader-password-1").await, StatusCode::UNAUTHORIZED).await;
    json_ok(login(&app, "ann@example.com", "new-password-123").await, StatusCode::OK).await;
}

/// Comments publish at once: these tests are about what happens to them afterwards.
async fn open_comments(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, Overrides(&[("COMMENT_HOLD", "none")])).await
}

async fn an_export_holds_my_data_and_no_secrets(backend: Backend) {
    let Some(app) = open_comments(backend).await else { return };
    let admin = app.admin().await;
    let ann = app.reader("ann@example.com").await;
    let bob = app.reader("bob@example.com").await;
    app.published_post(&admin, "Closures", json!({"slug": "closures"})).await;
    for (who, text) in [(&ann, "Ann's comment"), (&bob, "Bob's comment")] {
        json_ok(app.post("/api/v1/posts/closures/comments", Some(&who.access), json!({"markdown": text})).await, StatusCode::CREATED).await;
    }
    assert_eq!(app.send(Method::PUT, "/api/v1/me/bookmarks/closures", Some(&ann.access), None).await.status(), StatusCode::NO_CONTENT);
    json_ok(app.post("/api/v1/me/notes", Some(&ann.access), json!({"post": "closures", "body": "Ann's note"})).await, StatusCode::CREATED).await;

    let res = app.get("/api/v1/me/export", Some(&ann.access)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment; filename=\"lectern-export-"), "{disposition}");
    let text = res.text().await.unwrap();
    let export: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(export["account"]["email"], "ann@example.com");
    assert_eq!(export["comments"].as_array().unwrap().len(), 1);
    assert!(text.contains("Ann's comment") && text.contains("Ann's note"));
    assert_eq!(export["bookmarks"].as_array().unwrap().len(), 1);
    assert!(!text.contains("Bob's"), "another reader's data leaked");
    assert!(!text.contains("password_hash") && !text.contains("$argon2"), "secrets in the export");
}

async fn deleting_an_account_keeps_the_threads_shape(backend: Backend) {
    let Some(app) = open_comments(backend).await else { return };
    let admin = app.admin().await;
    let ann = app.reader("ann@example.com").await;
    let bob = app.reader("bob@example.com").await;
    app.published_post(&admin, "Closures", json!({"slug": "closures"})).await;
    let top = json_ok(app.post("/api/v1/posts/closures/comments", Some(&ann.access), json!({"markdown": "Ann asks"})).await, StatusCode::CREATED).await;
    json_ok(app.post("/api/v1/posts/closures/comments", Some(&bob.access), json!({"markdown": "Bob answers", "parent_id": top["id"]})).await, StatusCode::CREATED).await;

    let p = problem(app.send(Method::DELETE, "/api/v1/me", Some(&ann.access), Some(json!({"password": "wrong"}))).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["password"]);
    problem(app.send(Method::DELETE, "/api/v1/me", Some(&ann.access), None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    problem(app.send(Method::DELETE, "/api/v1/me", Some(&admin.access), Some(json!({"password": "admin-password-1"}))).await, StatusCode::CONFLICT).await;

    assert_eq!(app.send(Method::DELETE, "/api/v1/me", Some(&ann.access), Some(json!({"password": "reader-password-1"}))).await.status(), StatusCode::NO_CONTENT);
    // Signed out everywhere, and the address is free again.
    problem(app.get("/api/v1/auth/me", Some(&ann.access)).await, StatusCode::UNAUTHORIZED).await;
    problem(app.post("/api/v1/auth/refresh", None, json!({"refresh_token": ann.refresh})).await, StatusCode::UNAUTHORIZED).await;
    problem(login(&app, "ann@example.com", "reader-password-1").await, StatusCode::UNAUTHORIZED).await;

    // The thread keeps Ann's words without her name, and Bob's reply under them.
    let threads = json_ok(app.get("/api/v1/posts/closures/comments", None).await, StatusCode::OK).await;
    let thread = &threads["items"][0];
    assert!(thread["comment"]["author"].is_null(), "{thread}");
    assert!(thread["comment"]["html"].as_str().unwrap().contains("Ann asks"), "{thread}");
    assert!(!threads.to_string().contains("ann@example.com"));
    assert!(thread["replies"][0]["html"].as_str().unwrap().contains("Bob answers"), "{thread}");
    app.reader("ann@example.com").await;
}
