//! Bringing a blog in from elsewhere: a Ghost JSON export, a WordPress WXR file or a folder of
//! markdown files with YAML front matter. Each parser is a pure function from the export to
//! [`ImportedPost`]s and a [`ParseReport`]; [`write`] stores them in batched transactions.
//!
//! Importing is idempotent: a post is matched by its slug. A post whose stored title, body,
//! summary, dates, flags, series and tags equal the import is left alone; one that differs is
//! updated; the rest are created. So importing the same export twice changes nothing, and
//! importing a newer export of the same blog updates what changed there.

pub mod ghost;
pub mod markdown;
pub mod wordpress;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    domain::{Difficulty, PostStatus, Slug, now, slugify, truncate},
    entities::{post_tags, posts, redirects},
    error::ApiError,
    state::AppState,
};

/// Posts written per transaction: large enough that 10,000 posts take a few dozen commits,
/// small enough that a SQLite write lock is never held for long.
pub const BATCH: usize = 500;

/// The export formats understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A Ghost JSON export (Settings → Labs → Export).
    Ghost,
    /// A WordPress eXtended RSS (WXR) file (Tools → Export).
    Wordpress,
    /// Markdown files with YAML front matter (Hugo, Jekyll, dev.to).
    Markdown,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ghost => "ghost",
            Self::Wordpress => "wordpress",
            Self::Markdown => "markdown",
        }
    }
}

/// A post as an export describes it, before it has an id here.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedPost {
    pub title: String,
    /// The slug the old blog used; `None` when it had none (one is made from the title).
    pub slug: Option<String>,
    pub markdown: String,
    pub summary: String,
    /// `None` for a draft.
    pub published_at: Option<DateTime<Utc>>,
    /// Tag names, as the export shows them.
    pub tags: Vec<String>,
    /// The series' title and, when the export says, the post's place in it.
    pub series: Option<(String, Option<i32>)>,
    pub difficulty: Option<Difficulty>,
    pub premium: bool,
    /// The post's path on the old blog, kept as a redirect when it differs from `/posts/<slug>`.
    pub old_path: Option<String>,
}

/// What a parser noticed besides the posts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ParseReport {
    /// Things left out or guessed, one sentence each.
    pub warnings: Vec<String>,
    /// Every image the export references (feature images, `<img>`, markdown images), once
    /// each: they stay where they are and are not copied here.
    pub images: Vec<String>,
}

impl ParseReport {
    pub fn warn(&mut self, warning: impl Into<String>) {
        self.warnings.push(warning.into());
    }

    pub fn image(&mut self, url: &str) {
        let url = url.trim();
        if !url.is_empty() && !self.images.iter().any(|i| i == url) {
            self.images.push(url.to_string());
        }
    }
}

/// A parsed export.
#[derive(Debug, Default)]
pub struct Parsed {
    pub posts: Vec<ImportedPost>,
    pub report: ParseReport,
}

/// Parses an export held in memory (a markdown folder as a zip is not supported here: use
/// [`markdown::parse_dir`]).
pub fn parse_bytes(format: Format, bytes: &[u8]) -> Result<Parsed, ApiError> {
    match format {
        Format::Ghost => ghost::parse(bytes),
        Format::Wordpress => wordpress::parse(bytes),
        Format::Markdown => markdown::parse_files(&[("post.md".to_string(), bytes.to_vec())]),
    }
}

/// HTML from an export as markdown; images it shows are added to the report.
pub fn html_to_markdown(html: &str, report: &mut ParseReport) -> String {
    for src in image_sources(html) {
        report.image(&src);
    }
    match htmd::convert(html) {
        Ok(md) => md.trim().to_string(),
        Err(e) => {
            report.warn(format!("an HTML body could not be converted ({e}); it is kept as HTML"));
            html.to_string()
        }
    }
}

