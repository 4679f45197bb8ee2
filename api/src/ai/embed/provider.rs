//! Embeddings from any OpenAI-compatible `/embeddings` endpoint (OpenAI, a local Ollama or
//! vLLM, …), through async-openai.

use std::{sync::OnceLock, time::Duration};

use async_openai::{
    Client,
    config::OpenAIConfig,
    error::OpenAIError,
    types::embeddings::{CreateEmbeddingRequest, EmbeddingInput, EncodingFormat},
};
use futures_util::future::BoxFuture;
use secrecy::{ExposeSecret, SecretString};

use super::{EmbedError, Embedder, normalize};

/// Inputs per request; OpenAI accepts up to 2048, smaller batches keep requests modest.
pub const REQUEST_BATCH: usize = 256;
const TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An OpenAI-compatible embedding endpoint. The vector length is learnt from the first
/// answer; an answer of another length later is an error (the model behind the endpoint
/// changed, and its vectors can't be mixed with the stored ones).
pub struct ProviderEmbedder {
    client: Client<OpenAIConfig>,
    base_url: String,
    model: String,
    model_id: String,
    dimension: OnceLock<usize>,
}

impl ProviderEmbedder {
    /// `base_url` is the API root as OpenAI's SDKs take it, version path included
    /// (`https://api.openai.com/v1`, `http://localhost:11434/v1`); requests go to
    /// `{base_url}/embeddings` with the key as a bearer token.
    pub fn new(base_url: impl Into<String>, api_key: impl Into<SecretString>, model: impl Into<String>) -> Self {
        let base_url = base_url.into().trim_end_matches('/').to_string();
        let model = model.into();
        let config = OpenAIConfig::new().with_api_base(base_url.clone()).with_api_key(api_key.into().expose_secret());
        let http = reqwest::Client::builder().timeout(TIMEOUT).connect_timeout(CONNECT_TIMEOUT).build();
        let client = match http {
            Ok(http) => Client::with_config(config).with_http_client(http),
            // Building a client fails only when TLS can't be set up; async-openai's default
            // client then fails the same way on its first request, with the reason.
            Err(_) => Client::with_config(config),
        };
        Self { client, base_url, model_id: format!("openai:{model}"), model, dimension: OnceLock::new() }
    }

    /// Length of the vectors, once the endpoint has answered.
    pub fn dimension(&self) -> Option<usize> {
        self.dimension.get().copied()
    }

