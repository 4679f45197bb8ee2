//! Demo content for a fresh install (`lectern seed`), and bulk posts for benchmarks.
//!
//! The demo posts live as markdown files with a small front matter under `api/seed/`.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    auth::{self, tokens},
    domain::{Difficulty, now, truncate},
    entities::{self, post_tags, posts, tags, users},
    markdown,
    posts::dto::CreatePostRequest,
    sql::Sql,
    series,
    state::AppState,
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

/// Tag names for the benchmark corpus: 50, like a real technical blog's.
const BENCH_TAGS: [&str; 50] = [
    "python", "rust", "sql", "postgresql", "sqlite", "testing", "async", "performance", "security", "web",
    "http", "databases", "types", "generics", "traits", "closures", "iterators", "generators", "concurrency", "memory",
    "ownership", "errors", "patterns", "refactoring", "tooling", "packaging", "linux", "networking", "caching", "indexes",
    "pagination", "apis", "json", "parsing", "compilers", "algorithms", "data-structures", "functional", "oop", "design",
    "debugging", "profiling", "observability", "deployment", "containers", "ci", "git", "documentation", "career", "beginners",
];
const BENCH_SERIES: usize = 20;

/// The demo posts' bodies cut at their h2 headings: what benchmark posts are made of, so
/// their text, sections and code read like real posts.
fn demo_sections() -> anyhow::Result<Vec<String>> {
    let mut sections = Vec::new();
    for text in POSTS {
        let body = parse_post(text)?.body.replace("<!-- more -->", "");
        let mut current = String::new();
        for line in body.lines() {
            if line.starts_with("## ") && !current.trim().is_empty() {
                sections.push(std::mem::take(&mut current));
            }
            current.push_str(line);
            current.push('\n');
        }
        if !current.trim().is_empty() {
            sections.push(current);
        }
    }
    Ok(sections.into_iter().filter(|s| s.starts_with("## ")).collect())
}

/// A benchmark post's markdown: demo sections, picked by the post's number, until 2–4 KB.
fn bench_markdown(sections: &[String], i: u32) -> String {
    let target = 2048 + (i as usize * 7919) % 2048;
    let mut body = format!("Benchmark post {i} walks through a few ideas from the demo posts.\n\n");
    let mut k = i as usize;
    while body.len() < target {
        k = k.wrapping_mul(2_654_435_761).wrapping_add(12_345) % 1_000_003;
        body.push_str(&sections[k % sections.len()]);
        body.push('\n');
    }
    body
}