/// The `src` of every `<img>` in `html` (a plain scan: the converter sees the same tags).
fn image_sources(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<img") {
        let start = from + at;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &html[start..end];
        let tag_lower = &lower[start..end];
        if let Some(pos) = tag_lower.find("src=") {
            let rest = &tag[pos + 4..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                _ => rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
            };
            out.push(value.replace("&amp;", "&"));
        }
        from = end;
    }
    out
}

/// Images in markdown: `![alt](url "title")`.
pub fn markdown_images(md: &str, report: &mut ParseReport) {
    let mut rest = md;
    while let Some(at) = rest.find("![") {
        rest = &rest[at + 2..];
        let Some(close) = rest.find("](") else { break };
        let after = &rest[close + 2..];
        let Some(end) = after.find(')') else { break };
        let url = after[..end].split_whitespace().next().unwrap_or("");
        report.image(url.trim_start_matches('<').trim_end_matches('>'));
        rest = &after[end..];
    }
}

/// The path of a URL (`https://old.example/2024/05/x/` → `/2024/05/x/`), or the text itself
/// when it already is a path.
pub fn url_path(url: &str) -> Option<String> {
    let url = url.trim();
    let path = match url.find("://") {
        Some(scheme_end) => {
            let after = &url[scheme_end + 3..];
            after.find('/').map_or("/", |slash| &after[slash..])
        }
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.starts_with('/').then(|| path.to_string())
}

/// Counts and notes of one import, as the command line and the admin page show them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImportSummary {
    /// Posts in the export.
    pub total: usize,
    /// Posts written so far (created, updated or found unchanged).
    pub done: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Old URLs that now redirect to their post.
    pub redirects: usize,
    pub warnings: Vec<String>,
    pub images: Vec<String>,
}

/// A one-line progress bar: `[#####.....] 500/1000 posts`.
pub fn progress_bar(s: &ImportSummary) -> String {
    const WIDTH: usize = 30;
    let filled = (s.done * WIDTH).checked_div(s.total).unwrap_or(WIDTH).min(WIDTH);
    format!("[{}{}] {}/{} posts", "#".repeat(filled), ".".repeat(WIDTH - filled), s.done, s.total)
}

/// The slug an imported post gets: the export's own when it is a valid slug here, else one
/// made from it or from the title.
fn chosen_slug(post: &ImportedPost) -> String {
    if let Some(raw) = &post.slug {
        if let Ok(slug) = Slug::parse("slug", raw) {
            return slug.into_inner();
        }
        let made = slugify(raw);
        if !made.is_empty() {
            return made;
        }
    }
    Slug::from_title(&post.title, "post").into_inner()
}

/// `(slug, name)` pairs for tag names, without duplicates (as the post editor makes them).
fn tag_pairs(names: &[String]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for name in names {
        let slug = slugify(name);
        if !slug.is_empty() && !pairs.iter().any(|(s, _)| *s == slug) {
            pairs.push((slug, name.trim().to_string()));
        }
    }
    pairs
}

/// Finds or creates the series of each title, by slug.
async fn ensure_series(db: &impl ConnectionTrait, titles: &BTreeSet<String>) -> Result<HashMap<String, Uuid>, ApiError> {
    let mut ids = HashMap::new();
    for title in titles {
        let slug = Slug::from_title(title, "series").into_inner();
        let id = match crate::series::repo::find_by_slug(db, &slug).await? {
            Some(s) => s.id,
            None => crate::series::repo::insert(db, &slug, title.trim(), "").await?.id,
        };
        ids.insert(title.clone(), id);
    }
    Ok(ids)
}

/// A post as it would be stored, to compare with what is.
struct Wanted {
    slug: String,
    title: String,
    summary: String,
    markdown: String,
    status: &'static str,
    published_at: Option<DateTime<Utc>>,
    difficulty: &'static str,
    premium: bool,
    series_id: Option<Uuid>,
    series_position: Option<i32>,
    tags: Vec<(String, String)>,
}

