use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, problem, spawn_app};

both_backends!(post_pages_carry_metadata_for_crawlers, server_paths_and_docs);

async fn post_pages_carry_metadata_for_crawlers(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    app.published_post(&admin, "Closures <explained>", json!({"summary": "How \"closures\" capture", "slug": "closures", "tags": ["Python"]})).await;
    let md = "Free.\n\n## One\n\nStill free.\n\n## Two\n\nPAID-ONLY-SENTENCE\n";
    app.published_post(&admin, "Paid", json!({"markdown": md, "premium": true, "slug": "paid"})).await;

    let res = app.get("/posts/closures", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Closures &lt;explained&gt; · Lectern</title>"), "{html}");
    assert_eq!(html.matches("<title>").count(), 1);
    assert!(html.contains(r#"<meta name="description" content="How &quot;closures&quot; capture">"#));
    assert!(html.contains(r#"<link rel="canonical" href="https://blog.test/posts/closures">"#));
    assert!(html.contains(r#"<meta property="og:type" content="article">"#));
    let ld = json_ld(&html);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(node(&ld, "BlogPosting")["headline"], "Closures <explained>");
    let crumbs = node(&ld, "BreadcrumbList")["itemListElement"].as_array().unwrap().clone();
    assert_eq!(crumbs.iter().map(|c| c["name"].as_str().unwrap()).collect::<Vec<_>>(), ["Home", "Closures <explained>"]);
    assert_eq!(crumbs[1]["item"], "https://blog.test/posts/closures");
    assert!(html.contains("language-python"), "the article is in the shell for crawlers");

    let paid = app.get("/posts/paid", None).await.text().await.unwrap();
    assert!(paid.contains("Still free") && !paid.contains("PAID-ONLY-SENTENCE"), "premium bodies never reach the shell");

    let series_page = app.get("/tags/python", None).await.text().await.unwrap();
    assert!(series_page.contains("<title>Posts tagged Python · Lectern</title>"));
    let tag_ld = json_ld(&series_page);
    assert_eq!(node(&tag_ld, "CollectionPage")["url"], "https://blog.test/tags/python");
    assert_eq!(node(&tag_ld, "BreadcrumbList")["itemListElement"].as_array().unwrap().len(), 2);

    // A series is described as a course of its posts; each post says it is part of it.
    let series: Value = app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Rust course", "description": "Ownership, step by step."})).await.json().await.unwrap();
    app.published_post(&admin, "Lesson one", json!({"slug": "lesson-one", "series_id": series["id"]})).await;
    app.published_post(&admin, "Lesson two", json!({"slug": "lesson-two", "series_id": series["id"]})).await;
    let course_ld = json_ld(&app.get(&format!("/series/{}", series["slug"].as_str().unwrap()), None).await.text().await.unwrap());
    let course = node(&course_ld, "Course");
    assert_eq!((course["name"].as_str(), course["numberOfLessons"].as_u64()), (Some("Rust course"), Some(2)));
    assert_eq!(course["hasPart"][1]["url"], "https://blog.test/posts/lesson-two");
    node(&course_ld, "ItemList");
    let lesson_ld = json_ld(&app.get("/posts/lesson-two", None).await.text().await.unwrap());
    let lesson = node(&lesson_ld, "BlogPosting");
    assert_eq!((lesson["isPartOf"]["@type"].as_str(), lesson["position"].as_u64()), (Some("Course"), Some(2)));
    let names: Vec<String> = node(&lesson_ld, "BreadcrumbList")["itemListElement"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["Home", "Rust course", "Lesson two"]);
    // Unknown slugs and client routes get the plain shell; the SPA shows its own not-found.
    for path in ["/posts/nope", "/admin/posts", "/login"] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(res.text().await.unwrap().contains("<div id=\"root\"></div>"));
    }
}

/// The page's JSON-LD, parsed (it must be valid JSON).
fn json_ld(html: &str) -> Value {
    let open = r#"<script type="application/ld+json">"#;
    let start = html.find(open).expect("JSON-LD") + open.len();
    let end = start + html[start..].find("</script>").expect("end of JSON-LD");
    serde_json::from_str(&html[start..end]).expect("JSON-LD is JSON")
}

/// The node of `kind` in a JSON-LD graph.
fn node<'a>(ld: &'a Value, kind: &str) -> &'a Value {
    ld["@graph"].as_array().and_then(|g| g.iter().find(|n| n["@type"] == kind)).unwrap_or_else(|| panic!("no {kind} in {ld}"))
}

async fn server_paths_and_docs(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    problem(app.get("/api/v1/nothing-here", None).await, StatusCode::NOT_FOUND).await;
    problem(app.get("/api/nothing", None).await, StatusCode::NOT_FOUND).await;
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
    let ready: Value = app.get("/readyz", None).await.json().await.unwrap();
    assert_eq!(ready["status"], "ok");
    let res = app.get("/docs", None).await;
    assert!(res.status().is_redirection());
    let docs = app.get("/docs/", None).await;
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"));
    let spec: Value = app.get("/api-docs/openapi.json", None).await.json().await.unwrap();
    assert_eq!(spec, serde_json::to_value(lectern::openapi::spec()).unwrap());
    let res = app.get("/posts/x", None).await;
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
}
