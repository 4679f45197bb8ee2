//! Feeds, sitemap, robots.txt and the llms.txt pair as text, from plain values; no database here.
//!
//! Every function is deterministic: the same posts give the same bytes, so the ETag only
//! changes when the content does, whichever process rendered it.

use base64::Engine;
use chrono::{DateTime, SecondsFormat, Utc};
use quick_xml::{Writer, events::{BytesDecl, BytesText, Event}};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::posts::dto::TagRef;

pub const RSS_TYPE: &str = "application/rss+xml; charset=utf-8";
pub const ATOM_TYPE: &str = "application/atom+xml; charset=utf-8";
pub const XML_TYPE: &str = "application/xml; charset=utf-8";
pub const TEXT_TYPE: &str = "text/plain; charset=utf-8";
pub const MARKDOWN_TYPE: &str = "text/markdown; charset=utf-8";

const SITE_NAME: &str = "Lectern";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// What a feed says about itself.
#[derive(Debug, Clone)]
pub struct Channel {
    pub title: String,
    pub description: String,
    /// The page the feed follows: the home page, a tag page or a series page.
    pub page_url: String,
    /// Where the feed itself is served.
    pub self_url: String,
}

impl Channel {
    pub fn site(public_url: &str, feed_path: &str) -> Self {
        Self {
            title: SITE_NAME.into(),
            description: format!("New posts on {SITE_NAME}"),
            page_url: format!("{public_url}/"),
            self_url: format!("{public_url}{feed_path}"),
        }
    }
}

/// One post as a feed shows it.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: Uuid,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub tags: Vec<TagRef>,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The whole post, or only its teaser when it is premium.
    pub html: String,
}

impl Item {
    /// Stays the same when the slug changes, so readers do not see a renamed post twice.
    fn guid(&self) -> String {
        format!("urn:uuid:{}", self.id)
    }
}

/// One `<url>` of the sitemap.
#[derive(Debug, Clone)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
}

/// A strong ETag for a body: the quoted, unpadded base64url SHA-256 of its bytes.
pub fn etag(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!("\"{}\"", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest))
}

/// The newest change among the items, for the feed's own date; the epoch for an empty feed
/// (a clock reading would change the body, and the ETag, on every render).
fn newest(items: &[Item]) -> DateTime<Utc> {
    items.iter().map(|i| i.updated_at.max(i.published_at)).max().unwrap_or(DateTime::UNIX_EPOCH)
}

