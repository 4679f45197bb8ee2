use chrono::{Duration, Utc};
use lectern::config::{Settings, Source};
use quick_xml::events::Event;
use reqwest::{Method, StatusCode, header};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::helpers::{Backend, Overrides, Session, TestApp, spawn_app, spawn_app_with};

both_backends!(
    site_feeds_carry_published_posts_only,
    premium_posts_show_only_their_teaser_in_feeds,
    tag_and_series_feeds_carry_only_their_posts,
    sitemap_lists_public_pages_only,
    robots_txt_points_to_the_sitemap,
    llms_txt_lists_the_posts_and_llms_full_holds_only_free_text,
    robots_txt_turns_ai_crawlers_away_when_asked,
    conditional_requests_and_publishing_change_the_etag,
    scheduled_posts_join_the_feed_when_their_time_comes,
    feeds_take_a_fixed_number_of_queries,
    regenerate_all_stores_what_is_served,
    a_render_overtaken_by_a_change_is_not_stored,
);

const PAID: &str = "PAID-ONLY-SENTENCE";

/// The settings `spawn_app` serves with, as far as the feeds read them.
fn settings() -> Settings {
    Settings::load(&Source::from_pairs([
        ("DATABASE_URL".to_string(), "sqlite::memory:".to_string()),
        ("JWT_SECRET".to_string(), "unused-secret-unused-secret-unused".to_string()),
        ("PUBLIC_URL".to_string(), "https://blog.test".to_string()),
    ]))
    .expect("settings")
}

/// A GET that must succeed with this content type; returns the body.
async fn fetch(app: &TestApp, path: &str, content_type: &str) -> String {
    let res = app.get(path, None).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    assert_eq!(res.headers()[header::CONTENT_TYPE], content_type, "{path}");
    res.text().await.unwrap()
}

async fn feed(app: &TestApp, path: &str) -> (String, feed_rs::model::Feed) {
    let content_type = if path == "/atom.xml" { "application/atom+xml; charset=utf-8" } else { "application/rss+xml; charset=utf-8" };
    let body = fetch(app, path, content_type).await;
    let parsed = feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{body}"));
    (body, parsed)
}

fn titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect()
}

fn entry<'a>(feed: &'a feed_rs::model::Feed, title: &str) -> &'a feed_rs::model::Entry {
    feed.entries.iter().find(|e| e.title.as_ref().is_some_and(|t| t.content == title)).unwrap_or_else(|| panic!("no entry {title}"))
}

async fn create_series(app: &TestApp, admin: &Session, title: &str) -> Value {
    let res = app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": title})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

/// Every `<loc>` of a sitemap, reading the document to its end (any XML error fails).
fn sitemap_locations(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut locations, mut in_loc, mut root) = (Vec::new(), false, None);
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("sitemap is not well-formed: {e}\n{xml}")) {
            Event::Start(e) => {
                if root.is_none() {
                    let ns = e.try_get_attribute("xmlns").unwrap().map(|a| String::from_utf8(a.value.to_vec()).unwrap());
                    root = Some((String::from_utf8(e.name().as_ref().to_vec()).unwrap(), ns));
                }
                in_loc = e.name().as_ref() == b"loc";
            }
            Event::Text(t) if in_loc => locations.push(t.decode().unwrap().into_owned()),
            Event::End(_) => in_loc = false,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root, Some(("urlset".to_string(), Some("http://www.sitemaps.org/schemas/sitemap/0.9".to_string()))));
    locations
}

