//! Markdown to sanitized HTML, the teaser shown behind the paywall, and reading time.

use std::{collections::HashSet, sync::LazyLock};

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// The rendered forms of one post body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub teaser_html: String,
    pub reading_minutes: i32,
}

const WORDS_PER_MINUTE: usize = 200;
/// Without section headings, the teaser is this many top-level blocks.
const TEASER_BLOCKS: usize = 3;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(["h1", "h2", "h3", "h4", "h5", "h6", "input", "figure", "figcaption", "picture", "source"])
        .add_tag_attributes("source", ["type", "srcset", "sizes"])
        .add_tag_attributes("img", ["loading", "decoding"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // Only `language-xyz` classes survive: they drive highlighting and nothing else.
            ("code", "class") => {
                let language = value
                    .split_whitespace()
                    .find(|c| c.strip_prefix("language-").is_some_and(|l| !l.is_empty() && l.chars().all(|ch| ch.is_ascii_alphanumeric() || "+#-_".contains(ch))))?;
                let flag = value.split_whitespace().find(|c| matches!(*c, "cell-norun" | "cell-hidden"));
                Some(flag.map_or_else(|| language.to_string(), |f| format!("{language} {f}")).into())
            }
            ("input", "type") => (value == "checkbox").then(|| value.into()),
            // `<picture>` sources are this site's own WebP renditions and nothing else.
            ("source", "type") => (value == "image/webp").then(|| value.into()),
            ("source", "srcset") => value.split(',').all(|c| c.trim().starts_with(crate::uploads::names::PUBLIC_PATH)).then(|| value.into()),
            ("img", "loading") => (value == "lazy").then(|| value.into()),
            ("img", "decoding") => (value == "async").then(|| value.into()),
            // Table alignment is the only style markdown produces; nothing may be appended to it.
            ("th" | "td", "style") => matches!(value.trim().trim_end_matches(';'), "text-align: left" | "text-align: center" | "text-align: right" | "text-align:left" | "text-align:center" | "text-align:right")
                .then(|| value.into()),
            _ => Some(value.into()),
        });
    b
});

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES
}

/// Renders markdown events to HTML, adding stable ids to h2/h3 so sections can be linked.
fn render_events<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut out = String::new();
    let mut heading: Option<(HeadingLevel, Vec<Event<'a>>)> = None;
    let mut buffered: Vec<Event<'a>> = Vec::new();
    let mut picture: Option<(String, String, String)> = None;
    for event in events {
        // An uploaded image (its URL names its widths) becomes a `<picture>` with its WebP
        // renditions; its alt text is the image's inline text.
        if let Some((src, srcset, alt)) = &mut picture {
            match event {
                Event::End(TagEnd::Image) => {
                    let (src, srcset, alt) = (escape_html(src), escape_html(srcset), escape_html(alt));
                    buffered.push(Event::InlineHtml(
                        format!(r#"<picture><source type="image/webp" srcset="{srcset}" sizes="(max-width: 48rem) 100vw, 48rem"><img src="{src}" alt="{alt}" loading="lazy" decoding="async"></picture>"#).into(),
                    ));
                    picture = None;
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::Image { dest_url, .. }) = &event
            && heading.is_none()
            && let Some(srcset) = crate::uploads::names::srcset(dest_url)
        {
            picture = Some((dest_url.to_string(), srcset, String::new()));
            continue;
        }
        match (&mut heading, event) {
            (None, Event::Start(Tag::Heading { level, .. })) => heading = Some((level, Vec::new())),
            (Some((level, inner)), Event::End(TagEnd::Heading(_))) => {
                let text: String = inner.iter().filter_map(|e| match e { Event::Text(t) | Event::Code(t) => Some(t.as_ref()), _ => None }).collect();
                let level = *level;
                let id = crate::domain::slugify(&text);
                buffered.push(Event::Start(Tag::Heading { level, id: (!id.is_empty() && level <= HeadingLevel::H3).then(|| id.into()), classes: vec![], attrs: vec![] }));
                buffered.append(inner);
                buffered.push(Event::End(TagEnd::Heading(level)));
                heading = None;
            }
            (Some((_, inner)), e) => inner.push(e),
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))) => {
                // Keep only the language word of an info string like "python title=x"; a
                // Python block may say `norun` (shown, not runnable) or `hidden` (setup code
                // the page runs but does not show), which the page reads from a class.
                let mut words = info.split_whitespace();
                let lang = words.next().unwrap_or("").to_ascii_lowercase();
                let flag = if lang == "python" { words.find_map(|w| match w { "norun" => Some("cell-norun"), "hidden" => Some("cell-hidden"), _ => None }) } else { None };
                match flag {
                    Some(flag) => buffered.push(Event::Html(format!("<pre><code class=\"language-python {flag}\">").into())),
                    None => buffered.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang.into())))),
                }
            }
            (None, e) => buffered.push(e),
        }
    }
    html::push_html(&mut out, buffered.into_iter());
    out
}

