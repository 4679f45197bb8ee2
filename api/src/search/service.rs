//! Search as readers get it: keyword, semantic and hybrid results with snippets, related
//! posts, and the chunk retrieval Ask AI answers from. The paywall rule lives here once: a
//! reader without premium access is never shown, or answered from, text behind it.

use std::collections::{HashMap, HashSet};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use super::{
    dto::{RelatedBy, RelatedPosts, SearchHit, SearchMode, SearchResults},
    fulltext::{FullText, Highlight, MARK_END, MARK_START, RankedPost, Scope, on_engine},
    query::{SearchQuery, words},
    vectors::Neighbour,
};
use crate::{
    auth::AuthUser,
    domain::Difficulty,
    error::ApiError,
    markdown::escape_html,
    posts::{self, dto::PostSummary},
    series,
    sql::Sql,
    state::AppState,
    tags,
};

/// Reciprocal rank fusion's constant: ranks matter, raw scores don't.
const RRF_K: f64 = 60.0;
/// How deep the semantic and hybrid lists go (keyword search pages without limit).
const CANDIDATES: usize = 200;
const SNIPPET_WORDS: usize = 36;

/// The filters of a search, as given.
#[derive(Debug, Default, Clone, Copy)]
pub struct Filters<'a> {
    pub tag: Option<&'a str>,
    pub series: Option<&'a str>,
    pub difficulty: Option<Difficulty>,
}

/// Where the next page starts: after `(score, id)`, and whether the query was relaxed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct SearchCursor {
    score: f64,
    id: Uuid,
    relaxed: bool,
}

impl SearchCursor {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{:016x}|{}|{}", self.score.to_bits(), self.id, u8::from(self.relaxed)))
    }

    fn decode(raw: &str) -> Result<Self, ApiError> {
        let bad = || ApiError::field("cursor", "is not a cursor this API issued");
        let text = String::from_utf8(URL_SAFE_NO_PAD.decode(raw).map_err(|_| bad())?).map_err(|_| bad())?;
        let mut parts = text.split('|');
        let (Some(bits), Some(id), Some(relaxed), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else { return Err(bad()) };
        let score = f64::from_bits(u64::from_str_radix(bits, 16).map_err(|_| bad())?);
        let c = Self { score, id: id.parse().map_err(|_| bad())?, relaxed: relaxed == "1" };
        if !score.is_finite() || c.encode() != raw {
            return Err(bad());
        }
        Ok(c)
    }
}

fn is_after(score: f64, id: Uuid, cursor: Option<SearchCursor>) -> bool {
    cursor.is_none_or(|c| score < c.score || (score == c.score && id > c.id))
}

/// Resolves tag and series slugs; `None` when one names nothing (no result can match).
async fn scope<'a>(db: &impl ConnectionTrait, filters: Filters<'a>, difficulty: Option<&'a str>) -> Result<Option<Scope<'a>>, ApiError> {
    let tag_id = match filters.tag {
        Some(slug) => match tags::repo::find_by_slug(db, slug).await? {
            Some(t) => Some(t.id),
            None => return Ok(None),
        },
        None => None,
    };
    let series_id = match filters.series {
        Some(slug) => match series::repo::find_by_slug(db, slug).await? {
            Some(s) => Some(s.id),
            None => return Ok(None),
        },
        None => None,
    };
    Ok(Some(Scope { now: Utc::now(), tag_id, series_id, difficulty, post_id: None }))
}

fn may_read_premium(reader: Option<&AuthUser>) -> bool {
    reader.is_some_and(AuthUser::can_read_premium)
}

