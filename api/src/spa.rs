//! Serves the built SPA with a history fallback, and gives post, series and tag pages their
//! title, description, canonical URL, OpenGraph tags and JSON-LD (plus the article for
//! crawlers) in the HTML shell itself.

use std::{path::Path, sync::Arc};

use actix_files::Files;
use actix_web::{HttpResponse, dev::{ServiceRequest, ServiceResponse, fn_service}, http::header, web};
use serde_json::json;

use crate::{error::ApiError, markdown::escape_html as esc, posts, series, state::AppState, tags};

/// The shell `index.html`, read once at start.
#[derive(Clone)]
pub struct Shell(Arc<String>);

const MISSING_BUILD: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lectern</title></head><body><div id="root"><p>The web app is not built yet: run <code>make dev</code> (or <code>npm run build</code> in <code>web/</code>). The API is at <a href="/docs/">/docs/</a>.</p></div></body></html>"#;

impl Shell {
    pub fn load(dist: &Path) -> Self {
        let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_else(|_| {
            tracing::warn!(dist = %dist.display(), "no built SPA found; serving a placeholder page");
            MISSING_BUILD.to_string()
        });
        Self(Arc::new(html))
    }
}

/// What a page tells crawlers and link previews.
struct PageMeta {
    title: String,
    description: String,
    path: String,
    og_type: &'static str,
    json_ld: serde_json::Value,
    body_html: Option<String>,
}

fn render_shell(shell: &str, public_url: &str, meta: &PageMeta) -> String {
    let url = format!("{public_url}{}", meta.path);
    let title = format!("{} · Lectern", meta.title);
    // `</` inside a JSON string could close the script element; `<\/` is the same JSON.
    let json_ld = meta.json_ld.to_string().replace("</", "<\\/");
    let head = format!(
        concat!(
            "<title>{title}</title>\n",
            "<meta name=\"description\" content=\"{desc}\">\n",
            "<link rel=\"canonical\" href=\"{url}\">\n",
            "<meta property=\"og:title\" content=\"{ogtitle}\">\n",
            "<meta property=\"og:description\" content=\"{desc}\">\n",
            "<meta property=\"og:type\" content=\"{ogtype}\">\n",
            "<meta property=\"og:url\" content=\"{url}\">\n",
            "<meta property=\"og:site_name\" content=\"Lectern\">\n",
            "<meta name=\"twitter:card\" content=\"summary\">\n",
            "<script type=\"application/ld+json\">{jsonld}</script>\n",
        ),
        title = esc(&title),
        desc = esc(&meta.description),
        url = esc(&url),
        ogtitle = esc(&meta.title),
        ogtype = meta.og_type,
        jsonld = json_ld,
    );
    let mut html = strip_title(shell);
    html = html.replacen("</head>", &format!("{head}</head>"), 1);
    if let Some(body) = &meta.body_html {
        html = html.replacen("<div id=\"root\"></div>", &format!("<div id=\"root\">{body}</div>"), 1);
    }
    html
}

fn strip_title(shell: &str) -> String {
    match (shell.find("<title>"), shell.find("</title>")) {
        (Some(start), Some(end)) if end > start => format!("{}{}", &shell[..start], &shell[end + "</title>".len()..]),
        _ => shell.to_string(),
    }
}

fn html_response(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(body)
}

/// The shell as is, for pages without their own metadata (and unknown slugs, which the SPA
/// shows as not found).
fn plain(shell: &Shell) -> HttpResponse {
    html_response(shell.0.to_string())
}

/// A `BreadcrumbList` from the home page down: each step is (name, path).
fn breadcrumbs(public_url: &str, steps: &[(&str, String)]) -> serde_json::Value {
    let mut items = vec![json!({"@type": "ListItem", "position": 1, "name": "Home", "item": format!("{public_url}/")})];
    for (i, (name, path)) in steps.iter().enumerate() {
        items.push(json!({"@type": "ListItem", "position": i + 2, "name": name, "item": format!("{public_url}{path}")}));
    }
    json!({"@type": "BreadcrumbList", "itemListElement": items})
}

/// Several JSON-LD nodes in one script, as a graph.
fn graph(nodes: Vec<serde_json::Value>) -> serde_json::Value {
    json!({"@context": "https://schema.org", "@graph": nodes})
}

