//! Which document lives at which path, how it is rendered, and when a stored copy is reused.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::{
    render::{self, Channel, Item, SitemapUrl},
    repo::{self, FeedRow, Scope},
    store,
};
use crate::{config::Settings, domain::now, entities::documents, error::ApiError, posts, series, tags};

/// Posts per feed.
const FEED_LENGTH: u64 = 50;

/// How long a stored document is trusted without a change. Changes invalidate documents
/// straight away; this only bounds how long a render that raced an invalidation (it read
/// the posts before the change and stored after it) can be served.
const REFRESH_AFTER: Duration = Duration::minutes(15);

/// A document the site serves, named by its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    Rss,
    Atom,
    Sitemap,
    Robots,
    /// `/llms.txt` and `/llms-full.txt`, for language models and the tools around them.
    LlmsTxt,
    LlmsFull,
    TagFeed(String),
    SeriesFeed(String),
}

impl Doc {
    /// The fixed, site-wide documents; tag and series feeds are rendered on demand.
    pub const SITE: [Doc; 6] = [Doc::Rss, Doc::Atom, Doc::Sitemap, Doc::Robots, Doc::LlmsTxt, Doc::LlmsFull];

    pub fn path(&self) -> String {
        match self {
            Self::Rss => "/feed.xml".into(),
            Self::Atom => "/atom.xml".into(),
            Self::Sitemap => "/sitemap.xml".into(),
            Self::Robots => "/robots.txt".into(),
            Self::LlmsTxt => "/llms.txt".into(),
            Self::LlmsFull => "/llms-full.txt".into(),
            Self::TagFeed(slug) => format!("/tags/{slug}/feed.xml"),
            Self::SeriesFeed(slug) => format!("/series/{slug}/feed.xml"),
        }
    }

    pub fn from_path(path: &str) -> Option<Self> {
        if let Some(site) = Self::SITE.into_iter().find(|d| d.path() == path) {
            return Some(site);
        }
        let slug_in = |prefix: &str| path.strip_prefix(prefix)?.strip_suffix("/feed.xml").filter(|s| !s.is_empty() && !s.contains('/')).map(String::from);
        slug_in("/tags/").map(Self::TagFeed).or_else(|| slug_in("/series/").map(Self::SeriesFeed))
    }

    fn content_type(&self) -> &'static str {
        match self {
            Self::Rss | Self::TagFeed(_) | Self::SeriesFeed(_) => render::RSS_TYPE,
            Self::Atom => render::ATOM_TYPE,
            Self::Sitemap => render::XML_TYPE,
            Self::Robots => render::TEXT_TYPE,
            Self::LlmsTxt | Self::LlmsFull => render::MARKDOWN_TYPE,
        }
    }

    /// What a 404 for this document names.
    pub fn subject(&self) -> &'static str {
        match self {
            Self::TagFeed(_) => "tag",
            Self::SeriesFeed(_) => "series",
            _ => "document",
        }
    }
}

/// The document at `doc`'s path: the stored copy while it is current, else a fresh render,
/// stored for the next request and the other processes. `None` when the tag or series does
/// not exist or has nothing published.
pub async fn document(db: &DatabaseConnection, settings: &Settings, doc: &Doc) -> Result<Option<documents::Model>, ApiError> {
    let at = now();
    let stored = store::find(db, &doc.path()).await?;
    if let Some(stored) = &stored
        && stored.expires_at > at
    {
        return Ok(Some(stored.clone()));
    }
    let seen = store::generation(db).await?;
    let Some(mut fresh) = render_doc(db, settings, doc, at).await? else {
        if stored.is_some() {
            store::save_if_current(db, seen, Vec::new(), &[doc.path()]).await?;
        }
        return Ok(None);
    };
    // An expired copy with the same body keeps its date, so Last-Modified means a change.
    if let Some(stored) = stored
        && stored.etag == fresh.etag
    {
        fresh.updated_at = stored.updated_at;
    }
    // Served either way; stored only if no change committed while it was rendered.
    store::save_if_current(db, seen, vec![fresh.clone()], &[]).await?;
    Ok(Some(fresh))
}

