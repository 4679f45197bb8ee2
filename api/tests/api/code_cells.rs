//! Python code cells: which blocks of a post are cells (the post API says so), and the
//! runtime served from this origin with its precompressed bodies and immutable caching.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, Overrides, spawn_app, spawn_app_with};

both_backends!(the_post_api_lists_its_runnable_cells, the_runtime_is_served_from_this_origin);

async fn the_post_api_lists_its_runnable_cells(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let markdown = "Setup first.\n\n```python hidden\nimport math\n```\n\n```python\nprint(math.pi)\n```\n\n```python norun\nwhile True: pass\n```\n\n```python\nprint(2)\n```\n";
    app.published_post(&admin, "Cells", json!({"slug": "cells", "markdown": markdown})).await;
    let post: Value = app.get("/api/v1/posts/cells", None).await.json().await.unwrap();
    assert_eq!(post["python_cells"], json!([{"index": 0, "hidden": true}, {"index": 1, "hidden": false}, {"index": 2, "hidden": false}]), "{post}");
    let html = post["html"].as_str().unwrap();
    assert!(html.contains(r#"<code class="language-python cell-hidden">import math"#), "{html}");
    assert!(html.contains(r#"<code class="language-python cell-norun">while True: pass"#), "{html}");

    // A locked premium post lists only the cells of the part the reader can see.
    let paid = "## Free\n\n```python\nprint('free')\n```\n\n## Paid\n\n```python\nprint('paid')\n```\n";
    app.published_post(&admin, "Paid cells", json!({"slug": "paid-cells", "premium": true, "markdown": paid})).await;
    let locked: Value = app.get("/api/v1/posts/paid-cells", None).await.json().await.unwrap();
    assert_eq!(locked["python_cells"].as_array().unwrap().len(), 1, "{locked}");
    let open: Value = app.get("/api/v1/posts/paid-cells", Some(&admin.access)).await.json().await.unwrap();
    assert_eq!(open["python_cells"].as_array().unwrap().len(), 2, "{open}");
}

async fn the_runtime_is_served_from_this_origin(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    let core = dist.join("pyodide").join(lectern::pyodide::VERSION);
    std::fs::create_dir_all(&core).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><html><head><title>Lectern</title></head><body><div id=\"root\"></div></body></html>").unwrap();
    std::fs::write(core.join("pyodide.asm.wasm"), b"\0asm raw bytes").unwrap();
    std::fs::write(core.join("pyodide.asm.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(core.join("pyodide.asm.wasm.gz"), b"gzip bytes").unwrap();
    std::fs::write(core.join("pyodide.mjs"), b"export const loadPyodide = () => {};").unwrap();
    let packages = dir.path().join("packages");
    std::fs::create_dir_all(&packages).unwrap();
    let (dist_s, packages_s) = (dist.display().to_string(), packages.display().to_string());
    let Some(app) = spawn_app_with(backend, Overrides(&[("WEB_DIST", &dist_s), ("PYODIDE_PACKAGES_DIR", &packages_s)])).await else { return };

    let base = format!("/pyodide/{}/", lectern::pyodide::VERSION);
    let site: Value = app.get("/api/v1/site", None).await.json().await.unwrap();
    assert_eq!(site["pyodide"], json!({"index_url": base, "packages_url": null, "cross_origin_isolated": false}), "no wheels yet: {site}");

    let get = |path: String, accept: &'static str| {
        let req = app.client.get(app.url(&path)).header("accept-encoding", accept);
        async move { req.send().await.unwrap() }
    };
    let br = get(format!("{base}pyodide.asm.wasm"), "gzip, br").await;
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(br.headers()["content-type"], "application/wasm");
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(br.headers()["vary"], "Accept-Encoding");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let gz = get(format!("{base}pyodide.asm.wasm"), "gzip").await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let raw = get(format!("{base}pyodide.asm.wasm"), "identity").await;
    assert!(raw.headers().get("content-encoding").is_none_or(|v| v == "identity"));
    assert_eq!(raw.bytes().await.unwrap().as_ref(), b"\0asm raw bytes");
    let module = get(format!("{base}pyodide.mjs"), "").await;
    assert_eq!(module.headers()["content-type"], "text/javascript; charset=utf-8");
    // Another version, a compressed file asked for by name, a path outside: none exist.
    for path in ["/pyodide/0.1.0/pyodide.mjs".to_string(), format!("{base}pyodide.asm.wasm.br"), format!("{base}..%2F..%2Findex.html"), format!("{base}nope.wasm")] {
        assert_eq!(app.get(&path, None).await.status(), StatusCode::NOT_FOUND, "{path}");
    }

    // Wheels an admin drops in are served, and the cells learn where from.
    std::fs::write(packages.join("snowballstemmer-2.2.0-py2.py3-none-any.whl"), b"PK wheel").unwrap();
    let site: Value = app.get("/api/v1/site", None).await.json().await.unwrap();
    assert_eq!(site["pyodide"]["packages_url"], "/pyodide/packages/");
    let wheel = app.get("/pyodide/packages/snowballstemmer-2.2.0-py2.py3-none-any.whl", None).await;
    assert_eq!((wheel.status(), wheel.headers()["content-type"].to_str().unwrap()), (StatusCode::OK, "application/zip"));

    // Pages are cross-origin isolated only when asked: it blocks other sites' embeds.
    assert!(app.get("/", None).await.headers().get("cross-origin-embedder-policy").is_none());
    let Some(isolated) =
        spawn_app_with(backend, Overrides(&[("WEB_DIST", &dist_s), ("CROSS_ORIGIN_ISOLATION", "on"), ("PYODIDE_PACKAGES_URL", "https://cdn.example/pyodide/v314/")])).await
    else {
        return;
    };
    let page = isolated.get("/posts/anything", None).await;
    assert_eq!(page.headers()["cross-origin-embedder-policy"], "require-corp");
    assert_eq!(page.headers()["cross-origin-opener-policy"], "same-origin");
    let site: Value = isolated.get("/api/v1/site", None).await.json().await.unwrap();
    assert_eq!(site["pyodide"]["cross_origin_isolated"], true);
    assert_eq!(site["pyodide"]["packages_url"], "https://cdn.example/pyodide/v314/");
}
