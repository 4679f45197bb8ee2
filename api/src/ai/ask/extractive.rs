//! Answers without a chat model: the sentences of the retrieved passages that best answer
//! the question, each followed by its source's `[n]`. Sentences are ranked by the cosine of
//! their embedding to the question's when an embedder is available, else by the question's
//! words they contain.

use std::collections::HashSet;

use crate::{search::query::words, search::service::Retrieved, state::AppState};

/// Sentences an answer quotes, at most.
const MAX_SENTENCES: usize = 4;
/// Sentences embedded per question, at most, and per source: the built-in model takes
/// some 17 ms a sentence on two cores, and the answer can't start before they are ranked.
/// The sources are already the passages nearest the question; within each, the sentences
/// sharing most words with it (the first ones among equals) are embedded.
const MAX_EMBEDDED: usize = 12;
const MAX_EMBEDDED_PER_SOURCE: usize = 3;
/// Below this cosine a sentence does not answer the question (all-MiniLM-L6-v2 puts
/// unrelated sentences around 0–0.15).
const MIN_COSINE: f32 = 0.25;
/// A further sentence is quoted only when it scores at least this share of the best one.
const CLOSE_ENOUGH: f32 = 0.7;
const MAX_SENTENCE_CHARS: usize = 400;

pub const NOTHING_FOUND: &str = "I couldn't find anything in the posts that answers this question.";

/// A sentence of a source, as a candidate for the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index into the sources (the citation is `source + 1`).
    pub source: usize,
    pub text: String,
}

/// The answer's sentences, in the order they are quoted, each with its source number.
#[derive(Debug, Clone, PartialEq)]
pub struct Extract {
    pub sentences: Vec<(String, u32)>,
}

impl Extract {
    /// The answer's text pieces: one per sentence, citation before the final stop.
    pub fn pieces(&self) -> Vec<String> {
        if self.sentences.is_empty() {
            return vec![NOTHING_FOUND.to_string()];
        }
        self.sentences
            .iter()
            .enumerate()
            .map(|(i, (s, n))| {
                let sep = if i == 0 { "" } else { " " };
                match s.char_indices().last() {
                    Some((at, c @ ('.' | '!' | '?'))) => format!("{sep}{} [{n}]{c}", &s[..at]),
                    _ => format!("{sep}{s} [{n}]."),
                }
            })
            .collect()
    }

    pub fn cited(&self) -> Vec<u32> {
        let mut n: Vec<u32> = self.sentences.iter().map(|(_, n)| *n).collect();
        n.sort_unstable();
        n.dedup();
        n
    }
}

/// Picks the sentences that answer `question` best.
pub async fn answer(app: &AppState, question: &str, sources: &[Retrieved]) -> Extract {
    let mut candidates = candidates(sources);
    if candidates.is_empty() {
        return Extract { sentences: Vec::new() };
    }
    let overlap = overlap_scores(question, &candidates);
    if let Some(scores) = cosine_scores(app, question, &mut candidates, &overlap).await {
        return pick(&candidates, &scores, MIN_COSINE);
    }
    // Word overlap: a sentence sharing no word with the question doesn't answer it.
    pick(&candidates, &overlap, f32::MIN_POSITIVE)
}

/// Which candidates to embed: per source the [`MAX_EMBEDDED_PER_SOURCE`] sharing most words
/// with the question, best sources first, [`MAX_EMBEDDED`] in all; indices in order.
pub fn to_embed(candidates: &[Candidate], overlap: &[f32]) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut source_start = 0;
    while source_start < candidates.len() && chosen.len() < MAX_EMBEDDED {
        let source = candidates[source_start].source;
        let end = candidates[source_start..].iter().position(|c| c.source != source).map_or(candidates.len(), |k| source_start + k);
        let mut of_source: Vec<usize> = (source_start..end).collect();
        of_source.sort_by(|a, b| overlap[*b].total_cmp(&overlap[*a]).then(a.cmp(b)));
        chosen.extend(of_source.into_iter().take(MAX_EMBEDDED_PER_SOURCE));
        source_start = end;
    }
    chosen.truncate(MAX_EMBEDDED);
    chosen.sort_unstable();
    chosen
}

