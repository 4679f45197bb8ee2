//! Ask AI's rules: who may ask and how often, what an answer is made from, how it streams,
//! and that only a complete answer is stored.

use std::{convert::Infallible, time::Duration};

use actix_web::web::Bytes;
use chrono::Utc;
use futures_util::Stream;
use tokio::{sync::mpsc, time::Instant};
use uuid::Uuid;

use super::{
    citations::CitationFilter,
    dto::{AnswerMode, AskRequest, AskSource, AskStreamEvent, ConversationResponse, ConversationSummary, DeltaEvent, DoneEvent, ErrorEvent, SourcesEvent, TurnResponse},
    extractive,
    prompt::{self, HISTORY_TURNS, PriorTurn},
    provider::{ChatProvider, ProviderError},
    repo, sse,
};
use crate::{
    auth::AuthUser,
    db,
    domain::now,
    entities::{ask_conversations, ask_turns},
    error::ApiError,
    pagination::{Cursor, Page, PageRequest, paginate},
    posts,
    search::{query::MAX_QUERY_CHARS, service::Retrieved},
    state::AppState,
};

/// Passages an answer is made from.
const SOURCES: usize = 6;
const SNIPPET_CHARS: usize = 300;
const TITLE_CHARS: usize = 80;

/// A question that passed every check, with the passages it will be answered from.
pub struct Prepared {
    user_id: Uuid,
    conversation_id: Uuid,
    new_conversation: bool,
    question: String,
    history: Vec<PriorTurn>,
    retrieved: Vec<Retrieved>,
    sources: Vec<AskSource>,
}

/// Checks a question (its conversation, its post, today's quota) and retrieves its sources.
/// Everything that can refuse it does so here, before the stream starts.
pub async fn prepare(app: &AppState, me: &AuthUser, req: AskRequest) -> Result<Prepared, ApiError> {
    let db = &app.db;
    let question = req.question.trim().to_string();
    let (conversation_id, new_conversation, history) = match req.conversation_id {
        Some(id) => {
            repo::find_conversation(db, id, me.id).await?.ok_or(ApiError::NotFound("conversation"))?;
            let turns = repo::last_turns(db, id, HISTORY_TURNS).await?;
            (id, false, turns.into_iter().map(|t| PriorTurn { question: t.question, answer: t.answer }).collect::<Vec<_>>())
        }
        None => (Uuid::now_v7(), true, Vec::new()),
    };
    let post_id = match req.post_slug.as_deref() {
        Some(slug) => Some(published_post(app, slug).await?),
        None => None,
    };
    spend_quota(app, me).await?;
    // A follow-up ("and for lists?") is looked up together with the question before it.
    let lookup = match history.last() {
        Some(prior) => format!("{question} {}", prior.question),
        None => question.clone(),
    };
    let retrieved = crate::search::service::retrieve(app, Some(me), &retrieval_text(&lookup), post_id, SOURCES).await?;
    let sources = to_sources(&retrieved);
    Ok(Prepared { user_id: me.id, conversation_id, new_conversation, question, history, retrieved, sources })
}

async fn published_post(app: &AppState, slug: &str) -> Result<Uuid, ApiError> {
    let found = posts::repo::find_published_by_slug(&app.db, slug, Utc::now()).await?;
    Ok(found.ok_or(ApiError::NotFound("post"))?.id)
}

/// Counts the question against the asker's day (UTC); past the quota, 429 until midnight.
/// A quota of 0 is no limit. A store outage lets the question through, as the rate limits do.
async fn spend_quota(app: &AppState, me: &AuthUser) -> Result<(), ApiError> {
    let settings = &app.settings.ai;
    let limit = if me.can_read_premium() { settings.ask_daily_quota_premium } else { settings.ask_daily_quota };
    if limit == 0 {
        return Ok(());
    }
    let at = Utc::now();
    let left = seconds_to_midnight(at);
    let key = format!("ask:{}:{}", me.id, at.format("%Y-%m-%d"));
    match app.kv.hit(&key, limit, Duration::from_secs(left)).await {
        Ok(hit) if !hit.allowed => Err(ApiError::TooManyRequests { retry_after_secs: left }),
        Ok(_) => Ok(()),
        Err(e) => {
            tracing::warn!(error = %e, "the Ask AI quota could not be counted; letting the question through");
            Ok(())
        }
    }
}