async fn post_meta(st: &AppState, slug: &str) -> Result<PageMeta, ApiError> {
    let post = posts::service::get_published(&st.db, slug, None).await?;
    let url = format!("{}/posts/{}", st.settings.public_url, post.slug);
    let description = if post.summary.is_empty() { post.title.clone() } else { post.summary.clone() };
    let public_url = st.settings.public_url.as_str();
    let mut article = json!({
        "@type": "BlogPosting",
        "headline": post.title,
        "description": description,
        "datePublished": post.published_at.to_rfc3339(),
        "dateModified": post.updated_at.to_rfc3339(),
        "author": { "@type": "Person", "name": post.author_name },
        "keywords": post.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
        "isAccessibleForFree": !post.premium,
        "mainEntityOfPage": url,
        "url": url,
    });
    let mut trail = Vec::new();
    if let Some(s) = &post.series {
        article["isPartOf"] = json!({"@type": "Course", "name": s.title, "url": format!("{public_url}/series/{}", s.slug)});
        article["position"] = json!(s.position);
        trail.push((s.title.as_str(), format!("/series/{}", s.slug)));
    }
    trail.push((post.title.as_str(), format!("/posts/{}", post.slug)));
    let crumbs = breadcrumbs(public_url, &trail);
    Ok(PageMeta {
        json_ld: graph(vec![article, crumbs]),
        body_html: Some(format!("<article><h1>{}</h1>{}</article>", esc(&post.title), post.html)),
        path: format!("/posts/{}", post.slug),
        title: post.title,
        description,
        og_type: "article",
    })
}

async fn series_meta(st: &AppState, slug: &str) -> Result<PageMeta, ApiError> {
    let s = series::service::get_public(&st.db, slug).await?;
    let url = format!("{}/series/{}", st.settings.public_url, s.slug);
    let items: Vec<_> = s.posts.iter().enumerate().map(|(i, p)| json!({
        "@type": "ListItem", "position": i + 1, "url": format!("{}/posts/{}", st.settings.public_url, p.slug), "name": p.title,
    })).collect();
    let list: String = s.posts.iter().map(|p| format!("<li><a href=\"/posts/{}\">{}</a></li>", esc(&p.slug), esc(&p.title))).collect();
    let description = if s.description.is_empty() { format!("A series of {} posts", s.posts.len()) } else { s.description.clone() };
    // A series is a course: its posts are the lessons, in order.
    let course = json!({
        "@type": "Course",
        "name": s.title,
        "description": description,
        "url": url,
        "provider": {"@type": "Organization", "name": "Lectern", "url": format!("{}/", st.settings.public_url)},
        "numberOfLessons": s.posts.len(),
        "hasPart": s.posts.iter().map(|p| json!({"@type": "LearningResource", "name": p.title, "url": format!("{}/posts/{}", st.settings.public_url, p.slug)})).collect::<Vec<_>>(),
    });
    let lessons = json!({ "@type": "ItemList", "name": s.title, "url": url, "itemListElement": items });
    let crumbs = breadcrumbs(&st.settings.public_url, &[(s.title.as_str(), format!("/series/{}", s.slug))]);
    Ok(PageMeta {
        json_ld: graph(vec![course, lessons, crumbs]),
        body_html: Some(format!("<h1>{}</h1><p>{}</p><ol>{list}</ol>", esc(&s.title), esc(&s.description))),
        path: format!("/series/{}", s.slug),
        description,
        title: s.title,
        og_type: "website",
    })
}

async fn tag_meta(st: &AppState, slug: &str) -> Result<PageMeta, ApiError> {
    let tag = tags::repo::find_by_slug(&st.db, slug).await?.ok_or(ApiError::NotFound("tag"))?;
    let url = format!("{}/tags/{}", st.settings.public_url, tag.slug);
    let crumbs = breadcrumbs(&st.settings.public_url, &[(&format!("Posts tagged {}", tag.name), format!("/tags/{}", tag.slug))]);
    Ok(PageMeta {
        json_ld: graph(vec![json!({ "@type": "CollectionPage", "name": format!("Posts tagged {}", tag.name), "url": url }), crumbs]),
        body_html: None,
        path: format!("/tags/{}", tag.slug),
        description: format!("Posts about {} on Lectern", tag.name),
        title: format!("Posts tagged {}", tag.name),
        og_type: "website",
    })
}

