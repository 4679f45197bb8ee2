//! Search and Ask AI figures for `make bench` that need no load generator:
//! 1. vector retrieval alone: `VectorIndex::nearest` over BENCH_VECTORS generated 384-d
//!    vectors (5 chunks a post), asked for as many neighbours as hybrid search asks;
//! 2. the built-in model's embedding throughput over the demo posts' chunks, in the batches
//!    the embed job uses;
//! 3. Ask AI's time to the first `delta` event, extractive and through an OpenAI-compatible
//!    stand-in that answers at once (so the figure is our own time), on the demo content.
//!
//!   DATABASE_URL=sqlite://…?mode=rwc [LECTERN_MODEL_DIR=…] [BENCH_VECTORS=100000] \
//!   cargo run --profile bench-release --example bench_ai
//!
//! Prints markdown table rows, one per figure.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![recursion_limit = "512"]

#[path = "../tests/api/openai_standin.rs"]
mod openai_standin;

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use lectern::{
    ai::{chunk, embed::{BuiltinEmbedder, Embedder, builtin::BATCH_SIZE}},
    config::{Settings, Source},
    db,
    search::vectors::VectorIndex,
    startup::Application,
};
use serde_json::{Value, json};
use uuid::Uuid;

const DIMS: usize = 384;
/// What hybrid search asks the index for (its 200 candidate posts, three chunks each).
const SEARCH_K: usize = 600;
const QUESTIONS: [&str; 6] = [
    "how do generators save memory",
    "why does a join repeat rows",
    "what does the borrow checker stop me from doing",
    "when should I add an index",
    "how do I share setup code between tests",
    "what is wrong with offset pagination",
];

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// xorshift64*: reproducible vectors without a seeded-RNG dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32 / (1u64 << 24) as f32) - 0.5
    }
    fn unit(&mut self) -> Vec<f32> {
        let mut v: Vec<f32> = (0..DIMS).map(|_| self.next()).collect();
        lectern::ai::embed::normalize(&mut v);
        v
    }
}

fn vector_retrieval(n: usize) {
    let index = VectorIndex::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut id = 0i64;
    for _ in 0..n.div_ceil(5) {
        let rows = (0..5)
            .map(|_| {
                id += 1;
                (id, false, rng.unit())
            })
            .collect();
        index.insert(Uuid::now_v7(), rows);
    }
    for k in [SEARCH_K, 10] {
        let mut times: Vec<Duration> = (0..300)
            .map(|_| {
                let q = rng.unit();
                let t = Instant::now();
                let found = index.nearest(&q, k, false, &|_| true);
                assert_eq!(found.len(), k);
                t.elapsed()
            })
            .collect();
        times.sort();
        println!("| vector retrieval, {n} × {DIMS}, k = {k} | {:.2} ms | {:.2} ms |", percentile(&times, 0.5), percentile(&times, 0.99));
    }
}

fn demo_chunk_inputs() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/posts");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            // The front matter ends at the second `---` line; the title is in it.
            let (front, body) = text.trim_start_matches("---\n").split_once("\n---\n").unwrap();
            let title = front.lines().find_map(|l| l.strip_prefix("title: ")).unwrap_or_default().trim_matches('"').to_string();
            chunk::chunk_post(&title, body, false).into_iter().map(move |c| chunk::embedding_input(&title, &c.heading_path.join(" › "), &c.text))
        })
        .collect()
}

async fn embedding_throughput(model_dir: &str) -> anyhow::Result<()> {
    let embedder = BuiltinEmbedder::load(std::path::Path::new(model_dir))?;
    let inputs = demo_chunk_inputs();
    embedder.embed(inputs[..BATCH_SIZE.min(inputs.len())].to_vec()).await?; // warm up
    let started = Instant::now();
    for batch in inputs.chunks(BATCH_SIZE) {
        embedder.embed(batch.to_vec()).await?;
    }
    let secs = started.elapsed().as_secs_f64();
    let tokens: usize = inputs.iter().map(|t| chunk::estimate_tokens(t)).sum();
    println!(
        "| built-in model embedding ({} demo chunks, ~{} tokens each, batches of {BATCH_SIZE}) | {:.1} chunks/s | {secs:.1} s |",
        inputs.len(),
        tokens / inputs.len().max(1),
        inputs.len() as f64 / secs
    );
    Ok(())
}

