use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Rendered public documents (feeds, sitemap, robots.txt), shared by every API process so
/// one render serves them all until a change invalidates it.
#[derive(DeriveIden)]
enum Documents {
    Table,
    /// The URL path the document is served at, e.g. `/feed.xml` or `/tags/rust/feed.xml`.
    Path,
    ContentType,
    Body,
    /// The quoted strong ETag of `body`.
    Etag,
    UpdatedAt,
    /// When the document must be rendered again even without a change: the next scheduled
    /// post's publication time, or a bound on how long a render may be trusted.
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Documents::Table)
                    .col(text(Documents::Path).primary_key())
                    .col(string(Documents::ContentType))
                    .col(text(Documents::Body))
                    .col(string(Documents::Etag))
                    .col(timestamp_with_time_zone(Documents::UpdatedAt))
                    .col(timestamp_with_time_zone(Documents::ExpiresAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Documents::Table).to_owned()).await
    }
}
