//! Cuts a post into chunks along its sections, as plain text, for embedding and retrieval.
//!
//! A post's h1, h2 and h3 headings (top-level ones, as the renderer gives them ids) open
//! sections; text before the first heading is a section with an empty path. A section's
//! blocks (paragraphs, lists, code blocks, tables, …) are packed into chunks of about
//! [`TARGET_TOKENS`] tokens, cut only between blocks. A code block is never split; other
//! blocks longer than [`MAX_TOKENS`] are cut at lines, then sentences, then words. Chunks
//! never span two sections, nor the teaser boundary of [`crate::markdown::teaser_end_offset`].
//!
//! Token counts are estimated as `words * 4 / 3` (whitespace-separated words; English prose
//! averages about 1.3 word pieces per word with BERT-style vocabularies). The built-in model
//! reads at most 256 word pieces, so chunks stay below that for ordinary prose.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::{domain::slugify, markdown};

/// Chunks are packed up to about this many (estimated) tokens.
pub const TARGET_TOKENS: usize = 250;
/// No chunk grows past this many tokens, except one holding a single long code block.
pub const MAX_TOKENS: usize = 300;

/// One piece of a post, ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// 0, 1, 2, … in document order.
    pub position: i32,
    /// The headings the chunk sits under, outermost first (`["Install", "On Linux"]`); empty
    /// before the first heading.
    pub heading_path: Vec<String>,
    /// The id the rendered page gives the nearest heading above the chunk, for a `#anchor`
    /// link; `None` before any heading.
    pub anchor: Option<String>,
    /// Plain text: markdown syntax removed, code kept verbatim, links reduced to their text.
    pub text: String,
    /// True when the post is premium and the chunk lies after its teaser.
    pub behind_paywall: bool,
}

/// The text a chunk is embedded from: the post title and the chunk's heading path (as
/// stored, joined by " › ") as a first line — they often carry the words a question uses —
/// then the chunk's text.
pub fn embedding_input(title: &str, heading: &str, text: &str) -> String {
    let context: Vec<&str> = [title.trim(), heading.trim()].into_iter().filter(|s| !s.is_empty()).collect();
    if context.is_empty() { text.to_string() } else { format!("{}\n\n{text}", context.join(" › ")) }
}

/// Cuts a post into chunks. The title is not part of any chunk (see
/// [`embedding_input`]); a leading h1 that only repeats it opens no section.
pub fn chunk_post(title: &str, markdown: &str, premium: bool) -> Vec<Chunk> {
    let teaser_end = if premium { markdown::teaser_end_offset(markdown) } else { usize::MAX };
    let mut sections: Vec<Section> = Vec::new();
    let mut section = Section::default();
    let mut h2: Option<(String, Option<String>)> = None;
    for (i, block) in top_level_blocks(markdown).into_iter().enumerate() {
        match block.heading {
            Some((level, text)) if level <= HeadingLevel::H3 => {
                if i == 0 && level == HeadingLevel::H1 && same_words(&text, title) {
                    continue;
                }
                // The renderer's id rule: the slug of the heading's text, none when empty.
                let id = slugify(&text);
                let id = (!id.is_empty()).then_some(id);
                let name = text.trim().to_string();
                let (heading_path, anchor) = match (level, &h2) {
                    (HeadingLevel::H3, Some((parent, parent_id))) => (vec![parent.clone(), name], id.or_else(|| parent_id.clone())),
                    (HeadingLevel::H3, None) => (vec![name], id),
                    _ => {
                        h2 = Some((name.clone(), id.clone()));
                        (vec![name], id)
                    }
                };
                sections.push(std::mem::replace(&mut section, Section { heading_path, anchor, pieces: Vec::new() }));
            }
            _ => {
                let behind = block.range.start >= teaser_end;
                // The teaser ends at a block boundary; the part of a section after it is
                // packed on its own, so no chunk is half free and half paid.
                if behind && section.pieces.last().is_some_and(|p| !p.behind) {
                    let rest = Section { heading_path: section.heading_path.clone(), anchor: section.anchor.clone(), pieces: Vec::new() };
                    sections.push(std::mem::replace(&mut section, rest));
                }
                if block.code {
                    section.pieces.push(Piece { tokens: estimate_tokens(&block.text), text: block.text, behind });
                } else {
                    section.pieces.extend(split_long(&block.text).into_iter().map(|text| Piece { tokens: estimate_tokens(&text), text, behind }));
                }
            }
        }
    }
    sections.push(section);

    let mut chunks = Vec::new();
    for section in sections {
        for (text, behind) in pack(&section.pieces) {
            chunks.push(Chunk {
                position: chunks.len() as i32,
                heading_path: section.heading_path.clone(),
                anchor: section.anchor.clone(),
                text,
                behind_paywall: behind,
            });
        }
    }
    chunks
}

