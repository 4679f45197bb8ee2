//! Job-system measurements for `make bench` (`lectern bench-jobs`): how many jobs one worker
//! process gets through per second, and how long a daily digest takes to build and queue.

use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    entities::{emails, posts, users},
    jobs::{self, DailyDigest, Job, SendEmail},
    mail::{OutgoingEmail, outbox},
    state::AppState,
};

const BATCH: usize = 500;

/// Queues `n` email deliveries (to the outbox; no SMTP), then runs one worker process's
/// workers until all are done. Returns jobs per second.
pub async fn send_email_throughput(app: &AppState, n: usize) -> anyhow::Result<f64> {
    anyhow::ensure!(app.smtp.is_none(), "unset SMTP_URL: the benchmark measures the queue, not a mail server");
    let run = Uuid::new_v4().simple().to_string();
    for chunk in (0..n).collect::<Vec<_>>().chunks(BATCH) {
        let batch: Vec<OutgoingEmail> = chunk
            .iter()
            .map(|i| OutgoingEmail {
                kind: "bench",
                to: format!("reader{i}@bench.test"),
                subject: format!("bench {run} {i}"),
                text: "text".into(),
                html: "<p>html</p>".into(),
                headers: vec![],
                idempotency_key: Some(format!("bench:{run}:{i}")),
            })
            .collect();
        outbox::insert_many(&app.db, batch).await?;
    }
    let ids = outbox::queued_with_key_prefix(&app.db, &format!("bench:{run}:")).await?;
    for chunk in ids.chunks(BATCH) {
        app.queue.push_all(chunk.iter().map(|&email_id| SendEmail { email_id }).collect()).await?;
    }
    let pending = || emails::Entity::find().filter(emails::Column::IdempotencyKey.starts_with(format!("bench:{run}:"))).filter(emails::Column::State.ne(outbox::STORED)).count(&app.db);

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let started = Instant::now();
    let worker = tokio::spawn(jobs::worker::run(app.clone(), async move {
        let _ = stopped.await;
    }));
    while pending().await? > 0 {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(600), "jobs did not finish in 10 minutes");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let elapsed = started.elapsed();
    let _ = stop.send(());
    let _ = worker.await;
    Ok(n as f64 / elapsed.as_secs_f64())
}

/// Adds `n` users who want the digest and one fresh post, then times one digest run: every
/// email built, stored and its delivery queued. Returns the time and the emails queued.
pub async fn digest_build_time(app: &AppState, n: usize) -> anyhow::Result<(Duration, u64)> {
    let now = Utc::now();
    let run = Uuid::new_v4().simple().to_string();
    let mut first_user = None;
    for chunk in (0..n).collect::<Vec<_>>().chunks(BATCH) {
        let rows: Vec<users::ActiveModel> = chunk
            .iter()
            .map(|i| {
                let id = Uuid::now_v7();
                first_user.get_or_insert(id);
                users::ActiveModel {
                    id: Set(id),
                    email: Set(format!("subscriber{i}.{run}@bench.test")),
                    display_name: Set(format!("Subscriber {i}")),
                    password_hash: Set(None),
                    role: Set("reader".into()),
                    email_verified_at: Set(Some(now)),
                    premium_until: Set(None),
                    digest: Set(true),
                    google_sub: Set(None),
                    stripe_customer_id: Set(None),
                    premium_granted_until: Set(None),
                    disabled_at: Set(None),
                    theme: Set("system".into()),
                    avatar_url: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
            })
            .collect();
        users::Entity::insert_many(rows).exec_without_returning(&app.db).await?;
    }
    let author = first_user.ok_or_else(|| anyhow::anyhow!("no subscribers"))?;
    let post = posts::ActiveModel {
        id: Set(Uuid::now_v7()),
        slug: Set(format!("digest-bench-{run}")),
        title: Set("What is new this week".into()),
        summary: Set("A post for the digest benchmark.".into()),
        markdown: Set(String::new()),
        html: Set("<p>Hello.</p>".into()),
        teaser_html: Set("<p>Hello.</p>".into()),
        status: Set("published".into()),
        published_at: Set(Some(now - chrono::Duration::minutes(1))),
        difficulty: Set("beginner".into()),
        premium: Set(false),
        reading_minutes: Set(1),
        author_id: Set(author),
        series_id: Set(None),
        series_position: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    posts::Entity::insert(post).exec_without_returning(&app.db).await?;

    let date = now.date_naive();
    let started = Instant::now();
    DailyDigest { date, until: Utc::now() }.run(app).await?;
    let elapsed = started.elapsed();
    let queued = emails::Entity::find().filter(emails::Column::IdempotencyKey.starts_with(format!("digest:{date}:"))).count(&app.db).await?;
    Ok((elapsed, queued))
}

/// A PDF with one page per entry, each page's text set in Helvetica (an empty entry is a page
/// with no text layer): documents for the upload tests and `make bench`.
pub fn text_pdf(pages: &[String]) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into());
    for (i, text) in pages.iter().enumerate() {
        let escaped = text.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        // One line per `\n`, 14 points apart.
        let lines: Vec<String> = escaped.lines().map(|l| format!("({l}) Tj T*")).collect();
        let content = if text.is_empty() { String::new() } else { format!("BT /F1 11 Tf 14 TL 72 740 Td {} ET", lines.join(" ")) };
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>", 5 + 2 * i));
        objects.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1));
    out.into_bytes()
}

/// A `multipart/form-data` body of `parts` (field name, file name, bytes) between `boundary`
/// lines: uploads for the tests and `make bench`, exactly as a browser frames them.
pub fn multipart_form(boundary: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, data) in parts {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
        if let Some(file) = file {
            body.extend(format!("; filename=\"{file}\"\r\nContent-Type: application/octet-stream").as_bytes());
        }
        body.extend(b"\r\n\r\n");
        body.extend(*data);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    body
}
