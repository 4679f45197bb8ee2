//! A post page finds its series position, total and neighbours by range lookups in series
//! order — (series_position, published_at, id) — so the index holds that whole order and
//! the visibility check; it replaces the (series_id, series_position) index it extends.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posts {
    Table,
    SeriesId,
    SeriesPosition,
    PublishedAt,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_posts_series_order")
                    .table(Posts::Table)
                    .col(Posts::SeriesId)
                    .col(Posts::SeriesPosition)
                    .col(Posts::PublishedAt)
                    .col(Posts::Id)
                    .to_owned(),
            )
            .await?;
        manager.drop_index(Index::drop().name("idx_posts_series_position").table(Posts::Table).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(Index::create().name("idx_posts_series_position").table(Posts::Table).col(Posts::SeriesId).col(Posts::SeriesPosition).to_owned())
            .await?;
        manager.drop_index(Index::drop().name("idx_posts_series_order").table(Posts::Table).to_owned()).await
    }
}
