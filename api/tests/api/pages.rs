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
    let ld_start = html.find(r#"<script type="application/ld+json">"#).expect("JSON-LD") + r#"<script type="application/ld+json">"#.len();
    let ld_end = ld_start + html[ld_start..].find("</script>").unwrap();
    let ld: Value = serde_json::from_str(&html[ld_start..ld_end]).unwrap();
    assert_eq!(ld["@type"], "BlogPosting");
    assert_eq!(ld["headline"], "Closures <explained>");
    assert!(html.contains("language-python"), "the article is in the shell for crawlers");

    let paid = app.get("/posts/paid", None).await.text().await.unwrap();
    assert!(paid.contains("Still free") && !paid.contains("PAID-ONLY-SENTENCE"), "premium bodies never reach the shell");

    let series_page = app.get("/tags/python", None).await.text().await.unwrap();
    assert!(series_page.contains("<title>Posts tagged Python · Lectern</title>"));
    // Unknown slugs and client routes get the plain shell; the SPA shows its own not-found.
    for path in ["/posts/nope", "/admin/posts", "/login"] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(res.text().await.unwrap().contains("<div id=\"root\"></div>"));
    }
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
