//! Full text on SQLite: FTS5 external-content tables (porter stemming), bm25 with the title
//! weighted strongest, `snippet()` for highlights, and a trigram table for "did you mean".

use std::future::Future;

use sea_orm::{ConnectionTrait, DbBackend, DbErr};
use uuid::Uuid;

use super::{
    fulltext::{FullText, Highlight, RankedChunk, RankedPost, Scope},
    query::SearchQuery,
    suggest,
};

use crate::sql::Sql;

pub struct Sqlite;

/// bm25 column weights: title, summary, tags, body.
const POST_WEIGHTS: &str = "10.0, 4.0, 4.0, 1.0";
/// bm25 column weights: heading, body.
const CHUNK_WEIGHTS: &str = "3.0, 1.0";

impl FullText for Sqlite {
    fn posts<C: ConnectionTrait>(
        &self,
        db: &C,
        q: &SearchQuery,
        all: bool,
        scope: Scope<'_>,
        after: Option<(f64, Uuid)>,
        limit: u64,
    ) -> impl Future<Output = Result<Vec<RankedPost>, DbErr>> + Send {
        let mut sql = Sql::new(DbBackend::Sqlite);
        // bm25 is lower-is-better; negated so every engine ranks higher-is-better.
        sql.push("SELECT post_id, score FROM (SELECT d.post_id AS post_id, -bm25(search_documents_fts, ")
            .push(POST_WEIGHTS)
            .push(") AS score FROM search_documents_fts JOIN search_documents d ON d.id = search_documents_fts.rowid JOIN posts p ON p.id = d.post_id WHERE search_documents_fts MATCH ")
            .bind(q.fts5(all));
        scope.push(&mut sql);
        sql.push(") WHERE 1 = 1");
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
        let mut sql = Sql::new(DbBackend::Sqlite);
        sql.push("SELECT c.id AS chunk_id, c.post_id AS post_id, -bm25(post_chunks_fts, ")
            .push(CHUNK_WEIGHTS)
            .push(") AS score FROM post_chunks_fts JOIN post_chunks c ON c.id = post_chunks_fts.rowid JOIN posts p ON p.id = c.post_id WHERE post_chunks_fts MATCH ")
            .bind(q.fts5(false));
        if !paywalled {
            sql.push(" AND c.behind_paywall = ").bind(false);
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
        let mut sql = Sql::new(DbBackend::Sqlite);
        // Driven by the page's chunks (a rowid lookup in the full-text index each), not by
        // every chunk in the corpus that holds a common word.
        sql.push("SELECT c.post_id AS post_id, c.anchor AS anchor, c.heading AS heading, snippet(post_chunks_fts, 1, char(57344), char(57345), '…', 28) AS marked FROM post_chunks_fts JOIN post_chunks c ON c.id = post_chunks_fts.rowid WHERE post_chunks_fts MATCH ")
            .bind(q.fts5(false))
            .push(" AND post_chunks_fts.rowid IN (SELECT id FROM post_chunks WHERE post_id IN ")
            .bind_list(post_ids.iter().copied());
        if !paywalled {
            sql.push(" AND behind_paywall = ").bind(false);
        }
        sql.push(") ORDER BY bm25(post_chunks_fts, ").push(CHUNK_WEIGHTS).push(")");
        let stmt = sql.build();
        let empty = post_ids.is_empty();
        async move {
            if empty {
                return Ok(Vec::new());
            }
            let rows = db.query_all_raw(stmt).await?;
            let mut seen = std::collections::HashSet::new();
            let mut out = Vec::new();
            for r in rows {
                let post_id: Uuid = r.try_get("", "post_id")?;
                if seen.insert(post_id) {
                    out.push(Highlight { post_id, anchor: r.try_get("", "anchor")?, heading: r.try_get("", "heading")?, marked: r.try_get("", "marked")? });
                }
            }
            Ok(out)
        }
    }

    fn similar_terms<C: ConnectionTrait>(&self, db: &C, word: &str) -> impl Future<Output = Result<Vec<(String, f64)>, DbErr>> + Send {
        // Candidates share at least one trigram (the FTS5 trigram index finds them); they
        // are then scored like pg_trgm's similarity().
        let grams = suggest::trigrams(word);
        let matchable: Vec<String> = word.chars().collect::<Vec<_>>().windows(3).map(|w| format!("\"{}\"", w.iter().collect::<String>().replace('"', ""))).collect();
        let mut sql = Sql::new(DbBackend::Sqlite);
        sql.push("SELECT t.term AS term FROM search_terms_fts JOIN search_terms t ON t.id = search_terms_fts.rowid WHERE search_terms_fts MATCH ")
            .bind(matchable.join(" OR "))
            .push(" ORDER BY bm25(search_terms_fts) LIMIT 200");
        let stmt = sql.build();
        let word = word.to_string();
        async move {
            if matchable.is_empty() {
                return Ok(Vec::new());
            }
            let rows = db.query_all_raw(stmt).await?;
            let mut scored: Vec<(String, f64)> = Vec::new();
            for r in rows {
                let term: String = r.try_get("", "term")?;
                let s = suggest::similarity_of(&grams, &term);
                if s >= suggest::THRESHOLD && term != word {
                    scored.push((term, s));
                }
            }
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Ok(scored)
        }
    }
}