/// Whole seconds until the next UTC midnight (at least 1).
pub fn seconds_to_midnight(at: chrono::DateTime<Utc>) -> u64 {
    let next = at.date_naive().succ_opt().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc());
    next.map_or(86_400, |n| (n - at).num_milliseconds().max(1) as u64).div_ceil(1000).max(1)
}

/// The question as a keyword query: no operators (a question's quotes and dashes are not
/// meant as search syntax), within the query length limit.
fn retrieval_text(question: &str) -> String {
    let plain: String = question.chars().map(|c| if c == '"' { ' ' } else { c }).collect();
    let words: Vec<&str> = plain.split_whitespace().map(|w| w.trim_start_matches('-')).filter(|w| !w.is_empty()).collect();
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() + 1 > MAX_QUERY_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn to_sources(retrieved: &[Retrieved]) -> Vec<AskSource> {
    retrieved
        .iter()
        .enumerate()
        .map(|(i, r)| AskSource {
            n: i as u32 + 1,
            post_title: r.post_title.clone(),
            post_slug: r.post_slug.clone(),
            heading: r.heading.clone(),
            anchor: r.anchor.clone(),
            snippet: cut_words(&r.text.split_whitespace().collect::<Vec<_>>().join(" "), SNIPPET_CHARS),
            score: r.score,
        })
        .collect()
}

/// `text` cut to at most `max` characters at a word boundary, with `…` when cut.
fn cut_words(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => {
            let cut = text[..at].rfind(' ').filter(|i| *i > 0).unwrap_or(at);
            format!("{}…", text[..cut].trim_end_matches([',', ';', ':', ' ']))
        }
    }
}

/// The passages a question would be answered from, without an answer.
pub async fn sources(app: &AppState, reader: Option<&AuthUser>, q: &str, post_slug: Option<&str>) -> Result<Vec<AskSource>, ApiError> {
    let len = q.trim().chars().count();
    if len == 0 || q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::field("q", "must be between 1 and 200 characters, not all blank"));
    }
    let post_id = match post_slug {
        Some(slug) => Some(published_post(app, slug).await?),
        None => None,
    };
    let retrieved = crate::search::service::retrieve(app, reader, &retrieval_text(q), post_id, SOURCES).await?;
    Ok(to_sources(&retrieved))
}

// ---- the answer stream ----

/// The answer's events as SSE frames. The work runs in its own task and stops when the
/// reader goes away (the next event finds nobody to send to).
pub fn answer(app: AppState, prepared: Prepared) -> impl Stream<Item = Result<Bytes, Infallible>> {
    let (tx, rx) = mpsc::channel::<Bytes>(32);
    tokio::spawn(run(app, prepared, Events(tx)));
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|b| (Ok(b), rx)) })
}

struct Events(mpsc::Sender<Bytes>);

/// The reader closed the stream.
struct Gone;

impl Events {
    async fn send(&self, event: AskStreamEvent) -> Result<(), Gone> {
        self.0.send(sse::frame(&event)).await.map_err(|_| Gone)
    }

    async fn delta(&self, text: String) -> Result<(), Gone> {
        self.send(AskStreamEvent::Delta(DeltaEvent { text })).await
    }
}

/// A complete answer, ready to store.
struct Answer {
    text: String,
    cited: Vec<u32>,
    prompt_tokens: u32,
    completion_tokens: u32,
    mode: AnswerMode,
    first_delta: Option<Duration>,
}

enum Failure {
    Gone,
    Provider(ProviderError),
}

impl From<Gone> for Failure {
    fn from(_: Gone) -> Self {
        Self::Gone
    }
}

impl From<ProviderError> for Failure {
    fn from(e: ProviderError) -> Self {
        Self::Provider(e)
    }
}

