//! Search through the real API on both databases: keyword ranking, query syntax, paging,
//! what never appears (drafts, scheduled posts, premium text), and with the built-in model,
//! semantic and hybrid results, related posts and the embed job's bookkeeping.

use std::{collections::HashSet, time::Duration};

use chrono::Utc;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Overrides, Session, TestApp, fields, model_available, model_dir, problem, spawn_app, spawn_app_with, urlencode},
    support::eventually,
};

both_backends!(
    body_only_words_are_found_and_titles_rank_first,
    phrases_exclusions_and_prefixes,
    all_words_relax_to_any_when_nothing_matches_all,
    pagination_visits_each_result_once,
    drafts_and_scheduled_posts_never_appear,
    premium_text_never_reaches_readers_without_access,
    typos_get_a_suggestion_from_the_vocabulary,
    empty_and_long_queries_are_refused,
    without_the_model_hybrid_falls_back_and_semantic_says_why,
    semantic_and_hybrid_find_posts_by_meaning,
    edits_re_embed_only_what_changed,
);

async fn search(app: &TestApp, query: &str, extra: &str, token: Option<&str>) -> Value {
    let res = app.get(&format!("/api/v1/search?q={}{extra}", urlencode(query)), token).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn slugs(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap().to_string()).collect()
}

async fn post(app: &TestApp, admin: &Session, title: &str, markdown: &str, extra: Value) -> Value {
    let mut body = json!({"title": title, "markdown": markdown, "published_at": (Utc::now() - chrono::Duration::minutes(1)).to_rfc3339()});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    app.create_post(admin, body).await
}

async fn body_only_words_are_found_and_titles_rank_first(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Notes on herding", "## Fields\n\nA zebra crossing, a zebra herd and one more zebra.", json!({})).await;
    post(&app, &admin, "Zebra stripes explained", "## Why\n\nNothing about the animal here.", json!({})).await;
    post(&app, &admin, "Unrelated", "## Setup\n\nPlain words.\n\n## Code\n\n```python\nquokka = compute()\n```\n", json!({})).await;

    let page = search(&app, "zebra", "&mode=keyword", None).await;
    assert_eq!(slugs(&page), vec!["zebra-stripes-explained", "notes-on-herding"], "title matches rank first");
    assert_eq!(page["mode"], "keyword");

    // A word only inside a code block of a later section: found, with that section's anchor.
    let page = search(&app, "quokka", "&mode=keyword", None).await;
    assert_eq!(slugs(&page), vec!["unrelated"]);
    let hit = &page["items"][0];
    assert_eq!(hit["anchor"], "code");
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>quokka</mark>"), "{hit}");
}

async fn phrases_exclusions_and_prefixes(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Exact", "The borrow checker rejects `Vec<&str>` when x < y & z.", json!({})).await;
    post(&app, &admin, "Loose", "We borrow a book; the checker at the door checks it.", json!({})).await;
    post(&app, &admin, "Third", "The borrow checker again, with lifetimes.", json!({})).await;

    let page = search(&app, "\"borrow checker\"", "&mode=keyword", None).await;
    assert_eq!(slugs(&page).into_iter().collect::<HashSet<_>>(), HashSet::from(["exact".to_string(), "third".to_string()]));
    let page = search(&app, "\"borrow checker\" -lifetimes", "&mode=keyword", None).await;
    assert_eq!(slugs(&page), vec!["exact"]);
    // Snippets escape the post's text: only <mark> is markup.
    let snippet = page["items"][0]["snippet"].as_str().unwrap();
    assert!(!snippet.contains("<&") && snippet.contains("Vec&lt;&amp;str&gt;"), "{snippet}");
    // Still typing: the last word matches as a prefix.
    let page = search(&app, "lifeti", "&mode=keyword", None).await;
    assert_eq!(slugs(&page), vec!["third"]);
}

async fn all_words_relax_to_any_when_nothing_matches_all(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Gardening", "Tomatoes need sun.", json!({})).await;
    post(&app, &admin, "Cooking", "Tomatoes and basil.", json!({})).await;
    let page = search(&app, "tomatoes basil ", "&mode=keyword", None).await;
    assert_eq!((slugs(&page), page["relaxed"].clone()), (vec!["cooking".to_string()], json!(false)));
    let page = search(&app, "tomatoes carburettor ", "&mode=keyword", None).await;
    assert_eq!(page["relaxed"], true);
    assert_eq!(slugs(&page).len(), 2);
}

