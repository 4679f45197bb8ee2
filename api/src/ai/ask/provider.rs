//! An OpenAI-compatible chat model, streamed.

use std::time::Duration;

#[derive(Clone)]
pub struct ChatProvider {
    pub base_url: String,
    pub api_key: String,
    pub model: String,
    pub timeout: Duration,
}

impl ChatProvider {
    pub fn new(base_url: &str, api_key: &str, model: &str, timeout: Duration) -> Self {
        Self { base_url: base_url.to_string(), api_key: api_key.to_string(), model: model.to_string(), timeout }
    }
}