/// Cuts one page of a document attached to a post into chunks, numbered from `position`.
/// The heading names the document and the page ("paper.pdf, page 3"), so an answer citing
/// it says where to look; the whole document sits behind the paywall of a premium post.
pub fn chunk_document_page(position: i32, document: &str, page: i32, text: &str, behind_paywall: bool) -> Vec<Chunk> {
    let pieces: Vec<Piece> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(split_long)
        .map(|text| Piece { tokens: estimate_tokens(&text), text, behind: behind_paywall })
        .collect();
    pack(&pieces)
        .into_iter()
        .enumerate()
        .map(|(i, (text, behind))| Chunk { position: position + i as i32, heading_path: vec![format!("{document}, page {page}")], anchor: None, text, behind_paywall: behind })
        .collect()
}

/// Estimated model tokens of a text: `words * 4 / 3`, rounded up.
pub fn estimate_tokens(text: &str) -> usize {
    (text.split_whitespace().count() * 4).div_ceil(3)
}

#[derive(Default)]
struct Section {
    heading_path: Vec<String>,
    anchor: Option<String>,
    pieces: Vec<Piece>,
}

/// A block (or a part of a long one) with its size; pieces are what chunks are made of.
struct Piece {
    text: String,
    tokens: usize,
    behind: bool,
}

/// Packs a section's pieces, in order, into chunks of about [`TARGET_TOKENS`]: the section's
/// size decides how many chunks it needs, and the chunks share it about evenly, so a long
/// section doesn't end in a scrap. Returns each chunk's text and paywall flag.
fn pack(pieces: &[Piece]) -> Vec<(String, bool)> {
    let total: usize = pieces.iter().map(|p| p.tokens).sum();
    let wanted = total.div_ceil(TARGET_TOKENS).max(1);
    let share = total.div_ceil(wanted).max(1);
    let mut out = Vec::new();
    let mut current: Vec<&Piece> = Vec::new();
    let mut tokens = 0;
    let flush = |current: &mut Vec<&Piece>, out: &mut Vec<(String, bool)>| {
        if let Some(first) = current.first() {
            let text = current.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n\n");
            out.push((text, first.behind));
        }
        current.clear();
    };
    for piece in pieces {
        if !current.is_empty() && (tokens >= share || tokens + piece.tokens > MAX_TOKENS) {
            flush(&mut current, &mut out);
            tokens = 0;
        }
        current.push(piece);
        tokens += piece.tokens;
    }
    flush(&mut current, &mut out);
    out
}

