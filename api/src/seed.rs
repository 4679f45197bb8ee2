//! Demo content for a fresh install (`lectern seed`), and bulk posts for benchmarks.
//!
//! The demo posts live as markdown files with a small front matter under `api/seed/`.

use chrono::{Duration, Utc};
use sea_orm::{EntityTrait, PaginatorTrait, QueryFilter, ColumnTrait, ActiveValue::Set};
use uuid::Uuid;

use crate::{
    auth::{self, tokens},
    domain::{Difficulty, now, truncate},
    entities::{posts, users},
    markdown,
    posts::dto::CreatePostRequest,
    series, state::AppState,
};

const SERIES_TOML: &str = include_str!("../seed/series.toml");
const POSTS: [&str; 12] = [
    include_str!("../seed/posts/01-values-and-names.md"),
    include_str!("../seed/posts/02-functions-and-closures.md"),
    include_str!("../seed/posts/03-python-generators.md"),
    include_str!("../seed/posts/04-context-managers.md"),
    include_str!("../seed/posts/05-ownership-for-pythonistas.md"),
    include_str!("../seed/posts/06-result-instead-of-exceptions.md"),
    include_str!("../seed/posts/07-traits-vs-protocols.md"),
    include_str!("../seed/posts/08-joins-explained.md"),
    include_str!("../seed/posts/09-indexes-that-matter.md"),
    include_str!("../seed/posts/10-keyset-pagination.md"),
    include_str!("../seed/posts/11-testing-with-pytest-fixtures.md"),
    include_str!("../seed/posts/12-async-python-without-tears.md"),
];

#[derive(serde::Deserialize)]
struct SeriesFile {
    series: Vec<SeriesDef>,
}

#[derive(serde::Deserialize)]
struct SeriesDef {
    slug: String,
    title: String,
    description: String,
}

/// One demo post: front matter fields and the markdown body.
#[derive(Debug)]
struct DemoPost {
    title: String,
    slug: String,
    summary: String,
    tags: Vec<String>,
    series: Option<String>,
    difficulty: Difficulty,
    premium: bool,
    days_ago: i64,
    body: String,
}

fn parse_post(text: &str) -> anyhow::Result<DemoPost> {
    let rest = text.strip_prefix("---\n").ok_or_else(|| anyhow::anyhow!("missing front matter"))?;
    let (front, body) = rest.split_once("\n---\n").ok_or_else(|| anyhow::anyhow!("unterminated front matter"))?;
    let field = |key: &str| {
        front.lines().find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix(':'))).map(|v| v.trim().to_string()).unwrap_or_default()
    };
    Ok(DemoPost {
        title: field("title"),
        slug: field("slug"),
        summary: field("summary"),
        tags: field("tags").split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
        series: Some(field("series")).filter(|s| !s.is_empty()),
        difficulty: match field("difficulty").as_str() {
            "advanced" => Difficulty::Advanced,
            "intermediate" => Difficulty::Intermediate,
            _ => Difficulty::Beginner,
        },
        premium: field("premium") == "true",
        days_ago: field("days_ago").parse().unwrap_or(1),
        body: body.trim_start().to_string(),
    })
}

const DEMO_ADMIN: &str = "admin@lectern.local";

/// Writes the demo blog into an empty database; returns what to tell the operator.
pub async fn demo(st: &AppState) -> anyhow::Result<String> {
    if posts::Entity::find().count(&st.db).await? > 0 {
        return Ok("the database already has posts; nothing seeded".into());
    }
    let (admin, credentials) = match users::Entity::find().filter(users::Column::Role.eq("admin")).one(&st.db).await? {
        Some(existing) => (existing.clone(), format!("posts are by the existing admin {}", existing.email)),
        None => {
            let password = tokens::generate()[..16].to_string();
            let admin = auth::service::create_admin(&st.db, &st.passwords, DEMO_ADMIN, &password).await?;
            (admin, format!("admin account: {DEMO_ADMIN} / {password}"))
        }
    };
    let defs: SeriesFile = toml::from_str(SERIES_TOML)?;
    let mut series_ids = std::collections::HashMap::new();
    for def in defs.series {
        let s = series::service::create(&st.db, &def.title, Some(&def.slug), &def.description).await?;
        series_ids.insert(def.slug, s.id);
    }
    let mut count = 0;
    for text in POSTS {
        let post = parse_post(text)?;
        let series_id = post.series.as_ref().and_then(|s| series_ids.get(s).copied());
        let req = CreatePostRequest {
            title: post.title,
            markdown: post.body,
            summary: Some(post.summary),
            slug: Some(post.slug),
            tags: Some(post.tags),
            series_id,
            difficulty: Some(post.difficulty),
            premium: Some(post.premium),
            published_at: Some(Utc::now() - Duration::days(post.days_ago)),
        };
        crate::posts::service::create(&st.db, admin.id, req).await?;
        count += 1;
    }
    Ok(format!("seeded {count} posts in {} series; {credentials}", series_ids.len()))
}

/// Adds `n` published posts (`bench-post-1` …) for load tests, in batches.
pub async fn bench_posts(st: &AppState, n: u32) -> anyhow::Result<String> {
    let author = match users::Entity::find().filter(users::Column::Role.eq("admin")).one(&st.db).await? {
        Some(a) => a,
        None => auth::service::create_admin(&st.db, &st.passwords, "bench@lectern.local", &tokens::generate()).await?,
    };
    let rendered = markdown::render(&parse_post(POSTS[2])?.body);
    let start = now();
    for chunk in (1..=n).collect::<Vec<_>>().chunks(500) {
        let txn = crate::db::begin_write(&st.db).await?;
        let rows = chunk.iter().map(|i| posts::ActiveModel {
            id: Set(Uuid::now_v7()),
            slug: Set(format!("bench-post-{i}")),
            title: Set(format!("Benchmark post {i}")),
            summary: Set("A generated post for load tests.".into()),
            markdown: Set(String::new()),
            html: Set(rendered.html.clone()),
            teaser_html: Set(rendered.teaser_html.clone()),
            status: Set("published".into()),
            published_at: Set(Some(truncate(start - Duration::seconds(i64::from(*i))))),
            difficulty: Set("beginner".into()),
            premium: Set(false),
            reading_minutes: Set(rendered.reading_minutes),
            author_id: Set(author.id),
            series_id: Set(None),
            series_position: Set(None),
            created_at: Set(start),
            updated_at: Set(start),
        });
        posts::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        txn.commit().await?;
    }
    // The rows bypass the post service, so the stored feeds would not know about them.
    crate::feeds::invalidate(&st.db).await?;
    Ok(format!("added {n} benchmark posts"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_post_parses_with_code() {
        let defs: SeriesFile = toml::from_str(SERIES_TOML).unwrap();
        for text in POSTS {
            let p = parse_post(text).unwrap();
            assert!(!p.title.is_empty() && !p.slug.is_empty(), "{p:?}");
            assert!(p.body.contains("```"), "{} has no code", p.slug);
            if let Some(s) = &p.series {
                assert!(defs.series.iter().any(|d| &d.slug == s), "{} names unknown series {s}", p.slug);
            }
        }
    }
}