/// Cosine scores, with `candidates` cut to those [`to_embed`] picks; `None` without an
/// embedder or when it fails (word overlap is used instead).
async fn cosine_scores(app: &AppState, question: &str, candidates: &mut Vec<Candidate>, overlap: &[f32]) -> Option<Vec<f32>> {
    let embedder = app.ai.embedder().ok()?.clone();
    let keep = to_embed(candidates, overlap);
    *candidates = keep.into_iter().map(|i| candidates[i].clone()).collect();
    let q = match app.ai.embed_query(question).await {
        Ok(q) => q,
        Err(e) => {
            tracing::warn!(error = %e, "question embedding failed; ranking sentences by shared words");
            return None;
        }
    };
    let vectors = match embedder.embed(candidates.iter().map(|c| c.text.clone()).collect()).await {
        Ok(v) if v.len() == candidates.len() => v,
        Ok(_) => return None,
        Err(e) => {
            tracing::warn!(error = %e, "sentence embedding failed; ranking sentences by shared words");
            return None;
        }
    };
    // Vectors are L2-normalised: the dot product is the cosine.
    Some(vectors.iter().map(|v| v.iter().zip(&q).map(|(a, b)| a * b).sum()).collect())
}

/// The best sentence, then up to [`MAX_SENTENCES`] in all that score at least `threshold`
/// and close to it; a sentence already quoted (or nearly) is not quoted twice.
pub fn pick(candidates: &[Candidate], scores: &[f32], threshold: f32) -> Extract {
    let mut order: Vec<usize> = (0..candidates.len()).filter(|i| scores[*i] >= threshold).collect();
    order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]).then(candidates[*a].source.cmp(&candidates[*b].source)).then(a.cmp(b)));
    let Some(&best) = order.first() else { return Extract { sentences: Vec::new() } };
    let mut chosen: Vec<usize> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for i in order {
        if chosen.len() == MAX_SENTENCES {
            break;
        }
        if chosen.len() >= 2 && scores[i] < scores[best] * CLOSE_ENOUGH {
            break;
        }
        let key: String = words(&candidates[i].text).collect::<Vec<_>>().join(" ");
        if seen.insert(key) {
            chosen.push(i);
        }
    }
    Extract { sentences: chosen.into_iter().map(|i| (candidates[i].text.clone(), candidates[i].source as u32 + 1)).collect() }
}

/// The prose sentences of every source, in source order.
pub fn candidates(sources: &[Retrieved]) -> Vec<Candidate> {
    sources.iter().enumerate().flat_map(|(source, s)| split_sentences(&s.text).into_iter().filter(|t| is_prose(t)).map(move |text| Candidate { source, text })).collect()
}

/// Lines (blocks, list items, code lines), then sentences within them: a `.`, `!` or `?`
/// followed by a space and a capital letter, a digit or a quote ends one.
pub fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut start = 0;
        for (k, &(at, c)) in chars.iter().enumerate() {
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            let next = chars.get(k + 1).map(|x| x.1);
            let after = chars.get(k + 2).map(|x| x.1);
            let ends = next.is_some_and(char::is_whitespace) && after.is_some_and(|a| a.is_uppercase() || a.is_ascii_digit() || matches!(a, '"' | '“' | '\'' | '('));
            if ends {
                out.push(line[start..at + c.len_utf8()].trim().to_string());
                start = at + c.len_utf8();
            }
        }
        out.push(line[start..].trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    for s in &mut out {
        if let Some((at, _)) = s.char_indices().nth(MAX_SENTENCE_CHARS) {
            let cut = s[..at].rfind(' ').unwrap_or(at);
            *s = format!("{}…", s[..cut].trim_end_matches([',', ';', ':']));
        }
    }
    out
}

/// Reads as a sentence of prose: enough words, mostly letters and digits, not code or a
/// lead-in.
pub fn is_prose(s: &str) -> bool {
    let n_words = s.split_whitespace().count();
    if !(4..=120).contains(&n_words) || s.ends_with(':') {
        return false;
    }
    let total = s.chars().count();
    let plain = s.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '.' | ',' | ';' | '\'' | '"' | '!' | '?' | '-' | '’' | '“' | '”' | '—' | '–')).count();
    plain * 100 >= total * 85
}

const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of",
    "on", "or", "should", "so", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why",
    "will", "with", "you", "your",
];

/// A word reduced to a crude stem, so "generators" matches "generator".
fn stem(w: &str) -> String {
    let n = w.chars().count();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for suffix in ["ing", "ed", "es", "s"] {
        if n > suffix.len() + 3 && w.ends_with(suffix) && !w.ends_with("ss") {
            return w[..w.len() - suffix.len()].to_string();
        }
    }
    w.to_string()
}

fn terms(text: &str) -> HashSet<String> {
    words(text).filter(|w| !STOP_WORDS.contains(&w.as_str())).map(|w| stem(&w)).collect()
}

