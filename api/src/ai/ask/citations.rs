//! Keeps a streamed answer's citations honest: every `[n]` (or `[n, m]`) must name one of
//! the sources the model was given. Citations to numbers it wasn't given are dropped, with
//! the space before them, as the text streams. A citation can arrive split over several
//! pieces (`"… lazily ["`, `"7] and …"`), so a possible partial one (a space, `[`, digits,
//! commas) is held back until it resolves. Text inside backticks (code) is left alone:
//! `xs[10]` there is an index, not a citation.

use std::collections::BTreeSet;

/// Longest bracket contents held back waiting for `]` (e.g. `12, 13, 14`).
const MAX_HELD: usize = 24;

#[derive(Debug)]
pub struct CitationFilter {
    sources: u32,
    /// Text not yet let through: empty, one space, or an optional space, `[` and contents.
    held: String,
    /// Backticks seen so far: inside code while odd.
    backticks: usize,
    cited: BTreeSet<u32>,
}

impl CitationFilter {
    /// A filter for an answer given sources numbered `1..=sources`.
    pub fn new(sources: usize) -> Self {
        Self { sources: u32::try_from(sources).unwrap_or(u32::MAX), held: String::new(), backticks: 0, cited: BTreeSet::new() }
    }

    /// Takes the next piece of the answer; returns the text that can be sent now.
    pub fn push(&mut self, piece: &str) -> String {
        let mut out = String::with_capacity(piece.len() + self.held.len());
        for c in piece.chars() {
            self.step(c, &mut out);
        }
        out
    }

    /// Ends the answer: whatever was held back was not a citation.
    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.held)
    }

    /// The valid source numbers cited so far, ascending.
    pub fn cited(&self) -> Vec<u32> {
        self.cited.iter().copied().collect()
    }

    fn in_code(&self) -> bool {
        self.backticks % 2 == 1
    }

    fn step(&mut self, c: char, out: &mut String) {
        if self.held.is_empty() {
            self.start(c, out);
            return;
        }
        if !self.held.contains('[') {
            // A held space: another space lets it through, `[` may start a citation.
            match c {
                '[' => self.held.push(c),
                _ => {
                    out.push_str(&std::mem::take(&mut self.held));
                    self.start(c, out);
                }
            }
            return;
        }
        let inner_len = self.held.len() - self.held.find('[').map_or(0, |i| i + 1);
        match c {
            ']' => {
                let held = std::mem::take(&mut self.held);
                out.push_str(&self.resolve(&held));
            }
            '0'..='9' | ',' | ' ' if inner_len < MAX_HELD => self.held.push(c),
            _ => {
                out.push_str(&std::mem::take(&mut self.held));
                self.start(c, out);
            }
        }
    }

    /// A character with nothing held.
    fn start(&mut self, c: char, out: &mut String) {
        if c == '`' {
            self.backticks += 1;
        }
        if !self.in_code() && (c == ' ' || c == '[') {
            self.held.push(c);
        } else {
            out.push(c);
        }
    }

    /// `held` is `[ … ` or ` [ … ` and a `]` arrived: the citation as it may stand.
    fn resolve(&mut self, held: &str) -> String {
        let open = held.find('[').unwrap_or(0);
        let (space, inner) = (&held[..open], &held[open + 1..]);
        let numbers: Option<Vec<u32>> = inner.split(',').map(|n| n.trim().parse::<u32>().ok()).collect();
        let Some(numbers) = numbers.filter(|n| !n.is_empty()) else {
            // `[]`, `[ ]`, `[1,,2]`: not a citation, let it through as written.
            return format!("{held}]");
        };
        let mut kept: Vec<u32> = Vec::new();
        for n in numbers {
            if (1..=self.sources).contains(&n) && !kept.contains(&n) {
                kept.push(n);
            }
        }
        if kept.is_empty() {
            return String::new();
        }
        self.cited.extend(kept.iter().copied());
        let list: Vec<String> = kept.iter().map(u32::to_string).collect();
        format!("{space}[{}]", list.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sources: usize, pieces: &[&str]) -> (String, Vec<u32>) {
        let mut f = CitationFilter::new(sources);
        let mut out: String = pieces.iter().map(|p| f.push(p)).collect();
        out.push_str(&f.finish());
        (out, f.cited())
    }

    #[test]
    fn valid_citations_pass_and_are_recorded() {
        assert_eq!(run(3, &["Lazily [1] and [3]."]), ("Lazily [1] and [3].".into(), vec![1, 3]));
    }

    #[test]
    fn made_up_citations_are_dropped_with_their_space() {
        assert_eq!(run(2, &["Lazily [7]. Then [1] [9]."]), ("Lazily. Then [1].".into(), vec![1]));
        assert_eq!(run(2, &["[0] zero"]), (" zero".into(), vec![]));
    }

    #[test]
    fn citations_split_across_pieces_are_held_until_they_resolve() {
        let mut f = CitationFilter::new(2);
        assert_eq!(f.push("values lazily ["), "values lazily");
        assert_eq!(f.push("7"), "");
        assert_eq!(f.push("] and"), " and");
        assert_eq!(f.push(" then ["), " then");
        assert_eq!(f.push("2]"), " [2]");
        assert_eq!(f.finish(), "");
        assert_eq!(f.cited(), vec![2]);
        assert_eq!(run(6, &["a", " ", "[", "1", "", "2", "]", "b"]), ("ab".into(), vec![]));
        assert_eq!(run(12, &["a", " ", "[", "1", "", "2", "]", "b"]), ("a [12]b".into(), vec![12]));
    }

    #[test]
    fn lists_keep_only_real_sources() {
        assert_eq!(run(3, &["Both [1, 7, 3, 1]."]), ("Both [1, 3].".into(), vec![1, 3]));
        assert_eq!(run(3, &["None [8,9]."]), ("None.".into(), vec![]));
    }

    #[test]
    fn brackets_that_are_not_citations_pass_unchanged() {
        let text = "A [link](https://x.test), a list [a, b], [] and [ ], 1 [2 and [x] done [";
        assert_eq!(run(1, &[text]), (text.into(), vec![]));
        assert_eq!(run(1, &["a  b   c"]), ("a  b   c".into(), vec![]));
        assert_eq!(run(1, &["tail "]), ("tail ".into(), vec![]));
    }

    #[test]
    fn code_is_left_alone() {
        let text = "Use `xs[10]` or\n```\nys = [7, 8] [9]\n```\nthen [1] [9].";
        assert_eq!(run(1, &[text]), ("Use `xs[10]` or\n```\nys = [7, 8] [9]\n```\nthen [1].".into(), vec![1]));
    }

    #[test]
    fn unicode_passes_through() {
        assert_eq!(run(1, &["Ünïcødé ", "[", "1] — ok ", "[2]"]), ("Ünïcødé [1] — ok".into(), vec![1]));
    }
}