fn settings(database_url: &str, model_dir: &str, chat: &[(&'static str, String)]) -> anyhow::Result<Settings> {
    let mut pairs = vec![
        ("DATABASE_URL", database_url.to_string()),
        ("BIND", "127.0.0.1:0".into()),
        ("PUBLIC_URL", "https://bench.test".into()),
        ("JWT_SECRET", "bench-secret-that-is-long-enough-for-hs256".into()),
        ("EMBEDDED_WORKER", "false".into()),
        ("JOB_SCHEDULER", "false".into()),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "0".into()),
        ("RATE_LIMIT_ANONYMOUS_PER_HOUR", "0".into()),
        ("RATE_LIMIT_USER_PER_HOUR", "0".into()),
        ("ASK_DAILY_QUOTA", "100000".into()),
        ("LECTERN_MODEL_DIR", model_dir.to_string()),
    ];
    pairs.extend(chat.iter().cloned());
    Ok(Settings::load(&Source::from_pairs(pairs.into_iter().map(|(k, v)| (k.to_string(), v))))?)
}

/// Asks each question `rounds` times; returns the sorted times to the first `delta` event.
async fn time_to_first_delta(http: &reqwest::Client, base: &str, token: &str, rounds: usize) -> anyhow::Result<Vec<Duration>> {
    let mut times = Vec::new();
    for round in 0..=rounds {
        for q in QUESTIONS {
            let t = Instant::now();
            let res = http.post(format!("{base}/api/v1/ask")).bearer_auth(token).json(&json!({"question": q})).send().await?;
            anyhow::ensure!(res.status().is_success(), "ask answered {}", res.status());
            let mut body = res.bytes_stream();
            let mut seen = String::new();
            while let Some(bytes) = body.next().await {
                seen.push_str(&String::from_utf8_lossy(&bytes?));
                if seen.contains("event: delta") {
                    break;
                }
            }
            anyhow::ensure!(seen.contains("event: delta"), "no delta event: {seen}");
            // Round 0 warms the query-embedding cache's misses, the pools and the model.
            if round > 0 {
                times.push(t.elapsed());
            }
            // Let the rest of the answer go: the stream is dropped here.
        }
    }
    times.sort();
    Ok(times)
}

async fn ask_latency(database_url: &str, model_dir: &str) -> anyhow::Result<()> {
    let conn = db::connect_url(database_url).await?;
    db::migrate(&conn).await?;
    let standin = openai_standin::OpenAiStandin::start(openai_standin::Script::Answer(openai_standin::pieces(&["Generators [1] ", "yield lazily."]))).await;
    standin.set_piece_delay(Duration::ZERO);

    let extractive = Application::build_with_db(settings(database_url, model_dir, &[])?, conn.clone()).await?;
    let state = extractive.state().clone();
    lectern::seed::demo(&state).await?;
    let report = lectern::ai::embedding::reindex(&state, true, |_, _| {}).await?;
    let ext_base = format!("http://127.0.0.1:{}", extractive.port());
    tokio::spawn(extractive.run_until_stopped());
    let provider = Application::build_with_db(settings(database_url, model_dir, &standin.settings())?, conn.clone()).await?;
    let provider_base = format!("http://127.0.0.1:{}", provider.port());
    tokio::spawn(provider.run_until_stopped());

    let http = reqwest::Client::new();
    let tokens: Value = http
        .post(format!("{ext_base}/api/v1/auth/register"))
        .json(&json!({"email": format!("ask-{}@bench.test", Uuid::new_v4().simple()), "password": "bench-password-1", "display_name": "Bench"}))
        .send()
        .await?
        .json()
        .await?;
    let token = tokens["access_token"].as_str().ok_or_else(|| anyhow::anyhow!("register failed: {tokens}"))?;
    let rounds = env_or("BENCH_ASK_ROUNDS", "10").parse()?;
    for (label, base) in [("extractive", &ext_base), ("through the stand-in (answers at once)", &provider_base)] {
        let times = time_to_first_delta(&http, base, token, rounds).await?;
        println!(
            "| Ask AI time to first delta, {label}, {} questions over {} embedded demo posts | {:.1} ms | {:.1} ms |",
            times.len(),
            report.posts,
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lectern::install_crypto_provider();
    let database_url = std::env::var("DATABASE_URL").map_err(|_| anyhow::anyhow!("set DATABASE_URL (an empty database)"))?;
    let model_dir = env_or("LECTERN_MODEL_DIR", lectern::ai::embed::builtin::DEFAULT_MODEL_DIR);
    vector_retrieval(env_or("BENCH_VECTORS", "100000").parse()?);
    embedding_throughput(&model_dir).await?;
    ask_latency(&database_url, &model_dir).await
}