/// Escapes engine output and turns its match markers into `<mark>`.
fn marked_to_html(marked: &str) -> String {
    let mut out = String::with_capacity(marked.len() + 16);
    let mut open = false;
    for piece in marked.split_inclusive([MARK_START, MARK_END]) {
        let (text, marker) = match piece.chars().last() {
            Some(c @ (MARK_START | MARK_END)) => (&piece[..piece.len() - c.len_utf8()], Some(c)),
            _ => (piece, None),
        };
        out.push_str(&escape_html(text));
        match marker {
            Some(MARK_START) if !open => {
                out.push_str("<mark>");
                open = true;
            }
            Some(MARK_END) if open => {
                out.push_str("</mark>");
                open = false;
            }
            _ => {}
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

/// A snippet for text no engine highlighted (a semantic match, a summary): its opening
/// words, escaped, with the query's words marked.
pub fn plain_snippet(text: &str, highlight: &[String]) -> String {
    let wanted: HashSet<&str> = highlight.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for (i, w) in text.split_whitespace().enumerate() {
        if i == SNIPPET_WORDS {
            out.push("…".to_string());
            break;
        }
        let hit = words(w).any(|x| wanted.contains(x.as_str()));
        out.push(if hit { format!("<mark>{}</mark>", escape_html(w)) } else { escape_html(w) });
    }
    out.join(" ")
}

struct Chunk {
    post_id: Uuid,
    heading: String,
    anchor: Option<String>,
    body: String,
}

async fn chunks_by_id(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, Chunk>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT id, post_id, heading, anchor, body FROM post_chunks WHERE id IN ").bind_list(ids.iter().copied());
    db.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "id")?, Chunk { post_id: r.try_get("", "post_id")?, heading: r.try_get("", "heading")?, anchor: r.try_get("", "anchor")?, body: r.try_get("", "body")? })))
        .collect()
}

/// Of the vector index's nearest chunks, the best per post among the posts the scope allows.
async fn semantic_posts(app: &AppState, q: &str, scope: Scope<'_>, paywalled: bool) -> Result<Vec<(Uuid, f64, i64)>, ApiError> {
    let query = app.ai.embed_query(q).await?;
    let neighbours = app.ai.vectors.search(query, CANDIDATES * 3, paywalled).await;
    let mut best: Vec<Neighbour> = Vec::new();
    let mut seen = HashSet::new();
    for n in neighbours {
        if seen.insert(n.post_id) {
            best.push(n);
        }
    }
    let allowed = allowed_posts(&app.db, &best.iter().map(|n| n.post_id).collect::<Vec<_>>(), scope).await?;
    Ok(best.into_iter().filter(|n| allowed.contains(&n.post_id)).take(CANDIDATES).map(|n| (n.post_id, f64::from(n.score), n.chunk_id)).collect())
}

/// The posts among `ids` the scope allows (published, matching the filters).
async fn allowed_posts(db: &impl ConnectionTrait, ids: &[Uuid], scope: Scope<'_>) -> Result<HashSet<Uuid>, DbErr> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT p.id AS id FROM posts p WHERE p.id IN ").bind_list(ids.iter().copied());
    scope.push(&mut sql);
    db.query_all_raw(sql.build()).await?.iter().map(|r| r.try_get("", "id")).collect()
}

/// Keyword results, relaxed from all words to any when nothing matches all (`relaxed`
/// says which, once known: a later page keeps the first page's choice).
async fn keyword_posts(db: &impl ConnectionTrait, q: &SearchQuery, scope: Scope<'_>, relaxed: Option<bool>, after: Option<(f64, Uuid)>, limit: u64) -> Result<(Vec<RankedPost>, bool), DbErr> {
    let relaxed = match relaxed {
        Some(r) => r,
        None => {
            let strict = on_engine!(db, e => e.posts(db, q, true, scope, after, limit))?;
            if !strict.is_empty() {
                return Ok((strict, false));
            }
            true
        }
    };
    let rows = on_engine!(db, e => e.posts(db, q, !relaxed, scope, after, limit))?;
    Ok((rows, relaxed))
}

