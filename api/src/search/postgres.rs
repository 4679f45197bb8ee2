//! Full text on PostgreSQL: generated, weighted `tsvector` columns with GIN indexes,
//! `websearch_to_tsquery` for the reader's syntax, `ts_rank_cd`, `ts_headline`, and pg_trgm
//! similarity for "did you mean".

use std::future::Future;

use sea_orm::{ConnectionTrait, DbBackend, DbErr};
use uuid::Uuid;

use super::{
    fulltext::{FullText, Highlight, RankedChunk, RankedPost, Scope},
    query::{SearchQuery, Term},
};

use crate::sql::Sql;

pub struct Postgres;

fn websearch_text(terms: &[&Term], joiner: &str) -> String {
    terms.iter().map(|t| if t.is_phrase() { format!("\"{}\"", t.text()) } else { t.text() }).collect::<Vec<_>>().join(joiner)
}

/// Appends the tsquery for `q`: all terms (`all`) or any, minus the excluded ones; the
/// prefix word (still being typed) as `word:*`.
fn push_tsquery(sql: &mut Sql, q: &SearchQuery, all: bool) {
    let relaxed;
    let q = if all {
        q
    } else {
        relaxed = q.without_stop_words();
        &relaxed
    };
    let (prefix, plain): (Vec<&Term>, Vec<&Term>) = q.positive().partition(|t| t.prefix);
    let joiner = if all { " && " } else { " || " };
    sql.push("(");
    if !plain.is_empty() {
        sql.push("websearch_to_tsquery('english', ").bind(websearch_text(&plain, if all { " " } else { " or " })).push(")");
    }
    for (i, t) in prefix.iter().enumerate() {
        if i > 0 || !plain.is_empty() {
            sql.push(joiner);
        }
        // Words are letters, digits and `_` only, so this is a well-formed lexeme.
        sql.push("to_tsquery('english', ").bind(format!("{}:*", t.text().replace('_', " <-> "))).push(")");
    }
    sql.push(")");
    let negative: Vec<&Term> = q.negative().collect();
    if !negative.is_empty() {
        let text = negative.iter().map(|t| if t.is_phrase() { format!("-\"{}\"", t.text()) } else { format!("-{}", t.text()) }).collect::<Vec<_>>().join(" ");
        sql.push(" && websearch_to_tsquery('english', ").bind(text).push(")");
    }
}

impl FullText for Postgres {
    fn posts<C: ConnectionTrait>(
        &self,
        db: &C,
        q: &SearchQuery,
        all: bool,
        scope: Scope<'_>,
        after: Option<(f64, Uuid)>,
        limit: u64,
    ) -> impl Future<Output = Result<Vec<RankedPost>, DbErr>> + Send {
        let mut sql = Sql::new(DbBackend::Postgres);
        sql.push("WITH q AS (SELECT ");
        push_tsquery(&mut sql, q, all);
        // Normalisation 1 divides by 1 + log(length), so a long post doesn't win by size alone.
        sql.push(" AS query) SELECT post_id, score FROM (SELECT d.post_id, ts_rank_cd(d.document, q.query, 1)::float8 AS score FROM search_documents d JOIN posts p ON p.id = d.post_id, q WHERE d.document @@ q.query");
        scope.push(&mut sql);
        sql.push(") ranked WHERE true");
        if let Some((score, id)) = after {
            sql.push(" AND (score < ").bind(score).push(" OR (score = ").bind(score).push(" AND post_id > ").bind(id).push("))");
        }
        sql.push(" ORDER BY score DESC, post_id ASC LIMIT ").bind(limit as i64);
        let stmt = sql.build();
        async move {
            let rows = db.query_all_raw(stmt).await?;
            rows.iter().map(|r| Ok(RankedPost { post_id: r.try_get("", "post_id")?, score: r.try_get("", "score")? })).collect()
        }
    }

    fn chunks<C: ConnectionTrait>(&self, db: &C, q: &SearchQuery, scope: Scope<'_>, paywalled: bool, limit: u64) -> impl Future<Output = Result<Vec<RankedChunk>, DbErr>> + Send {
        let mut sql = Sql::new(DbBackend::Postgres);
        sql.push("WITH q AS (SELECT ");
        push_tsquery(&mut sql, q, false);
        sql.push(" AS query) SELECT c.id AS chunk_id, c.post_id, ts_rank_cd(c.document, q.query, 1)::float8 AS score FROM post_chunks c JOIN posts p ON p.id = c.post_id, q WHERE c.document @@ q.query");
        if !paywalled {
            sql.push(" AND NOT c.behind_paywall");
        }
        scope.push(&mut sql);
        sql.push(" ORDER BY score DESC, c.id ASC LIMIT ").bind(limit as i64);
        let stmt = sql.build();
        async move {
            let rows = db.query_all_raw(stmt).await?;
            rows.iter()
                .map(|r| Ok(RankedChunk { chunk_id: r.try_get("", "chunk_id")?, post_id: r.try_get("", "post_id")?, score: r.try_get("", "score")? }))
                .collect()
        }
    }

    fn highlights<C: ConnectionTrait>(&self, db: &C, q: &SearchQuery, post_ids: &[Uuid], paywalled: bool) -> impl Future<Output = Result<Vec<Highlight>, DbErr>> + Send {
        let mut sql = Sql::new(DbBackend::Postgres);
        sql.push("WITH q AS (SELECT ");
        push_tsquery(&mut sql, q, false);
        sql.push(" AS query), best AS (SELECT DISTINCT ON (c.post_id) c.post_id, c.anchor, c.heading, c.body FROM post_chunks c, q WHERE c.document @@ q.query AND c.post_id IN ")
            .bind_list(post_ids.iter().copied());
        if !paywalled {
            sql.push(" AND NOT c.behind_paywall");
        }
        // Headlines only for the chosen chunk of each post: ts_headline re-parses the text.
        sql.push(" ORDER BY c.post_id, ts_rank_cd(c.document, q.query, 1) DESC, c.position) SELECT best.post_id, best.anchor, best.heading, ts_headline('english', best.body, q.query, 'StartSel=\u{E000}, StopSel=\u{E001}, MaxWords=28, MinWords=12, MaxFragments=1') AS marked FROM best, q");
        let stmt = sql.build();
        let empty = post_ids.is_empty();
        async move {
            if empty {
                return Ok(Vec::new());
            }
            let rows = db.query_all_raw(stmt).await?;
            rows.iter()
                .map(|r| Ok(Highlight { post_id: r.try_get("", "post_id")?, anchor: r.try_get("", "anchor")?, heading: r.try_get("", "heading")?, marked: r.try_get("", "marked")? }))
                .collect()
        }
    }

    fn similar_terms<C: ConnectionTrait>(&self, db: &C, word: &str) -> impl Future<Output = Result<Vec<(String, f64)>, DbErr>> + Send {
        let mut sql = Sql::new(DbBackend::Postgres);
        sql.push("SELECT term, similarity(term, ")
            .bind(word.to_string())
            .push(")::float8 AS score FROM search_terms WHERE term % ")
            .bind(word.to_string())
            .push(" AND term <> ")
            .bind(word.to_string())
            .push(" ORDER BY score DESC, term LIMIT 5");
        let stmt = sql.build();
        async move {
            let rows = db.query_all_raw(stmt).await?;
            rows.iter().map(|r| Ok((r.try_get("", "term")?, r.try_get("", "score")?))).collect()
        }
    }
}