/// Cuts a non-code block longer than [`MAX_TOKENS`] into parts that fit: at line breaks
/// (list items, table rows), then at sentence ends, then between words.
fn split_long(text: &str) -> Vec<String> {
    if estimate_tokens(text) <= MAX_TOKENS {
        return vec![text.to_string()];
    }
    let units: Vec<&str> = if text.contains('\n') {
        text.split('\n').filter(|l| !l.trim().is_empty()).collect()
    } else if let Some(sentences) = sentences(text) {
        sentences
    } else {
        // One enormous sentence: cut between words.
        let words: Vec<&str> = text.split_whitespace().collect();
        let per = MAX_TOKENS * 3 / 4;
        return words.chunks(per).map(|w| w.join(" ")).collect();
    };
    let joiner = if text.contains('\n') { "\n" } else { " " };
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for unit in units {
        for part in split_long(unit.trim()) {
            if !current.is_empty() && estimate_tokens(&current) + estimate_tokens(&part) > MAX_TOKENS {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push_str(joiner);
            }
            current.push_str(&part);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A paragraph's sentences, when it has more than one.
fn sentences(text: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'?' | b'!') && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace) {
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    (out.len() > 1).then_some(out)
}

fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    norm(a) == norm(b)
}

/// One top-level block of the source, as plain text.
struct Block {
    range: Range<usize>,
    /// Level and text of a heading block; the text is what the renderer slugifies for its id.
    heading: Option<(HeadingLevel, String)>,
    code: bool,
    text: String,
}

/// The post's top-level blocks in order, each reduced to plain text: markup dropped, code
/// (inline and blocks) kept verbatim, links and images reduced to their text, raw HTML and
/// footnote markers dropped. Empty blocks are left out.
fn top_level_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Block> = None;
    for (event, range) in Parser::new_ext(markdown, markdown::options()).into_offset_iter() {
        if depth == 0 {
            let (heading, code) = match &event {
                Event::Start(Tag::Heading { level, .. }) => (Some((*level, String::new())), false),
                Event::Start(Tag::CodeBlock(_)) => (None, true),
                _ => (None, false),
            };
            current = Some(Block { range: range.clone(), heading, code, text: String::new() });
        }
        let Some(block) = current.as_mut() else { continue };
        match event {
            Event::Start(tag) => {
                depth += 1;
                match tag {
                    Tag::Paragraph | Tag::Item | Tag::TableHead | Tag::TableRow | Tag::BlockQuote(_) | Tag::CodeBlock(_) => line_break(&mut block.text),
                    Tag::TableCell if !block.text.is_empty() && !block.text.ends_with('\n') => block.text.push_str(" | "),
                    _ => {}
                }
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if matches!(tag, TagEnd::Paragraph | TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow | TagEnd::BlockQuote(_) | TagEnd::Heading(_)) {
                    line_break(&mut block.text);
                }
            }
            // Heading text is gathered as the renderer does for its ids: text and code spans.
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, heading)) = block.heading.as_mut() {
                    heading.push_str(&t);
                }
                block.text.push_str(&t);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => block.text.push_str(&t),
            Event::SoftBreak => block.text.push(' '),
            Event::HardBreak => block.text.push('\n'),
            Event::Rule | Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
        if depth == 0
            && let Some(mut done) = current.take()
        {
            done.range.end = range.end;
            done.text = if done.code { done.text.trim_matches('\n').trim_end().to_string() } else { done.text.trim().to_string() };
            if !done.text.is_empty() || done.heading.is_some() {
                blocks.push(done);
            }
        }
    }
    blocks
}

