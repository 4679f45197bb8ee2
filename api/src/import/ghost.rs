//! Ghost's JSON export: `{"db": [{"meta": …, "data": {"posts", "tags", "posts_tags"}}]}`
//! (older exports put `meta` and `data` at the top).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{ImportedPost, ParseReport, Parsed, html_to_markdown};
use crate::error::ApiError;

#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    db: Vec<Db>,
    data: Option<Data>,
}

#[derive(Deserialize)]
struct Db {
    data: Data,
}

#[derive(Deserialize, Default)]
struct Data {
    #[serde(default)]
    posts: Vec<Post>,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(default)]
    posts_tags: Vec<PostTag>,
}

#[derive(Deserialize)]
struct Post {
    id: String,
    title: Option<String>,
    slug: Option<String>,
    html: Option<String>,
    plaintext: Option<String>,
    feature_image: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    status: Option<String>,
    visibility: Option<String>,
    published_at: Option<String>,
    custom_excerpt: Option<String>,
}

#[derive(Deserialize)]
struct Tag {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct PostTag {
    post_id: String,
    tag_id: String,
    #[serde(default)]
    sort_order: i64,
}

fn date(raw: Option<&str>) -> Option<DateTime<Utc>> {
    raw.and_then(|r| DateTime::parse_from_rfc3339(r).ok()).map(|d| d.with_timezone(&Utc))
}

pub fn parse(bytes: &[u8]) -> Result<Parsed, ApiError> {
    let export: Export = serde_json::from_slice(bytes).map_err(|e| ApiError::field("file", &format!("not a Ghost JSON export: {e}")))?;
    let data = export.db.into_iter().next().map(|d| d.data).or(export.data).unwrap_or_default();
    let mut report = ParseReport::default();
    let tag_names: HashMap<&str, &str> = data.tags.iter().map(|t| (t.id.as_str(), t.name.as_str())).collect();
    let mut post_tags: HashMap<&str, Vec<(i64, &str)>> = HashMap::new();
    for link in &data.posts_tags {
        match tag_names.get(link.tag_id.as_str()) {
            Some(name) => post_tags.entry(link.post_id.as_str()).or_default().push((link.sort_order, name)),
            None => report.warn(format!("posts_tags names a tag {:?} the export does not have", link.tag_id)),
        }
    }
    let mut posts = Vec::new();
    for p in &data.posts {
        let title = p.title.clone().unwrap_or_default();
        if p.kind.as_deref().is_some_and(|k| k != "post") {
            report.warn(format!("{title:?} is a Ghost page, not a post: left out"));
            continue;
        }
        if let Some(image) = &p.feature_image {
            report.image(image);
        }
        let markdown = match (&p.html, &p.plaintext) {
            (Some(html), _) if !html.trim().is_empty() => html_to_markdown(html, &mut report),
            (_, Some(text)) => text.clone(),
            _ => {
                report.warn(format!("{title:?} has no HTML body"));
                String::new()
            }
        };
        let published_at = match p.status.as_deref() {
            Some("published" | "scheduled") => date(p.published_at.as_deref()),
            _ => None,
        };
        let mut tags = post_tags.remove(p.id.as_str()).unwrap_or_default();
        tags.sort_by_key(|(order, _)| *order);
        posts.push(ImportedPost {
            old_path: p.slug.as_ref().map(|s| format!("/{s}/")),
            title,
            slug: p.slug.clone(),
            markdown,
            summary: p.custom_excerpt.clone().unwrap_or_default(),
            published_at,
            // Ghost's internal tags (`#hash`) organise the site, not the reading.
            tags: tags.into_iter().map(|(_, n)| n.to_string()).filter(|n| !n.starts_with('#')).collect(),
            series: None,
            difficulty: None,
            premium: matches!(p.visibility.as_deref(), Some("paid" | "members" | "tiers")),
        });
    }
    Ok(Parsed { posts, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_posts_tags_and_dates() {
        let json = br##"{"db":[{"meta":{"version":"5.0"},"data":{
            "posts":[
              {"id":"1","title":"Hello","slug":"hello","html":"<h2>Intro</h2><p>Some <strong>bold</strong> text.</p><img src=\"__GHOST_URL__/content/images/a.png\">","type":"post","status":"published","visibility":"paid","published_at":"2024-05-01T10:00:00.000Z","feature_image":"https://x/f.jpg"},
              {"id":"2","title":"About","slug":"about","html":"<p>me</p>","type":"page","status":"published"},
              {"id":"3","title":"Draft","slug":"draft","html":"<p>wip</p>","type":"post","status":"draft","published_at":null}
            ],
            "tags":[{"id":"t1","name":"Rust"},{"id":"t2","name":"#internal"},{"id":"t3","name":"Web"}],
            "posts_tags":[{"post_id":"1","tag_id":"t3","sort_order":1},{"post_id":"1","tag_id":"t1","sort_order":0},{"post_id":"1","tag_id":"t2","sort_order":2}]
        }}]}"##;
        let parsed = parse(json).expect("parses");
        assert_eq!(parsed.posts.len(), 2);
        let hello = &parsed.posts[0];
        assert_eq!(hello.tags, vec!["Rust", "Web"]);
        assert!(hello.premium);
        assert_eq!(hello.published_at.map(|d| d.to_rfc3339()).as_deref(), Some("2024-05-01T10:00:00+00:00"));
        assert!(hello.markdown.contains("## Intro") && hello.markdown.contains("**bold**"), "{}", hello.markdown);
        assert_eq!(hello.old_path.as_deref(), Some("/hello/"));
        assert!(parsed.posts[1].published_at.is_none());
        assert_eq!(parsed.report.images, vec!["https://x/f.jpg", "__GHOST_URL__/content/images/a.png"]);
        assert_eq!(parsed.report.warnings.len(), 1);
    }

    #[test]
    fn rejects_other_json() {
        assert!(parse(b"[1, 2]").is_err());
    }
}