fn wanted(post: &ImportedPost, series_ids: &HashMap<String, Uuid>, at: DateTime<Utc>) -> Wanted {
    let published_at = post.published_at.map(truncate);
    let status = match published_at {
        None => PostStatus::Draft,
        Some(t) if t > at => PostStatus::Scheduled,
        Some(_) => PostStatus::Published,
    };
    let (series_id, series_position) = match &post.series {
        Some((title, position)) => (series_ids.get(title).copied(), *position),
        None => (None, None),
    };
    Wanted {
        slug: chosen_slug(post),
        title: post.title.trim().to_string(),
        summary: post.summary.trim().to_string(),
        markdown: post.markdown.clone(),
        status: status.as_str(),
        published_at,
        difficulty: post.difficulty.unwrap_or_default().as_str(),
        premium: post.premium,
        series_id,
        series_position,
        tags: tag_pairs(&post.tags),
    }
}

/// Whether `stored` (with its tag slugs) already is what the import says.
fn same(stored: &posts::Model, stored_tags: &BTreeSet<String>, w: &Wanted) -> bool {
    let wanted_tags: BTreeSet<String> = w.tags.iter().map(|(s, _)| s.clone()).collect();
    // A series member without a stated position keeps the one it was given.
    let position_same = w.series_position.is_none() && stored.series_id == w.series_id || stored.series_position == w.series_position;
    stored.title == w.title
        && stored.summary == w.summary
        && stored.markdown == w.markdown
        && stored.published_at == w.published_at
        && (stored.published_at.is_none() || stored.status != "draft")
        && stored.difficulty == w.difficulty
        && stored.premium == w.premium
        && stored.series_id == w.series_id
        && position_same
        && *stored_tags == wanted_tags
}

/// What [`write`] changed, for the one content-change announcement.
#[derive(Debug, Default)]
pub struct Written {
    pub summary: ImportSummary,
    pub changed_ids: Vec<Uuid>,
    pub changed_slugs: Vec<String>,
}

/// Stores `parsed` as posts by `author_id`, `BATCH` posts a transaction, calling
/// `progress(done, total)` after each batch. Announces nothing: see [`run`].
pub async fn write(db: &DatabaseConnection, author_id: Uuid, parsed: Parsed, mut progress: impl FnMut(&ImportSummary)) -> Result<Written, ApiError> {
    let Parsed { posts: imported, report } = parsed;
    let mut out = Written { summary: ImportSummary { total: imported.len(), warnings: report.warnings, images: report.images, ..Default::default() }, ..Default::default() };
    // The same slug twice in one export: the last one stands (as a re-import would leave it).
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, p) in imported.iter().enumerate() {
        if let Some(prev) = seen.insert(chosen_slug(p), i) {
            out.summary.warnings.push(format!("{:?} and {:?} have the same slug; the later one is kept", imported[prev].title, p.title));
        }
    }
    let keep: Vec<&ImportedPost> = imported.iter().enumerate().filter(|(i, p)| seen.get(&chosen_slug(p)) == Some(i)).map(|(_, p)| p).collect();
    out.summary.unchanged += imported.len() - keep.len();
    out.summary.done += imported.len() - keep.len();
    progress(&out.summary);

    for batch in keep.chunks(BATCH) {
        write_batch(db, author_id, batch, &mut out).await?;
        out.summary.done += batch.len();
        progress(&out.summary);
    }
    Ok(out)
}