fn line_break(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize, word: &str) -> String {
        vec![word; n].join(" ")
    }

    #[test]
    fn headings_give_paths_and_the_renderers_anchors() {
        let md = "Before any heading.\n\n## Install it\n\nGet the *binary*.\n\n### On `Linux`\n\nUse [apt](https://example.com).\n\n### macOS!\n\nUse brew.\n\n## Use\n\nRun it.\n\n#### Small heading\n\nStill in Use.\n";
        let chunks = chunk_post("A post", md, false);
        let summary: Vec<(Vec<&str>, Option<&str>, &str)> =
            chunks.iter().map(|c| (c.heading_path.iter().map(String::as_str).collect(), c.anchor.as_deref(), c.text.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (vec![], None, "Before any heading."),
                (vec!["Install it"], Some("install-it"), "Get the binary."),
                (vec!["Install it", "On Linux"], Some("on-linux"), "Use apt."),
                (vec!["Install it", "macOS!"], Some("macos"), "Use brew."),
                (vec!["Use"], Some("use"), "Run it.\n\nSmall heading\n\nStill in Use."),
            ]
        );
        assert_eq!(chunks.iter().map(|c| c.position).collect::<Vec<_>>(), vec![0, 1, 2, 3, 4]);
        // The anchors are the ids the rendered page carries.
        let html = markdown::render(md).html;
        for anchor in chunks.iter().filter_map(|c| c.anchor.as_deref()) {
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{anchor} not in {html}");
        }
    }

    #[test]
    fn a_leading_h1_repeating_the_title_is_no_section() {
        let chunks = chunk_post("Hello  World", "# hello world\n\nIntro.\n\n# Other\n\nText.\n", false);
        assert_eq!(chunks[0].heading_path, Vec::<String>::new());
        assert_eq!(chunks[0].text, "Intro.");
        assert_eq!(chunks[1].heading_path, vec!["Other"]);
        assert_eq!(chunks[1].anchor.as_deref(), Some("other"));
    }

    #[test]
    fn markup_is_stripped_and_code_kept_verbatim() {
        let md = "## Code\n\nCall `run()` **now**, see ![the diagram](x.png) and <span>this</span>.\n\n- one\n- two\n\n```rust\nfn main() {\n    println!(\"*not emphasis*\");\n}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let chunks = chunk_post("t", md, false);
        assert_eq!(chunks.len(), 1);
        assert_eq!(
            chunks[0].text,
            "Call run() now, see the diagram and this.\n\none\ntwo\n\nfn main() {\n    println!(\"*not emphasis*\");\n}\n\na | b\n1 | 2"
        );
    }

    #[test]
    fn a_long_section_splits_at_paragraphs_within_the_target() {
        let paragraphs: Vec<String> = (0..12).map(|i| words(60, &format!("p{i}"))).collect();
        let md = format!("## Long\n\n{}\n\n## Next\n\nshort\n", paragraphs.join("\n\n"));
        let chunks = chunk_post("t", &md, false);
        let long: Vec<&Chunk> = chunks.iter().filter(|c| c.heading_path == ["Long"]).collect();
        assert!(long.len() >= 3, "{} chunks", long.len());
        for c in &long {
            let tokens = estimate_tokens(&c.text);
            assert!((150..=MAX_TOKENS).contains(&tokens), "{tokens} tokens");
            // Cut between paragraphs: every paragraph is whole in exactly one chunk.
            for p in c.text.split("\n\n") {
                assert!(paragraphs.iter().any(|q| q == p), "{p:?}");
            }
        }
        assert_eq!(long.iter().map(|c| c.text.split("\n\n").count()).sum::<usize>(), 12);
        // Small pieces of another section are not merged into these.
        assert_eq!(chunks.last().map(|c| c.text.as_str()), Some("short"));
    }

    #[test]
    fn small_pieces_of_a_section_stay_together() {
        let chunks = chunk_post("t", "## A\n\none\n\ntwo\n\n- three\n\n## B\n\nfour\n", false);
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].text, "one\n\ntwo\n\nthree");
    }

    #[test]
    fn a_code_block_is_never_split() {
        let code: String = (0..200).map(|i| format!("let value_{i} = compute({i}) + offset;\n")).collect();
        let md = format!("## Code\n\n{}\n\n```rust\n{code}```\n\n{}\n", words(100, "before"), words(100, "after"));
        let chunks = chunk_post("t", &md, false);
        let holding: Vec<&Chunk> = chunks.iter().filter(|c| c.text.contains("let value_")).collect();
        assert_eq!(holding.len(), 1);
        assert_eq!(holding[0].text, code.trim_end());
        assert!(estimate_tokens(&holding[0].text) > MAX_TOKENS);
        assert_eq!(chunks.len(), 3);
    }

    #[test]
    fn a_huge_paragraph_is_cut_at_sentences() {
        let sentence = format!("{}.", words(30, "word"));
        let md = vec![sentence.as_str(); 20].join(" ");
        let chunks = chunk_post("t", &md, false);
        assert!(chunks.len() >= 3);
        for c in &chunks {
            assert!(estimate_tokens(&c.text) <= MAX_TOKENS);
            assert!(c.text.ends_with('.'));
        }
        let all: Vec<String> = chunks.iter().map(|c| c.text.clone()).collect();
        assert_eq!(all.join(" "), md);
    }

    #[test]
    fn premium_chunks_after_the_teaser_are_behind_the_paywall() {
        let md = "Intro.\n\n## First\n\nFree part.\n\n## Second\n\nPaid part.\n\n### Deeper\n\nMore paid.\n";
        let flags = |premium| chunk_post("t", md, premium).into_iter().map(|c| (c.text, c.behind_paywall)).collect::<Vec<_>>();
        assert_eq!(
            flags(true),
            vec![("Intro.".into(), false), ("Free part.".into(), false), ("Paid part.".into(), true), ("More paid.".into(), true)]
        );
        assert!(flags(false).iter().all(|(_, behind)| !behind));
    }

    #[test]
    fn no_chunk_straddles_the_teaser_without_sections() {
        // Without sections the teaser is the first three blocks; they'd otherwise share a chunk
        // with the rest.
        let md = "one\n\ntwo\n\nthree\n\nfour\n\nfive\n\nsix\n\nseven\n";
        let chunks = chunk_post("t", md, true);
        assert_eq!(
            chunks.iter().map(|c| (c.text.as_str(), c.behind_paywall)).collect::<Vec<_>>(),
            vec![("one\n\ntwo\n\nthree", false), ("four\n\nfive\n\nsix\n\nseven", true)]
        );
        let teaser = markdown::render(md).teaser_html;
        assert!(teaser.contains("three") && !teaser.contains("four"));
        assert_eq!(chunk_post("t", md, false).len(), 1);
    }

    #[test]
    fn empty_posts_have_no_chunks() {
        assert!(chunk_post("t", "", false).is_empty());
        assert!(chunk_post("t", "## Only a heading\n", false).is_empty());
    }

    #[test]
    fn embedding_input_names_title_and_path() {
        assert_eq!(embedding_input("Rust", "Install › On Linux", "apt"), "Rust › Install › On Linux\n\napt");
        assert_eq!(embedding_input(" ", "", "apt"), "apt");
    }
}
