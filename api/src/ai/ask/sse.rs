//! Server-sent events: framing, and the response that carries them.

use actix_web::web::Bytes;

use super::dto::AskStreamEvent;

/// `event: <name>\ndata: <json>\n\n`. The JSON is compact, so it is one `data:` line.
pub fn frame(event: &AskStreamEvent) -> Bytes {
    let data = match event {
        AskStreamEvent::Sources(e) => serde_json::to_string(e),
        AskStreamEvent::Delta(e) => serde_json::to_string(e),
        AskStreamEvent::Done(e) => serde_json::to_string(e),
        AskStreamEvent::Error(e) => serde_json::to_string(e),
    }
    .unwrap_or_else(|_| "{}".into());
    Bytes::from(format!("event: {}\ndata: {data}\n\n", event.event_name()))
}

pub use crate::sse::response;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::ask::dto::{DeltaEvent, ErrorEvent};

    #[test]
    fn frames_are_one_event_line_and_one_data_line() {
        let text = "line one\nline two \"quoted\"";
        let bytes = frame(&AskStreamEvent::Delta(DeltaEvent { text: text.into() }));
        let s = std::str::from_utf8(&bytes).unwrap();
        assert_eq!(s, "event: delta\ndata: {\"text\":\"line one\\nline two \\\"quoted\\\"\"}\n\n");
        let bytes = frame(&AskStreamEvent::Error(ErrorEvent { message: "x".into() }));
        assert_eq!(&bytes[..], b"event: error\ndata: {\"message\":\"x\"}\n\n");
    }
}