/// Renders the site feeds, the sitemap, robots.txt and every tag and series feed that is
/// stored now, and stores them; returns how many documents were written. Feeds whose tag or
/// series is gone (or has nothing published any more) are deleted instead.
pub async fn regenerate_all(db: &DatabaseConnection, settings: &Settings) -> Result<usize, ApiError> {
    let at = now();
    let seen = store::generation(db).await?;
    let mut docs = Doc::SITE.to_vec();
    for path in store::paths(db).await? {
        if let Some(doc) = Doc::from_path(&path)
            && !docs.contains(&doc)
        {
            docs.push(doc);
        }
    }
    let (mut fresh, mut gone) = (Vec::new(), Vec::new());
    for doc in docs {
        match render_doc(db, settings, &doc, at).await? {
            Some(rendered) => fresh.push(rendered),
            None => gone.push(doc.path()),
        }
    }
    let written = fresh.len();
    // A change committed during the render queues its own rebuild; this one is stale.
    Ok(if store::save_if_current(db, seen, fresh, &gone).await? { written } else { 0 })
}

/// Forgets every stored document, so the next request renders it again. Call it (inside the
/// transaction, when there is one) whenever a post, tag or series changes.
pub async fn invalidate(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    store::bump_generation(db).await?;
    store::delete_all(db).await
}

async fn render_doc(db: &impl ConnectionTrait, settings: &Settings, doc: &Doc, at: DateTime<Utc>) -> Result<Option<documents::Model>, ApiError> {
    let public_url = settings.public_url.as_str();
    let body = match doc {
        Doc::Rss => render::rss(&Channel::site(public_url, &doc.path()), &feed_items(db, public_url, Scope::Site, at).await?)?,
        Doc::Atom => render::atom(&Channel::site(public_url, &doc.path()), &feed_items(db, public_url, Scope::Site, at).await?)?,
        Doc::Sitemap => render::sitemap(&sitemap_urls(db, public_url, at).await?)?,
        Doc::Robots => render::robots(public_url, settings.allow_ai_crawlers),
        Doc::LlmsTxt => render::llms_txt(public_url, &llms_posts(db, public_url, at, false).await?),
        Doc::LlmsFull => render::llms_full_txt(public_url, &llms_posts(db, public_url, at, true).await?),
        Doc::TagFeed(slug) => {
            let Some(tag) = tags::repo::find_by_slug(db, slug).await? else { return Ok(None) };
            let items = feed_items(db, public_url, Scope::Tag(tag.id), at).await?;
            if items.is_empty() {
                return Ok(None);
            }
            let channel = Channel {
                title: format!("Lectern: {}", tag.name),
                description: format!("Posts tagged {} on Lectern", tag.name),
                page_url: format!("{public_url}/tags/{}", tag.slug),
                self_url: format!("{public_url}{}", doc.path()),
            };
            render::rss(&channel, &items)?
        }
        Doc::SeriesFeed(slug) => {
            let Some(series) = series::repo::find_by_slug(db, slug).await? else { return Ok(None) };
            let items = feed_items(db, public_url, Scope::Series(series.id), at).await?;
            if items.is_empty() {
                return Ok(None);
            }
            let channel = Channel {
                description: if series.description.is_empty() { format!("The series {} on Lectern", series.title) } else { series.description },
                title: format!("Lectern: {}", series.title),
                page_url: format!("{public_url}/series/{}", series.slug),
                self_url: format!("{public_url}{}", doc.path()),
            };
            render::rss(&channel, &items)?
        }
    };
    let expires_at = match repo::next_publication(db, at).await? {
        Some(next) => next.min(at + REFRESH_AFTER),
        None => at + REFRESH_AFTER,
    };
    Ok(Some(documents::Model {
        path: doc.path(),
        content_type: doc.content_type().into(),
        etag: render::etag(&body),
        body,
        updated_at: at,
        expires_at,
    }))
}