/// The share of the question's words each sentence contains (0 when none); earlier
/// sources win ties by a hair.
pub fn overlap_scores(question: &str, candidates: &[Candidate]) -> Vec<f32> {
    let q = terms(question);
    candidates
        .iter()
        .map(|c| {
            let matched = terms(&c.text).intersection(&q).count();
            if matched == 0 || q.is_empty() { 0.0 } else { matched as f32 / q.len() as f32 + 0.001 / (c.source as f32 + 1.0) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn source(text: &str) -> Retrieved {
        Retrieved { chunk_id: 1, post_id: Uuid::nil(), post_title: "T".into(), post_slug: "t".into(), heading: String::new(), anchor: None, text: text.into(), score: 1.0 }
    }

    #[test]
    fn sentences_split_at_stops_and_lines_and_code_is_not_prose() {
        let text = "Generators yield values one at a time. They keep their state, e.g. locals between calls! Why? Because 2 calls.\nprint(next(gen))\nHere is how:";
        let s = split_sentences(text);
        assert_eq!(s, ["Generators yield values one at a time.", "They keep their state, e.g. locals between calls!", "Why?", "Because 2 calls.", "print(next(gen))", "Here is how:"]);
        let prose: Vec<&String> = s.iter().filter(|x| is_prose(x)).collect();
        assert_eq!(prose, ["Generators yield values one at a time.", "They keep their state, e.g. locals between calls!"]);
        assert!(!is_prose("for i in range(10): total += i * 2"));
    }

    #[test]
    fn overlap_ranks_sentences_sharing_the_question_words() {
        let sources = [
            source("Bread needs flour and water. Knead the dough for ten minutes."),
            source("Generators produce values lazily, one at a time. A generator keeps its local state between calls. Lists hold every value in memory at once."),
        ];
        let c = candidates(&sources);
        let scores = overlap_scores("Why do generators save memory compared to lists?", &c);
        let e = pick(&c, &scores, f32::MIN_POSITIVE);
        assert_eq!(e.sentences[0], ("Lists hold every value in memory at once.".to_string(), 2));
        assert!(e.sentences.iter().all(|(_, n)| *n == 2), "{e:?}");
        assert!((2..=4).contains(&e.sentences.len()), "{e:?}");
        assert_eq!(e.cited(), vec![2]);
        assert_eq!(e.pieces()[0], "Lists hold every value in memory at once [2].");
        assert!(e.pieces()[1].starts_with(' '));
    }

    #[test]
    fn nothing_relevant_says_so_without_citations() {
        let c = candidates(&[source("Bread needs flour and water to rise well.")]);
        let e = pick(&c, &overlap_scores("quantum entanglement basics", &c), f32::MIN_POSITIVE);
        assert!(e.sentences.is_empty());
        assert_eq!(e.pieces(), vec![NOTHING_FOUND.to_string()]);
        assert!(e.cited().is_empty());
    }

    #[test]
    fn a_few_sentences_of_each_source_are_embedded_best_sources_first() {
        let text = |i: usize| (0..10).map(|j| format!("Sentence {j} of source {i} about {}.", if j == 7 { "yeast" } else { "things" })).collect::<Vec<_>>().join(" ");
        let sources: Vec<Retrieved> = (0..6).map(|i| source(&text(i))).collect();
        let c = candidates(&sources);
        assert_eq!(c.len(), 60);
        let picked = to_embed(&c, &overlap_scores("yeast", &c));
        assert_eq!(picked.len(), MAX_EMBEDDED);
        assert!(picked.windows(2).all(|w| w[0] < w[1]));
        // Sources 1 to 4, three sentences each: the one with the question's word and the first two.
        for (k, i) in picked.iter().enumerate() {
            assert_eq!(c[*i].source, k / 3);
        }
        assert!(picked.iter().filter(|i| c[**i].text.contains("yeast")).count() == 4);
    }

    #[test]
    fn at_most_four_and_no_duplicates() {
        let text = "Rust moves values by default here. Rust moves values by default here. Rust borrows values too in places. Rust copies small values sometimes. Rust drops values at scope end. Rust values live somewhere.";
        let c = candidates(&[source(text)]);
        let e = pick(&c, &vec![1.0; c.len()], 0.5);
        assert_eq!(e.sentences.len(), 4);
        assert_eq!(e.sentences.iter().filter(|(s, _)| s.starts_with("Rust moves")).count(), 1);
    }
}
