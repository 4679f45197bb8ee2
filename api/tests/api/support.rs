//! Stand-ins the platform tests start themselves: an SMTP sink, a Redis slot, and `lectern`
//! processes.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// One message the sink accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The raw message (headers and MIME body), dot-unstuffed.
    pub data: String,
}

/// A minimal SMTP server. It accepts a message only when the transaction completes, like a
/// real server: a client that disconnects before the final reply has sent nothing.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    /// Messages whose DATA arrived (accepted or not), to time a kill mid-delivery.
    pub data_seen: Arc<std::sync::atomic::AtomicUsize>,
}

impl SmtpSink {
    /// `accept_delay` holds the final reply back, keeping the sender mid-delivery that long.
    pub async fn start(accept_delay: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
        let port = listener.local_addr().expect("addr").port();
        let sink = Self { port, messages: Arc::default(), data_seen: Arc::default() };
        let this = sink.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let this = this.clone();
                tokio::spawn(async move {
                    let _ = this.session(socket, accept_delay).await;
                });
            }
        });
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().expect("sink lock").clone()
    }

    async fn session(&self, socket: tokio::net::TcpStream, accept_delay: Duration) -> std::io::Result<()> {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 sink.test ESMTP\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let upper = line.to_ascii_uppercase();
            if upper.starts_with("EHLO") {
                write.write_all(b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n").await?;
            } else if upper.starts_with("HELO") || upper.starts_with("RSET") || upper.starts_with("NOOP") {
                write.write_all(b"250 OK\r\n").await?;
            } else if upper.starts_with("MAIL FROM:") {
                from = line[10..].trim().trim_matches(['<', '>']).to_string();
                to.clear();
                write.write_all(b"250 OK\r\n").await?;
            } else if upper.starts_with("RCPT TO:") {
                to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                write.write_all(b"250 OK\r\n").await?;
            } else if upper.starts_with("DATA") {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
                }
                self.data_seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::time::sleep(accept_delay).await;
                // A sender that went away meanwhile never got the reply: nothing was sent.
                let mut probe = [0u8; 1];
                if let Ok(Ok(0)) = tokio::time::timeout(Duration::from_millis(20), lines.get_mut().peek(&mut probe)).await {
                    return Ok(());
                }
                self.messages.lock().expect("sink lock").push(Received { from: from.clone(), to: to.clone(), data });
                write.write_all(b"250 OK queued\r\n").await?;
            } else if upper.starts_with("QUIT") {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                write.write_all(b"502 not implemented\r\n").await?;
            }
        }
    }
}

