//! The chat prompt: numbered sources and the rules in the system message, the last turns
//! of the conversation, then the question.

use super::{citations::CitationFilter, provider::ChatMessage};
use crate::search::service::Retrieved;

/// Earlier turns a follow-up question is asked with.
pub const HISTORY_TURNS: u64 = 3;
/// A source's text is cut to this many characters in the prompt.
const MAX_SOURCE_CHARS: usize = 2400;

/// An earlier question and the answer it got.
#[derive(Debug, Clone)]
pub struct PriorTurn {
    pub question: String,
    pub answer: String,
}

const RULES: &str = "You answer readers' questions about the posts of a technical blog, using only the numbered sources below (passages of those posts).
- Cite the source of every statement with its number in square brackets, like [1] or [2][3], right after the statement. Cite only numbers from the list below.
- If the sources don't answer the question, say that you don't know from these posts. Don't guess and don't use knowledge from outside the sources.
- Earlier answers in this conversation cited other sources; their numbers don't apply here.
- Be concise: a few sentences, or a short list or code block when that is clearer. Write in the language of the question.";

pub fn messages(sources: &[Retrieved], history: &[PriorTurn], question: &str) -> Vec<ChatMessage> {
    let mut system = String::from(RULES);
    system.push_str("\n\nSources:\n");
    if sources.is_empty() {
        system.push_str("(none: nothing in the posts matched this question)\n");
    }
    for (i, s) in sources.iter().enumerate() {
        let title = if s.heading.is_empty() { s.post_title.clone() } else { format!("{} › {}", s.post_title, s.heading) };
        system.push_str(&format!("\n[{}] {title}\n{}\n", i + 1, cut(&s.text, MAX_SOURCE_CHARS)));
    }
    let mut out = vec![ChatMessage::System(system)];
    for turn in history {
        out.push(ChatMessage::User(turn.question.clone()));
        out.push(ChatMessage::Assistant(without_citations(&turn.answer)));
    }
    out.push(ChatMessage::User(question.to_string()));
    out
}

/// An earlier answer without its `[n]`: they point into another list of sources.
fn without_citations(answer: &str) -> String {
    let mut filter = CitationFilter::new(0);
    let mut out = filter.push(answer);
    out.push_str(&filter.finish());
    out
}

fn cut(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn source(title: &str, heading: &str, text: &str) -> Retrieved {
        Retrieved { chunk_id: 1, post_id: Uuid::nil(), post_title: title.into(), post_slug: "s".into(), heading: heading.into(), anchor: None, text: text.into(), score: 1.0 }
    }

    #[test]
    fn sources_are_numbered_and_history_comes_before_the_question() {
        let sources = [source("Generators", "Why", "They yield lazily."), source("Iterators", "", "They have next.")];
        let history = [PriorTurn { question: "What is yield?".into(), answer: "It pauses [1].".into() }];
        let m = messages(&sources, &history, "And next?");
        let ChatMessage::System(system) = &m[0] else { panic!("{m:?}") };
        assert!(system.contains("[1] Generators › Why\nThey yield lazily."), "{system}");
        assert!(system.contains("[2] Iterators\nThey have next."), "{system}");
        assert!(system.contains("don't know"));
        assert_eq!(m[1..], [ChatMessage::User("What is yield?".into()), ChatMessage::Assistant("It pauses.".into()), ChatMessage::User("And next?".into())]);
    }
}
