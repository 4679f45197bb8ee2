//! The built-in embedder: sentence-transformers/all-MiniLM-L6-v2 (384 dimensions) run in
//! process on the CPU with candle, from the files `make model` puts on disk.
//!
//! Inference is CPU-bound and takes tens to hundreds of milliseconds per batch, so it runs
//! on tokio's blocking pool, never on the async runtime, behind a semaphore that bounds how
//! many forward passes run at once (one by default: each already uses every core for its
//! matrix products).

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use anyhow::{Context, anyhow};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use futures_util::future::BoxFuture;
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};
use tokio::sync::Semaphore;

use super::{EmbedError, Embedder, normalize};

/// The id stored with vectors this embedder makes.
pub const MODEL_ID: &str = "builtin:all-MiniLM-L6-v2";
/// Where the model is looked for when `LECTERN_MODEL_DIR` is not set (relative to the
/// current directory, as `make model` puts it).
pub const DEFAULT_MODEL_DIR: &str = "data/models/all-MiniLM-L6-v2";
/// The files [`BuiltinEmbedder::load`] reads from the model directory.
pub const MODEL_FILES: [&str; 3] = ["model.safetensors", "tokenizer.json", "config.json"];
/// Inputs are cut at this many word pieces: the length the model was trained on.
pub const MAX_INPUT_TOKENS: usize = 256;
/// Texts per forward pass.
pub const BATCH_SIZE: usize = 16;

/// The model directory: `LECTERN_MODEL_DIR`, or [`DEFAULT_MODEL_DIR`].
pub fn default_model_dir() -> PathBuf {
    match std::env::var_os("LECTERN_MODEL_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(DEFAULT_MODEL_DIR),
    }
}

/// all-MiniLM-L6-v2 on the CPU. Cheap to clone; clones share the model and the limit on
/// concurrent forward passes.
#[derive(Clone)]
pub struct BuiltinEmbedder {
    model: Arc<Model>,
    permits: Arc<Semaphore>,
}

struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
    dimension: usize,
}

impl BuiltinEmbedder {
    /// Loads the model from `dir` (see [`MODEL_FILES`]). Reads ~90 MB and takes a few hundred
    /// milliseconds: call it from a blocking context (or `spawn_blocking`) at startup.
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        let missing: Vec<&str> = MODEL_FILES.into_iter().filter(|f| !dir.join(f).is_file()).collect();
        if !missing.is_empty() {
            return Err(EmbedError::ModelMissing(format!(
                "the built-in embedding model is not in {} (missing {}): run `make model` to fetch it, \
                 or set LECTERN_MODEL_DIR to the directory that holds it",
                dir.display(),
                missing.join(", ")
            )));
        }
        let read = |name: &str| std::fs::read(dir.join(name)).with_context(|| format!("reading {}", dir.join(name).display()));

        let config: Config = serde_json::from_slice(&read("config.json")?).with_context(|| format!("parsing {}/config.json", dir.display()))?;

        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| anyhow!("parsing {}/tokenizer.json: {e}", dir.display()))?;
        // The shipped tokenizer pads and truncates every input to a fixed 128 tokens: that
        // wastes work on short texts and cuts long ones before the model's real limit.
        let padding = PaddingParams { strategy: PaddingStrategy::BatchLongest, ..tokenizer.get_padding().cloned().unwrap_or_default() };
        tokenizer.with_padding(Some(padding));
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: MAX_INPUT_TOKENS, ..Default::default() }))
            .map_err(|e| anyhow!("configuring truncation: {e}"))?;

        let weights = read("model.safetensors")?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
            .with_context(|| format!("reading {}/model.safetensors", dir.display()))?;
        let bert = BertModel::load(vb, &config).with_context(|| format!("loading the model in {}", dir.display()))?;

        let dimension = config.hidden_size;
        Ok(Self { model: Arc::new(Model { bert, tokenizer, dimension }), permits: Arc::new(Semaphore::new(1)) })
    }

    /// Allows `n` forward passes at once (at least one). One suits a machine with a few
    /// cores; more only help with many cores to spare.
    pub fn with_max_concurrency(mut self, n: usize) -> Self {
        self.permits = Arc::new(Semaphore::new(n.max(1)));
        self
    }

    /// Length of the vectors (384).
    pub fn dimension(&self) -> usize {
        self.model.dimension
    }

    /// Embeds on the calling thread, bypassing the concurrency limit: for code that is
    /// already on a blocking thread. Async callers use [`Embedder::embed`].
    pub fn embed_blocking(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.model.embed(texts)
    }
}