async fn write_batch(db: &DatabaseConnection, author_id: Uuid, batch: &[&ImportedPost], out: &mut Written) -> Result<(), ApiError> {
    let at = now();
    let txn = crate::db::begin_write(db).await?;
    let titles: BTreeSet<String> = batch.iter().filter_map(|p| p.series.as_ref().map(|(t, _)| t.clone())).collect();
    let series_ids = ensure_series(&txn, &titles).await?;
    let wants: Vec<Wanted> = batch.iter().map(|p| wanted(p, &series_ids, at)).collect();

    let slugs: Vec<String> = wants.iter().map(|w| w.slug.clone()).collect();
    let existing: HashMap<String, posts::Model> =
        posts::Entity::find().filter(posts::Column::Slug.is_in(slugs)).all(&txn).await?.into_iter().map(|p| (p.slug.clone(), p)).collect();
    let existing_ids: Vec<Uuid> = existing.values().map(|p| p.id).collect();
    let mut stored_tags = crate::posts::repo::tags_for_posts(&txn, &existing_ids).await?;

    let all_tags: Vec<(String, String)> = {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for w in &wants {
            for pair in &w.tags {
                if !pairs.iter().any(|(s, _)| *s == pair.0) {
                    pairs.push(pair.clone());
                }
            }
        }
        pairs
    };
    let tag_ids: HashMap<String, Uuid> = {
        let ids = crate::tags::repo::ensure(&txn, &all_tags).await?;
        all_tags.iter().map(|(s, _)| s.clone()).zip(ids).collect()
    };

    // Positions for series members that state none, after the last one stored.
    let mut next_position: HashMap<Uuid, i32> = HashMap::new();
    let mut written: Vec<(posts::Model, Vec<String>)> = Vec::new();
    let mut created: Vec<posts::Model> = Vec::new();
    let mut links: Vec<post_tags::ActiveModel> = Vec::new();
    for w in wants {
        let tag_slugs: BTreeSet<String> = w.tags.iter().map(|(s, _)| s.clone()).collect();
        let names: Vec<String> = w.tags.iter().map(|(_, n)| n.clone()).collect();
        let stored = existing.get(&w.slug);
        if let Some(stored) = stored {
            let have: BTreeSet<String> = stored_tags.remove(&stored.id).unwrap_or_default().into_iter().map(|t| t.slug).collect();
            if same(stored, &have, &w) {
                out.summary.unchanged += 1;
                continue;
            }
        }
        let series_position = match (w.series_id, w.series_position) {
            (Some(sid), None) => match stored.filter(|s| s.series_id == Some(sid)).and_then(|s| s.series_position) {
                Some(kept) => Some(kept),
                None => {
                    let next = match next_position.get(&sid) {
                        Some(n) => *n,
                        None => crate::posts::repo::next_series_position(&txn, sid).await?,
                    };
                    next_position.insert(sid, next + 1);
                    Some(next)
                }
            },
            (_, position) => position,
        };
        let rendered = crate::markdown::render(&w.markdown);
        let post = posts::Model {
            id: stored.map_or_else(Uuid::now_v7, |s| s.id),
            slug: w.slug.clone(),
            title: w.title,
            summary: w.summary,
            markdown: w.markdown,
            html: rendered.html,
            teaser_html: rendered.teaser_html,
            status: w.status.into(),
            published_at: w.published_at,
            difficulty: w.difficulty.into(),
            premium: w.premium,
            reading_minutes: rendered.reading_minutes,
            author_id: stored.map_or(author_id, |s| s.author_id),
            series_id: w.series_id,
            series_position,
            created_at: stored.map_or(at, |s| s.created_at),
            updated_at: at,
        };
        let ids: Vec<Uuid> = tag_slugs.iter().filter_map(|s| tag_ids.get(s).copied()).collect();
        if stored.is_some() {
            posts::Entity::update(posts::ActiveModel::from(post.clone()).reset_all()).exec(&txn).await?;
            crate::posts::repo::set_tags(&txn, post.id, &ids).await?;
            out.summary.updated += 1;
        } else {
            links.extend(ids.iter().map(|&tag_id| post_tags::ActiveModel { post_id: Set(post.id), tag_id: Set(tag_id) }));
            created.push(post.clone());
            out.summary.created += 1;
        }
        written.push((post, names));
    }
    if !created.is_empty() {
        posts::Entity::insert_many(created.into_iter().map(posts::ActiveModel::from)).exec_without_returning(&txn).await?;
    }
    if !links.is_empty() {
        post_tags::Entity::insert_many(links).exec_without_returning(&txn).await?;
    }
    for (post, names) in &written {
        crate::search::index::sync_post(&txn, post, names).await?;
    }
    out.summary.redirects += store_redirects(&txn, batch, at).await?;
    if !written.is_empty() {
        crate::feeds::invalidate(&txn).await?;
    }
    txn.commit().await?;
    for (post, _) in written {
        out.changed_ids.push(post.id);
        out.changed_slugs.push(post.slug);
    }
    Ok(())
}

