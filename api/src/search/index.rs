//! Keeping the search tables in step with a post, inside the transaction that changes it:
//! the post's plain-text document, its chunks, and the vocabulary. A chunk whose text is
//! unchanged keeps its embedding, so an edit re-embeds only what it touched.

use std::collections::{BTreeSet, HashMap};

use sea_orm::{ConnectionTrait, DbErr, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    fulltext::{MARK_END, MARK_START},
    query::words,
};
use crate::{ai::chunk, entities::posts, sql::Sql};

/// Words longer than this are identifiers or noise, not vocabulary worth suggesting.
const MAX_TERM_CHARS: usize = 32;
const INSERT_BATCH: usize = 400;

fn clean(text: &str) -> String {
    text.chars().filter(|c| *c != MARK_START && *c != MARK_END).collect()
}

/// The text a chunk is searched and embedded by: its heading path, then its body.
pub fn chunk_heading(c: &chunk::Chunk) -> String {
    clean(&c.heading_path.join(" › "))
}

/// What a chunk's embedding depends on: the post title and the heading path (both part of
/// the embedded text), the body, and which side of the paywall it is on.
fn text_hash(title: &str, heading: &str, body: &str, behind_paywall: bool) -> String {
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    h.update([0]);
    h.update(heading.as_bytes());
    h.update([0, behind_paywall as u8]);
    h.update(body.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

struct StoredChunk {
    text_hash: String,
    embedding: Option<Vec<u8>>,
    model: Option<String>,
}

/// Writes `post`'s search document and chunks; `tag_names` are its tags' names. Returns
/// whether the chunks changed (and so need embedding).
pub async fn sync_post<C: ConnectionTrait>(db: &C, post: &posts::Model, tag_names: &[String]) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let mut chunks = chunk::chunk_post(&post.title, &post.markdown, post.premium);
    let documents = crate::uploads::documents::chunks_for_post(db, post.id, post.premium, chunks.len() as i32).await?;
    chunks.extend(documents);
    let body = clean(&chunks.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n\n"));
    let tags = clean(&tag_names.join(", "));

    let mut upsert = Sql::new(backend);
    upsert
        .push("INSERT INTO search_documents (post_id, title, summary, tags, body) VALUES (")
        .bind(post.id)
        .push(", ")
        .bind(clean(&post.title))
        .push(", ")
        .bind(clean(&post.summary))
        .push(", ")
        .bind(tags.clone())
        .push(", ")
        .bind(body.clone())
        .push(") ON CONFLICT (post_id) DO UPDATE SET title = excluded.title, summary = excluded.summary, tags = excluded.tags, body = excluded.body");
    db.execute_raw(upsert.build()).await?;

    let mut existing = Sql::new(backend);
    existing.push("SELECT text_hash, embedding, embedding_model FROM post_chunks WHERE post_id = ").bind(post.id).push(" ORDER BY position");
    let stored: Vec<StoredChunk> = db
        .query_all_raw(existing.build())
        .await?
        .iter()
        .map(|r| Ok(StoredChunk { text_hash: r.try_get("", "text_hash")?, embedding: r.try_get("", "embedding")?, model: r.try_get("", "embedding_model")? }))
        .collect::<Result<_, DbErr>>()?;
    let fresh: Vec<(String, String, &chunk::Chunk)> = chunks
        .iter()
        .map(|c| {
            let heading = chunk_heading(c);
            let body = clean(&c.text);
            (text_hash(&post.title, &heading, &body, c.behind_paywall), body, c)
        })
        .collect();
    let unchanged = stored.len() == fresh.len() && stored.iter().zip(&fresh).all(|(s, (h, _, _))| s.text_hash == *h);
    if !unchanged {
        let mut kept: HashMap<String, (Option<Vec<u8>>, Option<String>)> = stored.into_iter().map(|s| (s.text_hash, (s.embedding, s.model))).collect();
        let mut delete = Sql::new(backend);
        delete.push("DELETE FROM post_chunks WHERE post_id = ").bind(post.id);
        db.execute_raw(delete.build()).await?;
        for batch in fresh.chunks(INSERT_BATCH / 8) {
            let mut insert = Sql::new(backend);
            insert.push("INSERT INTO post_chunks (post_id, position, heading, anchor, body, behind_paywall, text_hash, embedding, embedding_model) VALUES ");
            for (i, (hash, body, c)) in batch.iter().enumerate() {
                let (embedding, model) = kept.remove(hash).unwrap_or((None, None));
                if i > 0 {
                    insert.push(", ");
                }
                insert
                    .push("(")
                    .bind(post.id)
                    .push(", ")
                    .bind(c.position)
                    .push(", ")
                    .bind(chunk_heading(c))
                    .push(", ")
                    .bind(c.anchor.clone())
                    .push(", ")
                    .bind(body.clone())
                    .push(", ")
                    .bind(c.behind_paywall)
                    .push(", ")
                    .bind(hash.clone())
                    .push(", ")
                    .bind(Value::Bytes(embedding))
                    .push(", ")
                    .bind(model)
                    .push(")");
            }
            db.execute_raw(insert.build()).await?;
        }
    }

    let vocabulary: BTreeSet<String> = words(&format!("{} {} {} {}", post.title, post.summary, tags, body))
        .filter(|w| (3..=MAX_TERM_CHARS).contains(&w.chars().count()) && w.chars().all(char::is_alphabetic))
        .collect();
    let vocabulary: Vec<String> = vocabulary.into_iter().collect();
    for batch in vocabulary.chunks(INSERT_BATCH) {
        let mut insert = Sql::new(backend);
        insert.push("INSERT INTO search_terms (term) VALUES ");
        for (i, term) in batch.iter().enumerate() {
            if i > 0 {
                insert.push(", ");
            }
            insert.push("(").bind(term.clone()).push(")");
        }
        insert.push(" ON CONFLICT (term) DO NOTHING");
        db.execute_raw(insert.build()).await?;
    }
    Ok(!unchanged)
}

/// Drops a post from search (its rows also go with the post, by cascade).
pub async fn remove_post<C: ConnectionTrait>(db: &C, post_id: Uuid) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    for table in ["post_chunks", "search_documents"] {
        let mut delete = Sql::new(backend);
        delete.push("DELETE FROM ").push(table).push(" WHERE post_id = ").bind(post_id);
        db.execute_raw(delete.build()).await?;
    }
    Ok(())
}

/// Rebuilds one post's search rows from the post as stored (a reindex).
pub async fn reindex_post<C: ConnectionTrait>(db: &C, post_id: Uuid) -> Result<(), DbErr> {
    use sea_orm::EntityTrait;
    let Some(post) = posts::Entity::find_by_id(post_id).one(db).await? else { return Ok(()) };
    let names: Vec<String> = crate::posts::repo::tags_for_posts(db, &[post_id]).await?.remove(&post_id).unwrap_or_default().into_iter().map(|t| t.name).collect();
    sync_post(db, &post, &names).await.map(|_| ())
}
