//! Ask AI's request, the events of its answer stream, and the conversation views.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// The longest question, in characters.
pub const MAX_QUESTION_CHARS: usize = 1000;

/// A question about the posts.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AskRequest {
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S", example = "How do generators save memory?")]
    #[validate(length(min = 1, max = 1000, message = "must be between 1 and 1000 characters"), custom(function = "crate::domain::validate_visible"))]
    pub question: String,
    /// Continue this conversation (one of yours); omit to start a new one.
    pub conversation_id: Option<Uuid>,
    /// Answer from this published post only.
    pub post_slug: Option<String>,
}

/// How an answer was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerMode {
    /// Sentences quoted from the sources (no chat model is configured).
    Extractive,
    /// Written by the configured chat model from the sources.
    Provider,
}

impl AnswerMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Extractive => "extractive",
            Self::Provider => "provider",
        }
    }

    pub fn parse(raw: &str) -> Self {
        if raw == "provider" { Self::Provider } else { Self::Extractive }
    }
}

/// A passage an answer is given, numbered as the answer cites it (`[n]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AskSource {
    /// The number the answer cites it by, from 1.
    pub n: u32,
    pub post_title: String,
    pub post_slug: String,
    /// The headings the passage sits under, outermost first, joined by " › " (empty before
    /// the post's first heading).
    pub heading: String,
    /// The id of its section on the post page (`/posts/{slug}#{anchor}`).
    pub anchor: Option<String>,
    /// Plain text: the opening of the passage, at most about 300 characters.
    pub snippet: String,
    /// Relevance to the question (higher is better; not comparable across questions).
    pub score: f64,
}

/// First event: the conversation the answer belongs to and the sources it is made from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourcesEvent {
    /// The conversation this turn joins (new ones exist once the answer is complete).
    pub conversation_id: Uuid,
    pub sources: Vec<AskSource>,
}

/// The next piece of the answer's text (markdown, citations as `[n]`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeltaEvent {
    pub text: String,
}

/// Last event of a complete answer, sent once the turn is stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoneEvent {
    /// The stored turn.
    pub answer_id: Uuid,
    pub conversation_id: Uuid,
    /// The source numbers the answer cites, ascending; only numbers of sources it was given.
    pub cited: Vec<u32>,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    pub mode: AnswerMode,
}

/// Last event of an answer that could not be completed; nothing of it is stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorEvent {
    pub message: String,
}

/// One server-sent event of an answer, parsed: its `event` name and its `data`. A stream is
/// one `sources`, any number of `delta`, then `done` or `error`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "event", content = "data", rename_all = "snake_case")]
pub enum AskStreamEvent {
    Sources(SourcesEvent),
    Delta(DeltaEvent),
    Done(DoneEvent),
    Error(ErrorEvent),
}

impl AskStreamEvent {
    /// The SSE event name.
    pub fn event_name(&self) -> &'static str {
        match self {
            Self::Sources(_) => "sources",
            Self::Delta(_) => "delta",
            Self::Done(_) => "done",
            Self::Error(_) => "error",
        }
    }
}

/// The schema of `POST /ask`'s `text/event-stream` body, frame by frame as it is sent: each
/// event's `data` is a line of JSON text (`contentMediaType: application/json`) whose schema
/// is `contentSchema`. Parsed, a frame is an [`AskStreamEvent`].
pub struct AskStreamFrame;

impl utoipa::PartialSchema for AskStreamFrame {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::{
            Ref, Type,
            schema::{ObjectBuilder, OneOfBuilder},
        };
        let frame = |event: &str, data: &str| {
            ObjectBuilder::new()
                .property("event", ObjectBuilder::new().schema_type(Type::String).enum_values(Some([event])))
                .property(
                    "data",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .content_media_type("application/json")
                        .content_schema(Some(Ref::from_schema_name(data)))
                        .description(Some(format!("JSON text: a `{data}`"))),
                )
                .required("event")
                .required("data")
        };
        OneOfBuilder::new()
            .item(frame("sources", "SourcesEvent"))
            .item(frame("delta", "DeltaEvent"))
            .item(frame("done", "DoneEvent"))
            .item(frame("error", "ErrorEvent"))
            .description(Some(
                "One server-sent event as sent: `event: <event>` then `data: <JSON text>`. Parsed (`data` as JSON), a frame is an `AskStreamEvent`. A stream is one `sources`, any number of `delta`, then `done` or `error`.",
            ))
            .into()
    }
}

impl ToSchema for AskStreamFrame {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        use utoipa::PartialSchema;
        schemas.push((<AskStreamEvent as ToSchema>::name().into_owned(), AskStreamEvent::schema()));
        <AskStreamEvent as ToSchema>::schemas(schemas);
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SourcesParams {
    /// The question, 1 to 200 characters.
    #[param(min_length = 1, max_length = 200, pattern = "\\S")]
    pub q: String,
    /// Only passages of this published post.
    pub post_slug: Option<String>,
}

/// The passages a question would be answered from.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourcesResponse {
    pub sources: Vec<AskSource>,
}

/// A conversation in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationSummary {
    pub id: Uuid,
    /// The first question, cut to about 80 characters.
    pub title: String,
    pub created_at: DateTime<Utc>,
    /// When its last turn was stored.
    pub updated_at: DateTime<Utc>,
}

/// One question and its answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct TurnResponse {
    pub id: Uuid,
    pub question: String,
    pub answer: String,
    /// The sources the answer was given.
    pub sources: Vec<AskSource>,
    /// The source numbers it cites.
    pub cited: Vec<u32>,
    pub mode: AnswerMode,
    pub created_at: DateTime<Utc>,
}

/// A conversation with its turns, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationResponse {
    pub id: Uuid,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub turns: Vec<TurnResponse>,
}
