//! The one seam between search and the database's text engine: FTS5 on SQLite, `tsvector`
//! on PostgreSQL. Everything above it (query parsing, fusion, snippets, the paywall rule)
//! is shared; [`on_engine!`] is the only place that looks at the backend.

use std::future::Future;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use super::query::SearchQuery;
use crate::sql::Sql;

/// Which published posts a search may return.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub now: DateTime<Utc>,
    pub tag_id: Option<Uuid>,
    pub series_id: Option<Uuid>,
    pub difficulty: Option<&'a str>,
    /// Only this post ("ask about this post").
    pub post_id: Option<Uuid>,
}

impl Scope<'_> {
    /// Appends the scope's conditions on the posts table aliased `p`.
    pub fn push(&self, sql: &mut Sql) {
        sql.push(" AND p.published_at IS NOT NULL AND p.published_at <= ").bind(self.now);
        if let Some(d) = self.difficulty {
            sql.push(" AND p.difficulty = ").bind(d.to_string());
        }
        if let Some(s) = self.series_id {
            sql.push(" AND p.series_id = ").bind(s);
        }
        if let Some(t) = self.tag_id {
            sql.push(" AND p.id IN (SELECT pt.post_id FROM post_tags pt WHERE pt.tag_id = ").bind(t).push(")");
        }
        if let Some(id) = self.post_id {
            sql.push(" AND p.id = ").bind(id);
        }
    }
}

/// A post and how well it matches (higher is better).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedPost {
    pub post_id: Uuid,
    pub score: f64,
}

/// A chunk and how well it matches (higher is better).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedChunk {
    pub chunk_id: i64,
    pub post_id: Uuid,
    pub score: f64,
}

/// The best-matching section of a post, with the matched words between [`MARK_START`] and
/// [`MARK_END`] (escaped and turned into `<mark>` by the caller).
#[derive(Debug, Clone)]
pub struct Highlight {
    pub post_id: Uuid,
    pub anchor: Option<String>,
    pub heading: String,
    pub marked: String,
}

/// Private-use characters the engines wrap matches in; stripped from indexed text so a post
/// can't forge a highlight.
pub const MARK_START: char = '\u{E000}';
pub const MARK_END: char = '\u{E001}';

pub trait FullText: Sync {
    /// Posts matching every term (`all`) or any of them, best first, after `after` in
    /// `(score DESC, post_id ASC)` order.
    fn posts<C: ConnectionTrait>(
        &self,
        db: &C,
        q: &SearchQuery,
        all: bool,
        scope: Scope<'_>,
        after: Option<(f64, Uuid)>,
        limit: u64,
    ) -> impl Future<Output = Result<Vec<RankedPost>, DbErr>> + Send;

    /// Chunks matching any term, best first; behind-the-paywall chunks only with `paywalled`.
    fn chunks<C: ConnectionTrait>(&self, db: &C, q: &SearchQuery, scope: Scope<'_>, paywalled: bool, limit: u64) -> impl Future<Output = Result<Vec<RankedChunk>, DbErr>> + Send;

    /// For each post the section that best matches any term (posts with no matching
    /// section are absent); behind-the-paywall sections only with `paywalled`.
    fn highlights<C: ConnectionTrait>(&self, db: &C, q: &SearchQuery, post_ids: &[Uuid], paywalled: bool) -> impl Future<Output = Result<Vec<Highlight>, DbErr>> + Send;

    /// Indexed words that look like `word` (trigram similarity), most alike first.
    fn similar_terms<C: ConnectionTrait>(&self, db: &C, word: &str) -> impl Future<Output = Result<Vec<(String, f64)>, DbErr>> + Send;
}

/// Runs `$body` with `$engine` bound to the text engine of `$db`'s backend.
macro_rules! on_engine {
    ($db:expr, $engine:ident => $body:expr) => {
        match sea_orm::ConnectionTrait::get_database_backend($db) {
            sea_orm::DbBackend::Postgres => {
                let $engine = &$crate::search::postgres::Postgres;
                $body.await
            }
            _ => {
                let $engine = &$crate::search::sqlite::Sqlite;
                $body.await
            }
        }
    };
}
pub(crate) use on_engine;