/// Keeps each old path that differs from the post's path here as a redirect; a path already
/// kept is pointed at the post again (so a re-import that renamed nothing writes nothing new).
async fn store_redirects(db: &impl ConnectionTrait, batch: &[&ImportedPost], at: DateTime<Utc>) -> Result<usize, ApiError> {
    let mut rows: Vec<redirects::ActiveModel> = Vec::new();
    for post in batch {
        let Some(from) = &post.old_path else { continue };
        let to = format!("/posts/{}", chosen_slug(post));
        let from = from.trim();
        if from.is_empty() || from == "/" || from.trim_end_matches('/') == to || rows.iter().any(|r| r.from_path.as_ref() == from) {
            continue;
        }
        rows.push(redirects::ActiveModel { from_path: Set(from.to_string()), to_path: Set(to), created_at: Set(at) });
    }
    let count = rows.len();
    if count > 0 {
        redirects::Entity::insert_many(rows)
            .on_conflict(OnConflict::column(redirects::Column::FromPath).update_column(redirects::Column::ToPath).to_owned())
            .exec_without_returning(db)
            .await?;
    }
    Ok(count)
}

/// Imports `parsed` and announces the changed posts once, after the last batch.
pub async fn run(st: &AppState, author_id: Uuid, parsed: Parsed, progress: impl FnMut(&ImportSummary)) -> Result<ImportSummary, ApiError> {
    let written = write(&st.db, author_id, parsed, progress).await?;
    if !written.changed_ids.is_empty() {
        let slugs: Vec<&str> = written.changed_slugs.iter().map(String::as_str).collect();
        crate::publishing::content_changed(st, "posts imported", &written.changed_ids, &slugs).await;
    }
    Ok(written.summary)
}

/// The account imported posts belong to when nobody is signed in (the command line): the
/// first admin.
pub async fn default_author(db: &impl ConnectionTrait) -> Result<Option<Uuid>, sea_orm::DbErr> {
    use crate::entities::users;
    use sea_orm::QueryOrder;
    Ok(users::Entity::find().filter(users::Column::Role.eq("admin")).order_by_asc(users::Column::CreatedAt).one(db).await?.map(|u| u.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_image_sources() {
        let mut r = ParseReport::default();
        let md = html_to_markdown(r#"<p>Hi <img src="/a.png" alt="a"> and <IMG SRC='https://x/b.jpg?x=1&amp;y=2'></p>"#, &mut r);
        assert_eq!(r.images, vec!["/a.png".to_string(), "https://x/b.jpg?x=1&y=2".to_string()]);
        assert!(md.contains("![a](/a.png)"), "{md}");
        markdown_images("see ![x](img/c.png \"t\") and ![](<d e.png>)", &mut r);
        assert!(r.images.contains(&"img/c.png".to_string()));
    }

    #[test]
    fn url_paths() {
        assert_eq!(url_path("https://old.example/2024/05/x/?p=1").as_deref(), Some("/2024/05/x/"));
        assert_eq!(url_path("https://old.example").as_deref(), Some("/"));
        assert_eq!(url_path("/x/").as_deref(), Some("/x/"));
        assert_eq!(url_path("x"), None);
    }

    #[test]
    fn slugs_fall_back_to_the_title() {
        let mut p = ImportedPost {
            title: "Hello, World".into(),
            slug: Some("Bad Slug!".into()),
            markdown: String::new(),
            summary: String::new(),
            published_at: None,
            tags: vec![],
            series: None,
            difficulty: None,
            premium: false,
            old_path: None,
        };
        assert_eq!(chosen_slug(&p), "bad-slug");
        p.slug = None;
        assert_eq!(chosen_slug(&p), "hello-world");
    }
}
