//! Imports from Ghost, WordPress and a markdown folder, checked through the public API, and
//! a second import of the same export changing nothing.

use std::path::PathBuf;

use lectern::import::{self, Format, Parsed};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Backend, TestApp, spawn_app};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn parse(format: Format) -> Parsed {
    match format {
        Format::Markdown => import::markdown::parse_dir(&fixture("markdown")).expect("markdown folder"),
        Format::Ghost => import::parse_bytes(format, &std::fs::read(fixture("ghost.json")).expect("fixture")).expect("ghost"),
        Format::Wordpress => import::parse_bytes(format, &std::fs::read(fixture("wordpress.xml")).expect("fixture")).expect("wordpress"),
    }
}

/// Imports the fixture twice; returns both summaries.
async fn import_twice(app: &TestApp, format: Format) -> (import::ImportSummary, import::ImportSummary) {
    let _admin = app.admin().await;
    let author = import::default_author(&app.db).await.expect("query").expect("an admin");
    let first = import::write(&app.db, author, parse(format), |_| {}).await.expect("first import").summary;
    let second = import::write(&app.db, author, parse(format), |_| {}).await.expect("second import").summary;
    (first, second)
}

async fn post(app: &TestApp, slug: &str) -> Value {
    let res = app.get(&format!("/api/v1/posts/{slug}"), None).await;
    assert_eq!(res.status(), StatusCode::OK, "{slug}");
    res.json().await.expect("json")
}

fn tag_names(post: &Value) -> Vec<String> {
    post["tags"].as_array().expect("tags").iter().map(|t| t["name"].as_str().expect("name").to_string()).collect()
}

async fn redirect(app: &TestApp, path: &str) -> Option<String> {
    let res = app.get(path, None).await;
    (res.status() == StatusCode::MOVED_PERMANENTLY).then(|| res.headers()["location"].to_str().expect("location").to_string())
}

fn assert_second_changed_nothing(first: &import::ImportSummary, second: &import::ImportSummary) {
    assert_eq!((second.created, second.updated), (0, 0), "{second:?}");
    assert_eq!(second.unchanged, first.total);
}

async fn ghost_export(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (first, second) = import_twice(&app, Format::Ghost).await;
    assert_eq!((first.total, first.created), (2, 2), "{first:?}");
    assert!(first.warnings.iter().any(|w| w.contains("About")), "the page is reported: {:?}", first.warnings);
    assert!(first.images.iter().any(|i| i.ends_with("borrow.png")) && first.images.iter().any(|i| i.ends_with("lifetimes.jpg")), "{:?}", first.images);
    assert_second_changed_nothing(&first, &second);

    let p = post(&app, "understanding-lifetimes").await;
    assert_eq!(p["title"], "Understanding Lifetimes");
    assert_eq!(p["summary"], "How long a reference lives, and why the compiler cares.");
    assert_eq!(p["published_at"], "2024-05-01T10:00:00Z");
    assert_eq!(tag_names(&p), vec!["Rust"]);
    let html = p["html"].as_str().expect("html");
    assert!(html.contains("<strong>reference</strong>") && html.contains("<h2") && html.contains("fn longest"), "{html}");
    assert!(html.contains("href=\"https://doc.rust-lang.org/book/\""), "{html}");

    let paid = post(&app, "async-in-practice").await;
    assert_eq!(paid["premium"], true);
    assert_eq!(tag_names(&paid), vec!["Async", "Rust"], "internal #tags are left out");
    assert_eq!(redirect(&app, "/understanding-lifetimes/").await.as_deref(), Some("/posts/understanding-lifetimes"));
    assert_eq!(redirect(&app, "/understanding-lifetimes").await.as_deref(), Some("/posts/understanding-lifetimes"));
    assert_eq!(app.get("/about/", None).await.status(), StatusCode::OK, "unknown paths still get the app");
}