async fn site_feeds_carry_published_posts_only(backend: Backend) {
    // Arrange
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "First steps", json!({"summary": "Where to start", "tags": ["Rust", "Basics"]})).await;
    app.published_post(&admin, "Second steps", json!({})).await;
    app.create_post(&admin, json!({"title": "Still a draft", "markdown": "x"})).await;
    let future = (Utc::now() + Duration::days(2)).to_rfc3339();
    app.create_post(&admin, json!({"title": "Coming later", "markdown": "x", "published_at": future})).await;

    for path in ["/feed.xml", "/atom.xml"] {
        // Act
        let (body, feed) = feed(&app, path).await;

        // Assert
        let mut got = titles(&feed);
        got.sort();
        assert_eq!(got, vec!["First steps", "Second steps"], "{path}");
        assert!(!body.contains("Still a draft") && !body.contains("Coming later"), "{path}");
        let first = entry(&feed, "First steps");
        assert_eq!(first.links[0].href, "https://blog.test/posts/first-steps", "{path}");
        assert_eq!(first.summary.as_ref().unwrap().content, "Where to start", "{path}");
        assert!(first.content.as_ref().unwrap().body.as_ref().unwrap().contains("Body of First steps"), "{path}");
        assert!(first.content.as_ref().unwrap().body.as_ref().unwrap().contains("language-python"), "{path}: the rendered HTML");
        assert_eq!(first.authors[0].name, "admin", "{path}");
        let mut tags: Vec<_> = first.categories.iter().map(|c| c.label.clone().unwrap_or_else(|| c.term.clone())).collect();
        tags.sort();
        assert_eq!(tags, vec!["Basics", "Rust"], "{path}");
        assert!(first.published.is_some(), "{path}");
        assert_ne!(entry(&feed, "Second steps").id, first.id, "{path}");
    }
    // These are the server's, not the SPA's.
    assert!(!fetch(&app, "/feed.xml", "application/rss+xml; charset=utf-8").await.contains("<div id=\"root\">"));
}

async fn premium_posts_show_only_their_teaser_in_feeds(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let md = format!("Free intro.\n\n## Part one\n\nStill free.\n\n## Part two\n\n{PAID}\n");
    let series = create_series(&app, &admin, "Deep dives").await;
    app.published_post(&admin, "Premium deep dive", json!({"markdown": md, "premium": true, "tags": ["Paid"], "series_id": series["id"]})).await;

    for path in ["/feed.xml", "/atom.xml", "/tags/paid/feed.xml", "/series/deep-dives/feed.xml"] {
        let (body, feed) = feed(&app, path).await;
        let html = entry(&feed, "Premium deep dive").content.as_ref().unwrap().body.clone().unwrap();
        assert!(html.contains("Still free"), "{path}: the teaser is there: {html}");
        assert!(!body.contains(PAID), "{path}: the paid part never leaves: {body}");
    }
}

