//! Markdown files with YAML front matter, as Hugo, Jekyll and dev.to export them:
//! `title`, `slug`, `date` (RFC 3339 or a plain date), `tags` (a list, or dev.to's
//! comma-separated string), `series` (by title) with `series_position`, `summary`
//! (or `description`), `difficulty`, `premium` and `draft`; other keys are ignored.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::{ImportedPost, ParseReport, Parsed, markdown_images};
use crate::{domain::Difficulty, error::ApiError};

#[derive(Deserialize, Default)]
#[serde(default)]
struct FrontMatter {
    title: Option<String>,
    slug: Option<String>,
    date: Option<String>,
    tags: Option<Tags>,
    series: Option<String>,
    series_position: Option<i32>,
    summary: Option<String>,
    description: Option<String>,
    difficulty: Option<String>,
    premium: Option<bool>,
    draft: Option<bool>,
    published: Option<bool>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Tags {
    List(Vec<String>),
    Csv(String),
}

/// `---` front matter and the body after it; `None` when the file has none.
fn split(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---")?.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))?;
    let end = rest.find("\n---")?;
    let yaml = &rest[..end];
    let body = rest[end + 4..].trim_start_matches(['-', ' ', '\t']);
    Some((yaml, body.trim_start_matches(['\r', '\n'])))
}

fn date(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    DateTime::parse_from_rfc3339(raw)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc()))
}

/// Jekyll's `_posts/2024-05-01-my-post.md` names its slug after the date.
fn stem_slug(name: &str) -> String {
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or("post");
    let bytes = stem.as_bytes();
    if stem.len() > 11 && bytes[4] == b'-' && bytes[7] == b'-' && bytes[10] == b'-' && NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").is_ok() {
        stem[11..].to_string()
    } else {
        stem.to_string()
    }
}

/// Parses `(file name, contents)` pairs; files without front matter are reported and skipped.
pub fn parse_files(files: &[(String, Vec<u8>)]) -> Result<Parsed, ApiError> {
    let mut report = ParseReport::default();
    let mut posts = Vec::new();
    for (name, bytes) in files {
        let Ok(text) = std::str::from_utf8(bytes) else {
            report.warn(format!("{name}: not UTF-8 text, left out"));
            continue;
        };
        let Some((yaml, body)) = split(text) else {
            report.warn(format!("{name}: no YAML front matter, left out"));
            continue;
        };
        let fm: FrontMatter = match serde_saphyr::from_str(yaml) {
            Ok(fm) => fm,
            Err(e) => {
                report.warn(format!("{name}: front matter is not valid YAML ({e}), left out"));
                continue;
            }
        };
        let draft = fm.draft.unwrap_or(false) || fm.published == Some(false);
        let published_at = match (&fm.date, draft) {
            (_, true) => None,
            (Some(raw), false) => match date(raw) {
                Some(d) => Some(d),
                None => {
                    report.warn(format!("{name}: date {raw:?} is not RFC 3339; imported as a draft"));
                    None
                }
            },
            (None, false) => {
                report.warn(format!("{name}: no date; imported as a draft"));
                None
            }
        };
        let difficulty = match fm.difficulty.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("beginner") => Some(Difficulty::Beginner),
            Some("intermediate") => Some(Difficulty::Intermediate),
            Some("advanced") => Some(Difficulty::Advanced),
            Some(other) => {
                report.warn(format!("{name}: difficulty {other:?} is not beginner, intermediate or advanced; ignored"));
                None
            }
        };
        let tags = match fm.tags {
            Some(Tags::List(list)) => list,
            Some(Tags::Csv(csv)) => csv.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
            None => Vec::new(),
        };
        markdown_images(body, &mut report);
        let slug = fm.slug.unwrap_or_else(|| stem_slug(name));
        posts.push(ImportedPost {
            title: fm.title.unwrap_or_else(|| slug.replace('-', " ")),
            slug: Some(slug),
            markdown: body.trim_end().to_string(),
            summary: fm.summary.or(fm.description).unwrap_or_default(),
            published_at,
            tags,
            series: fm.series.filter(|s| !s.trim().is_empty()).map(|s| (s, fm.series_position)),
            difficulty,
            premium: fm.premium.unwrap_or(false),
            old_path: None,
        });
    }
    Ok(Parsed { posts, report })
}

/// Every `.md` / `.markdown` file under `dir` (sorted, so imports run in one order).
pub fn parse_dir(dir: &Path) -> anyhow::Result<Parsed> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md" || e == "markdown") {
                let name = path.strip_prefix(dir).unwrap_or(&path).display().to_string();
                files.push((name, std::fs::read(&path)?));
            }
        }
    }
    files.sort();
    parse_files(&files).map_err(|e| anyhow::anyhow!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter() {
        let file = "---\ntitle: \"Ownership, part 1\"\ndate: 2024-05-01T10:00:00Z\ntags: [rust, memory]\nseries: Rust from zero\nseries_position: 1\ndifficulty: intermediate\nlayout: post\n---\n\n# Hi\n\n![d](img/d.png)\n";
        let parsed = parse_files(&[("2024-05-01-ownership.md".into(), file.as_bytes().to_vec())]).expect("parses");
        let p = &parsed.posts[0];
        assert_eq!(p.title, "Ownership, part 1");
        assert_eq!(p.slug.as_deref(), Some("ownership"));
        assert_eq!(p.tags, vec!["rust", "memory"]);
        assert_eq!(p.series, Some(("Rust from zero".into(), Some(1))));
        assert_eq!(p.difficulty, Some(Difficulty::Intermediate));
        assert_eq!(p.markdown, "# Hi\n\n![d](img/d.png)");
        assert_eq!(parsed.report.images, vec!["img/d.png"]);
    }

    #[test]
    fn drafts_and_devto_tags() {
        let file = "---\ntitle: Wip\ntags: rust, web\ndraft: true\ndate: 2024-05-01\n---\nbody";
        let parsed = parse_files(&[("wip.md".into(), file.as_bytes().to_vec()), ("plain.md".into(), b"no front matter".to_vec())]).expect("parses");
        assert_eq!(parsed.posts.len(), 1);
        assert_eq!(parsed.posts[0].tags, vec!["rust", "web"]);
        assert!(parsed.posts[0].published_at.is_none());
        assert_eq!(parsed.report.warnings.len(), 1);
    }
}