async fn run(app: AppState, p: Prepared, out: Events) {
    let started = Instant::now();
    let sources = AskStreamEvent::Sources(SourcesEvent { conversation_id: p.conversation_id, sources: p.sources.clone() });
    if out.send(sources).await.is_err() {
        return;
    }
    let answered = match &app.ai.chat {
        Some(chat) => from_provider(chat, &p, &out, started).await,
        None => extractive_answer(&app, &p, &out, started).await.map_err(Failure::from),
    };
    let answer = match answered {
        Ok(a) => a,
        Err(Failure::Gone) => {
            tracing::info!(conversation_id = %p.conversation_id, "the reader left before the answer was complete; nothing stored");
            return;
        }
        Err(Failure::Provider(e)) => {
            tracing::warn!(error = %e, conversation_id = %p.conversation_id, "the chat provider failed mid-answer; nothing stored");
            let message = match e {
                ProviderError::Timeout(_) => "The AI provider stopped responding. Nothing was saved; please try again.",
                _ => "The AI provider failed while answering. Nothing was saved; please try again.",
            };
            let _ = out.send(AskStreamEvent::Error(ErrorEvent { message: message.into() })).await;
            return;
        }
    };
    let event = match store(&app, &p, &answer).await {
        Ok(answer_id) => {
            tracing::info!(
                mode = answer.mode.as_str(),
                sources = p.sources.len(),
                first_delta_ms = answer.first_delta.map(|d| d.as_millis() as u64),
                total_ms = started.elapsed().as_millis() as u64,
                "question answered"
            );
            AskStreamEvent::Done(DoneEvent {
                answer_id,
                conversation_id: p.conversation_id,
                cited: answer.cited,
                prompt_tokens: answer.prompt_tokens,
                completion_tokens: answer.completion_tokens,
                mode: answer.mode,
            })
        }
        Err(e) => {
            tracing::error!(error = ?e, conversation_id = %p.conversation_id, "storing an answer failed");
            let message = match e {
                ApiError::NotFound(_) => "The conversation was deleted while the answer was written; nothing was saved.",
                _ => "The answer could not be saved; please try again.",
            };
            AskStreamEvent::Error(ErrorEvent { message: message.into() })
        }
    };
    let _ = out.send(event).await;
}

async fn extractive_answer(app: &AppState, p: &Prepared, out: &Events, started: Instant) -> Result<Answer, Gone> {
    let extract = extractive::answer(app, &p.question, &p.retrieved).await;
    let mut text = String::new();
    let mut first_delta = None;
    for piece in extract.pieces() {
        first_delta.get_or_insert_with(|| started.elapsed());
        text.push_str(&piece);
        out.delta(piece).await?;
    }
    Ok(Answer { text, cited: extract.cited(), prompt_tokens: 0, completion_tokens: 0, mode: AnswerMode::Extractive, first_delta })
}

async fn from_provider(chat: &ChatProvider, p: &Prepared, out: &Events, started: Instant) -> Result<Answer, Failure> {
    let mut stream = chat.stream(prompt::messages(&p.retrieved, &p.history, &p.question)).await?;
    let mut filter = CitationFilter::new(p.retrieved.len());
    let mut text = String::new();
    let mut first_delta = None;
    while let Some(piece) = stream.next().await? {
        let clean = filter.push(&piece);
        if !clean.is_empty() {
            first_delta.get_or_insert_with(|| started.elapsed());
            text.push_str(&clean);
            out.delta(clean).await?;
        }
    }
    let tail = filter.finish();
    if !tail.is_empty() {
        text.push_str(&tail);
        out.delta(tail).await?;
    }
    if text.trim().is_empty() {
        return Err(ProviderError::Failed(format!("{} answered nothing", chat.model())).into());
    }
    let (prompt_tokens, completion_tokens) = stream.usage().unwrap_or((0, 0));
    Ok(Answer { text, cited: filter.cited(), prompt_tokens, completion_tokens, mode: AnswerMode::Provider, first_delta })
}