/// `llms-full.txt` holds the full text of at most this many free posts (the newest) and
/// stops adding text past [`LLMS_FULL_MAX_BYTES`]; older ones are listed by summary.
const LLMS_FULL_MAX_POSTS: u64 = 500;
const LLMS_FULL_MAX_BYTES: usize = 8 * 1024 * 1024;

/// Every published post for the llms.txt pair; with `text`, the markdown of the newest free
/// posts within the size budget. Premium text is never read here.
async fn llms_posts(db: &impl ConnectionTrait, public_url: &str, at: DateTime<Utc>, text: bool) -> Result<Vec<render::LlmsPost>, ApiError> {
    let rows = repo::llms_rows(db, at).await?;
    let mut bodies: std::collections::HashMap<uuid::Uuid, String> = std::collections::HashMap::new();
    if text {
        let mut total = 0;
        for (id, markdown) in repo::free_markdown(db, at, LLMS_FULL_MAX_POSTS).await? {
            total += markdown.len();
            if total > LLMS_FULL_MAX_BYTES {
                break;
            }
            bodies.insert(id, markdown);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| render::LlmsPost {
            url: format!("{public_url}/posts/{}", r.slug),
            markdown: if r.premium { None } else { bodies.remove(&r.id) },
            title: r.title,
            summary: r.summary,
            published_at: r.published_at,
            premium: r.premium,
        })
        .collect())
}

/// A feed's posts with their tags: two queries, however many posts.
async fn feed_items(db: &impl ConnectionTrait, public_url: &str, scope: Scope, at: DateTime<Utc>) -> Result<Vec<Item>, ApiError> {
    let rows = repo::newest_published(db, scope, at, FEED_LENGTH).await?;
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let mut tags = posts::repo::tags_for_posts(db, &ids).await?;
    Ok(rows.into_iter().map(|row| item(public_url, tags.remove(&row.id).unwrap_or_default(), row)).collect())
}

fn item(public_url: &str, tags: Vec<posts::dto::TagRef>, row: FeedRow) -> Item {
    Item {
        url: format!("{public_url}/posts/{}", row.slug),
        // Feeds are public: a premium post shows what a reader without premium sees on its
        // page, the teaser stored beside the body (see `posts::service::get_published`).
        html: if row.premium { row.teaser_html } else { row.html },
        id: row.id,
        title: row.title,
        summary: row.summary,
        author: row.author_name,
        tags,
        published_at: row.published_at,
        updated_at: row.updated_at,
    }
}

async fn sitemap_urls(db: &impl ConnectionTrait, public_url: &str, at: DateTime<Utc>) -> Result<Vec<SitemapUrl>, ApiError> {
    let posts = repo::published_post_dates(db, at).await?;
    let series = repo::series_with_published(db, at).await?;
    let tags = repo::tags_with_published(db, at).await?;
    let page = |path: String| SitemapUrl { loc: format!("{public_url}{path}"), lastmod: None };
    let mut urls = vec![SitemapUrl { loc: format!("{public_url}/"), lastmod: posts.iter().map(|p| p.updated_at.max(p.published_at)).max() }];
    // A scheduled post that went out by itself was last changed when it was published.
    urls.extend(posts.into_iter().map(|p| SitemapUrl { loc: format!("{public_url}/posts/{}", p.slug), lastmod: Some(p.updated_at.max(p.published_at)) }));
    urls.extend(series.into_iter().map(|s| page(format!("/series/{s}"))));
    urls.extend(tags.into_iter().map(|t| page(format!("/tags/{t}"))));
    Ok(urls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        for doc in [Doc::Rss, Doc::Atom, Doc::Sitemap, Doc::Robots, Doc::TagFeed("rust".into()), Doc::SeriesFeed("intro".into())] {
            assert_eq!(Doc::from_path(&doc.path()), Some(doc));
        }
        assert_eq!(Doc::from_path("/tags//feed.xml"), None);
        assert_eq!(Doc::from_path("/tags/a/b/feed.xml"), None);
        assert_eq!(Doc::from_path("/posts/x"), None);
    }
}