/// Whether `word` is in the indexed vocabulary.
async fn is_known_word(db: &impl ConnectionTrait, word: &str) -> Result<bool, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT term FROM search_terms WHERE term = ").bind(word.to_string());
    Ok(db.query_one_raw(sql.build()).await?.is_some())
}

/// Parses a reader's query; a last word that is already a whole indexed word is looked for
/// as typed rather than as a prefix.
pub async fn parse_query(db: &impl ConnectionTrait, field: &str, raw: &str) -> Result<SearchQuery, ApiError> {
    let mut q = SearchQuery::parse(field, raw)?;
    if let Some(word) = q.typing()
        && is_known_word(db, word).await?
    {
        q.finish_typing();
    }
    Ok(q)
}

/// A corrected query when some word is not in the indexed vocabulary but one like it is.
async fn did_you_mean(db: &impl ConnectionTrait, q: &SearchQuery) -> Result<Option<String>, DbErr> {
    let candidates: Vec<String> = q.positive().filter(|t| !t.prefix && !t.is_phrase()).flat_map(|t| t.words.clone()).filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic)).collect();
    if candidates.is_empty() {
        return Ok(None);
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT term FROM search_terms WHERE term IN ").bind_list(candidates.iter().cloned());
    let known: HashSet<String> = db.query_all_raw(sql.build()).await?.iter().map(|r| r.try_get("", "term")).collect::<Result<_, DbErr>>()?;
    let mut fixes = HashMap::new();
    for word in candidates.iter().filter(|w| !known.contains(*w)) {
        if let Some((better, _)) = on_engine!(db, e => e.similar_terms(db, word))?.into_iter().next() {
            fixes.insert(word.clone(), better);
        }
    }
    Ok(q.rewritten(|w| fixes.get(w).cloned()))
}

pub struct SearchRequest<'a> {
    pub q: &'a str,
    pub mode: SearchMode,
    pub filters: Filters<'a>,
    pub cursor: Option<&'a str>,
    pub limit: u64,
}