/// The runnable Python cells in rendered (sanitized) HTML, in page order, each as whether it
/// is hidden setup code: `language-python` code blocks not marked `cell-norun`. A plain
/// scan: the renderer writes these class attributes itself.
pub fn python_cells(html: &str) -> Vec<bool> {
    let mut cells = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<pre><code class=\"language-python") {
        rest = &rest[at + "<pre><code class=\"".len()..];
        let classes = &rest[..rest.find('"').unwrap_or(0)];
        if !classes.split_whitespace().any(|c| c == "cell-norun") {
            cells.push(classes.split_whitespace().any(|c| c == "cell-hidden"));
        }
    }
    cells
}

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

pub fn render(markdown: &str) -> Rendered {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let html = sanitize(&render_events(events.clone().into_iter()));
    let teaser_html = sanitize(&render_events(teaser_events(&events).into_iter()));
    let words = markdown.split_whitespace().count();
    let reading_minutes = words.div_ceil(WORDS_PER_MINUTE).max(1) as i32;
    Rendered { html, teaser_html, reading_minutes }
}

/// The opening of a post, cut at a section boundary: everything before the second `#`/`##`
/// section; for posts without sections, the first few blocks but never more than half.
fn teaser_events<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    events[..teaser_cut(events)].to_vec()
}

/// Where the teaser ends in the markdown source, as a byte offset: the source before it
/// renders to the same teaser as [`render`]'s `teaser_html`, by the same rule (but for a
/// reference link whose `[label]: url` definition comes after the offset, which only the
/// whole post resolves). Everything from the offset on is what the paywall hides.
pub fn teaser_end_offset(markdown: &str) -> usize {
    let (events, ranges): (Vec<Event>, Vec<std::ops::Range<usize>>) = Parser::new_ext(markdown, options()).into_offset_iter().unzip();
    // The first event the teaser leaves out starts the hidden part; the blank lines and link
    // reference definitions between two blocks stay with the teaser.
    ranges.get(teaser_cut(&events)).map_or(markdown.len(), |r| r.start)
}