/// Stores the turn (and, on a first question, its conversation) in one transaction.
async fn store(app: &AppState, p: &Prepared, a: &Answer) -> Result<Uuid, ApiError> {
    let at = now();
    let id = Uuid::now_v7();
    let sources = serde_json::to_string(&p.sources).map_err(anyhow::Error::from)?;
    let cited = serde_json::to_string(&a.cited).map_err(anyhow::Error::from)?;
    let txn = db::begin_write(&app.db).await?;
    if p.new_conversation {
        repo::insert_conversation(&txn, p.conversation_id, p.user_id, &cut_words(&p.question, TITLE_CHARS), at).await?;
    } else if !repo::touch_conversation(&txn, p.conversation_id, p.user_id, at).await? {
        return Err(ApiError::NotFound("conversation"));
    }
    let turn = ask_turns::Model {
        id,
        conversation_id: p.conversation_id,
        question: p.question.clone(),
        answer: a.text.clone(),
        sources,
        cited,
        mode: a.mode.as_str().to_string(),
        prompt_tokens: i32::try_from(a.prompt_tokens).unwrap_or(i32::MAX),
        completion_tokens: i32::try_from(a.completion_tokens).unwrap_or(i32::MAX),
        created_at: at,
    };
    repo::insert_turn(&txn, turn).await?;
    txn.commit().await?;
    Ok(id)
}

// ---- conversations ----

pub async fn list_conversations(app: &AppState, me: &AuthUser, page: PageRequest) -> Result<Page<ConversationSummary>, ApiError> {
    let rows = repo::list_conversations(&app.db, me.id, page).await?;
    Ok(paginate(rows, page.limit, |c| Cursor { at: c.updated_at, id: c.id }, summary))
}

fn summary(c: ask_conversations::Model) -> ConversationSummary {
    ConversationSummary { id: c.id, title: c.title, created_at: c.created_at, updated_at: c.updated_at }
}

pub async fn get_conversation(app: &AppState, me: &AuthUser, id: Uuid) -> Result<ConversationResponse, ApiError> {
    let c = repo::find_conversation(&app.db, id, me.id).await?.ok_or(ApiError::NotFound("conversation"))?;
    let turns = repo::turns(&app.db, c.id).await?;
    Ok(ConversationResponse {
        id: c.id,
        title: c.title,
        created_at: c.created_at,
        updated_at: c.updated_at,
        turns: turns
            .into_iter()
            .map(|t| TurnResponse {
                id: t.id,
                question: t.question,
                answer: t.answer,
                sources: serde_json::from_str(&t.sources).unwrap_or_default(),
                cited: serde_json::from_str(&t.cited).unwrap_or_default(),
                mode: AnswerMode::parse(&t.mode),
                created_at: t.created_at,
            })
            .collect(),
    })
}

pub async fn delete_conversation(app: &AppState, me: &AuthUser, id: Uuid) -> Result<(), ApiError> {
    let txn = db::begin_write(&app.db).await?;
    if !repo::delete_conversation(&txn, id, me.id).await? {
        return Err(ApiError::NotFound("conversation"));
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn midnight_is_the_next_utc_day() {
        let at = Utc.with_ymd_and_hms(2026, 12, 2, 23, 59, 30).unwrap();
        assert_eq!(seconds_to_midnight(at), 30);
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap();
        assert_eq!(seconds_to_midnight(at), 86_400);
        let at = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap() + chrono::Duration::milliseconds(400);
        assert_eq!(seconds_to_midnight(at), 43_200);
    }

    #[test]
    fn questions_lose_search_syntax_and_fit_the_query_limit() {
        assert_eq!(retrieval_text("What does \"yield\" do -- and -x?"), "What does yield do and x?");
        let long = "word ".repeat(100);
        assert!(retrieval_text(&long).chars().count() <= MAX_QUERY_CHARS);
    }

    #[test]
    fn titles_and_snippets_are_cut_at_words() {
        assert_eq!(cut_words("short", 80), "short");
        let cut = cut_words(&"abcdefghi ".repeat(20), 80);
        assert!(cut.ends_with('…') && cut.chars().count() <= 81, "{cut}");
        assert!(!cut.contains("  "));
    }
}