pub async fn search(app: &AppState, reader: Option<&AuthUser>, req: SearchRequest<'_>) -> Result<SearchResults, ApiError> {
    let q = parse_query(&app.db, "q", req.q).await?;
    if !(1..=50).contains(&req.limit) {
        return Err(ApiError::field("limit", "must be between 1 and 50"));
    }
    let cursor = req.cursor.filter(|c| !c.is_empty()).map(SearchCursor::decode).transpose()?;
    let mut mode = req.mode;
    if mode == SearchMode::Semantic {
        app.ai.embedder()?;
    } else if mode == SearchMode::Hybrid && app.ai.model_id().is_none() {
        mode = SearchMode::Keyword;
    }
    let db = &app.db;
    let difficulty = req.filters.difficulty.map(Difficulty::as_str);
    let empty = |mode| SearchResults { items: Vec::new(), next_cursor: None, mode, relaxed: false, did_you_mean: None };
    let Some(scope) = scope(db, req.filters, difficulty).await? else { return Ok(empty(mode)) };
    let paywalled = may_read_premium(reader);

    // (post, score, the semantic chunk that matched if any), best first, from `cursor` on.
    let (ranked, relaxed, has_more): (Vec<Scored>, bool, bool) = match mode {
        SearchMode::Keyword => {
            let (mut rows, relaxed) = keyword_posts(db, &q, scope, cursor.map(|c| c.relaxed), cursor.map(|c| (c.score, c.id)), req.limit + 1).await?;
            let more = rows.len() as u64 > req.limit;
            rows.truncate(req.limit as usize);
            (rows.into_iter().map(|r| (r.post_id, r.score, None)).collect(), relaxed, more)
        }
        SearchMode::Semantic | SearchMode::Hybrid => {
            let semantic = semantic_posts(app, &q.raw, scope, paywalled).await?;
            let (fused, relaxed) = if mode == SearchMode::Semantic {
                (semantic.into_iter().map(|(p, s, c)| (p, s, Some(c))).collect::<Vec<_>>(), false)
            } else {
                let (mut keyword, relaxed) = keyword_posts(db, &q, scope, cursor.map(|c| c.relaxed), None, CANDIDATES as u64).await?;
                // A relaxed keyword list matched stray words of the question ("like", "program"),
                // and fused by rank it would outvote the post that answers a paraphrase; the
                // vectors judge such a query alone (the labelled set in search_quality.rs shows it).
                if relaxed && !semantic.is_empty() {
                    keyword.clear();
                }
                (fuse(&keyword, &semantic), relaxed)
            };
            let mut page: Vec<_> = fused.into_iter().filter(|(p, s, _)| is_after(*s, *p, cursor)).collect();
            let more = page.len() as u64 > req.limit;
            page.truncate(req.limit as usize);
            (page, relaxed, more)
        }
    };

    let ids: Vec<Uuid> = ranked.iter().map(|r| r.0).collect();
    let mut summaries = posts::service::published_summaries(db, &ids).await?;
    let highlights: HashMap<Uuid, Highlight> = on_engine!(db, e => e.highlights(db, &q, &ids, paywalled))?.into_iter().map(|h| (h.post_id, h)).collect();
    let semantic_chunks = chunks_by_id(db, &ranked.iter().filter_map(|r| r.2).collect::<Vec<_>>()).await?;
    let highlight_words = q.highlight_words();
    let next_cursor = if has_more { ranked.last().map(|(id, score, _)| SearchCursor { score: *score, id: *id, relaxed }.encode()) } else { None };
    let items = ranked
        .into_iter()
        .filter_map(|(id, score, chunk)| {
            let s = summaries.remove(&id)?;
            let (snippet, anchor, heading) = match (highlights.get(&id), chunk.and_then(|c| semantic_chunks.get(&c))) {
                (Some(h), _) => (marked_to_html(&h.marked), h.anchor.clone(), Some(h.heading.clone())),
                (None, Some(c)) if c.post_id == id => (plain_snippet(&c.body, &highlight_words), c.anchor.clone(), Some(c.heading.clone())),
                _ => (plain_snippet(&s.summary, &highlight_words), None, None),
            };
            Some(hit(s, score, snippet, anchor, heading.filter(|h| !h.is_empty())))
        })
        .collect();
    let did_you_mean = if cursor.is_none() { did_you_mean(db, &q).await? } else { None };
    Ok(SearchResults { items, next_cursor, mode, relaxed, did_you_mean })
}

fn hit(s: PostSummary, score: f64, snippet: String, anchor: Option<String>, heading: Option<String>) -> SearchHit {
    SearchHit {
        id: s.id,
        slug: s.slug,
        title: s.title,
        summary: s.summary,
        score,
        snippet,
        anchor,
        heading,
        difficulty: s.difficulty,
        premium: s.premium,
        reading_minutes: s.reading_minutes,
        published_at: s.published_at,
        author_name: s.author_name,
        tags: s.tags,
    }
}

/// A post, its score, and the semantic chunk that matched it, if any.
type Scored = (Uuid, f64, Option<i64>);

/// Reciprocal rank fusion of the keyword and semantic lists (each best first).
fn fuse(keyword: &[RankedPost], semantic: &[(Uuid, f64, i64)]) -> Vec<Scored> {
    let mut scores: HashMap<Uuid, (f64, Option<i64>)> = HashMap::new();
    for (rank, r) in keyword.iter().enumerate() {
        scores.entry(r.post_id).or_default().0 += 1.0 / (RRF_K + rank as f64 + 1.0);
    }
    for (rank, (post_id, _, chunk)) in semantic.iter().enumerate() {
        let e = scores.entry(*post_id).or_default();
        e.0 += 1.0 / (RRF_K + rank as f64 + 1.0);
        e.1 = Some(*chunk);
    }
    let mut fused: Vec<Scored> = scores.into_iter().map(|(id, (s, c))| (id, s, c)).collect();
    fused.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    fused
}

