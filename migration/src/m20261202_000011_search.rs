//! Search: a plain-text document per post and the post's chunks (sections cut to a size an
//! embedding model takes), each indexed for full text by the backend's own engine — FTS5
//! external-content tables on SQLite, generated `tsvector` columns with GIN indexes on
//! PostgreSQL — and a vocabulary for "did you mean" (trigrams on both).
//!
//! The documents and chunks are written in the same transaction as the post, so keyword
//! search is never behind; embeddings are filled in later by a job, and stay in the chunk
//! rows (the source of truth the in-process vector index is loaded from).
use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

use crate::m20261123_000004_create_posts::Posts;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchDocuments {
    Table,
    Id,
    PostId,
    Title,
    Summary,
    Tags,
    Body,
}

#[derive(DeriveIden)]
enum PostChunks {
    Table,
    Id,
    PostId,
    Position,
    Heading,
    Anchor,
    Body,
    BehindPaywall,
    TextHash,
    Embedding,
    EmbeddingModel,
}

#[derive(DeriveIden)]
enum SearchTerms {
    Table,
    Id,
    Term,
}

const SQLITE: &[&str] = &[
    "CREATE VIRTUAL TABLE search_documents_fts USING fts5(title, summary, tags, body, content='search_documents', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
        INSERT INTO search_documents_fts(rowid, title, summary, tags, body) VALUES (new.id, new.title, new.summary, new.tags, new.body);
     END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
        INSERT INTO search_documents_fts(search_documents_fts, rowid, title, summary, tags, body) VALUES ('delete', old.id, old.title, old.summary, old.tags, old.body);
     END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
        INSERT INTO search_documents_fts(search_documents_fts, rowid, title, summary, tags, body) VALUES ('delete', old.id, old.title, old.summary, old.tags, old.body);
        INSERT INTO search_documents_fts(rowid, title, summary, tags, body) VALUES (new.id, new.title, new.summary, new.tags, new.body);
     END",
    "CREATE VIRTUAL TABLE post_chunks_fts USING fts5(heading, body, content='post_chunks', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER post_chunks_ai AFTER INSERT ON post_chunks BEGIN
        INSERT INTO post_chunks_fts(rowid, heading, body) VALUES (new.id, new.heading, new.body);
     END",
    "CREATE TRIGGER post_chunks_ad AFTER DELETE ON post_chunks BEGIN
        INSERT INTO post_chunks_fts(post_chunks_fts, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
     END",
    // Embedding updates touch only the vector columns; the text index is left alone.
    "CREATE TRIGGER post_chunks_au AFTER UPDATE OF heading, body ON post_chunks BEGIN
        INSERT INTO post_chunks_fts(post_chunks_fts, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
        INSERT INTO post_chunks_fts(rowid, heading, body) VALUES (new.id, new.heading, new.body);
     END",
    "CREATE VIRTUAL TABLE search_terms_fts USING fts5(term, content='search_terms', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_terms_ai AFTER INSERT ON search_terms BEGIN
        INSERT INTO search_terms_fts(rowid, term) VALUES (new.id, new.term);
     END",
];

const POSTGRES: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_documents ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', summary), 'B') ||
        setweight(to_tsvector('english', tags), 'B') ||
        setweight(to_tsvector('english', body), 'D')) STORED",
    "CREATE INDEX idx_search_documents_document ON search_documents USING gin (document)",
    "ALTER TABLE post_chunks ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', heading), 'A') ||
        setweight(to_tsvector('english', body), 'D')) STORED",
    "CREATE INDEX idx_post_chunks_document ON post_chunks USING gin (document)",
    "CREATE INDEX idx_search_terms_trgm ON search_terms USING gin (term gin_trgm_ops)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchDocuments::Table)
                    .col(big_integer(SearchDocuments::Id).auto_increment().primary_key())
                    .col(uuid_uniq(SearchDocuments::PostId))
                    .col(text(SearchDocuments::Title))
                    .col(text(SearchDocuments::Summary))
                    .col(text(SearchDocuments::Tags))
                    .col(text(SearchDocuments::Body))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchDocuments::Table, SearchDocuments::PostId)
                            .to(Posts::Table, Posts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PostChunks::Table)
                    .col(big_integer(PostChunks::Id).auto_increment().primary_key())
                    .col(uuid(PostChunks::PostId))
                    .col(integer(PostChunks::Position))
                    .col(text(PostChunks::Heading))
                    .col(text_null(PostChunks::Anchor))
                    .col(text(PostChunks::Body))
                    .col(boolean(PostChunks::BehindPaywall))
                    .col(string(PostChunks::TextHash))
                    .col(blob_null(PostChunks::Embedding))
                    .col(string_null(PostChunks::EmbeddingModel))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PostChunks::Table, PostChunks::PostId)
                            .to(Posts::Table, Posts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A post's chunks in order; unique so a replayed write can't double them.
        manager
            .create_index(
                Index::create().name("idx_post_chunks_post_position").table(PostChunks::Table).col(PostChunks::PostId).col(PostChunks::Position).unique().to_owned(),
            )
            .await?;
        // "Chunks waiting for this model": the embed sweep and the index status.
        manager
            .create_index(Index::create().name("idx_post_chunks_model").table(PostChunks::Table).col(PostChunks::EmbeddingModel).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchTerms::Table)
                    .col(big_integer(SearchTerms::Id).auto_increment().primary_key())
                    .col(string_uniq(SearchTerms::Term))
                    .to_owned(),
            )
            .await?;
        let statements = match manager.get_database_backend() {
            DbBackend::Sqlite => SQLITE,
            _ => POSTGRES,
        };
        let db = manager.get_connection();
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Sqlite {
            for t in ["search_documents_fts", "post_chunks_fts", "search_terms_fts"] {
                db.execute_unprepared(&format!("DROP TABLE IF EXISTS {t}")).await?;
            }
        }
        for t in [SearchTerms::Table.into_iden(), PostChunks::Table.into_iden(), SearchDocuments::Table.into_iden()] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
