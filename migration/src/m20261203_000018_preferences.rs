//! A reader's preferences: the colour theme, and for each kind of notification whether it
//! appears in the app and whether it is also sent by email. A kind without a row has the
//! defaults (in the app, no email).
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UsersTheme {
    /// `system`, `light` or `dark`.
    Theme,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    /// `reply`, `series_post`, `moderation`.
    Kind,
    InApp,
    Email,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Users::Table).add_column(string(UsersTheme::Theme).default("system")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationPreferences::Table)
                    .col(uuid(NotificationPreferences::UserId))
                    .col(string(NotificationPreferences::Kind))
                    .col(boolean(NotificationPreferences::InApp))
                    .col(boolean(NotificationPreferences::Email))
                    .primary_key(Index::create().col(NotificationPreferences::UserId).col(NotificationPreferences::Kind))
                    .foreign_key(
                        ForeignKey::create().from(NotificationPreferences::Table, NotificationPreferences::UserId).to(Users::Table, Users::Id).on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NotificationPreferences::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(UsersTheme::Theme).to_owned()).await
    }
}
