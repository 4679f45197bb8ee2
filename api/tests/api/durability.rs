//! Whole processes: workers killed mid-job, Redis restarted with jobs queued, and several API
//! and worker processes sharing one database and one Redis.

use std::{sync::atomic::Ordering, time::Duration};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{fresh_postgres, in_ci},
    support::{Process, SmtpSink, eventually, free_port, redis_slot, wait_http},
};

const SECRET: &str = "durability-secret-that-is-long-enough";

/// The environment every process of one deployment shares.
fn deployment(database_url: &str, redis_url: Option<&str>, sink: &SmtpSink, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("DATABASE_URL", database_url),
        ("JWT_SECRET", SECRET),
        ("PUBLIC_URL", "https://blog.test"),
        ("WEB_DIST", "/nonexistent"),
        ("SMTP_URL", &sink.url()),
        ("JOB_HEARTBEAT_SECONDS", "1"),
        ("JOB_BACKOFF_MS", "300"),
        ("JOB_MAX_ATTEMPTS", "12"),
        ("SMTP_TIMEOUT_SECONDS", "5"),
        ("JOB_SCHEDULER", "false"),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "0"),
        ("RATE_LIMIT_ANONYMOUS_PER_HOUR", "0"),
        ("RATE_LIMIT_USER_PER_HOUR", "0"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    if let Some(url) = redis_url {
        env.push(("REDIS_URL".into(), url.into()));
    }
    for (k, v) in extra {
        env.retain(|(key, _)| key != k);
        env.push((k.to_string(), v.to_string()));
    }
    env
}

async fn run_to_end(name: &str, args: &[&str], env: &[(String, String)]) {
    let status = Process::spawn(name, args, env).child.wait().await.expect("wait");
    assert!(status.success(), "lectern {args:?} failed");
}

/// `lectern serve --no-worker` on a free port; returns the process and its base URL.
async fn api(name: &str, env: &[(String, String)]) -> (Process, String) {
    let port = free_port();
    let mut env = env.to_vec();
    env.push(("BIND".into(), format!("127.0.0.1:{port}")));
    let process = Process::spawn(name, &["serve", "--no-worker", "--no-migrate"], &env);
    let base = format!("http://127.0.0.1:{port}");
    wait_http(&format!("{base}/healthz")).await;
    (process, base)
}

