//! An OpenAI-compatible chat model, streamed through async-openai (OpenAI, a local Ollama
//! or vLLM, … at `OPENAI_BASE_URL` with `CHAT_MODEL`).

use std::time::Duration;

use async_openai::{
    Client,
    config::OpenAIConfig,
    error::OpenAIError,
    types::chat::{
        ChatCompletionRequestAssistantMessage, ChatCompletionRequestMessage, ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
        ChatCompletionResponseStream, ChatCompletionStreamOptions, CreateChatCompletionRequest,
    },
};
use futures_util::StreamExt;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// One message of a chat prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatMessage {
    System(String),
    User(String),
    Assistant(String),
}

impl From<ChatMessage> for ChatCompletionRequestMessage {
    fn from(m: ChatMessage) -> Self {
        match m {
            ChatMessage::System(text) => ChatCompletionRequestSystemMessage::from(text).into(),
            ChatMessage::User(text) => ChatCompletionRequestUserMessage::from(text).into(),
            ChatMessage::Assistant(text) => ChatCompletionRequestAssistantMessage::from(text).into(),
        }
    }
}

/// Why a streamed answer did not complete.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("{0}")]
    Failed(String),
    #[error("no token within {0:?}")]
    Timeout(Duration),
    #[error("the stream ended before the answer was finished")]
    Truncated,
}

#[derive(Clone)]
pub struct ChatProvider {
    client: Client<OpenAIConfig>,
    base_url: String,
    model: String,
    /// Longest wait for the answer to start and for each next piece.
    timeout: Duration,
}

impl ChatProvider {
    /// `base_url` is the API root, version path included (`https://api.openai.com/v1`);
    /// requests go to `{base_url}/chat/completions` with the key as a bearer token.
    pub fn new(base_url: &str, api_key: &str, model: &str, timeout: Duration) -> Self {
        let base_url = base_url.trim_end_matches('/').to_string();
        let config = OpenAIConfig::new().with_api_base(base_url.clone()).with_api_key(api_key);
        // No overall timeout: an answer streams for as long as it takes, piece by piece
        // within `timeout`.
        let client = match reqwest::Client::builder().connect_timeout(CONNECT_TIMEOUT).build() {
            Ok(http) => Client::with_config(config).with_http_client(http),
            // Fails only when TLS can't be set up; the default client then fails the same
            // way on its first request, with the reason.
            Err(_) => Client::with_config(config),
        };
        Self { client, base_url, model: model.to_string(), timeout }
    }

    pub fn model(&self) -> &str {
        &self.model
    }

    /// Starts an answer; read it with [`ChatStream::next`].
    pub async fn stream(&self, messages: Vec<ChatMessage>) -> Result<ChatStream, ProviderError> {
        let request = CreateChatCompletionRequest {
            model: self.model.clone(),
            messages: messages.into_iter().map(Into::into).collect(),
            stream: Some(true),
            stream_options: Some(ChatCompletionStreamOptions { include_usage: Some(true), include_obfuscation: None }),
            ..Default::default()
        };
        let started = tokio::time::timeout(self.timeout, self.client.chat().create_stream(request)).await;
        let inner = started.map_err(|_| ProviderError::Timeout(self.timeout))?.map_err(|e| self.failed(e))?;
        Ok(ChatStream { inner, timeout: self.timeout, finished: false, usage: None, base_url: self.base_url.clone() })
    }

    fn failed(&self, e: OpenAIError) -> ProviderError {
        ProviderError::Failed(format!("{} at {}: {}", self.model, self.base_url, describe(e)))
    }
}

fn describe(e: OpenAIError) -> String {
    match e {
        OpenAIError::ApiError(r) => format!("HTTP {}: {}", r.status_code, clip(&r.api_error.message)),
        OpenAIError::Reqwest(e) => format!("request failed: {e}"),
        OpenAIError::JSONDeserialize(e, body) => format!("unreadable answer ({e}): {}", clip(&body)),
        other => other.to_string(),
    }
}

/// A provider's error body, short enough for a log line.
fn clip(s: &str) -> String {
    const MAX: usize = 300;
    let s = s.trim();
    match s.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// An answer as it streams.
pub struct ChatStream {
    inner: ChatCompletionResponseStream,
    timeout: Duration,
    /// A choice said why it stopped (`stop`, `length`, …): the answer is whole.
    finished: bool,
    usage: Option<(u32, u32)>,
    base_url: String,
}

impl ChatStream {
    /// The next piece of text; `Ok(None)` once the answer is complete. A failure, a gap
    /// longer than the timeout, or an end without a finish reason is an error.
    pub async fn next(&mut self) -> Result<Option<String>, ProviderError> {
        loop {
            let chunk = match tokio::time::timeout(self.timeout, self.inner.next()).await {
                // Whole already, only the usage report or `[DONE]` is late.
                Err(_) if self.finished => return Ok(None),
                Err(_) => return Err(ProviderError::Timeout(self.timeout)),
                Ok(None) if self.finished => return Ok(None),
                Ok(None) => return Err(ProviderError::Truncated),
                Ok(Some(Err(e))) => return Err(ProviderError::Failed(format!("{}: {}", self.base_url, describe(e)))),
                Ok(Some(Ok(chunk))) => chunk,
            };
            if let Some(u) = chunk.usage {
                self.usage = Some((u.prompt_tokens, u.completion_tokens));
            }
            let mut text = String::new();
            for choice in chunk.choices.into_iter().filter(|c| c.index == 0) {
                if let Some(piece) = choice.delta.content {
                    text.push_str(&piece);
                }
                self.finished |= choice.finish_reason.is_some();
            }
            if !text.is_empty() {
                return Ok(Some(text));
            }
        }
    }

    /// `(prompt_tokens, completion_tokens)` as the provider reported them, if it did.
    pub fn usage(&self) -> Option<(u32, u32)> {
        self.usage
    }
}
