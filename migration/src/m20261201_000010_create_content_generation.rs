//! One counter that every change to published content increments in its own transaction,
//! so work rendered from older content (feeds, the sitemap) can tell it is stale.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContentGeneration {
    Table,
    /// Always 1: the table has one row.
    Id,
    Generation,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContentGeneration::Table)
                    .col(integer(ContentGeneration::Id).primary_key())
                    .col(big_integer(ContentGeneration::Generation).default(0))
                    .to_owned(),
            )
            .await?;
        let row = Query::insert()
            .into_table(ContentGeneration::Table)
            .columns([ContentGeneration::Id, ContentGeneration::Generation])
            .values_panic([1.into(), 0.into()])
            .to_owned();
        manager.exec_stmt(row).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ContentGeneration::Table).to_owned()).await
    }
}