    async fn embed_batch(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, EmbedError> {
        let n = texts.len();
        // The API refuses empty strings; a blank one embeds as "no content".
        let input = texts.into_iter().map(|t| if t.trim().is_empty() { " ".to_string() } else { t }).collect();
        let request = CreateEmbeddingRequest {
            model: self.model.clone(),
            input: EmbeddingInput::StringArray(input),
            encoding_format: Some(EncodingFormat::Float),
            user: None,
            dimensions: None,
        };
        let response = self.client.embeddings().create(request).await.map_err(|e| self.provider_error(e))?;
        if response.data.len() != n {
            return Err(EmbedError::Provider(format!("{} answered {} vectors for {n} inputs", self.base_url, response.data.len())));
        }
        let mut slots: Vec<Option<Vec<f32>>> = vec![None; n];
        for item in response.data {
            let slot = slots.get_mut(item.index as usize).ok_or_else(|| EmbedError::Provider(format!("{} answered index {} for {n} inputs", self.base_url, item.index)))?;
            *slot = Some(item.embedding);
        }
        let mut vectors = Vec::with_capacity(n);
        for (i, slot) in slots.into_iter().enumerate() {
            let mut v = slot.ok_or_else(|| EmbedError::Provider(format!("{} answered no vector for input {i}", self.base_url)))?;
            if v.is_empty() {
                return Err(EmbedError::Provider(format!("{} answered an empty vector", self.base_url)));
            }
            let expected = *self.dimension.get_or_init(|| v.len());
            if v.len() != expected {
                return Err(EmbedError::Provider(format!(
                    "{} answered a vector of {} dimensions where {} answered {expected} before (did the model behind it change?)",
                    self.base_url,
                    v.len(),
                    self.model_id
                )));
            }
            normalize(&mut v);
            vectors.push(v);
        }
        Ok(vectors)
    }

    fn provider_error(&self, e: OpenAIError) -> EmbedError {
        let what = match e {
            OpenAIError::ApiError(r) => format!("HTTP {}: {}", r.status_code, clip(&r.api_error.message)),
            OpenAIError::Reqwest(e) => format!("request failed: {e}"),
            OpenAIError::JSONDeserialize(e, body) => format!("unreadable answer ({e}): {}", clip(&body)),
            other => other.to_string(),
        };
        EmbedError::Provider(format!("{} at {}: {what}", self.model_id, self.base_url))
    }
}

/// A provider's error body, short enough for a log line (HTML error pages can be long).
fn clip(s: &str) -> String {
    const MAX: usize = 300;
    let s = s.trim();
    match s.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

impl Embedder for ProviderEmbedder {
    fn model_id(&self) -> &str {
        &self.model_id
    }

    fn embed<'a>(&'a self, texts: Vec<String>) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>> {
        Box::pin(async move {
            let mut out = Vec::with_capacity(texts.len());
            let mut texts = texts.into_iter().peekable();
            while texts.peek().is_some() {
                let batch: Vec<String> = texts.by_ref().take(REQUEST_BATCH).collect();
                out.extend(self.embed_batch(batch).await?);
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
    use serde_json::{Value, json};

    use super::*;

    /// What the stand-in endpoint saw, and how it answers.
    #[derive(Default)]
    struct Endpoint {
        requests: Mutex<Vec<(Option<String>, Value)>>,
        /// Vector length to answer with; 0 answers HTTP 500.
        dimension: Mutex<usize>,
    }

    /// An OpenAI-style `POST /v1/embeddings` on 127.0.0.1: input `i` gets a vector whose
    /// first component is `i + 1` and the rest 1, listed in reverse order.
    async fn embeddings(req: HttpRequest, body: web::Json<Value>, state: web::Data<Endpoint>) -> HttpResponse {
        let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok()).map(str::to_string);
        state.requests.lock().expect("lock").push((auth, body.0.clone()));
        let dimension = *state.dimension.lock().expect("lock");
        if dimension == 0 {
            return HttpResponse::InternalServerError().body("upstream model crashed");
        }
        let inputs = body["input"].as_array().cloned().unwrap_or_default();
        let data: Vec<Value> = (0..inputs.len())
            .rev()
            .map(|i| {
                let mut v = vec![1.0f32; dimension];
                v[0] = (i + 1) as f32;
                json!({ "object": "embedding", "index": i, "embedding": v })
            })
            .collect();
        HttpResponse::Ok().json(json!({
            "object": "list",
            "model": body["model"],
            "data": data,
            "usage": { "prompt_tokens": 3, "total_tokens": 3 },
        }))
    }

    async fn spawn_endpoint(dimension: usize) -> (String, Arc<Endpoint>, actix_web::dev::ServerHandle) {
        let state = web::Data::new(Endpoint { dimension: Mutex::new(dimension), ..Default::default() });
        let shared = state.clone().into_inner();
        let server = HttpServer::new(move || App::new().app_data(state.clone()).route("/v1/embeddings", web::post().to(embeddings)))
            .workers(1)
            .bind(("127.0.0.1", 0))
            .expect("binds");
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        (format!("http://{addr}/v1"), shared, handle)
    }

    #[actix_web::test]
    async fn sends_model_and_key_and_answers_normalised_vectors_in_order() {
        let (base, endpoint, server) = spawn_endpoint(4).await;
        let embedder = ProviderEmbedder::new(format!("{base}/"), "sk-test-123", "text-embedding-3-small");
        assert_eq!(embedder.model_id(), "openai:text-embedding-3-small");
        assert_eq!(embedder.dimension(), None);

        let vectors = embedder.embed(vec!["first".into(), "second".into(), "".into()]).await.expect("embeds");

        assert_eq!(vectors.len(), 3);
        for (i, v) in vectors.iter().enumerate() {
            let mut expected = vec![1.0f32; 4];
            expected[0] = (i + 1) as f32;
            normalize(&mut expected);
            assert!(v.iter().zip(&expected).all(|(a, b)| (a - b).abs() < 1e-6), "vector {i}: {v:?}");
        }
        assert_eq!(embedder.dimension(), Some(4));
        let requests = endpoint.requests.lock().expect("lock").clone();
        assert_eq!(requests.len(), 1);
        let (auth, body) = &requests[0];
        assert_eq!(auth.as_deref(), Some("Bearer sk-test-123"));
        assert_eq!(body["model"], "text-embedding-3-small");
        assert_eq!(body["input"], json!(["first", "second", " "]));
        server.stop(true).await;
    }

    #[actix_web::test]
    async fn many_inputs_go_in_several_requests_and_keep_their_order() {
        let (base, endpoint, server) = spawn_endpoint(2).await;
        let embedder = ProviderEmbedder::new(base, "k", "m");
        let texts: Vec<String> = (0..REQUEST_BATCH + 3).map(|i| format!("t{i}")).collect();
        let vectors = embedder.embed(texts).await.expect("embeds");
        assert_eq!(vectors.len(), REQUEST_BATCH + 3);
        assert_eq!(endpoint.requests.lock().expect("lock").len(), 2);
        // In the second request the first input is index 0 again.
        let mut first_of_second = vec![1.0f32, 1.0];
        normalize(&mut first_of_second);
        assert!((vectors[REQUEST_BATCH][0] - first_of_second[0]).abs() < 1e-6);
        server.stop(true).await;
    }

    #[actix_web::test]
    async fn a_server_error_is_a_provider_error() {
        let (base, _, server) = spawn_endpoint(0).await;
        let embedder = ProviderEmbedder::new(base, "k", "m");
        match embedder.embed(vec!["x".into()]).await {
            Err(EmbedError::Provider(msg)) => assert!(msg.contains("500") && msg.contains("upstream model crashed"), "{msg}"),
            other => panic!("{other:?}"),
        }
        server.stop(true).await;
    }

    #[actix_web::test]
    async fn a_changed_dimension_is_an_error() {
        let (base, endpoint, server) = spawn_endpoint(3).await;
        let embedder = ProviderEmbedder::new(base, "k", "m");
        embedder.embed(vec!["x".into()]).await.expect("embeds");
        *endpoint.dimension.lock().expect("lock") = 5;
        match embedder.embed(vec!["y".into()]).await {
            Err(EmbedError::Provider(msg)) => assert!(msg.contains("5 dimensions") && msg.contains("3"), "{msg}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(embedder.dimension(), Some(3));
        server.stop(true).await;
    }

    #[actix_web::test]
    async fn an_unreachable_endpoint_is_a_provider_error() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("binds").local_addr().expect("addr").port();
        let embedder = ProviderEmbedder::new(format!("http://127.0.0.1:{port}/v1"), "k", "m");
        assert!(matches!(embedder.embed(vec!["x".into()]).await, Err(EmbedError::Provider(_))));
    }

    #[actix_web::test]
    async fn no_texts_make_no_request() {
        let (base, endpoint, server) = spawn_endpoint(3).await;
        let embedder = ProviderEmbedder::new(base, "k", "m");
        assert!(embedder.embed(Vec::new()).await.expect("embeds").is_empty());
        assert!(endpoint.requests.lock().expect("lock").is_empty());
        server.stop(true).await;
    }
}
