use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Series {
    Table,
    Id,
    Slug,
    Title,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Series::Table)
                    .col(pk_uuid(Series::Id))
                    .col(string_uniq(Series::Slug))
                    .col(string(Series::Title))
                    .col(text(Series::Description))
                    .col(timestamp_with_time_zone(Series::CreatedAt))
                    .col(timestamp_with_time_zone(Series::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // The public series list is ordered by title.
        manager
            .create_index(
                Index::create().name("idx_series_title").table(Series::Table).col(Series::Title).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Series::Table).to_owned()).await
    }
}
