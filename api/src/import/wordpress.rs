//! WordPress eXtended RSS (WXR): one `<item>` per post, page or attachment, the body in
//! `content:encoded`, the slug in `wp:post_name`, the date in `wp:post_date_gmt`, tags and
//! categories as `<category domain=…>`.

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::{Reader, events::Event};

use super::{ImportedPost, ParseReport, Parsed, html_to_markdown, url_path};
use crate::error::ApiError;

#[derive(Default)]
struct Item {
    title: String,
    link: String,
    content: String,
    excerpt: String,
    post_name: String,
    post_date_gmt: String,
    status: String,
    post_type: String,
    attachment_url: String,
    categories: Vec<String>,
}

fn bad(e: impl std::fmt::Display) -> ApiError {
    ApiError::field("file", &format!("not a WordPress WXR file: {e}"))
}

fn gmt(raw: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%d %H:%M:%S").ok().filter(|d| d.and_utc().timestamp() > 0).map(|d| d.and_utc())
}

pub fn parse(bytes: &[u8]) -> Result<Parsed, ApiError> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut current: Option<Item> = None;
    let mut field: Option<String> = None;
    let mut text = String::new();
    let mut saw_rss = false;
    loop {
        match reader.read_event_into(&mut buf).map_err(bad)? {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "rss" {
                    saw_rss = true;
                }
                if name == "item" {
                    current = Some(Item::default());
                } else if current.is_some() {
                    field = Some(name);
                    text.clear();
                }
            }
            Event::Text(e) => text.push_str(&e.decode().map_err(bad)?),
            Event::CData(e) => text.push_str(&e.decode().map_err(bad)?),
            Event::GeneralRef(e) => match e.resolve_char_ref().map_err(bad)? {
                Some(c) => text.push(c),
                None => text.push_str(match e.decode().map_err(bad)?.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }),
            },
            Event::End(e) => {
                let name = e.name();
                let name = String::from_utf8_lossy(name.as_ref());
                if name == "item" {
                    items.extend(current.take());
                } else if let (Some(item), Some(f)) = (current.as_mut(), field.take()) {
                    let value = std::mem::take(&mut text);
                    match f.as_str() {
                        "title" => item.title = value,
                        "link" => item.link = value,
                        "content:encoded" => item.content = value,
                        "excerpt:encoded" => item.excerpt = value,
                        "wp:post_name" => item.post_name = value,
                        "wp:post_date_gmt" => item.post_date_gmt = value,
                        "wp:status" => item.status = value,
                        "wp:post_type" => item.post_type = value,
                        "wp:attachment_url" => item.attachment_url = value,
                        "category" => item.categories.push(value),
                        _ => {}
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_rss {
        return Err(bad("no <rss> element"));
    }
    let mut report = ParseReport::default();
    let mut posts = Vec::new();
    for item in items {
        match item.post_type.as_str() {
            "post" => {}
            "attachment" => {
                report.image(&item.attachment_url);
                continue;
            }
            "page" => {
                report.warn(format!("{:?} is a WordPress page, not a post: left out", item.title));
                continue;
            }
            _ => continue,
        }
        let published_at = match item.status.as_str() {
            "publish" | "future" => gmt(&item.post_date_gmt),
            _ => None,
        };
        let mut tags: Vec<String> = Vec::new();
        for c in item.categories {
            let c = c.trim().to_string();
            if !c.is_empty() && c != "Uncategorized" && !tags.contains(&c) {
                tags.push(c);
            }
        }
        // WordPress keeps paragraphs as blank lines rather than <p>; make them paragraphs
        // before converting so they survive.
        let html = if item.content.contains("<p") { item.content.clone() } else { autop(&item.content) };
        posts.push(ImportedPost {
            markdown: html_to_markdown(&html, &mut report),
            summary: html_text(&item.excerpt),
            slug: (!item.post_name.is_empty()).then(|| item.post_name.clone()),
            old_path: url_path(&item.link),
            title: html_text(&item.title),
            published_at,
            tags,
            series: None,
            difficulty: None,
            premium: false,
        });
    }
    Ok(Parsed { posts, report })
}

/// WordPress keeps titles and excerpts as HTML text (`Pipes &amp; Redirection`).
fn html_text(raw: &str) -> String {
    let raw = raw.trim();
    quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |s| s.into_owned())
}

/// Blank-line-separated text as `<p>` paragraphs (WordPress's `wpautop`, in its simplest form).
fn autop(text: &str) -> String {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| if p.starts_with('<') { p.to_string() } else { format!("<p>{p}</p>") }).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_items() {
        let xml = br#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
          <item><title>Tips &amp; tricks</title><link>https://old.example/2024/05/tips/</link>
            <content:encoded><![CDATA[<p>Use <code>cargo</code>.</p><p><img src="https://old.example/wp-content/uploads/x.png" /></p>]]></content:encoded>
            <wp:post_name>tips</wp:post_name><wp:post_date_gmt>2024-05-02 08:30:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
            <category domain="category" nicename="rust"><![CDATA[Rust]]></category><category domain="post_tag" nicename="cli"><![CDATA[CLI]]></category></item>
          <item><title>x.png</title><wp:post_type>attachment</wp:post_type><wp:attachment_url>https://old.example/wp-content/uploads/x.png</wp:attachment_url></item>
        </channel></rss>"#;
        let parsed = parse(xml).expect("parses");
        assert_eq!(parsed.posts.len(), 1);
        let p = &parsed.posts[0];
        assert_eq!(p.title, "Tips & tricks");
        assert_eq!(p.tags, vec!["Rust", "CLI"]);
        assert_eq!(p.old_path.as_deref(), Some("/2024/05/tips/"));
        assert_eq!(p.published_at.map(|d| d.to_rfc3339()).as_deref(), Some("2024-05-02T08:30:00+00:00"));
        assert!(p.markdown.contains("`cargo`"), "{}", p.markdown);
        assert_eq!(parsed.report.images, vec!["https://old.example/wp-content/uploads/x.png"]);
    }
}