async fn tag_and_series_feeds_carry_only_their_posts(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let series = create_series(&app, &admin, "Async Rust").await;
    create_series(&app, &admin, "Nothing yet").await;
    app.published_post(&admin, "Tagged rust", json!({"tags": ["Rust"]})).await;
    app.published_post(&admin, "Series part", json!({"series_id": series["id"], "tags": ["Async"]})).await;
    app.published_post(&admin, "Untagged", json!({})).await;
    app.create_post(&admin, json!({"title": "Draft in series", "markdown": "x", "series_id": series["id"], "tags": ["Rust", "Drafty"]})).await;

    let (_, rust) = feed(&app, "/tags/rust/feed.xml").await;
    assert_eq!(titles(&rust), vec!["Tagged rust"]);
    assert!(rust.links.iter().any(|l| l.href == "https://blog.test/tags/rust"), "{:?}", rust.links);
    let (_, part) = feed(&app, "/series/async-rust/feed.xml").await;
    assert_eq!(titles(&part), vec!["Series part"]);
    assert!(part.title.unwrap().content.contains("Async Rust"));

    // Unknown slugs, and tags or series with nothing published, have no feed.
    for path in ["/tags/nope/feed.xml", "/series/nope/feed.xml", "/tags/drafty/feed.xml", "/series/nothing-yet/feed.xml"] {
        assert_eq!(app.get(path, None).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

async fn sitemap_lists_public_pages_only(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let series = create_series(&app, &admin, "Fundamentals").await;
    create_series(&app, &admin, "Empty one").await;
    app.published_post(&admin, "Values & names", json!({"slug": "values", "tags": ["Python"], "series_id": series["id"]})).await;
    app.published_post(&admin, "Closures", json!({})).await;
    app.create_post(&admin, json!({"title": "Secret draft", "markdown": "x", "tags": ["Hidden"]})).await;
    let future = (Utc::now() + Duration::days(1)).to_rfc3339();
    app.create_post(&admin, json!({"title": "Tomorrow", "markdown": "x", "published_at": future, "tags": ["Later"]})).await;

    let xml = fetch(&app, "/sitemap.xml", "application/xml; charset=utf-8").await;

    let mut locations = sitemap_locations(&xml);
    locations.sort();
    let expected = [
        "https://blog.test/",
        "https://blog.test/posts/closures",
        "https://blog.test/posts/values",
        "https://blog.test/series/fundamentals",
        "https://blog.test/tags/python",
    ];
    assert_eq!(locations, expected, "{xml}");
    assert_eq!(xml.matches("<lastmod>").count(), 3, "the home page and each post carry a date: {xml}");
}

async fn robots_txt_points_to_the_sitemap(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let robots = fetch(&app, "/robots.txt", "text/plain; charset=utf-8").await;
    let lines: Vec<_> = robots.lines().collect();
    for line in ["User-agent: *", "Allow: /", "Disallow: /admin", "Disallow: /api/", "Sitemap: https://blog.test/sitemap.xml"] {
        assert!(lines.contains(&line), "missing {line:?}: {robots}");
    }
}

async fn llms_txt_lists_the_posts_and_llms_full_holds_only_free_text(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Free lesson", json!({"summary": "What generators are.", "markdown": "## Yield\n\nThe free body about yielding.\n"})).await;
    app.published_post(
        &admin,
        "Paid lesson",
        json!({"summary": "Async in depth.", "premium": true, "markdown": "## Open\n\nThe open part.\n\n## Closed\n\nThe paid secret about executors.\n"}),
    )
    .await;
    app.create_post(&admin, json!({"title": "Draft lesson", "markdown": "Not yet."})).await;

    let index = fetch(&app, "/llms.txt", "text/markdown; charset=utf-8").await;
    assert!(index.starts_with("# Lectern\n\n> "), "{index}");
    assert!(index.contains("- [Free lesson](https://blog.test/posts/free-lesson): What generators are."), "{index}");
    assert!(index.contains("- [Paid lesson](https://blog.test/posts/paid-lesson) (premium): Async in depth."), "{index}");
    assert!(index.contains("https://blog.test/llms-full.txt"), "{index}");
    assert!(!index.contains("Draft lesson"), "{index}");

    let full = fetch(&app, "/llms-full.txt", "text/markdown; charset=utf-8").await;
    assert!(full.contains("# Free lesson\n\nSource: https://blog.test/posts/free-lesson"), "{full}");
    assert!(full.contains("The free body about yielding."), "{full}");
    assert!(full.contains("# Paid lesson") && full.contains("(Premium: the full text is for subscribers.)"), "{full}");
    assert!(!full.contains("paid secret") && !full.contains("The open part"), "premium text leaked: {full}");
    assert!(!full.contains("Draft lesson") && !full.contains("Not yet."), "{full}");
}

async fn robots_txt_turns_ai_crawlers_away_when_asked(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("AI_CRAWLERS", "disallow")])).await else { return };
    let robots = fetch(&app, "/robots.txt", "text/plain; charset=utf-8").await;
    for bot in ["GPTBot", "ClaudeBot", "Google-Extended", "CCBot", "PerplexityBot"] {
        assert!(robots.contains(&format!("User-agent: {bot}\nDisallow: /\n")), "{bot} not turned away: {robots}");
    }
    assert!(robots.contains("User-agent: *\nAllow: /"), "{robots}");
    let Some(open) = spawn_app(backend).await else { return };
    assert!(!fetch(&open, "/robots.txt", "text/plain; charset=utf-8").await.contains("GPTBot"), "AI crawlers are welcome by default");
}