async fn wordpress_export(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (first, second) = import_twice(&app, Format::Wordpress).await;
    assert_eq!((first.total, first.created), (2, 2), "{first:?}");
    assert_eq!(first.images, vec!["https://old.example.com/wp-content/uploads/2024/05/pipes.png"]);
    assert_second_changed_nothing(&first, &second);

    let p = post(&app, "pipes-and-redirection").await;
    assert_eq!(p["title"], "Pipes & Redirection");
    assert_eq!(p["published_at"], "2024-05-02T08:30:00Z");
    assert_eq!(p["summary"], "Streams, pipes and files.");
    assert_eq!(tag_names(&p), vec!["Linux", "Shell"]);
    let html = p["html"].as_str().expect("html");
    assert!(html.contains("<h2") && html.contains("Redirecting output") && html.contains("<code>|</code>") && html.contains("&gt;&gt;"), "{html}");
    assert!(html.contains("pipes.png"), "the image stays referenced: {html}");
    assert_eq!(redirect(&app, "/2024/05/pipes-and-redirection/").await.as_deref(), Some("/posts/pipes-and-redirection"));

    // The draft has no slug in the export: it gets one from its title and stays unpublished.
    let res = app.get("/api/v1/posts/half-written-thoughts-on-signals", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn markdown_folder(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (first, second) = import_twice(&app, Format::Markdown).await;
    assert_eq!((first.total, first.created), (3, 3), "{first:?}");
    assert_eq!(first.images, vec!["/images/owner.svg"]);
    assert_second_changed_nothing(&first, &second);

    let one = post(&app, "ownership-basics").await;
    assert_eq!(one["title"], "Ownership Basics");
    assert_eq!(one["published_at"], "2024-06-01T09:00:00Z");
    assert_eq!(one["difficulty"], "beginner");
    assert_eq!(tag_names(&one), vec!["memory", "rust"]);
    assert!(one["html"].as_str().expect("html").contains("<strong>owner</strong>"));
    assert_eq!(one["series"]["title"], "Rust From Zero");
    assert_eq!(one["series"]["position"], 1);
    assert_eq!(one["series"]["next"]["slug"], "borrowing");

    let two = post(&app, "borrowing").await;
    assert_eq!(two["published_at"], "2024-06-08T07:00:00Z");
    assert_eq!(two["premium"], true);
    assert_eq!(two["difficulty"], "intermediate");
    assert_eq!(two["series"]["position"], 2);
    assert_eq!(two["series"]["total"], 2, "the draft is not published");
    assert_eq!(app.get("/api/v1/posts/lifetimes-draft", None).await.status(), StatusCode::NOT_FOUND);

    // An edited export updates only what changed.
    let author = import::default_author(&app.db).await.expect("query").expect("admin");
    let mut parsed = parse(Format::Markdown);
    parsed.posts[1].title = "Borrowing, revised".into();
    let third = import::write(&app.db, author, parsed, |_| {}).await.expect("third import").summary;
    assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 2), "{third:?}");
    // Read from the table: `write` leaves the announcement (and so the page cache) to `run`.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let stored = lectern::entities::posts::Entity::find().filter(lectern::entities::posts::Column::Slug.eq("borrowing")).one(&app.db).await.expect("query").expect("post");
    assert_eq!(stored.title, "Borrowing, revised");
}

both_backends!(ghost_export, wordpress_export, markdown_folder);

async fn admin_upload_with_progress(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let bytes = std::fs::read(fixture("wordpress.xml")).expect("fixture");
    let upload = |body: Vec<u8>, query: &'static str| {
        app.client.post(app.url(&format!("/api/v1/admin/import{query}"))).bearer_auth(&admin.access).header("content-type", "application/octet-stream").body(body).send()
    };
    let res = upload(b"not xml at all".to_vec(), "?format=wordpress").await.expect("send");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let res = upload(bytes, "?format=wordpress").await.expect("send");
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let started: Value = res.json().await.expect("json");
    assert_eq!(started["summary"]["total"], 2);
    let id = started["id"].as_str().expect("id").to_string();
    let mut status = Value::Null;
    for _ in 0..100 {
        status = app.get(&format!("/api/v1/admin/import/{id}"), Some(&admin.access)).await.json().await.expect("json");
        if status["state"] != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status["state"], "done", "{status}");
    assert_eq!(status["summary"]["created"], 2);
    assert_eq!(status["summary"]["done"], 2);
    assert_eq!(status["summary"]["images"][0], "https://old.example.com/wp-content/uploads/2024/05/pipes.png");
    assert_eq!(post(&app, "pipes-and-redirection").await["title"], "Pipes & Redirection");
}

both_backends!(admin_upload_with_progress);