async fn pagination_visits_each_result_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    for i in 0..23 {
        // Different lengths give different scores; some tie.
        let body = format!("Pagination matters{}.", " and more words".repeat(i % 5));
        post(&app, &admin, &format!("Post {i}"), &body, json!({})).await;
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    for mode in ["keyword", "hybrid"] {
        seen.clear();
        loop {
            let page = search(&app, "pagination ", &format!("&mode={mode}&limit=5&cursor={cursor}"), None).await;
            seen.extend(slugs(&page));
            match page["next_cursor"].as_str() {
                Some(c) => cursor = c.to_string(),
                None => break,
            }
        }
        cursor.clear();
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!((seen.len(), unique.len()), (23, 23), "{mode}: {seen:?}");
    }
    problem(app.get("/api/v1/search?q=x&cursor=bm9wZQ", None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn drafts_and_scheduled_posts_never_appear(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    app.create_post(&admin, json!({"title": "Draft", "markdown": "hidden marmoset"})).await;
    let later = (Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    app.create_post(&admin, json!({"title": "Later", "markdown": "hidden marmoset", "published_at": later})).await;
    let live = post(&app, &admin, "Live", "visible marmoset", json!({})).await;
    for mode in ["keyword", "hybrid"] {
        assert_eq!(slugs(&search(&app, "marmoset", &format!("&mode={mode}"), Some(&admin.access)).await), vec!["live"]);
    }
    // Unpublishing and deleting take a post out at once.
    let id = live["id"].as_str().unwrap();
    assert_eq!(app.post(&format!("/api/v1/admin/posts/{id}/unpublish"), Some(&admin.access), json!({})).await.status(), StatusCode::OK);
    assert!(slugs(&search(&app, "marmoset", "&mode=keyword", None).await).is_empty());
    let res = app.send(reqwest::Method::DELETE, &format!("/api/v1/admin/posts/{id}"), Some(&admin.access), None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let count = app
        .db
        .query_one_raw(Statement::from_string(db_backend(backend), "SELECT COUNT(*) AS n FROM post_chunks"))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(count, 2, "the deleted post's chunks are gone, the others remain");
}

fn db_backend(backend: Backend) -> DbBackend {
    if backend == Backend::Sqlite { DbBackend::Sqlite } else { DbBackend::Postgres }
}

const PREMIUM_BODY: &str = "## Start here\n\nThe opening explains pangolins for everyone.\n\n## The secret part\n\nOnly subscribers learn that pangolins eat formicidae quietly.\n";

async fn premium_text_never_reaches_readers_without_access(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Pangolin facts", PREMIUM_BODY, json!({"premium": true})).await;
    let reader = app.reader("free@example.com").await;
    for token in [None, Some(reader.access.as_str())] {
        for q in ["formicidae", "pangolins", "subscribers quietly"] {
            let page = search(&app, q, "&mode=keyword", token).await;
            // Found, but nothing of the premium section comes back.
            assert_eq!(slugs(&page), vec!["pangolin-facts"], "{q}");
            let text = page.to_string();
            for secret in ["formicidae", "subscribers", "quietly", "the-secret-part"] {
                assert!(!text.contains(secret), "{q}: {secret} leaked in {text}");
            }
        }
    }
    // A reader with access gets the section itself.
    let page = search(&app, "formicidae", "&mode=keyword", Some(&admin.access)).await;
    assert_eq!(page["items"][0]["anchor"], "the-secret-part");
    assert!(page["items"][0]["snippet"].as_str().unwrap().contains("<mark>formicidae</mark>"));
}

async fn typos_get_a_suggestion_from_the_vocabulary(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Deploying", "Kubernetes manifests and postgres replicas.", json!({})).await;
    let page = search(&app, "postgers replicas", "&mode=keyword", None).await;
    assert_eq!(page["did_you_mean"], "postgres replicas");
    let page = search(&app, "kubernetes", "&mode=keyword", None).await;
    assert_eq!(page["did_you_mean"], Value::Null);
}

async fn empty_and_long_queries_are_refused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for q in ["", "%20%20", "-onlyexcluded", &"x".repeat(201)] {
        let p = problem(app.get(&format!("/api/v1/search?q={q}"), None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&p), vec!["q"], "{q}");
    }
    let p = problem(app.get("/api/v1/search?q=x&limit=51", None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), vec!["limit"]);
}

async fn without_the_model_hybrid_falls_back_and_semantic_says_why(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Walrus", "Tusks.", json!({})).await;
    let page = search(&app, "walrus", "", None).await;
    assert_eq!((page["mode"].clone(), slugs(&page)), (json!("keyword"), vec!["walrus".to_string()]));
    let p = problem(app.get("/api/v1/search?q=walrus&mode=semantic", None).await, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(p["detail"].as_str().unwrap().contains("make model"), "{p}");
    let ready: Value = app.get("/readyz", None).await.json().await.unwrap();
    assert!(ready["notices"][0].as_str().unwrap().contains("make model"), "{ready}");
    let related: Value = app.get("/api/v1/posts/walrus/related", None).await.json().await.unwrap();
    assert_eq!(related["by"], "tags");
}

pub(crate) async fn with_model(backend: Backend, test: &str) -> Option<TestApp> {
    if !model_available(test) {
        return None;
    }
    let dir = model_dir();
    spawn_app_with(backend, Overrides(&[("LECTERN_MODEL_DIR", &dir)])).await
}

/// Waits until the embed jobs have caught up with every post.
pub(crate) async fn embedded(app: &TestApp, admin: &Session) -> Value {
    eventually("the embed jobs", Duration::from_secs(60), || async {
        let status: Value = app.get("/api/v1/admin/search", Some(&admin.access)).await.json().await.ok()?;
        (status["posts_waiting"] == 0 && status["chunks"] == status["chunks_embedded"]).then_some(status)
    })
    .await
}

async fn semantic_and_hybrid_find_posts_by_meaning(backend: Backend) {
    let Some(app) = with_model(backend, "semantic_and_hybrid_find_posts_by_meaning").await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Installing libraries", "## With pip\n\nUse pip to add third-party packages to a virtual environment.", json!({})).await;
    post(&app, &admin, "Baking bread", "## Dough\n\nFlour, water, salt and yeast, kneaded and left to rise.", json!({})).await;
    post(&app, &admin, "Pangolin facts", PREMIUM_BODY, json!({"premium": true})).await;
    let status = embedded(&app, &admin).await;
    assert_eq!(status["model"], "builtin:all-MiniLM-L6-v2");

    // No shared words with the post that answers.
    let page = search(&app, "how do I get modules for my python project", "&mode=semantic", None).await;
    assert_eq!(slugs(&page)[0], "installing-libraries", "{page}");
    assert_eq!(page["items"][0]["anchor"], "with-pip");
    let page = search(&app, "making a loaf at home", "", None).await;
    assert_eq!((page["mode"].clone(), slugs(&page)[0].clone()), (json!("hybrid"), "baking-bread".to_string()));

    // The premium section is never the match a reader without access is shown.
    for mode in ["semantic", "hybrid"] {
        let text = search(&app, "which insects do pangolins eat", &format!("&mode={mode}"), None).await.to_string();
        assert!(!text.contains("formicidae") && !text.contains("the-secret-part"), "{mode}: {text}");
    }
    let related: Value = app.get("/api/v1/posts/installing-libraries/related", None).await.json().await.unwrap();
    assert_eq!(related["by"], "embeddings");
    assert!(!slugs(&related).contains(&"installing-libraries".to_string()));
}

async fn chunk_rows(app: &TestApp, backend: Backend, post_id: &str) -> Vec<(i64, bool)> {
    let mut sql = lectern::sql::Sql::new(db_backend(backend));
    sql.push("SELECT id, embedding IS NOT NULL AS embedded FROM post_chunks WHERE post_id = ").bind(post_id.parse::<uuid::Uuid>().unwrap()).push(" ORDER BY position");
    let rows = app.db.query_all_raw(sql.build()).await.unwrap();
    rows.iter().map(|r| (r.try_get("", "id").unwrap(), r.try_get("", "embedded").unwrap())).collect()
}

async fn edits_re_embed_only_what_changed(backend: Backend) {
    let Some(app) = with_model(backend, "edits_re_embed_only_what_changed").await else { return };
    let admin = app.admin().await;
    let md = "## One\n\nThe first section.\n\n## Two\n\nThe second section.\n\n## Three\n\nThe third section.";
    let p = post(&app, &admin, "Layered", md, json!({})).await;
    let id = p["id"].as_str().unwrap();
    embedded(&app, &admin).await;
    let before = chunk_rows(&app, backend, id).await;
    assert_eq!(before.len(), 3);
    assert!(before.iter().all(|(_, e)| *e));

    // Saving the same text (or only the summary) keeps every chunk and its vector.
    let res = app.send(reqwest::Method::PATCH, &format!("/api/v1/admin/posts/{id}"), Some(&admin.access), Some(json!({"markdown": md, "summary": "new"}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(chunk_rows(&app, backend, id).await, before);

    // Editing one section leaves the other two embedded; only the new one waits.
    let edited = md.replace("The second section.", "The second section, rewritten.");
    let res = app.send(reqwest::Method::PATCH, &format!("/api/v1/admin/posts/{id}"), Some(&admin.access), Some(json!({"markdown": edited}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let after = chunk_rows(&app, backend, id).await;
    let waiting: Vec<bool> = after.iter().map(|(_, e)| !e).collect();
    assert!(waiting == vec![false, true, false] || waiting == vec![false; 3], "{after:?}");
    embedded(&app, &admin).await;

    // A full reindex (twice) leaves one set of chunks, all embedded.
    for _ in 0..2 {
        assert_eq!(app.post("/api/v1/admin/search/reindex", Some(&admin.access), json!({})).await.status(), StatusCode::ACCEPTED);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let status = embedded(&app, &admin).await;
    assert_eq!(status["chunks"], 3, "{status}");
    assert_eq!(chunk_rows(&app, backend, id).await.len(), 3);
}
