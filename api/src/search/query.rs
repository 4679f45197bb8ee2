//! What a reader typed, read the way people expect: several words must all match (relaxed to
//! any when nothing does), `"an exact phrase"`, `-excluded` words, and the last word as a
//! prefix while they are still typing it.

use crate::error::ApiError;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most terms looked at; the rest of a pasted paragraph is ignored.
const MAX_TERMS: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Lower-cased words; more than one for a phrase.
    pub words: Vec<String>,
    pub negated: bool,
    /// Matches words that start with it (only ever the last, unquoted word).
    pub prefix: bool,
}

impl Term {
    pub fn is_phrase(&self) -> bool {
        self.words.len() > 1
    }

    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub raw: String,
    pub terms: Vec<Term>,
}

/// Words too common to tell posts apart: dropped when a query is relaxed to "any word"
/// (PostgreSQL's `english` configuration drops them always; FTS5 has no such list).
const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i", "if", "in", "into", "is", "it", "its", "me",
    "my", "no", "not", "of", "on", "or", "our", "so", "that", "the", "their", "then", "there", "these", "this", "to", "was", "we", "what", "when", "where",
    "which", "who", "why", "will", "with", "you", "your",
];

/// Splits text into index words: letters and digits (with `_`, so identifiers survive).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

impl SearchQuery {
    /// Parses `q`; an empty query, one only of exclusions, or one over the length limit is a
    /// field error on `field`.
    pub fn parse(field: &str, q: &str) -> Result<Self, ApiError> {
        let raw = q.trim();
        if raw.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::field(field, &format!("must be at most {MAX_QUERY_CHARS} characters")));
        }
        let mut terms = Vec::new();
        let mut rest = raw;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[start..];
            let negated = rest.starts_with('-');
            if negated {
                rest = &rest[1..];
            }
            let (text, tail) = if let Some(inner) = rest.strip_prefix('"') {
                match inner.find('"') {
                    Some(end) => (&inner[..end], &inner[end + 1..]),
                    None => (inner, ""),
                }
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            };
            rest = tail;
            let ws: Vec<String> = words(text).collect();
            if ws.is_empty() {
                continue;
            }
            // Quoted, or `foo-bar` / `a.b` outside quotes: several words are one phrase.
            terms.push(Term { words: ws, negated, prefix: false });
        }
        terms.truncate(MAX_TERMS);
        // Still typing: the last bare word matches as a prefix.
        let typing = !q.ends_with(char::is_whitespace) && !raw.ends_with('"');
        if typing && let Some(last) = terms.last_mut() && !last.negated && last.words.len() == 1 && last.words[0].chars().count() >= 2 {
            last.prefix = true;
        }
        if !terms.iter().any(|t| !t.negated) {
            return Err(ApiError::field(field, "needs at least one word to look for"));
        }
        Ok(Self { raw: raw.to_string(), terms })
    }

    /// The word still being typed, if the last term is one.
    pub fn typing(&self) -> Option<&str> {
        self.terms.last().filter(|t| t.prefix).map(|t| t.words[0].as_str())
    }

    /// The word being typed is already a whole word of the vocabulary: it is looked for as
    /// that word. A prefix merges the postings of every word it starts, which on a common
    /// word costs more than the rest of the search together.
    pub fn finish_typing(&mut self) {
        if let Some(last) = self.terms.last_mut() {
            last.prefix = false;
        }
    }

    pub fn positive(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.negated)
    }

    pub fn negative(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| t.negated)
    }

    /// Every word a match could highlight, for snippets built outside the engine.
    pub fn highlight_words(&self) -> Vec<String> {
        self.positive().flat_map(|t| t.words.iter().cloned()).collect()
    }

    /// The query in FTS5's syntax: every positive term (`all`) or any of them, minus the
    /// excluded ones. Words are quoted, so nothing a reader types is read as an operator.
    pub fn fts5(&self, all: bool) -> String {
        let quote = |t: &Term| {
            let phrase = format!("\"{}\"", t.text().replace('"', "\"\""));
            if t.prefix { format!("{phrase}*") } else { phrase }
        };
        let relaxed;
        let q = if all {
            self
        } else {
            relaxed = self.without_stop_words();
            &relaxed
        };
        let positives: Vec<String> = q.positive().map(quote).collect();
        let joined = positives.join(if all { " AND " } else { " OR " });
        let mut out = format!("({joined})");
        for t in q.negative() {
            out.push_str(" NOT ");
            out.push_str(&quote(t));
        }
        out
    }

    /// The query without stop words among its single positive words (unless nothing else
    /// would be left), for matching any word.
    pub fn without_stop_words(&self) -> Self {
        let is_stop = |t: &Term| !t.negated && !t.is_phrase() && STOP_WORDS.contains(&t.words[0].as_str());
        if self.positive().all(is_stop) {
            return self.clone();
        }
        Self { raw: self.raw.clone(), terms: self.terms.iter().filter(|t| !is_stop(t)).cloned().collect() }
    }

    /// The same query with `replace` applied to single words (for "did you mean").
    pub fn rewritten(&self, replace: impl Fn(&str) -> Option<String>) -> Option<String> {
        let mut changed = false;
        let parts: Vec<String> = self
            .terms
            .iter()
            .map(|t| {
                let words: Vec<String> = t
                    .words
                    .iter()
                    .map(|w| match (t.is_phrase() || t.negated, replace(w)) {
                        (false, Some(better)) if better != *w => {
                            changed = true;
                            better
                        }
                        _ => w.clone(),
                    })
                    .collect();
                let text = words.join(" ");
                let text = if t.is_phrase() { format!("\"{text}\"") } else { text };
                if t.negated { format!("-{text}") } else { text }
            })
            .collect();
        changed.then(|| parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> SearchQuery {
        SearchQuery::parse("q", q).unwrap()
    }

    #[test]
    fn words_phrases_exclusions_and_a_prefix() {
        let q = parse(r#"borrow "move semantics" -unsafe chec"#);
        assert_eq!(q.terms.len(), 4);
        assert_eq!(q.terms[1].words, vec!["move", "semantics"]);
        assert!(q.terms[2].negated);
        assert!(q.terms[3].prefix);
        assert!(!q.terms[0].prefix);
        assert_eq!(q.fts5(true), r#"("borrow" AND "move semantics" AND "chec"*) NOT "unsafe""#);
        assert_eq!(q.fts5(false), r#"("borrow" OR "move semantics" OR "chec"*) NOT "unsafe""#);
    }

    #[test]
    fn any_word_drops_stop_words_unless_nothing_is_left() {
        assert_eq!(parse("making a loaf at home ").fts5(false), r#"("making" OR "loaf" OR "home")"#);
        assert_eq!(parse("the a ").fts5(false), r#"("the" OR "a")"#);
    }

    #[test]
    fn a_finished_word_is_not_a_prefix() {
        assert!(!parse("lifetimes ").terms[0].prefix);
        assert!(!parse(r#""lifetimes""#).terms[0].prefix);
    }

    #[test]
    fn operators_and_quotes_in_words_are_inert() {
        let q = parse(r#"a"b OR NEAR(x) *"#);
        assert!(q.fts5(true).chars().filter(|c| *c == '"').count() % 2 == 0);
        assert!(!q.fts5(true).contains("NEAR("));
    }

    #[test]
    fn empty_exclusion_only_and_long_queries_are_refused() {
        for q in ["", "   ", "-rust", "-- ...", &"x".repeat(MAX_QUERY_CHARS + 1)] {
            assert!(matches!(SearchQuery::parse("q", q), Err(ApiError::Validation(f)) if f[0].field == "q"), "{q:?}");
        }
    }

    #[test]
    fn rewriting_keeps_phrases_and_exclusions() {
        let q = parse(r#"pyhton "exact words" -javs"#);
        let fixed = q.rewritten(|w| (w == "pyhton").then(|| "python".to_string()));
        assert_eq!(fixed.as_deref(), Some(r#"python "exact words" -javs"#));
        assert_eq!(q.rewritten(|_| None), None);
    }
}