async fn conditional_requests_and_publishing_change_the_etag(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Old news", json!({})).await;

    let res = app.get("/feed.xml", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let etag = res.headers()[header::ETAG].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() > 2, "a strong, quoted ETag: {etag}");
    assert!(res.headers().contains_key(header::LAST_MODIFIED));
    assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=300");

    // The same document again: a 304 without a body, for the exact tag or a list holding it.
    for condition in [etag.clone(), format!("\"other\", W/{etag}"), "*".to_string()] {
        let res = app.client.get(app.url("/feed.xml")).header(header::IF_NONE_MATCH, &condition).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{condition}");
        assert_eq!(res.headers()[header::ETAG], etag.as_str());
        assert!(res.bytes().await.unwrap().is_empty());
    }
    let res = app.client.get(app.url("/feed.xml")).header(header::IF_NONE_MATCH, "\"stale\"").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let head = app.client.request(Method::HEAD, app.url("/feed.xml")).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(head.headers()[header::ETAG], etag.as_str());
    assert!(head.bytes().await.unwrap().is_empty());

    // Publishing shows up at once: a new item and a new tag, on every feed.
    let draft = app.create_post(&admin, json!({"title": "Breaking news", "markdown": "New."})).await;
    let (_, feed_before) = feed(&app, "/feed.xml").await;
    assert_eq!(titles(&feed_before), vec!["Old news"], "a draft changes nothing");
    let res = app.post(&format!("/api/v1/admin/posts/{}/publish", draft["id"].as_str().unwrap()), Some(&admin.access), json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.client.get(app.url("/feed.xml")).header(header::IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the old tag no longer matches");
    let new_etag = res.headers()[header::ETAG].to_str().unwrap().to_string();
    assert_ne!(new_etag, etag);
    let published = feed_rs::parser::parse(res.text().await.unwrap().as_bytes()).unwrap();
    assert_eq!(titles(&published), vec!["Breaking news", "Old news"]);
    assert!(app.get("/sitemap.xml", None).await.text().await.unwrap().contains("/posts/breaking-news"));

    // And unpublishing takes it out again.
    let res = app.post(&format!("/api/v1/admin/posts/{}/unpublish", draft["id"].as_str().unwrap()), Some(&admin.access), json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, unpublished) = feed(&app, "/atom.xml").await;
    assert_eq!(titles(&unpublished), vec!["Old news"]);
}

async fn scheduled_posts_join_the_feed_when_their_time_comes(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Already out", json!({})).await;
    let soon = Utc::now() + Duration::seconds(2);
    let scheduled = app.create_post(&admin, json!({"title": "Goes out soon", "markdown": "x", "published_at": soon.to_rfc3339()})).await;
    assert_eq!(scheduled["status"], "scheduled");

    let (_, before) = feed(&app, "/feed.xml").await;
    assert_eq!(titles(&before), vec!["Already out"]);

    // Nobody touches anything: the stored feed knows it is only good until then.
    tokio::time::sleep((soon - Utc::now()).to_std().unwrap_or_default() + std::time::Duration::from_millis(300)).await;
    let (_, after) = feed(&app, "/feed.xml").await;
    assert_eq!(titles(&after), vec!["Goes out soon", "Already out"]);
}

async fn feeds_take_a_fixed_number_of_queries(backend: Backend) {
    // No worker: a regeneration job storing documents meanwhile would change what is counted.
    let Some(app) = spawn_app_with(backend, Overrides(&[("EMBEDDED_WORKER", "false")])).await else { return };
    let admin = app.admin().await;
    let series = create_series(&app, &admin, "Long").await;
    let mut counts = Vec::new();
    for round in 0..2 {
        for i in 0..(3 + round * 12) {
            app.published_post(&admin, &format!("Post {round} {i}"), json!({"tags": [format!("t{i}"), "common"], "series_id": series["id"]})).await;
        }
        lectern::feeds::invalidate(&app.db).await.unwrap();
        let mut round_counts = Vec::new();
        for path in ["/feed.xml", "/atom.xml", "/tags/common/feed.xml", "/series/long/feed.xml", "/sitemap.xml"] {
            let before = app.queries();
            assert_eq!(app.get(path, None).await.status(), StatusCode::OK, "{path}");
            let rendered = app.queries() - before;
            let before = app.queries();
            assert_eq!(app.get(path, None).await.status(), StatusCode::OK, "{path}");
            assert_eq!(app.queries() - before, 1, "{path}: a stored document is one read");
            // Render: the stored copy, the content generation, the posts (and tag or
            // series), their tags or the sitemap's lists, the next scheduled post, and the
            // write after the generation is read again under a lock.
            assert!(rendered <= 8, "{path} ran {rendered} queries");
            round_counts.push((path, rendered));
        }
        counts.push(round_counts);
    }
    assert_eq!(counts[0], counts[1], "more posts, more queries");
}

async fn regenerate_all_stores_what_is_served(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Regenerated", json!({"tags": ["Ops"]})).await;
    assert_eq!(app.get("/tags/ops/feed.xml", None).await.status(), StatusCode::OK);

    let written = lectern::feeds::regenerate_all(&app.db, &settings()).await.unwrap();

    assert_eq!(written, 7, "six site documents (feeds, sitemap, robots.txt, the llms.txt pair) and the stored tag feed");
    assert_eq!(lectern::entities::documents::Entity::find().count(&app.db).await.unwrap(), 7);
    let stored = lectern::entities::documents::Entity::find_by_id("/feed.xml".to_string()).one(&app.db).await.unwrap().unwrap();
    let before = app.queries();
    let res = app.get("/feed.xml", None).await;
    assert_eq!(app.queries() - before, 1, "served from the store, not rendered again");
    assert_eq!(res.headers()[header::ETAG], stored.etag.as_str());
    assert_eq!(res.text().await.unwrap(), stored.body);
    assert!(stored.body.contains("Regenerated"));

    // A stored feed whose tag has gone (here behind the services' back) is dropped.
    let tag = lectern::tags::repo::find_by_slug(&app.db, "ops").await.unwrap().unwrap();
    lectern::tags::repo::delete(&app.db, tag.id).await.unwrap();
    assert_eq!(lectern::feeds::regenerate_all(&app.db, &settings()).await.unwrap(), 6);
    assert!(lectern::entities::documents::Entity::find_by_id("/tags/ops/feed.xml".to_string()).one(&app.db).await.unwrap().is_none());
}

/// A rebuild rendered from content that changed before it could store its result keeps
/// nothing: the change's own invalidation wins, whichever finishes last.
async fn a_render_overtaken_by_a_change_is_not_stored(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("EMBEDDED_WORKER", "false")])).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Before the change", json!({})).await;
    let seen = lectern::feeds::store::generation(&app.db).await.unwrap();
    let stale = lectern::entities::documents::Model {
        path: "/feed.xml".into(),
        content_type: "application/rss+xml".into(),
        body: "stale".into(),
        etag: "\"stale\"".into(),
        updated_at: Utc::now(),
        expires_at: Utc::now() + Duration::hours(1),
    };
    lectern::feeds::invalidate(&app.db).await.unwrap();
    assert!(!lectern::feeds::store::save_if_current(&app.db, seen, vec![stale.clone()], &[]).await.unwrap());
    assert!(lectern::entities::documents::Entity::find_by_id("/feed.xml".to_string()).one(&app.db).await.unwrap().is_none());
    let now = lectern::feeds::store::generation(&app.db).await.unwrap();
    assert!(lectern::feeds::store::save_if_current(&app.db, now, vec![stale], &[]).await.unwrap());
}