async fn register(client: &reqwest::Client, base: &str, email: &str) -> Value {
    let res = client.post(format!("{base}/api/v1/auth/register")).json(&json!({"email": email, "password": "durable-password", "display_name": "Reader"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "register {email}");
    res.json().await.unwrap()
}

fn count_to(sink: &SmtpSink, to: &str, subject: &str) -> usize {
    sink.messages().iter().filter(|m| m.to == [to] && m.data.contains(&format!("Subject: {subject}"))).count()
}

async fn killed_worker_delivers_exactly_once(redis: bool) {
    let slot = if redis { Some(redis_slot().await.expect("Redis")) } else { None };
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}?mode=rwc", dir.path().join("lectern.db").display());
    // The sink holds its final reply for 3 s: long enough to kill the sender mid-delivery.
    let sink = SmtpSink::start(Duration::from_secs(3)).await;
    let env = deployment(&db, slot.as_ref().map(|s| s.url.as_str()), &sink, &[]);
    run_to_end("migrate", &["migrate"], &env).await;
    let (_api, base) = api("api", &env).await;
    register(&reqwest::Client::new(), &base, "kill@example.com").await;

    let first = Process::spawn("worker-a", &["worker"], &env);
    eventually("the first delivery attempt", Duration::from_secs(30), || async { (sink.data_seen.load(Ordering::SeqCst) >= 1).then_some(()) }).await;
    first.kill_hard().await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(sink.messages().len(), 0, "the killed attempt delivered nothing");

    let _second = Process::spawn("worker-b", &["worker"], &env);
    eventually("the email after the restart", Duration::from_secs(60), || async { (!sink.messages().is_empty()).then_some(()) }).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count_to(&sink, "kill@example.com", "Confirm your email address"), 1, "sent exactly once");
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(sink.data_seen.load(Ordering::SeqCst), 2, "the restarted worker ran the job again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_job_on_sql_storage_delivers_exactly_once() {
    killed_worker_delivers_exactly_once(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_job_on_redis_delivers_exactly_once() {
    if !in_ci() && redis_slot().await.is_none() {
        return;
    }
    killed_worker_delivers_exactly_once(true).await;
}

/// A Redis of the test's own, persisting every write to its append-only file.
fn start_redis(port: u16, dir: &std::path::Path) -> tokio::process::Child {
    tokio::process::Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--appendonly", "yes", "--appendfsync", "always", "--save", ""])
        .arg("--dir")
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("redis-server (apt-get install redis-server)")
}

async fn wait_redis(url: &str) {
    eventually("Redis to accept connections", Duration::from_secs(20), || async {
        let client = deadpool_redis::redis::Client::open(url).ok()?;
        let mut conn = client.get_multiplexed_async_connection().await.ok()?;
        deadpool_redis::redis::cmd("PING").query_async::<String>(&mut conn).await.ok()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_queued_in_redis_survive_a_redis_restart() {
    if which_redis().is_none() {
        assert!(!in_ci(), "redis-server is required under CI");
        eprintln!("SKIPPED: redis-server not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (port, data) = (free_port(), dir.path().join("redis"));
    std::fs::create_dir_all(&data).unwrap();
    let url = format!("redis://127.0.0.1:{port}");
    let mut redis = start_redis(port, &data);
    wait_redis(&url).await;

    let db = format!("sqlite://{}?mode=rwc", dir.path().join("lectern.db").display());
    let sink = SmtpSink::start(Duration::ZERO).await;
    let env = deployment(&db, Some(&url), &sink, &[]);
    run_to_end("migrate", &["migrate"], &env).await;
    let (api, base) = api("api", &env).await;
    let client = reqwest::Client::new();
    let readers = ["r1@example.com", "r2@example.com", "r3@example.com"];
    for email in readers {
        register(&client, &base, email).await;
    }
    api.kill_hard().await;

    // Crash Redis with the three jobs queued, and bring it back on the same files.
    redis.kill().await.unwrap();
    let _redis = start_redis(port, &data);
    wait_redis(&url).await;

    let _worker = Process::spawn("worker", &["worker"], &env);
    eventually("every queued email", Duration::from_secs(60), || async { (sink.messages().len() >= readers.len()).then_some(()) }).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    for email in readers {
        assert_eq!(count_to(&sink, email, "Confirm your email address"), 1, "{email}");
    }
    assert_eq!(sink.messages().len(), readers.len());
}

fn which_redis() -> Option<()> {
    std::process::Command::new("redis-server").arg("--version").output().ok().filter(|o| o.status.success()).map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_apis_and_two_workers_share_limits_and_send_each_digest_once() {
    let Some((db, _pg)) = fresh_postgres().await else { return };
    let Some(slot) = redis_slot().await else { return };
    let sink = SmtpSink::start(Duration::ZERO).await;
    let env = deployment(&db, Some(&slot.url), &sink, &[("RATE_LIMIT_ANONYMOUS_PER_HOUR", "8")]);
    run_to_end("migrate", &["migrate"], &env).await;
    run_to_end("admin", &["admin", "create", "--email", "admin@blog.test", "--password", "admin-password-1"], &env).await;
    let (_api1, one) = api("api-1", &env).await;
    let (_api2, two) = api("api-2", &env).await;
    let client = reqwest::Client::new();

    // Setup spends 4 of the 8 anonymous requests this address has: a sign-in and 3 sign-ups.
    let login: Value = client.post(format!("{one}/api/v1/auth/login")).json(&json!({"email": "admin@blog.test", "password": "admin-password-1"})).send().await.unwrap().json().await.unwrap();
    let admin = login["access_token"].as_str().unwrap().to_string();
    let published_at = (chrono::Utc::now() - chrono::Duration::minutes(5)).to_rfc3339();
    let res = client.post(format!("{two}/api/v1/admin/posts")).bearer_auth(&admin).json(&json!({"title": "Shared digest", "markdown": "Hello.", "published_at": published_at})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let readers = ["d1@example.com", "d2@example.com", "d3@example.com"];
    for (i, email) in readers.iter().enumerate() {
        let base = if i % 2 == 0 { &one } else { &two };
        let pair = register(&client, base, email).await;
        let res = client.patch(format!("{base}/api/v1/me/settings")).bearer_auth(pair["access_token"].as_str().unwrap()).json(&json!({"digest": true})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    // Digests go to proven addresses only; these readers followed their links.
    let conn = lectern::db::connect_url(&db).await.unwrap();
    {
        use sea_orm::{EntityTrait, sea_query::Expr};
        lectern::entities::users::Entity::update_many().col_expr(lectern::entities::users::Column::EmailVerifiedAt, Expr::value(chrono::Utc::now())).exec(&conn).await.unwrap();
    }
    // The other 4 go to either process; the ninth request is refused wherever it lands.
    for i in 0..4 {
        let base = if i % 2 == 0 { &one } else { &two };
        assert_eq!(client.get(format!("{base}/api/v1/posts")).send().await.unwrap().status(), StatusCode::OK, "request {i}");
    }
    for base in [&one, &two] {
        assert_eq!(client.get(format!("{base}/api/v1/posts")).send().await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    }

    // Two workers, both scheduling a digest every two seconds.
    let workers_env = deployment(&db, Some(&slot.url), &sink, &[("JOB_SCHEDULER", "true"), ("DIGEST_CRON", "*/2 * * * * *")]);
    let _w1 = Process::spawn("worker-1", &["worker"], &workers_env);
    let _w2 = Process::spawn("worker-2", &["worker"], &workers_env);
    eventually("a digest for every reader", Duration::from_secs(60), || async {
        readers.iter().all(|r| count_to(&sink, r, "New on Lectern: Shared digest") >= 1).then_some(())
    })
    .await;
    // Several periods pass; still one digest (and one verification email) each.
    tokio::time::sleep(Duration::from_secs(6)).await;
    for email in readers {
        assert_eq!(count_to(&sink, email, "New on Lectern: Shared digest"), 1, "{email}");
        assert_eq!(count_to(&sink, email, "Confirm your email address"), 1, "{email}");
    }
    assert_eq!(count_to(&sink, "admin@blog.test", "New on Lectern: Shared digest"), 0, "the admin did not opt in");
    drop(conn);
}

/// SIGTERM while a reader has a live notification stream open: the stream ends and the
/// process exits cleanly, instead of holding the connection until the drain timeout (30 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_ends_live_streams_and_the_server_exits_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}?mode=rwc", dir.path().join("lectern.db").display());
    let sink = SmtpSink::start(Duration::ZERO).await;
    let env = deployment(&db, None, &sink, &[]);
    run_to_end("migrate-term", &["migrate"], &env).await;
    let (mut api, base) = api("api-term", &env).await;
    let client = reqwest::Client::new();
    let session = register(&client, &base, "stream@example.com").await;
    let mut stream = client.get(format!("{base}/api/v1/notifications/stream")).bearer_auth(session["access_token"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(stream.chunk().await.unwrap().is_some(), "the stream's greeting");

    let pid = api.child.id().expect("pid").to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    // Generous bounds: the point is "well before the 30 s drain", not a speed figure.
    let ended = tokio::time::timeout(Duration::from_secs(10), async { while stream.chunk().await.ok().flatten().is_some() {} }).await;
    assert!(ended.is_ok(), "the stream stayed open after SIGTERM");
    let status = tokio::time::timeout(Duration::from_secs(15), api.child.wait()).await.expect("the server did not exit").unwrap();
    assert!(status.success(), "exit status {status}");
}
