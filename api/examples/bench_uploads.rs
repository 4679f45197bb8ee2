//! Uploads, for `make bench`:
//!
//! * a BENCH_PDF_PAGES-page PDF (default 100, ~300 words a page) attached to a post: the
//!   seconds from the upload's 201 until its last page's words are found by search (the
//!   budget is 15 s), and how long the upload request itself took;
//! * a 3000×2000 photo (JPEG): the upload's latency (decode, strip, four WebP widths and
//!   the JPEG fallback), median of BENCH_IMAGE_UPLOADS (default 5) distinct images.
//!
//! Prints one markdown table row per figure.
//!
//!   DATABASE_URL=sqlite://…?mode=rwc cargo run --profile bench-release --example bench_uploads
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use image::ImageEncoder;
use lectern::{
    config::{Settings, Source},
    db,
    startup::Application,
};
use serde_json::{Value, json};

const BOUNDARY: &str = "lectern-bench-boundary";
const WORDS: [&str; 12] = ["gradient", "tensor", "batch", "kernel", "matrix", "vector", "epoch", "loss", "layer", "shape", "index", "model"];

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string())
}

/// Page `n`'s text: ordinary words, plus one word that appears on that page only.
fn page_text(n: usize) -> String {
    let mut lines = Vec::new();
    for line in 0..30 {
        let words: Vec<&str> = (0..10).map(|w| WORDS[(n * 7 + line * 3 + w) % WORDS.len()]).collect();
        lines.push(words.join(" "));
    }
    lines.push(format!("pagemarker{n}"));
    lines.join("\n")
}

fn photo(seed: u32) -> Vec<u8> {
    let (w, h) = (3000, 2000);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let v = (x.wrapping_mul(31) ^ y.wrapping_mul(17) ^ seed.wrapping_mul(97)) % 256;
        image::Rgb([v as u8, ((x / 8 + y / 8) % 256) as u8, ((x + seed) % 256) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8).unwrap();
    out
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lectern::install_crypto_provider();
    let database_url = std::env::var("DATABASE_URL").map_err(|_| anyhow::anyhow!("set DATABASE_URL (an empty database)"))?;
    let backend = if database_url.starts_with("postgres") { "postgres" } else { "sqlite" };
    let pages: usize = env_or("BENCH_PDF_PAGES", "100").parse()?;
    let image_uploads: usize = env_or("BENCH_IMAGE_UPLOADS", "5").parse()?;
    let uploads_dir = tempfile::tempdir()?;

    let pairs = [
        ("DATABASE_URL", database_url.clone()),
        ("BIND", "127.0.0.1:0".into()),
        ("PUBLIC_URL", "https://bench.test".into()),
        ("JWT_SECRET", "bench-secret-that-is-long-enough-for-hs256".into()),
        ("JOB_SCHEDULER", "false".into()),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "0".into()),
        ("RATE_LIMIT_ANONYMOUS_PER_HOUR", "0".into()),
        ("RATE_LIMIT_USER_PER_HOUR", "0".into()),
        ("LECTERN_MODEL_DIR", env_or("LECTERN_MODEL_DIR", "/nonexistent/no-model")),
        ("UPLOADS_DIR", uploads_dir.path().display().to_string()),
    ];
    let settings = Settings::load(&Source::from_pairs(pairs.into_iter().map(|(k, v)| (k.to_string(), v))))?;
    let conn = db::connect_url(&database_url).await?;
    db::migrate(&conn).await?;
    let app = Application::build_with_db(settings, conn).await?;
    let state = app.state().clone();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let http = reqwest::Client::new();

    lectern::auth::service::create_admin(&state.db, &state.passwords, "uploads@bench.test", "uploads-bench-password").await?;
    let login: Value =
        http.post(format!("{base}/api/v1/auth/login")).json(&json!({"email": "uploads@bench.test", "password": "uploads-bench-password"})).send().await?.json().await?;
    let admin = login["access_token"].as_str().unwrap_or_default().to_string();
    let post: Value = http
        .post(format!("{base}/api/v1/admin/posts"))
        .bearer_auth(&admin)
        .json(&json!({"title": "Paper", "markdown": "## Notes\n\nSee the attached paper.", "published_at": chrono::Utc::now()}))
        .send()
        .await?
        .json()
        .await?;
    let post_id = post["id"].as_str().unwrap_or_default().to_string();

    let upload = |name: &'static str, bytes: Vec<u8>, post: Option<String>| {
        let (http, base, admin) = (http.clone(), base.clone(), admin.clone());
        async move {
            let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("file", Some(name), &bytes)];
            if let Some(post) = &post {
                parts.push(("post", None, post.as_bytes()));
            }
            let started = Instant::now();
            let res = http
                .post(format!("{base}/api/v1/uploads"))
                .bearer_auth(&admin)
                .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
                .body(lectern::bench::multipart_form(BOUNDARY, &parts))
                .send()
                .await?;
            let status = res.status();
            let body: Value = res.json().await?;
            anyhow::ensure!(status.as_u16() == 201, "{status}: {body}");
            anyhow::Ok((started.elapsed(), body))
        }
    };

    let document = lectern::bench::text_pdf(&(1..=pages).map(page_text).collect::<Vec<_>>());
    let (took, _) = upload("paper.pdf", document.clone(), Some(post_id.clone())).await?;
    let since = Instant::now();
    let marker = format!("pagemarker{pages}");
    loop {
        let found: Value = http.get(format!("{base}/api/v1/search?q={marker}&mode=keyword")).send().await?.json().await?;
        if found["items"].as_array().is_some_and(|items| !items.is_empty()) {
            break;
        }
        anyhow::ensure!(since.elapsed() < Duration::from_secs(120), "page {pages} never became searchable");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let searchable = since.elapsed();
    println!(
        "| {backend} | {pages}-page PDF ({} KiB) upload → last page searchable (budget 15 s) | {:.2} s | upload request {} ms |",
        document.len() / 1024,
        searchable.as_secs_f64(),
        took.as_millis()
    );

    let mut times = Vec::new();
    for i in 0..image_uploads {
        let bytes = photo(i as u32);
        let (took, body) = upload("photo.jpg", bytes, None).await?;
        anyhow::ensure!(body["variants"].as_array().map(Vec::len) == Some(4), "{body}");
        times.push(took);
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "| {backend} | 3000×2000 JPEG upload (re-encode, 4 WebP widths + fallback), median of {image_uploads} | {} ms | slowest {} ms |",
        median.as_millis(),
        times.last().copied().unwrap_or_default().as_millis()
    );
    Ok(())
}
