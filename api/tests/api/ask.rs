//! Ask AI through the real API on both databases: the answer stream read with a real client,
//! through an OpenAI-compatible stand-in (citations checked as they stream, failures that
//! store nothing, follow-ups that see earlier turns) and extractively on a fresh install;
//! the daily quota, conversations, and the paywall.

use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::StreamExt;
use reqwest::{Method, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Overrides, Session, TestApp, fields, in_ci, problem, spawn_app, spawn_app_with, urlencode},
    openai_standin::{self, OpenAiStandin, Script, pieces},
    support::eventually,
};

both_backends!(
    provider_answers_stream_in_order_and_made_up_citations_are_dropped,
    provider_failures_end_with_an_error_and_store_nothing,
    follow_up_questions_send_the_earlier_turns,
    extractive_answers_cite_real_sources_on_a_fresh_install,
    extractive_answers_rank_sentences_by_meaning_with_the_model,
    the_daily_quota_refuses_with_retry_after_before_the_stream,
    conversations_are_listed_read_and_deleted_by_their_owner_only,
    premium_text_never_reaches_readers_without_access,
    questions_and_source_lookups_are_validated,
);

const GENERATORS: &str = "## Why generators\n\nA generator produces values lazily, one at a time, instead of building a whole list in memory. Each call to next resumes the function where it paused at yield.\n\n## Generators and lists\n\nA list comprehension builds every element at once and keeps them all in memory. A generator expression uses parentheses and yields elements on demand.\n";
const BREAD: &str = "## Dough\n\nFlour, water, salt and yeast are kneaded into a dough and left to rise overnight.\n";

/// One event of an answer stream, and when it arrived (since the request was sent).
#[derive(Debug, Clone)]
struct Event {
    name: String,
    data: Value,
    at: Duration,
}

struct Streamed {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    events: Vec<Event>,
    /// The body when it is not an event stream (a problem).
    body: Value,
}

impl Streamed {
    fn names(&self) -> Vec<&str> {
        self.events.iter().map(|e| e.name.as_str()).collect()
    }

    fn text(&self) -> String {
        self.events.iter().filter(|e| e.name == "delta").map(|e| e.data["text"].as_str().unwrap().to_string()).collect()
    }

    fn deltas(&self) -> Vec<String> {
        self.events.iter().filter(|e| e.name == "delta").map(|e| e.data["text"].as_str().unwrap().to_string()).collect()
    }

    fn first(&self, name: &str) -> &Event {
        self.events.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no {name} event in {:?}", self.events))
    }

    fn sources(&self) -> &Vec<Value> {
        self.first("sources").data["sources"].as_array().unwrap()
    }

    fn done(&self) -> &Value {
        &self.first("done").data
    }
}

/// `POST /api/v1/ask`, reading the event stream frame by frame as it arrives.
async fn ask(app: &TestApp, token: Option<&str>, body: Value) -> Streamed {
    let started = Instant::now();
    let mut req = app.client.post(app.url("/api/v1/ask")).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("request");
    let status = res.status();
    let headers = res.headers().clone();
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if !content_type.starts_with("text/event-stream") {
        let body = res.json().await.unwrap_or(Value::Null);
        return Streamed { status, headers, events: Vec::new(), body };
    }
    let mut events = Vec::new();
    let mut buffer = String::new();
    let mut bytes = res.bytes_stream();
    while let Some(piece) = tokio::time::timeout(Duration::from_secs(30), bytes.next()).await.expect("the stream stalled") {
        buffer.push_str(std::str::from_utf8(&piece.expect("stream")).expect("utf-8"));
        while let Some(end) = buffer.find("\n\n") {
            let frame: String = buffer.drain(..end + 2).collect();
            let mut name = String::new();
            let mut data = String::new();
            for line in frame.lines() {
                if let Some(v) = line.strip_prefix("event: ") {
                    name = v.to_string();
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data.push_str(v);
                }
            }
            events.push(Event { name, data: serde_json::from_str(&data).expect("event data is JSON"), at: started.elapsed() });
        }
    }
    assert!(buffer.trim().is_empty(), "a partial frame was left: {buffer:?}");
    Streamed { status, headers, events, body: Value::Null }
}

