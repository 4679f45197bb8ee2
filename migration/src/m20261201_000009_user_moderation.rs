//! Accounts an admin can switch off, and the index the admin user list pages through.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UsersModeration {
    /// Set while the account is disabled: its tokens are refused and it cannot sign in.
    DisabledAt,
    CreatedAt,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Users::Table).add_column(timestamp_with_time_zone_null(UsersModeration::DisabledAt)).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_created")
                    .table(Users::Table)
                    .col(UsersModeration::CreatedAt)
                    .col(UsersModeration::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_users_created").table(Users::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(UsersModeration::DisabledAt).to_owned()).await
    }
}
