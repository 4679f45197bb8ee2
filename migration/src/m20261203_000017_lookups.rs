//! Two lookups: admins find accounts by any part of their email or name (trigram indexes on
//! PostgreSQL; SQLite scans the users table, which suits its size there), and how many
//! readers completed a post, for ranking recommendations, read from an index alone.
use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReadingProgress {
    Table,
    PostId,
    CompletedAt,
    UserId,
}

const INDEX: &str = "idx_reading_progress_post_completed";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create().name(INDEX).table(ReadingProgress::Table).col(ReadingProgress::PostId).col(ReadingProgress::CompletedAt).col(ReadingProgress::UserId).to_owned(),
            )
            .await?;
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for sql in [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "CREATE INDEX idx_users_email_trgm ON users USING gin (lower(email) gin_trgm_ops)",
            "CREATE INDEX idx_users_display_name_trgm ON users USING gin (lower(display_name) gin_trgm_ops)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(INDEX).table(ReadingProgress::Table).to_owned()).await?;
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_users_email_trgm").await?;
        db.execute_unprepared("DROP INDEX IF EXISTS idx_users_display_name_trgm").await?;
        Ok(())
    }
}