async fn post(app: &TestApp, admin: &Session, title: &str, markdown: &str, extra: Value) -> Value {
    let mut body = json!({"title": title, "markdown": markdown, "published_at": (Utc::now() - chrono::Duration::minutes(1)).to_rfc3339()});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    app.create_post(admin, body).await
}

async fn with_provider(backend: Backend, script: Script, extra: &[(&str, &str)]) -> Option<(TestApp, OpenAiStandin)> {
    let standin = OpenAiStandin::start(script).await;
    let settings = standin.settings();
    let mut pairs: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    pairs.extend_from_slice(extra);
    let app = spawn_app_with(backend, Overrides(&pairs)).await?;
    Some((app, standin))
}

async fn stored_turns(app: &TestApp) -> u64 {
    lectern::entities::ask_turns::Entity::find().count(&app.db).await.unwrap()
}

async fn stored_conversations(app: &TestApp) -> u64 {
    lectern::entities::ask_conversations::Entity::find().count(&app.db).await.unwrap()
}

async fn json_ok(res: reqwest::Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn provider_answers_stream_in_order_and_made_up_citations_are_dropped(backend: Backend) {
    let script = Script::Answer(pieces(&["Generators yield values lazily", " [", "1]", " and never build the whole list", " [", "7", "]", "."]));
    let Some((app, standin)) = with_provider(backend, script, &[]).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Generators in Python", GENERATORS, json!({})).await;
    post(&app, &admin, "Baking bread", BREAD, json!({})).await;
    let reader = app.reader("asker@blog.test").await;

    let question = "How do generators save memory?";
    let s = ask(&app, Some(&reader.access), json!({"question": question})).await;
    assert_eq!(s.status, StatusCode::OK);
    assert_eq!(s.headers.get("cache-control").and_then(|v| v.to_str().ok()), Some("no-cache, no-store"));
    let names = s.names();
    assert_eq!(names.first(), Some(&"sources"));
    assert_eq!(names.last(), Some(&"done"));
    assert!(names[1..names.len() - 1].iter().all(|n| *n == "delta") && names.len() >= 4, "{names:?}");

    let sources = s.sources();
    assert!(!sources.is_empty() && sources.len() <= 6, "{sources:?}");
    for (i, src) in sources.iter().enumerate() {
        assert_eq!(src["n"], i + 1);
        assert_eq!(src["post_slug"], "generators-in-python", "{src}");
        assert!(src["snippet"].as_str().unwrap().chars().count() <= 301 && src["score"].is_number());
    }
    let expected = "Generators yield values lazily [1] and never build the whole list.";
    assert_eq!(s.text(), expected);
    let done = s.done();
    assert_eq!(done["cited"], json!([1]));
    assert_eq!(done["mode"], "provider");
    assert_eq!(done["prompt_tokens"], openai_standin::PROMPT_TOKENS);
    assert_eq!(done["completion_tokens"], 8);
    assert_eq!(done["conversation_id"], s.first("sources").data["conversation_id"]);

    // Streamed, not buffered: the first piece arrived well before the last.
    let first_delta = s.first("delta").at;
    assert!(s.first("done").at - first_delta >= Duration::from_millis(150), "{:?}", s.events);
    eprintln!("time to first delta through the stand-in: {first_delta:?} (the stand-in waits 40 ms before each piece)");

    // What the provider was sent: the model, streaming with usage, the numbered sources and
    // the rules, then the question.
    let requests = standin.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!((sent["model"].clone(), sent["stream"].clone(), sent["stream_options"]["include_usage"].clone()), (json!(openai_standin::MODEL), json!(true), json!(true)));
    assert_eq!(standin.authorizations()[0].as_deref(), Some("Bearer sk-standin-key"));
    let messages = sent["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    let system = messages[0]["content"].as_str().unwrap();
    assert_eq!(messages[0]["role"], "system");
    assert!(system.contains("[1] Generators in Python") && system.contains("don't know") && system.contains("square brackets"), "{system}");
    assert_eq!((messages[1]["role"].clone(), messages[1]["content"].clone()), (json!("user"), json!(question)));

    // Stored as streamed.
    let id = done["conversation_id"].as_str().unwrap();
    let conv = json_ok(app.get(&format!("/api/v1/ask/conversations/{id}"), Some(&reader.access)).await).await;
    assert_eq!(conv["title"], question);
    let turn = &conv["turns"][0];
    assert_eq!((turn["answer"].as_str(), turn["cited"].clone(), turn["mode"].as_str()), (Some(expected), json!([1]), Some("provider")));
    assert_eq!(turn["id"], done["answer_id"]);
    assert_eq!(&turn["sources"], s.first("sources").data.get("sources").unwrap());
}

async fn provider_failures_end_with_an_error_and_store_nothing(backend: Backend) {
    let Some((app, standin)) = with_provider(backend, Script::Answer(pieces(&["Generators are lazy [1]."])), &[("CHAT_TIMEOUT_SECONDS", "1")]).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Generators in Python", GENERATORS, json!({})).await;
    let reader = app.reader("asker@blog.test").await;

    // A conversation with one good turn, to check a failed follow-up leaves it as it was.
    let first = ask(&app, Some(&reader.access), json!({"question": "What is a generator?"})).await;
    let conv_id = first.done()["conversation_id"].as_str().unwrap().to_string();
    let before = json_ok(app.get(&format!("/api/v1/ask/conversations/{conv_id}"), Some(&reader.access)).await).await;
    assert_eq!((stored_turns(&app).await, stored_conversations(&app).await), (1, 1));

    let failures = [
        ("dies mid-stream", Script::DieAfter(pieces(&["Generators yield", " values lazily"]))),
        ("stalls past the timeout", Script::Stall(pieces(&["Generators yield"]), Duration::from_secs(3))),
        ("answers HTTP 500", Script::Status(500)),
        ("answers HTTP 401", Script::Status(401)),
    ];
    for (what, script) in failures {
        standin.set_script(script);
        for conversation in [None, Some(conv_id.as_str())] {
            let mut body = json!({"question": "How do generators save memory?"});
            if let Some(c) = conversation {
                body["conversation_id"] = json!(c);
            }
            let s = ask(&app, Some(&reader.access), body).await;
            assert_eq!(s.status, StatusCode::OK, "{what}");
            let names = s.names();
            assert_eq!((names.first(), names.last()), (Some(&"sources"), Some(&"error")), "{what}: {:?}", s.events);
            assert!(!names.contains(&"done"), "{what}");
            let message = s.first("error").data["message"].as_str().unwrap();
            assert!(message.contains("Nothing was saved"), "{what}: {message}");
            assert!(!message.contains("127.0.0.1") && !message.contains("standin"), "{what}: internals leak: {message}");
        }
        assert_eq!((stored_turns(&app).await, stored_conversations(&app).await), (1, 1), "{what}: something was stored");
    }
    let after = json_ok(app.get(&format!("/api/v1/ask/conversations/{conv_id}"), Some(&reader.access)).await).await;
    assert_eq!(after, before, "a failed follow-up changed the conversation");
    let list = json_ok(app.get("/api/v1/ask/conversations", Some(&reader.access)).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

async fn follow_up_questions_send_the_earlier_turns(backend: Backend) {
    let Some((app, standin)) = with_provider(backend, Script::Answer(pieces(&["Generators are lazy [1]", "."])), &[]).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Generators in Python", GENERATORS, json!({})).await;
    let reader = app.reader("asker@blog.test").await;

    let first = ask(&app, Some(&reader.access), json!({"question": "What is a generator?"})).await;
    let conv = first.done()["conversation_id"].as_str().unwrap().to_string();
    standin.set_script(Script::Answer(pieces(&["Lists keep every element in memory [2]."])));
    let second = ask(&app, Some(&reader.access), json!({"question": "And how do lists differ?", "conversation_id": conv})).await;
    assert_eq!(second.done()["conversation_id"], json!(conv));
    assert_eq!(second.first("sources").data["conversation_id"], json!(conv));

    let requests = standin.requests();
    let messages: Vec<(String, String)> =
        requests[1]["messages"].as_array().unwrap().iter().map(|m| (m["role"].as_str().unwrap().to_string(), m["content"].as_str().unwrap().to_string())).collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert_eq!(messages[0].0, "system");
    // The earlier turn, its citations removed (they pointed into another list of sources).
    assert_eq!(messages[1..], [
        ("user".to_string(), "What is a generator?".to_string()),
        ("assistant".to_string(), "Generators are lazy.".to_string()),
        ("user".to_string(), "And how do lists differ?".to_string())
    ]);

    // Only the last three turns go along.
    for i in 0..3 {
        ask(&app, Some(&reader.access), json!({"question": format!("Follow-up number {i} about generators"), "conversation_id": conv})).await.done();
    }
    let last = standin.requests().pop().unwrap();
    let users: Vec<String> = last["messages"].as_array().unwrap().iter().filter(|m| m["role"] == "user").map(|m| m["content"].as_str().unwrap().to_string()).collect();
    let follow_up = |i: usize| format!("Follow-up number {i} about generators");
    assert_eq!(users, ["And how do lists differ?".to_string(), follow_up(0), follow_up(1), follow_up(2)]);
    let conv_view = json_ok(app.get(&format!("/api/v1/ask/conversations/{conv}"), Some(&reader.access)).await).await;
    assert_eq!(conv_view["turns"].as_array().unwrap().len(), 5);
    assert_eq!(conv_view["title"], "What is a generator?");
}

/// Each delta of an extractive answer: a sentence of a source followed by its `[n]`.
fn extractive_sentences(s: &Streamed) -> Vec<(String, usize)> {
    s.deltas()
        .iter()
        .map(|d| {
            let d = d.trim();
            let open = d.rfind(" [").unwrap_or_else(|| panic!("no citation in {d:?}"));
            let close = d[open..].find(']').unwrap() + open;
            let n: usize = d[open + 2..close].parse().unwrap();
            (format!("{}{}", &d[..open], &d[close + 1..]), n)
        })
        .collect()
}

async fn extractive_answers_cite_real_sources_on_a_fresh_install(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Generators in Python", GENERATORS, json!({})).await;
    post(&app, &admin, "Baking bread", BREAD, json!({})).await;
    let reader = app.reader("asker@blog.test").await;

    let s = ask(&app, Some(&reader.access), json!({"question": "How do generators save memory compared to lists?"})).await;
    assert_eq!(s.status, StatusCode::OK);
    let names = s.names();
    assert_eq!((names.first(), names.last()), (Some(&"sources"), Some(&"done")), "{:?}", s.events);
    let sources = s.sources();
    let sentences = extractive_sentences(&s);
    assert!((2..=4).contains(&sentences.len()), "{sentences:?}");
    for (sentence, n) in &sentences {
        assert!((1..=sources.len()).contains(n), "[{n}] of {} sources", sources.len());
        let snippet = sources[n - 1]["snippet"].as_str().unwrap();
        assert!(snippet.contains(sentence.as_str()), "{sentence:?} is not in source {n}: {snippet:?}");
    }
    assert!(s.text().contains("memory"), "{}", s.text());
    let done = s.done();
    let mut cited: Vec<usize> = sentences.iter().map(|(_, n)| *n).collect();
    cited.sort_unstable();
    cited.dedup();
    assert_eq!(done["cited"], json!(cited));
    assert_eq!((done["mode"].as_str(), done["prompt_tokens"].as_u64(), done["completion_tokens"].as_u64()), (Some("extractive"), Some(0), Some(0)));
    eprintln!("time to first delta, extractive without a model: {:?}", s.first("delta").at);

    // Nothing about it in the posts: said plainly, no citations.
    let s = ask(&app, Some(&reader.access), json!({"question": "zymurgy xylophones?"})).await;
    assert!(s.sources().is_empty());
    assert_eq!(s.text(), "I couldn't find anything in the posts that answers this question.");
    assert_eq!(s.done()["cited"], json!([]));

    // Scoped to one post.
    let s = ask(&app, Some(&reader.access), json!({"question": "What is left to rise?", "post_slug": "baking-bread"})).await;
    assert!(s.sources().iter().all(|x| x["post_slug"] == "baking-bread") && !s.sources().is_empty(), "{:?}", s.sources());
    assert_eq!(extractive_sentences(&s)[0], ("Flour, water, salt and yeast are kneaded into a dough and left to rise overnight.".to_string(), 1));
}

/// Where `make model` put the built-in embedding model (`LECTERN_MODEL_DIR` overrides), or
/// `None` with a loud skip when it is missing (a failure under CI).
fn built_in_model(test: &str) -> Option<String> {
    let dir = std::env::var("LECTERN_MODEL_DIR").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../data/models/all-MiniLM-L6-v2").to_string());
    if std::path::Path::new(&dir).join("model.safetensors").is_file() {
        return Some(dir);
    }
    assert!(!in_ci(), "{test}: the embedding model is missing from {dir}: run `make model`");
    eprintln!("!!! SKIPPED {test}: the embedding model is missing from {dir} (run `make model`)");
    None
}

async fn extractive_answers_rank_sentences_by_meaning_with_the_model(backend: Backend) {
    let Some(dir) = built_in_model("extractive_answers_rank_sentences_by_meaning_with_the_model") else { return };
    let Some(app) = spawn_app_with(backend, Overrides(&[("LECTERN_MODEL_DIR", &dir)])).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Generators in Python", GENERATORS, json!({})).await;
    post(&app, &admin, "Baking bread", BREAD, json!({})).await;
    eventually("the embed jobs", Duration::from_secs(60), || async {
        let status: Value = app.get("/api/v1/admin/search", Some(&admin.access)).await.json().await.ok()?;
        (status["posts_waiting"] == 0 && status["chunks"] == status["chunks_embedded"]).then_some(())
    })
    .await;
    let reader = app.reader("asker@blog.test").await;
    // Few words in common with the sentence that answers it.
    let s = ask(&app, Some(&reader.access), json!({"question": "How long should I let my bread proof?"})).await;
    let sentences = extractive_sentences(&s);
    assert!(!sentences.is_empty(), "{:?}", s.events);
    let (first, n) = &sentences[0];
    assert_eq!(s.sources()[n - 1]["post_slug"], "baking-bread", "{:?}", s.sources());
    assert!(first.contains("rise overnight"), "{first}");
    assert_eq!(s.done()["mode"], "extractive");
    eprintln!("time to first delta, extractive with the built-in model: {:?}", s.first("delta").at);
}

async fn the_daily_quota_refuses_with_retry_after_before_the_stream(backend: Backend) {
    let Some(app) = spawn_app_with(backend, Overrides(&[("ASK_DAILY_QUOTA", "2"), ("ASK_DAILY_QUOTA_PREMIUM", "3")])).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Generators in Python", GENERATORS, json!({})).await;
    let reader = app.reader("asker@blog.test").await;
    let q = json!({"question": "What is a generator?"});
    for _ in 0..2 {
        let s = ask(&app, Some(&reader.access), q.clone()).await;
        assert_eq!(s.status, StatusCode::OK);
        s.done();
    }
    let s = ask(&app, Some(&reader.access), q.clone()).await;
    assert_eq!(s.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", s.events);
    assert!(s.events.is_empty());
    assert_eq!(s.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/problem+json"));
    assert_eq!(s.body["status"], 429);
    let retry: i64 = s.headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).expect("Retry-After");
    let now = Utc::now();
    let midnight = (now.date_naive() + chrono::Days::new(1)).and_hms_opt(0, 0, 0).unwrap().and_utc();
    assert!((retry - (midnight - now).num_seconds()).abs() <= 5, "Retry-After {retry}, midnight in {}", (midnight - now).num_seconds());
    // Refused questions are not stored, and other readers have their own quota.
    assert_eq!(stored_turns(&app).await, 2);
    assert_eq!(ask(&app, Some(&app.reader("other@blog.test").await.access), q.clone()).await.status, StatusCode::OK);
    // Readers with premium (admins too) get the premium quota.
    for _ in 0..3 {
        assert_eq!(ask(&app, Some(&admin.access), q.clone()).await.status, StatusCode::OK);
    }
    assert_eq!(ask(&app, Some(&admin.access), q.clone()).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Looking up sources costs nothing.
    let res = app.get("/api/v1/ask/sources?q=generator", Some(&reader.access)).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn conversations_are_listed_read_and_deleted_by_their_owner_only(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Generators in Python", GENERATORS, json!({})).await;
    let owner = app.reader("owner@blog.test").await;
    let other = app.reader("other@blog.test").await;

    let long = format!("Why do generators {} save memory?", "really ".repeat(30));
    let a = ask(&app, Some(&owner.access), json!({"question": long})).await.done()["conversation_id"].as_str().unwrap().to_string();
    ask(&app, Some(&owner.access), json!({"question": "And lists?", "conversation_id": a})).await.done();
    let b = ask(&app, Some(&owner.access), json!({"question": "What does yield do?"})).await.done()["conversation_id"].as_str().unwrap().to_string();
    ask(&app, Some(&owner.access), json!({"question": "What does next do?", "conversation_id": a})).await.done();

    // Most recently continued first, page by page.
    let page = json_ok(app.get("/api/v1/ask/conversations?limit=1", Some(&owner.access)).await).await;
    assert_eq!(page["items"][0]["id"], json!(a));
    let title = page["items"][0]["title"].as_str().unwrap();
    assert!(title.starts_with("Why do generators really") && title.ends_with('…') && title.chars().count() <= 81, "{title}");
    let cursor = page["next_cursor"].as_str().expect("a second page");
    let page = json_ok(app.get(&format!("/api/v1/ask/conversations?limit=1&cursor={}", urlencode(cursor)), Some(&owner.access)).await).await;
    assert_eq!(page["items"][0]["id"], json!(b));
    assert!(page["next_cursor"].is_null());

    let conv = json_ok(app.get(&format!("/api/v1/ask/conversations/{a}"), Some(&owner.access)).await).await;
    let turns = conv["turns"].as_array().unwrap();
    let questions: Vec<&str> = turns.iter().map(|t| t["question"].as_str().unwrap()).collect();
    assert_eq!(questions, [long.as_str(), "And lists?", "What does next do?"]);
    assert!(turns.iter().all(|t| t["mode"] == "extractive" && t["sources"].is_array() && t["cited"].is_array() && t["answer"].is_string()));

    // Someone else's conversation does not exist for another reader.
    let json_empty = json!({"items": [], "next_cursor": null});
    assert_eq!(json_ok(app.get("/api/v1/ask/conversations", Some(&other.access)).await).await, json_empty);
    problem(app.get(&format!("/api/v1/ask/conversations/{a}"), Some(&other.access)).await, StatusCode::NOT_FOUND).await;
    problem(app.send(Method::DELETE, &format!("/api/v1/ask/conversations/{a}"), Some(&other.access), None).await, StatusCode::NOT_FOUND).await;
    let s = ask(&app, Some(&other.access), json!({"question": "And lists?", "conversation_id": a})).await;
    assert_eq!((s.status, s.body["status"].clone()), (StatusCode::NOT_FOUND, json!(404)));
    let s = ask(&app, Some(&owner.access), json!({"question": "And lists?", "conversation_id": uuid::Uuid::now_v7()})).await;
    assert_eq!(s.status, StatusCode::NOT_FOUND);
    problem(app.get("/api/v1/ask/conversations/not-a-uuid", Some(&owner.access)).await, StatusCode::NOT_FOUND).await;

    // The owner deletes it, with its turns.
    let res = app.send(Method::DELETE, &format!("/api/v1/ask/conversations/{a}"), Some(&owner.access), None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    problem(app.get(&format!("/api/v1/ask/conversations/{a}"), Some(&owner.access)).await, StatusCode::NOT_FOUND).await;
    problem(app.send(Method::DELETE, &format!("/api/v1/ask/conversations/{a}"), Some(&owner.access), None).await, StatusCode::NOT_FOUND).await;
    let page = json_ok(app.get("/api/v1/ask/conversations", Some(&owner.access)).await).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(stored_turns(&app).await, 1);
    problem(app.get("/api/v1/ask/conversations", None).await, StatusCode::UNAUTHORIZED).await;
}

const PREMIUM: &str = "## Start here\n\nPangolins are scaly mammals that roll into a tight ball when they are scared.\n\n## The secret part\n\nOnly subscribers learn that pangolins eat formicidae quietly every single night.\n";

async fn premium_text_never_reaches_readers_without_access(backend: Backend) {
    let Some((app, standin)) = with_provider(backend, Script::Answer(pieces(&["Pangolins roll into a ball [1]."])), &[]).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Pangolin facts", PREMIUM, json!({"premium": true})).await;
    let reader = app.reader("free@blog.test").await;
    let secrets = ["formicidae", "subscribers", "quietly", "the-secret-part"];
    let question = "What do pangolins eat quietly, the formicidae?";

    // Through the provider: nothing premium in the sources or in the prompt.
    let s = ask(&app, Some(&reader.access), json!({"question": question})).await;
    s.done();
    let sources = serde_json::to_string(s.sources()).unwrap();
    let prompt = standin.requests()[0]["messages"][0]["content"].as_str().unwrap().to_string();
    for secret in secrets {
        assert!(!sources.contains(secret), "{secret} in the sources: {sources}");
        assert!(!prompt.contains(secret), "{secret} sent to the provider: {prompt}");
    }
    assert!(prompt.contains("roll into a tight ball"), "the teaser is fair game: {prompt}");
    // The admin (premium access) is given the secret part.
    let s = ask(&app, Some(&admin.access), json!({"question": question})).await;
    assert!(serde_json::to_string(s.sources()).unwrap().contains("formicidae"), "{:?}", s.sources());

    // Extractively, and through the sources lookup (anonymous too).
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Pangolin facts", PREMIUM, json!({"premium": true})).await;
    let reader = app.reader("free@blog.test").await;
    let s = ask(&app, Some(&reader.access), json!({"question": question, "post_slug": "pangolin-facts"})).await;
    let everything = format!("{} {}", serde_json::to_string(s.sources()).unwrap(), s.text());
    for secret in secrets {
        assert!(!everything.contains(secret), "{secret} reached a reader without access: {everything}");
    }
    for token in [None, Some(reader.access.as_str())] {
        let found = json_ok(app.get(&format!("/api/v1/ask/sources?q={}", urlencode(question)), token).await).await;
        let text = found.to_string();
        assert!(secrets.iter().all(|s| !text.contains(s)), "{text}");
    }
    let found = json_ok(app.get(&format!("/api/v1/ask/sources?q={}", urlencode(question)), Some(&admin.access)).await).await;
    assert!(found.to_string().contains("formicidae"), "{found}");
}

async fn questions_and_source_lookups_are_validated(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.admin().await;
    post(&app, &admin, "Generators in Python", GENERATORS, json!({})).await;
    let reader = app.reader("asker@blog.test").await;

    let s = ask(&app, None, json!({"question": "What is a generator?"})).await;
    assert_eq!((s.status, s.body["status"].clone()), (StatusCode::UNAUTHORIZED, json!(401)));
    for (body, field) in [
        (json!({"question": ""}), "question"),
        (json!({"question": "   \n "}), "question"),
        (json!({"question": "x".repeat(1001)}), "question"),
        (json!({}), "question"),
        (json!({"question": "Fine?", "mode": "fast"}), "mode"),
        (json!({"question": "Fine?", "conversation_id": "nope"}), "conversation_id"),
    ] {
        let res = app.post("/api/v1/ask", Some(&reader.access), body.clone()).await;
        let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&p), vec![field.to_string()], "{body}");
    }
    let s = ask(&app, Some(&reader.access), json!({"question": "x".repeat(1000)})).await;
    assert_eq!(s.status, StatusCode::OK);
    s.done();
    let s = ask(&app, Some(&reader.access), json!({"question": "Fine?", "post_slug": "no-such-post"})).await;
    assert_eq!((s.status, s.body["detail"].clone()), (StatusCode::NOT_FOUND, json!("post not found")));

    for q in ["", "%20%20", &"x".repeat(201)] {
        let p = problem(app.get(&format!("/api/v1/ask/sources?q={q}"), None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&p), vec!["q".to_string()]);
    }
    problem(app.get("/api/v1/ask/sources", None).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    problem(app.get("/api/v1/ask/sources?q=generator&post_slug=no-such-post", None).await, StatusCode::NOT_FOUND).await;
    let found = json_ok(app.get("/api/v1/ask/sources?q=generator%20memory&post_slug=generators-in-python", None).await).await;
    let sources = found["sources"].as_array().unwrap();
    assert!(!sources.is_empty() && sources.len() <= 6);
    assert_eq!(sources[0]["n"], 1);
    assert!(sources.iter().all(|s| s["post_slug"] == "generators-in-python" && s["post_title"] == "Generators in Python" && s["heading"].is_string()));
    assert!(sources.iter().any(|s| s["anchor"] == "why-generators"), "{sources:?}");
}
