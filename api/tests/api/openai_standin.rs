//! A stand-in for an OpenAI-compatible chat API, for the Ask AI tests: a real HTTP server on
//! 127.0.0.1 answering `POST /v1/chat/completions` (`stream: true`) as the API streams,
//! `data: {chat.completion.chunk}` events, a final usage chunk when asked for, then
//! `data: [DONE]`; or failing the way providers fail, as each test scripts it. Every request
//! body is recorded.
#![allow(dead_code)]

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use futures_util::StreamExt;
use serde_json::{Value, json};

pub const API_KEY: &str = "sk-standin-key";
pub const MODEL: &str = "standin-chat-1";
/// The prompt size the stand-in reports in its usage chunk.
pub const PROMPT_TOKENS: u64 = 321;

/// How the next answers go.
#[derive(Clone, Debug)]
pub enum Script {
    /// Stream these pieces of content, then finish, report usage and send `[DONE]`.
    Answer(Vec<String>),
    /// Stream these pieces, then drop the connection mid-answer.
    DieAfter(Vec<String>),
    /// Stream these pieces, then go silent this long before finishing.
    Stall(Vec<String>, Duration),
    /// Refuse with this HTTP status and an OpenAI-style error body.
    Status(u16),
}

pub fn pieces(p: &[&str]) -> Vec<String> {
    p.iter().map(|s| s.to_string()).collect()
}

struct State {
    script: Script,
    /// Pause before each piece, so a buffered stream would show.
    piece_delay: Duration,
    requests: Vec<(Option<String>, Value)>,
}

#[derive(Clone)]
pub struct OpenAiStandin {
    /// The API root to configure as `OPENAI_BASE_URL` (`http://127.0.0.1:<port>/v1`).
    pub base: String,
    state: Arc<Mutex<State>>,
}

impl OpenAiStandin {
    pub async fn start(script: Script) -> Self {
        let state = Arc::new(Mutex::new(State { script, piece_delay: Duration::from_millis(40), requests: Vec::new() }));
        let shared = state.clone();
        let server = HttpServer::new(move || App::new().app_data(web::Data::new(shared.clone())).route("/v1/chat/completions", web::post().to(completions)))
            .workers(1)
            .bind(("127.0.0.1", 0))
            .expect("bind the OpenAI stand-in");
        let addr = server.addrs()[0];
        tokio::spawn(server.run());
        Self { base: format!("http://{addr}/v1"), state }
    }

    /// The pause before each streamed piece (40 ms unless set).
    pub fn set_piece_delay(&self, delay: Duration) {
        self.state.lock().expect("lock").piece_delay = delay;
    }

    pub fn set_script(&self, script: Script) {
        self.state.lock().expect("lock").script = script;
    }

    /// The JSON body of every request so far.
    pub fn requests(&self) -> Vec<Value> {
        self.state.lock().expect("lock").requests.iter().map(|(_, body)| body.clone()).collect()
    }

    /// The `Authorization` header of every request so far.
    pub fn authorizations(&self) -> Vec<Option<String>> {
        self.state.lock().expect("lock").requests.iter().map(|(auth, _)| auth.clone()).collect()
    }

    /// The settings that point Lectern's chat at this stand-in.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![("OPENAI_BASE_URL", self.base.clone()), ("OPENAI_API_KEY", API_KEY.to_string()), ("CHAT_MODEL", MODEL.to_string())]
    }
}

fn chunk(model: &str, choices: Value, usage: Value) -> web::Bytes {
    let body = json!({
        "id": "chatcmpl-standin", "object": "chat.completion.chunk", "created": 1_764_000_000, "model": model,
        "system_fingerprint": null, "choices": choices, "usage": usage,
    });
    web::Bytes::from(format!("data: {body}\n\n"))
}

type Piece = (Duration, Result<web::Bytes, std::io::Error>);

async fn completions(state: web::Data<Arc<Mutex<State>>>, req: HttpRequest, body: web::Json<Value>) -> HttpResponse {
    let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok()).map(str::to_string);
    let (script, delay) = {
        let mut s = state.lock().expect("lock");
        s.requests.push((auth, body.0.clone()));
        (s.script.clone(), s.piece_delay)
    };
    if body["stream"] != true {
        return HttpResponse::BadRequest().json(json!({"error": {"message": "this stand-in only streams", "type": "invalid_request_error", "param": "stream", "code": null}}));
    }
    let model = body["model"].as_str().unwrap_or_default().to_string();
    let usage = body["stream_options"]["include_usage"] == true;
    let content = |text: &str| chunk(&model, json!([{"index": 0, "delta": {"content": text}, "finish_reason": null}]), Value::Null);
    let mut out: Vec<Piece> = vec![(Duration::ZERO, Ok(chunk(&model, json!([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]), Value::Null)))];
    let (texts, ending) = match script {
        Script::Status(status) => {
            let code = actix_web::http::StatusCode::from_u16(status).expect("status");
            return HttpResponse::build(code).json(json!({"error": {"message": format!("stand-in refused with {status}"), "type": "server_error", "param": null, "code": null}}));
        }
        Script::Answer(texts) => (texts, None),
        Script::DieAfter(texts) => (texts, Some(Err(()))),
        Script::Stall(texts, pause) => (texts, Some(Ok(pause))),
    };
    let n = texts.len() as u64;
    for text in &texts {
        out.push((delay, Ok(content(text))));
    }
    match ending {
        Some(Err(())) => {
            out.push((delay, Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "the stand-in dies mid-stream"))));
        }
        other => {
            let pause = other.and_then(Result::ok).unwrap_or(delay);
            out.push((pause, Ok(chunk(&model, json!([{"index": 0, "delta": {}, "finish_reason": "stop"}]), Value::Null))));
            if usage {
                let u = json!({"prompt_tokens": PROMPT_TOKENS, "completion_tokens": n, "total_tokens": PROMPT_TOKENS + n});
                out.push((Duration::ZERO, Ok(chunk(&model, json!([]), u))));
            }
            out.push((Duration::ZERO, Ok(web::Bytes::from_static(b"data: [DONE]\n\n"))));
        }
    }
    let stream = futures_util::stream::iter(out).then(|(pause, item)| async move {
        tokio::time::sleep(pause).await;
        item
    });
    HttpResponse::Ok().content_type("text/event-stream").streaming(stream)
}