async fn with_meta(st: &AppState, shell: &Shell, meta: Result<PageMeta, ApiError>) -> HttpResponse {
    match meta {
        Ok(meta) => html_response(render_shell(&shell.0, &st.settings.public_url, &meta)),
        Err(ApiError::NotFound(_)) => plain(shell),
        Err(e) => {
            tracing::warn!(error = %e, "page metadata failed; serving the plain shell");
            plain(shell)
        }
    }
}

async fn post_page(st: web::Data<AppState>, shell: web::Data<Shell>, slug: web::Path<String>) -> HttpResponse {
    let meta = post_meta(&st, &slug).await;
    if let Err(ApiError::NotFound(_)) = meta
        && let Ok(Some(to)) = crate::redirects::lookup(&st.db, &crate::redirects::post_path(&slug)).await
    {
        // A renamed post's old page: permanently at its new address.
        return HttpResponse::MovedPermanently().insert_header((header::LOCATION, to)).finish();
    }
    with_meta(&st, &shell, meta).await
}

async fn series_page(st: web::Data<AppState>, shell: web::Data<Shell>, slug: web::Path<String>) -> HttpResponse {
    with_meta(&st, &shell, series_meta(&st, &slug).await).await
}

async fn tag_page(st: web::Data<AppState>, shell: web::Data<Shell>, slug: web::Path<String>) -> HttpResponse {
    with_meta(&st, &shell, tag_meta(&st, &slug).await).await
}

/// Paths that belong to the server, never to the SPA's router.
fn is_server_path(path: &str) -> bool {
    const PREFIXES: [&str; 6] = ["/api/", "/api-docs/", "/docs/", "/assets/", "/uploads/", "/pyodide/"];
    const EXACT: [&str; 6] = ["/api", "/docs", "/feed.xml", "/atom.xml", "/sitemap.xml", "/robots.txt"];
    PREFIXES.iter().any(|p| path.starts_with(p)) || EXACT.contains(&path) || path.ends_with("/feed.xml")
}

async fn fallback(req: ServiceRequest) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let redirect = match (is_server_path(req.path()), req.app_data::<web::Data<AppState>>()) {
        (false, Some(st)) => crate::redirects::lookup(&st.db, req.path()).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "redirect lookup failed");
            None
        }),
        _ => None,
    };
    let response = if is_server_path(req.path()) {
        actix_web::ResponseError::error_response(&ApiError::NotFound("resource"))
    } else if let Some(to) = redirect {
        // An imported post's old URL: permanently at its page here now.
        HttpResponse::MovedPermanently().insert_header((header::LOCATION, to)).finish()
    } else {
        match req.app_data::<web::Data<Shell>>() {
            Some(shell) => plain(shell),
            None => HttpResponse::NotFound().finish(),
        }
    };
    Ok(ServiceResponse::new(req, response))
}

async fn index(shell: web::Data<Shell>) -> HttpResponse {
    plain(&shell)
}

/// Mounts the page routes and the static files; call after every API route.
pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path) {
    cfg.route("/", web::get().to(index))
        .route("/index.html", web::get().to(index))
        .route("/posts/{slug}", web::get().to(post_page))
        .route("/series/{slug}", web::get().to(series_page))
        .route("/tags/{slug}", web::get().to(tag_page))
        .service(Files::new("/", dist).prefer_utf8(true).use_etag(true).default_handler(fn_service(fallback)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_escaped_meta_and_replaces_title() {
        let shell = "<html><head><title>Old</title></head><body><div id=\"root\"></div></body></html>";
        let meta = PageMeta {
            title: "A <b> & \"q\"".into(),
            description: "d".into(),
            path: "/posts/x".into(),
            og_type: "article",
            json_ld: json!({"headline": "</script><script>alert(1)</script>"}),
            body_html: Some("<p>hi</p>".into()),
        };
        let out = render_shell(shell, "https://ex.com", &meta);
        assert!(!out.contains("<title>Old"));
        assert!(out.contains("<link rel=\"canonical\" href=\"https://ex.com/posts/x\">"));
        assert!(out.contains("A &lt;b&gt; &amp; &quot;q&quot; · Lectern"));
        assert!(!out.contains("<b>"));
        assert!(!out.contains("</script><script>"));
        assert!(out.contains("<div id=\"root\"><p>hi</p></div>"));
    }

    #[test]
    fn server_paths_do_not_fall_back() {
        assert!(is_server_path("/api/v1/nothing"));
        assert!(is_server_path("/tags/rust/feed.xml"));
        assert!(!is_server_path("/admin/posts"));
        assert!(!is_server_path("/login"));
    }
}
