//! Old URLs of imported posts (a WordPress `/2024/05/my-post/`, a Ghost `/my-post/`), each
//! answered with a permanent redirect to the post's page here.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Redirects {
    Table,
    FromPath,
    ToPath,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The old path is the key: one lookup by primary key per unknown path.
        manager
            .create_table(
                Table::create()
                    .table(Redirects::Table)
                    .col(text(Redirects::FromPath).primary_key())
                    .col(text(Redirects::ToPath))
                    .col(timestamp_with_time_zone(Redirects::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Redirects::Table).to_owned()).await
    }
}