/// Decodes a quoted-printable or plain MIME part body enough to search it for text.
pub fn unfold_qp(s: &str) -> String {
    let joined = s.replace("=\r\n", "").replace("=\n", "");
    let mut out = Vec::with_capacity(joined.len());
    let bytes = joined.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

static REDIS_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Exclusive use of a flushed Redis database for one test (Redis tests run one at a time, so
/// their job queues never see each other's jobs).
pub struct RedisSlot {
    pub url: String,
    _guard: tokio::sync::MutexGuard<'static, ()>,
}

pub async fn redis_slot() -> Option<RedisSlot> {
    let guard = REDIS_LOCK.lock().await;
    let base = std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let url = format!("{}/9", base.trim_end_matches('/'));
    let flushed = async {
        let client = deadpool_redis::redis::Client::open(url.as_str())?;
        let mut conn = client.get_multiplexed_async_connection().await?;
        deadpool_redis::redis::cmd("FLUSHDB").query_async::<()>(&mut conn).await
    };
    match tokio::time::timeout(Duration::from_secs(5), flushed).await {
        Ok(Ok(())) => Some(RedisSlot { url, _guard: guard }),
        other => {
            assert!(!crate::helpers::in_ci(), "Redis is required under CI: {other:?}");
            eprintln!("SKIPPED: Redis unreachable at {url} ({other:?})");
            None
        }
    }
}

/// A `lectern` process; killed (SIGKILL) when dropped unless stopped first.
pub struct Process {
    pub child: tokio::process::Child,
}

impl Process {
    pub fn spawn(name: &str, args: &[&str], env: &[(String, String)]) -> Self {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_lectern"));
        cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).env("RUST_LOG", "warn,lectern=info").kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let log = std::env::temp_dir().join(format!("lectern-test-{name}-{}.log", std::process::id()));
        let file = std::fs::File::create(&log).expect("log file");
        cmd.stdout(file.try_clone().expect("log")).stderr(file);
        Self { child: cmd.spawn().expect("spawn lectern") }
    }

    /// SIGKILL: no shutdown, no cleanup, like a crash or an OOM kill.
    pub async fn kill_hard(mut self) {
        self.child.kill().await.expect("kill");
    }
}

/// A free TCP port on localhost.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Polls `check` until it returns `Some`, or panics after `timeout`.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until an HTTP server answers `GET url` with a success status.
pub async fn wait_http(url: &str) {
    let client = reqwest::Client::new();
    eventually(&format!("{url} to answer"), Duration::from_secs(60), || {
        let req = client.get(url).send();
        async move { req.await.ok().filter(|r| r.status().is_success()).map(|_| ()) }
    })
    .await;
}

/// An HTTP stand-in for a CDN purge API: records every JSON body POSTed to `/purge`.
#[derive(Clone)]
pub struct PurgeRecorder {
    pub url: String,
    pub calls: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl PurgeRecorder {
    pub async fn start_on(port: u16) -> Self {
        use actix_web::{App, HttpResponse, HttpServer, web};
        let calls: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
        let recorded = calls.clone();
        let server = HttpServer::new(move || {
            let recorded = recorded.clone();
            App::new().route(
                "/purge",
                web::post().to(move |body: web::Json<serde_json::Value>| {
                    let recorded = recorded.clone();
                    async move {
                        recorded.lock().expect("lock").push(body.into_inner());
                        HttpResponse::Ok().json(serde_json::json!({"success": true}))
                    }
                }),
            )
        })
        .workers(1)
        .bind(("127.0.0.1", port))
        .expect("bind purge stand-in")
        .run();
        tokio::spawn(server);
        Self { url: format!("http://127.0.0.1:{port}/purge"), calls }
    }

    pub fn purged_urls(&self) -> Vec<String> {
        self.calls.lock().expect("lock").iter().flat_map(|c| c["files"].as_array().cloned().unwrap_or_default()).filter_map(|u| u.as_str().map(String::from)).collect()
    }
}

/// An S3-compatible server (moto, from `.venv-tools/s3`, installed by `make test`) on a
/// free port; stopped when dropped.
pub struct S3Server {
    pub url: String,
    _process: tokio::process::Child,
}

impl S3Server {
    /// `None` (and a loud note) when moto is not installed, outside CI only.
    pub async fn start() -> Option<Self> {
        let python = std::env::var("TEST_S3_PYTHON").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../.venv-tools/s3/bin/python").to_string());
        if !std::path::Path::new(&python).exists() {
            assert!(!crate::helpers::in_ci(), "the S3 test server is required under CI: {python} is missing (scripts/test.sh installs it)");
            eprintln!("SKIPPED: no S3 test server at {python}; run `make test` once, or source scripts/lib.sh && ensure_s3_server");
            return None;
        }
        let port = free_port();
        let process = tokio::process::Command::new(&python)
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start moto");
        let url = format!("http://127.0.0.1:{port}");
        wait_http(&format!("{url}/")).await;
        Some(Self { url, _process: process })
    }

    pub async fn create_bucket(&self, bucket: &str) {
        let res = reqwest::Client::new().put(format!("{}/{bucket}", self.url)).send().await.expect("create bucket");
        assert!(res.status().is_success(), "create bucket: {}", res.status());
    }

    /// The bucket's listing, as the S3 API returns it (XML).
    pub async fn list(&self, bucket: &str) -> String {
        reqwest::Client::new().get(format!("{}/{bucket}", self.url)).send().await.expect("list bucket").text().await.expect("listing")
    }
}