/// Adds `n` published posts (`bench-post-1` …) for load tests, shaped like a real technical
/// blog: 2–4 KB of markdown each, 50 tags (2–3 a post), half the posts in 20 series. They
/// are indexed for search; with the embedding model present their chunks get vectors too
/// (each distinct section text embedded once, without the post title, so seeding takes
/// seconds rather than an hour).
pub async fn bench_posts(st: &AppState, n: u32) -> anyhow::Result<String> {
    let author = match users::Entity::find().filter(users::Column::Role.eq("admin")).one(&st.db).await? {
        Some(a) => a,
        None => auth::service::create_admin(&st.db, &st.passwords, "bench@lectern.local", &tokens::generate()).await?,
    };
    let sections = demo_sections()?;
    let start = now();

    let txn = crate::db::begin_write(&st.db).await?;
    let tag_rows: Vec<tags::Model> = BENCH_TAGS
        .iter()
        .map(|name| tags::Model { id: Uuid::now_v7(), slug: format!("bench-{name}"), name: format!("{name} (bench)"), created_at: start })
        .collect();
    tags::Entity::insert_many(tag_rows.iter().cloned().map(tags::ActiveModel::from)).exec_without_returning(&txn).await?;
    let series_rows: Vec<entities::series::Model> = (1..=BENCH_SERIES)
        .map(|k| entities::series::Model {
            id: Uuid::now_v7(),
            slug: format!("bench-series-{k}"),
            title: format!("Benchmark series {k}"),
            description: "A generated series for load tests.".into(),
            created_at: start,
            updated_at: start,
        })
        .collect();
    entities::series::Entity::insert_many(series_rows.iter().cloned().map(entities::series::ActiveModel::from)).exec_without_returning(&txn).await?;
    txn.commit().await?;

    let embedder = st.ai.embedder().ok().cloned();
    let mut vectors: HashMap<(String, String), Vec<u8>> = HashMap::new();
    let mut series_len = [0i32; BENCH_SERIES];
    for batch in (1..=n).collect::<Vec<_>>().chunks(500) {
        let txn = crate::db::begin_write(&st.db).await?;
        let mut models = Vec::with_capacity(batch.len());
        let mut links = Vec::new();
        for &i in batch {
            let markdown = bench_markdown(&sections, i);
            let rendered = markdown::render(&markdown);
            let (series_id, series_position) = if i % 2 == 0 {
                let k = (i as usize / 2) % BENCH_SERIES;
                series_len[k] += 1;
                (Some(series_rows[k].id), Some(series_len[k]))
            } else {
                (None, None)
            };
            let heading = markdown.lines().find_map(|l| l.strip_prefix("## ")).unwrap_or("Notes").to_string();
            let post = posts::Model {
                id: Uuid::now_v7(),
                slug: format!("bench-post-{i}"),
                title: format!("{heading}, part {i}"),
                summary: format!("Benchmark post {i}: {heading}."),
                markdown,
                html: rendered.html,
                teaser_html: rendered.teaser_html,
                status: "published".into(),
                published_at: Some(truncate(start - Duration::seconds(i64::from(i)))),
                difficulty: ["beginner", "intermediate", "advanced"][i as usize % 3].into(),
                premium: false,
                reading_minutes: rendered.reading_minutes,
                author_id: author.id,
                series_id,
                series_position,
                created_at: start,
                updated_at: start,
            };
            // 2 or 3 distinct tags, 2.5 a post on average.
            let picks = [i as usize % 50, (i as usize * 7 + 3) % 50, (i as usize * 13 + 5) % 50];
            let mut chosen: Vec<usize> = Vec::new();
            for t in picks.into_iter().take(if i % 2 == 0 { 3 } else { 2 }) {
                if !chosen.contains(&t) {
                    chosen.push(t);
                }
            }
            links.extend(chosen.iter().map(|&t| post_tags::ActiveModel { post_id: Set(post.id), tag_id: Set(tag_rows[t].id) }));
            let names: Vec<String> = chosen.iter().map(|&t| tag_rows[t].name.clone()).collect();
            models.push((post, names));
        }
        posts::Entity::insert_many(models.iter().map(|(p, _)| posts::ActiveModel::from(p.clone()))).exec_without_returning(&txn).await?;
        post_tags::Entity::insert_many(links).exec_without_returning(&txn).await?;
        for (post, names) in &models {
            crate::search::index::sync_post(&txn, post, names).await?;
        }
        if let Some(embedder) = &embedder {
            embed_bench_chunks(&txn, embedder.as_ref(), &mut vectors, models.iter().map(|(p, _)| p.id)).await?;
        }
        txn.commit().await?;
    }
    // The rows bypass the post service, so the stored feeds would not know about them.
    crate::feeds::invalidate(&st.db).await?;
    let embedded = match &embedder {
        Some(e) => format!("; {} distinct chunk texts embedded with {}", vectors.len(), e.model_id()),
        None => "; no embedding model, so no vectors".to_string(),
    };
    Ok(format!("added {n} benchmark posts in {BENCH_SERIES} series with {} tags{embedded}", BENCH_TAGS.len()))
}

/// Gives the chunks of `post_ids` vectors of the current model, embedding each distinct
/// (heading, text) once across the whole corpus.
async fn embed_bench_chunks(
    txn: &DatabaseTransaction,
    embedder: &dyn crate::ai::embed::Embedder,
    vectors: &mut HashMap<(String, String), Vec<u8>>,
    post_ids: impl IntoIterator<Item = Uuid>,
) -> anyhow::Result<()> {
    let backend = txn.get_database_backend();
    let mut select = Sql::new(backend);
    select.push("SELECT id, heading, body FROM post_chunks WHERE post_id IN ").bind_list(post_ids);
    let rows: Vec<(i64, String, String)> = txn
        .query_all_raw(select.build())
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "heading")?, r.try_get("", "body")?)))
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let mut missing: Vec<(String, String)> = rows.iter().map(|(_, h, b)| (h.clone(), b.clone())).filter(|k| !vectors.contains_key(k)).collect();
    missing.sort();
    missing.dedup();
    for group in missing.chunks(16) {
        let inputs = group.iter().map(|(h, b)| crate::ai::chunk::embedding_input("", h, b)).collect();
        for (key, v) in group.iter().cloned().zip(embedder.embed(inputs).await?) {
            vectors.insert(key, crate::search::vectors::to_bytes(&v));
        }
    }
    for (id, heading, body) in rows {
        let mut update = Sql::new(backend);
        update
            .push("UPDATE post_chunks SET embedding = ")
            .bind(vectors[&(heading, body)].clone())
            .push(", embedding_model = ")
            .bind(embedder.model_id().to_string())
            .push(" WHERE id = ")
            .bind(id);
        txn.execute_raw(update.build()).await?;
    }
    Ok(())
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