pub fn rss(channel: &Channel, items: &[Item]) -> anyhow::Result<String> {
    use rss::extension::{Extension, ExtensionMap, dublincore::DublinCoreExtension};

    // `atom:link rel="self"` lets readers and validators know the feed's canonical address.
    let self_link = Extension {
        name: "atom:link".into(),
        attrs: [("href", channel.self_url.as_str()), ("rel", "self"), ("type", "application/rss+xml")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    };
    let mut extensions = ExtensionMap::new();
    extensions.entry("atom".into()).or_default().insert("link".into(), vec![self_link]);
    let last_build_date = (!items.is_empty()).then(|| newest(items).to_rfc2822());
    let items = items
        .iter()
        .map(|i| rss::Item {
            title: Some(i.title.clone()),
            link: Some(i.url.clone()),
            description: (!i.summary.is_empty()).then(|| i.summary.clone()),
            categories: i.tags.iter().map(|t| rss::Category { name: t.name.clone(), domain: None }).collect(),
            guid: Some(rss::Guid { value: i.guid(), permalink: false }),
            pub_date: Some(i.published_at.to_rfc2822()),
            content: Some(i.html.clone()),
            // RSS's own <author> must be an email address; Dublin Core carries a name.
            dublin_core_ext: Some(DublinCoreExtension { creators: vec![i.author.clone()], ..Default::default() }),
            ..Default::default()
        })
        .collect();
    let channel = rss::Channel {
        title: channel.title.clone(),
        link: channel.page_url.clone(),
        description: channel.description.clone(),
        language: Some("en".into()),
        last_build_date,
        generator: Some(SITE_NAME.into()),
        namespaces: [("atom".to_string(), ATOM_NS.to_string())].into_iter().collect(),
        extensions,
        items,
        ..Default::default()
    };
    let bytes = channel.write_to(Vec::new())?;
    Ok(String::from_utf8(bytes)?)
}

pub fn atom(channel: &Channel, items: &[Item]) -> anyhow::Result<String> {
    use atom_syndication::{Category, Content, Entry, Feed, Link, Person, Text};

    let link = |href: &str, rel: &str, mime: Option<&str>| Link {
        href: href.into(),
        rel: rel.into(),
        mime_type: mime.map(Into::into),
        ..Default::default()
    };
    let entries = items
        .iter()
        .map(|i| Entry {
            id: i.guid(),
            title: Text::plain(i.title.clone()),
            updated: i.updated_at.max(i.published_at).fixed_offset(),
            published: Some(i.published_at.fixed_offset()),
            authors: vec![Person { name: i.author.clone(), ..Default::default() }],
            categories: i.tags.iter().map(|t| Category { term: t.slug.clone(), label: Some(t.name.clone()), ..Default::default() }).collect(),
            links: vec![link(&i.url, "alternate", Some("text/html"))],
            summary: (!i.summary.is_empty()).then(|| Text::plain(i.summary.clone())),
            // xml:base resolves the post's relative links (`/posts/other`) against the site.
            content: Some(Content { base: Some(i.url.clone()), value: Some(i.html.clone()), content_type: Some("html".into()), ..Default::default() }),
            ..Default::default()
        })
        .collect();
    let feed = Feed {
        id: channel.self_url.clone(),
        title: Text::plain(channel.title.clone()),
        subtitle: Some(Text::plain(channel.description.clone())),
        updated: newest(items).fixed_offset(),
        links: vec![link(&channel.self_url, "self", Some("application/atom+xml")), link(&channel.page_url, "alternate", Some("text/html"))],
        generator: Some(atom_syndication::Generator { value: SITE_NAME.into(), ..Default::default() }),
        entries,
        ..Default::default()
    };
    let bytes = feed.write_to(Vec::new())?;
    Ok(String::from_utf8(bytes)?)
}

pub fn sitemap(urls: &[SitemapUrl]) -> anyhow::Result<String> {
    let mut writer = Writer::new(Vec::new());
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer.create_element("urlset").with_attribute(("xmlns", SITEMAP_NS)).write_inner_content(|w| {
        for url in urls {
            w.create_element("url").write_inner_content(|w| {
                w.create_element("loc").write_text_content(BytesText::new(&url.loc))?;
                if let Some(at) = url.lastmod {
                    w.create_element("lastmod").write_text_content(BytesText::new(&at.to_rfc3339_opts(SecondsFormat::Secs, true)))?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(String::from_utf8(writer.into_inner())?)
}

/// Crawlers that gather training data or answer questions for AI products, by the names
/// their operators document (`AI_CRAWLERS=disallow` turns them away).
pub const AI_CRAWLERS: [&str; 10] =
    ["GPTBot", "ChatGPT-User", "OAI-SearchBot", "ClaudeBot", "anthropic-ai", "Google-Extended", "Applebot-Extended", "CCBot", "PerplexityBot", "Bytespider"];

pub fn robots(public_url: &str, allow_ai_crawlers: bool) -> String {
    let mut out = String::new();
    if !allow_ai_crawlers {
        for bot in AI_CRAWLERS {
            out.push_str(&format!("User-agent: {bot}\nDisallow: /\n\n"));
        }
    }
    out.push_str(&format!("User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /api/\n\nSitemap: {public_url}/sitemap.xml\n"));
    out
}

/// One published post as the llms.txt pair lists it.
#[derive(Debug, Clone)]
pub struct LlmsPost {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub published_at: DateTime<Utc>,
    /// The markdown, for a free post whose text fits in `llms-full.txt`; `None` otherwise.
    pub markdown: Option<String>,
    pub premium: bool,
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn llms_header(out: &mut String, public_url: &str, posts: usize) {
    out.push_str(&format!("# {SITE_NAME}\n\n> Technical writing that teaches: {posts} published posts, with runnable code, series and study tools, at {public_url}/.\n\n"));
}

/// `/llms.txt` (llmstxt.org): the site in a paragraph, then every published post as a link
/// with its summary.
pub fn llms_txt(public_url: &str, posts: &[LlmsPost]) -> String {
    let mut out = String::new();
    llms_header(&mut out, public_url, posts.len());
    out.push_str("## Posts\n\n");
    for p in posts {
        let premium = if p.premium { " (premium)" } else { "" };
        out.push_str(&format!("- [{}]({}){premium}: {}\n", one_line(&p.title), p.url, one_line(&p.summary)));
    }
    out.push_str(&format!("\n## Optional\n\n- [The full text of the free posts]({public_url}/llms-full.txt)\n- [Sitemap]({public_url}/sitemap.xml)\n"));
    out
}

/// `/llms-full.txt`: the same summary, then the full markdown of the free posts. A premium
/// post appears by title, summary and link only: its text is for its readers.
pub fn llms_full_txt(public_url: &str, posts: &[LlmsPost]) -> String {
    let mut out = String::new();
    llms_header(&mut out, public_url, posts.len());
    for p in posts {
        out.push_str(&format!("---\n\n# {}\n\nSource: {}\nPublished: {}\n\n", one_line(&p.title), p.url, p.published_at.format("%Y-%m-%d")));
        match &p.markdown {
            Some(markdown) => {
                out.push_str(markdown.trim_end());
                out.push_str("\n\n");
            }
            None if p.premium => out.push_str(&format!("{}\n\n(Premium: the full text is for subscribers.)\n\n", one_line(&p.summary))),
            None => out.push_str(&format!("{}\n\n(The full text is on the page.)\n\n", one_line(&p.summary))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn item(title: &str) -> Item {
        let at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).single().unwrap_or_default();
        Item {
            id: Uuid::nil(),
            url: format!("https://ex.com/posts/{title}"),
            title: title.into(),
            summary: "A & B".into(),
            author: "Ada".into(),
            tags: vec![TagRef { slug: "rust".into(), name: "Rust".into() }],
            published_at: at,
            updated_at: at,
            html: "<p>x ]]> y</p>".into(),
        }
    }

    #[test]
    fn feeds_are_deterministic_and_escape_their_content() {
        let channel = Channel::site("https://ex.com", "/feed.xml");
        let items = [item("a<b")];
        let rss = rss(&channel, &items).expect("rss");
        assert_eq!(rss, super::rss(&channel, &items).expect("rss"), "two renders differ");
        assert!(rss.contains("<title>a&lt;b</title>") && rss.contains("<![CDATA[A & B]]>"), "{rss}");
        assert!(rss.contains("<![CDATA[<p>x ]]]]><![CDATA[> y</p>]]>"), "a CDATA end inside the body is split: {rss}");
        assert!(rss.contains("<dc:creator>Ada</dc:creator>") && rss.contains("xmlns:dc="), "{rss}");
        assert!(rss.contains(r#"<atom:link href="https://ex.com/feed.xml" rel="self""#), "{rss}");
        let atom = atom(&Channel::site("https://ex.com", "/atom.xml"), &items).expect("atom");
        assert!(atom.contains("&lt;p&gt;x ]]&gt; y&lt;/p&gt;"), "{atom}");
        assert!(atom.contains("<id>urn:uuid:00000000-0000-0000-0000-000000000000</id>"), "{atom}");
    }

    #[test]
    fn an_empty_feed_has_a_fixed_date() {
        let atom = atom(&Channel::site("https://ex.com", "/atom.xml"), &[]).expect("atom");
        assert!(atom.contains("<updated>1970-01-01T00:00:00+00:00</updated>"), "{atom}");
    }

    #[test]
    fn sitemap_escapes_locations() {
        let xml = sitemap(&[SitemapUrl { loc: "https://ex.com/?a=1&b=2".into(), lastmod: None }]).expect("sitemap");
        assert!(xml.contains("<loc>https://ex.com/?a=1&amp;b=2</loc>"), "{xml}");
        assert!(xml.contains(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#), "{xml}");
    }

    #[test]
    fn etag_is_quoted_and_follows_the_body() {
        assert!(etag("a").starts_with('"') && etag("a").ends_with('"'));
        assert_ne!(etag("a"), etag("b"));
    }
}