impl Embedder for BuiltinEmbedder {
    fn model_id(&self) -> &str {
        MODEL_ID
    }

    fn embed<'a>(&'a self, texts: Vec<String>) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>> {
        Box::pin(async move {
            if texts.is_empty() {
                return Ok(Vec::new());
            }
            let permit = self.permits.clone().acquire_owned().await.map_err(|e| anyhow!("embedding semaphore closed: {e}"))?;
            let model = self.model.clone();
            // The permit moves into the task: if this future is dropped, the forward pass
            // still runs to the end and keeps its slot until then.
            tokio::task::spawn_blocking(move || {
                let _permit = permit;
                model.embed(&texts)
            })
            .await
            .map_err(|e| anyhow!("embedding task failed: {e}"))?
        })
    }
}

impl Model {
    fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        // Texts of similar length share a batch, so little of each batch is padding.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(texts[i].len()));
        let mut out = vec![Vec::new(); texts.len()];
        for batch in order.chunks(BATCH_SIZE) {
            let inputs: Vec<&str> = batch.iter().map(|&i| texts[i].as_str()).collect();
            let vectors = self.forward(inputs).map_err(EmbedError::Internal)?;
            for (&i, vector) in batch.iter().zip(vectors) {
                out[i] = vector;
            }
        }
        Ok(out)
    }

    /// One forward pass: token embeddings, mean-pooled over the real (unpadded) tokens, then
    /// L2-normalised, as sentence-transformers does for this model.
    fn forward(&self, texts: Vec<&str>) -> anyhow::Result<Vec<Vec<f32>>> {
        let n = texts.len();
        let encodings = self.tokenizer.encode_batch(texts, true).map_err(|e| anyhow!("tokenizing: {e}"))?;
        let len = encodings.first().map_or(0, |e| e.len());
        let mut ids = Vec::with_capacity(n * len);
        let mut mask = Vec::with_capacity(n * len);
        for e in &encodings {
            anyhow::ensure!(e.len() == len, "the tokenizer did not pad the batch");
            ids.extend_from_slice(e.get_ids());
            mask.extend_from_slice(e.get_attention_mask());
        }
        let device = &self.bert.device;
        let input_ids = Tensor::from_vec(ids, (n, len), device)?;
        let attention_mask = Tensor::from_vec(mask, (n, len), device)?;
        let token_type_ids = input_ids.zeros_like()?;
        let hidden = self.bert.forward(&input_ids, &token_type_ids, Some(&attention_mask))?;
        let mask = attention_mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?;
        let mut vectors = summed.broadcast_div(&counts)?.to_vec2::<f32>()?;
        vectors.iter_mut().for_each(|v| normalize(v));
        Ok(vectors)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::ai::embed::cosine;

    /// The model `make model` fetched (LECTERN_MODEL_DIR, else data/ at the workspace root);
    /// without it, fails under CI and skips loudly elsewhere.
    fn model() -> Option<BuiltinEmbedder> {
        let dir = std::env::var_os("LECTERN_MODEL_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(DEFAULT_MODEL_DIR));
        match BuiltinEmbedder::load(&dir) {
            Ok(m) => Some(m),
            Err(EmbedError::ModelMissing(msg)) => {
                let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
                assert!(!in_ci, "{msg}");
                eprintln!("\n########## SKIPPED: built-in embedder test: {msg} ##########\n");
                None
            }
            Err(e) => panic!("loading the model from {}: {e:?}", dir.display()),
        }
    }

    #[tokio::test]
    async fn paraphrases_score_high_and_unrelated_texts_low() {
        let Some(model) = model() else { return };
        let pairs = [
            ("How do I install Python packages?", "Installing libraries for Python with pip", true),
            ("How do I install Python packages?", "The recipe needs two eggs and flour", false),
            ("The cat sat on the mat.", "A kitten was sitting on the rug.", true),
            ("The cat sat on the mat.", "Quarterly revenue grew by eight percent.", false),
            ("How can I make my Rust code compile faster?", "Speeding up Rust build times", true),
            ("How can I make my Rust code compile faster?", "The museum opens at nine on Sundays.", false),
            ("What is the capital of France?", "Paris is the capital city of France.", true),
            ("What is the capital of France?", "Bake the cake for forty minutes.", false),
        ];
        let texts: Vec<String> = pairs.iter().flat_map(|(a, b, _)| [a.to_string(), b.to_string()]).collect();
        let started = Instant::now();
        let vectors = model.embed(texts.clone()).await.expect("embeds");
        let took = started.elapsed();
        assert_eq!(vectors.len(), texts.len());
        for v in &vectors {
            assert_eq!(v.len(), 384);
            let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
        }
        for (i, (a, b, related)) in pairs.iter().enumerate() {
            let score = cosine(&vectors[2 * i], &vectors[2 * i + 1]);
            eprintln!("{score:.3}  {a:?} ~ {b:?}");
            if *related {
                assert!(score > 0.5, "{a:?} ~ {b:?}: {score}");
            } else {
                assert!(score < 0.2, "{a:?} ~ {b:?}: {score}");
            }
        }
        eprintln!("embedded {} sentences in {took:?}", texts.len());
    }

    #[tokio::test]
    async fn order_and_batching_do_not_change_vectors() {
        let Some(model) = model() else { return };
        let texts: Vec<String> = (0..20)
            .map(|i| format!("Sentence number {i} about {}.", ["databases", "cooking", "rust", "gardening"][i % 4]).repeat(1 + i % 5))
            .collect();
        let started = Instant::now();
        let together = model.embed(texts.clone()).await.expect("embeds");
        eprintln!("embedded 20 sentences in {:?}", started.elapsed());
        for (i, text) in texts.iter().enumerate().step_by(7) {
            let alone = model.embed(vec![text.clone()]).await.expect("embeds");
            assert!(cosine(&alone[0], &together[i]) > 0.9999, "text {i} changed with its batch");
        }
        assert!(model.embed(Vec::new()).await.expect("embeds nothing").is_empty());
    }

    #[tokio::test]
    async fn long_inputs_are_truncated_not_rejected() {
        let Some(model) = model() else { return };
        let long = "word ".repeat(2000);
        let v = model.embed(vec![long, String::new()]).await.expect("embeds");
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|v| v.len() == 384));
    }

    #[test]
    fn a_missing_model_says_how_to_fetch_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("config.json"), "{}").expect("writes");
        match BuiltinEmbedder::load(dir.path()) {
            Err(EmbedError::ModelMissing(msg)) => {
                assert!(msg.contains("make model") && msg.contains(&dir.path().display().to_string()), "{msg}");
                assert!(msg.contains("model.safetensors, tokenizer.json") && !msg.contains("config.json"), "{msg}");
            }
            Err(e) => panic!("{e:?}"),
            Ok(_) => panic!("loaded a model from an empty directory"),
        }
    }

    /// Throughput on post-sized chunks: `cargo test -p lectern --lib builtin::tests::throughput
    /// -- --ignored --nocapture` (add `--release` for the optimised figure).
    #[tokio::test]
    #[ignore = "a measurement, not a check"]
    async fn throughput() {
        let Some(model) = model() else { return };
        let paragraph = "Chunks of a post are embedded in batches so that search can find the section that answers a question, \
                         even when the words differ from the ones the reader typed into the box. ";
        let chunk = paragraph.repeat(6);
        let words = chunk.split_whitespace().count();
        let texts = vec![chunk; 32];
        model.embed(texts[..2].to_vec()).await.expect("warm-up");
        let started = Instant::now();
        model.embed(texts.clone()).await.expect("embeds");
        let secs = started.elapsed().as_secs_f64();
        eprintln!("{} chunks of ~{} tokens in {secs:.2}s: {:.1} chunks/s", texts.len(), words * 4 / 3, texts.len() as f64 / secs);
    }
}