// ---- related posts ----

pub async fn related(app: &AppState, reader: Option<&AuthUser>, slug: &str, limit: u64) -> Result<RelatedPosts, ApiError> {
    if !(1..=20).contains(&limit) {
        return Err(ApiError::field("limit", "must be between 1 and 20"));
    }
    let db = &app.db;
    let now = Utc::now();
    let post = posts::repo::find_published_by_slug(db, slug, now).await?.ok_or(ApiError::NotFound("post"))?;
    let paywalled = may_read_premium(reader);
    if let Some(centroid) = post_centroid(app, post.id, paywalled) {
        let neighbours = app.ai.vectors.search(centroid, CANDIDATES, paywalled).await;
        let mut order: Vec<Uuid> = Vec::new();
        for n in neighbours {
            if n.post_id != post.id && !order.contains(&n.post_id) {
                order.push(n.post_id);
            }
        }
        let mut found = posts::service::published_summaries(db, &order).await?;
        let items: Vec<PostSummary> = order.iter().filter_map(|id| found.remove(id)).take(limit as usize).collect();
        if !items.is_empty() {
            return Ok(RelatedPosts { items, by: RelatedBy::Embeddings });
        }
    }
    let ids = related_by_tags(db, post.id, post.series_id, limit).await?;
    let mut found = posts::service::published_summaries(db, &ids).await?;
    Ok(RelatedPosts { items: ids.iter().filter_map(|id| found.remove(id)).collect(), by: RelatedBy::Tags })
}

/// The mean of a post's chunk vectors the reader may read, normalised.
fn post_centroid(app: &AppState, post_id: Uuid, paywalled: bool) -> Option<Vec<f32>> {
    let vectors = app.ai.vectors.post_vectors(post_id, paywalled);
    let first = vectors.first()?;
    let mut sum = vec![0f32; first.len()];
    for v in &vectors {
        sum.iter_mut().zip(v).for_each(|(s, x)| *s += x);
    }
    crate::ai::embed::normalize(&mut sum);
    Some(sum)
}

/// Published posts sharing the most tags (and the series) with `post_id`, newest first among equals.
async fn related_by_tags(db: &impl ConnectionTrait, post_id: Uuid, series_id: Option<Uuid>, limit: u64) -> Result<Vec<Uuid>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT p.id AS id, (SELECT COUNT(*) FROM post_tags a JOIN post_tags b ON a.tag_id = b.tag_id WHERE a.post_id = p.id AND b.post_id = ")
        .bind(post_id)
        .push(") + (CASE WHEN p.series_id = ")
        .bind(series_id)
        .push(" THEN 1 ELSE 0 END) AS shared FROM posts p WHERE p.id <> ")
        .bind(post_id)
        .push(" AND p.published_at IS NOT NULL AND p.published_at <= ")
        .bind(Utc::now())
        .push(" AND (p.series_id = ")
        .bind(series_id)
        .push(" OR p.id IN (SELECT pt.post_id FROM post_tags pt WHERE pt.tag_id IN (SELECT tag_id FROM post_tags WHERE post_id = ")
        .bind(post_id)
        .push("))) ORDER BY shared DESC, p.published_at DESC, p.id DESC LIMIT ")
        .bind(limit as i64);
    db.query_all_raw(sql.build()).await?.iter().map(|r| r.try_get("", "id")).collect()
}

// ---- retrieval for Ask AI ----

/// A chunk retrieved for a question.
#[derive(Debug, Clone)]
pub struct Retrieved {
    pub chunk_id: i64,
    pub post_id: Uuid,
    pub post_title: String,
    pub post_slug: String,
    pub heading: String,
    pub anchor: Option<String>,
    pub text: String,
    /// Fused relevance (higher is better).
    pub score: f64,
}