/// How many of a post's events make up its teaser (see [`teaser_events`]).
fn teaser_cut(events: &[Event<'_>]) -> usize {
    let mut depth = 0usize;
    let mut block_ends = Vec::new();
    let mut section_starts = Vec::new();
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::Heading { level: HeadingLevel::H1 | HeadingLevel::H2, .. }) {
                    section_starts.push(i);
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    block_ends.push(i + 1);
                }
            }
            _ if depth == 0 => block_ends.push(i + 1),
            _ => {}
        }
    }
    match section_starts.get(1) {
        Some(&start) => start,
        None => {
            let blocks = TEASER_BLOCKS.min((block_ends.len() / 2).max(1));
            block_ends.get(blocks - 1).copied().unwrap_or(events.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_handlers_and_javascript_links() {
        let r = render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) <a href=\"javascript:bad()\">y</a>");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
    }

    #[test]
    fn table_cells_keep_alignment_and_nothing_else() {
        let r = render("| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n<table><tr><td style=\"text-align:left;position:fixed;top:0\">x</td></tr></table>");
        assert!(r.html.contains("text-align: center") || r.html.contains("text-align:center"), "{}", r.html);
        assert!(!r.html.contains("position"), "{}", r.html);
    }

    #[test]
    fn code_blocks_are_marked_for_highlighting() {
        let r = render("```python title=demo\nprint('hi')\n```\n");
        assert!(r.html.contains(r#"<code class="language-python">"#), "{}", r.html);
    }

    #[test]
    fn python_blocks_carry_their_cell_flags() {
        let r = render("```python norun\nprint('shown only')\n```\n\n```python hidden\nimport math\n```\n\n```python\nprint(1 < 2)\n```\n\n```rust hidden\nfn x() {}\n```\n");
        assert!(r.html.contains("<pre><code class=\"language-python cell-norun\">print(&#39;shown only&#39;)\n</code></pre>") || r.html.contains("<pre><code class=\"language-python cell-norun\">print('shown only')\n</code></pre>"), "{}", r.html);
        assert!(r.html.contains("<code class=\"language-python cell-hidden\">import math"), "{}", r.html);
        assert!(r.html.contains("<code class=\"language-python\">print(1 &lt; 2)"), "{}", r.html);
        assert!(r.html.contains("<code class=\"language-rust\">"), "flags are for Python only: {}", r.html);
        assert_eq!(python_cells(&r.html), [true, false]);
        assert!(!sanitize("<pre><code class=\"language-python cell-evil\">x</code></pre>").contains("cell-evil"));
    }

    #[test]
    fn hostile_code_classes_are_dropped() {
        let r = render("<pre><code class=\"evil x\">a</code></pre>");
        assert!(!r.html.contains("evil"), "{}", r.html);
    }

    #[test]
    fn teaser_stops_before_the_second_section() {
        let md = "Intro paragraph.\n\n## First\n\nFree part.\n\n## Second\n\nPaid part.\n";
        let r = render(md);
        assert!(r.teaser_html.contains("Free part"));
        assert!(!r.teaser_html.contains("Paid part"), "{}", r.teaser_html);
        assert!(r.html.contains("Paid part"));
    }

    #[test]
    fn teaser_without_sections_is_the_first_blocks() {
        let md = "one\n\ntwo\n\nthree\n\nfour\n\nfive\n\nsix\n\nseven\n";
        let r = render(md);
        assert!(r.teaser_html.contains("three"));
        assert!(!r.teaser_html.contains("four"), "{}", r.teaser_html);
    }

    #[test]
    fn the_source_before_the_teaser_offset_renders_the_teaser() {
        let cases = [
            "Intro paragraph.\n\n## First\n\nFree part.\n\n## Second\n\nPaid part.\n",
            "# Title\n\nIntro.\n\n# Part two\n\nPaid.\n",
            "Setext\n======\n\nFree.\n\nNext\n----\n\nPaid.\n",
            "one\n\ntwo\n\nthree\n\nfour\n\nfive\n\nsix\n\nseven\n",
            "one\n\n- a\n- b\n\n```rust\nfn main() {}\n```\n\n> quote\n\n---\n\nlast [link][r]\n\n[r]: https://example.com\n",
            "just one paragraph",
            "",
            "## Only one section\n\nbody\n\n### Sub\n\nmore\n",
            "Intro with a [link][r].\n\n[r]: https://example.com\n\n## A\n\nx\n\n## B\n\ny\n",
        ];
        for md in cases {
            let offset = teaser_end_offset(md);
            assert!(md.is_char_boundary(offset), "{md:?}");
            assert_eq!(render(&md[..offset]).html, render(md).teaser_html, "{md:?} cut at {offset}");
        }
        assert_eq!(teaser_end_offset("Free.\n\n## A\n\nx\n\n## B\n\ny\n"), "Free.\n\n## A\n\nx\n\n".len());
    }

    #[test]
    fn uploaded_images_become_pictures_with_their_webp_widths() {
        let h = "0123456789abcdef0123456789abcdef";
        let html = render(&format!("![A *cat*](/uploads/{h}-1000.jpg)\n\n![far](https://example.com/{h}-1000.jpg)")).html;
        assert!(html.contains(&format!(r#"<source type="image/webp" srcset="/uploads/{h}-480.webp 480w, /uploads/{h}-960.webp 960w, /uploads/{h}-1000.webp 1000w""#)), "{html}");
        assert!(html.contains(&format!(r#"<img src="/uploads/{h}-1000.jpg" alt="A cat" loading="lazy" decoding="async">"#)), "{html}");
        assert!(html.contains(r#"<img src="https://example.com/"#), "other images stay plain: {html}");
        let hostile = sanitize(r#"<picture><source type="text/html" srcset="https://evil.example/x 1w"><img src="/x.png" loading="eager"></picture>"#);
        assert!(!hostile.contains("evil") && !hostile.contains("text/html") && !hostile.contains("eager"), "{hostile}");
    }

    #[test]
    fn headings_get_ids() {
        assert!(render("## Hello World").html.contains(r#"<h2 id="hello-world">"#));
    }

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(render("word ").reading_minutes, 1);
        assert_eq!(render(&"word ".repeat(401)).reading_minutes, 3);
    }
}