/// The `k` chunks that best answer `question`: keyword and vector hits over chunks fused by
/// reciprocal rank. Only published posts (or the one post `post_id`), and never chunks
/// behind the paywall for a reader without premium access. Without an embedding model the
/// keyword hits alone.
pub async fn retrieve(app: &AppState, reader: Option<&AuthUser>, question: &str, post_id: Option<Uuid>, k: usize) -> Result<Vec<Retrieved>, ApiError> {
    let db = &app.db;
    let paywalled = may_read_premium(reader);
    let scope = Scope { now: Utc::now(), tag_id: None, series_id: None, difficulty: None, post_id };
    let mut scores: HashMap<i64, f64> = HashMap::new();
    let parsed = match parse_query(db, "question", question).await {
        Ok(q) => Some(q),
        // A question of no searchable words is answered from the vectors alone.
        Err(ApiError::Validation(_)) => None,
        Err(e) => return Err(e),
    };
    if let Some(q) = parsed {
        let keyword = on_engine!(db, e => e.chunks(db, &q, scope, paywalled, CANDIDATES as u64))?;
        for (rank, c) in keyword.iter().enumerate() {
            *scores.entry(c.chunk_id).or_default() += 1.0 / (RRF_K + rank as f64 + 1.0);
        }
    }
    if app.ai.model_id().is_some() {
        let query = app.ai.embed_query(question).await?;
        let neighbours = match post_id {
            Some(only) => {
                let index = app.ai.vectors.clone();
                tokio::task::spawn_blocking(move || index.nearest(&query, CANDIDATES, paywalled, &|p| p == only)).await.unwrap_or_default()
            }
            None => app.ai.vectors.search(query, CANDIDATES, paywalled).await,
        };
        let allowed = allowed_posts(db, &neighbours.iter().map(|n| n.post_id).collect::<Vec<_>>(), scope).await?;
        for (rank, n) in neighbours.iter().filter(|n| allowed.contains(&n.post_id)).enumerate() {
            *scores.entry(n.chunk_id).or_default() += 1.0 / (RRF_K + rank as f64 + 1.0);
        }
    }
    let mut best: Vec<(i64, f64)> = scores.into_iter().collect();
    best.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    best.truncate(k);
    let chunks = chunks_by_id(db, &best.iter().map(|b| b.0).collect::<Vec<_>>()).await?;
    let post_ids: Vec<Uuid> = chunks.values().map(|c| c.post_id).collect();
    let posts = posts::service::published_summaries(db, &post_ids).await?;
    Ok(best
        .into_iter()
        .filter_map(|(chunk_id, score)| {
            let c = chunks.get(&chunk_id)?;
            let p = posts.get(&c.post_id)?;
            Some(Retrieved {
                chunk_id,
                post_id: c.post_id,
                post_title: p.title.clone(),
                post_slug: p.slug.clone(),
                heading: c.heading.clone(),
                anchor: c.anchor.clone(),
                text: c.body.clone(),
                score,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_exactly() {
        let c = SearchCursor { score: -0.123_456_789_012_345_6, id: Uuid::now_v7(), relaxed: true };
        assert_eq!(SearchCursor::decode(&c.encode()).unwrap(), c);
        assert!(SearchCursor::decode("bm9wZQ").is_err());
    }

    #[test]
    fn marks_become_html_and_the_rest_is_escaped() {
        let marked = format!("a <b> {MARK_START}rust{MARK_END} & {MARK_START}go");
        assert_eq!(marked_to_html(&marked), "a &lt;b&gt; <mark>rust</mark> &amp; <mark>go</mark>");
    }

    #[test]
    fn fusion_rewards_agreement() {
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let keyword = vec![RankedPost { post_id: a, score: 9.0 }, RankedPost { post_id: b, score: 5.0 }];
        let semantic = vec![(c, 0.9, 1), (b, 0.8, 2)];
        let fused = fuse(&keyword, &semantic);
        assert_eq!(fused[0].0, b);
        assert_eq!(fused[0].2, Some(2));
    }
}
