//! Ask AI conversations: a signed-in reader's questions and the answers they got, each turn
//! stored whole once its answer is complete (with the sources it was given and cited).
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AskConversations {
    Table,
    Id,
    UserId,
    Title,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AskTurns {
    Table,
    Id,
    ConversationId,
    Question,
    Answer,
    Sources,
    Cited,
    Mode,
    PromptTokens,
    CompletionTokens,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AskConversations::Table)
                    .col(pk_uuid(AskConversations::Id))
                    .col(uuid(AskConversations::UserId))
                    .col(string(AskConversations::Title))
                    .col(timestamp_with_time_zone(AskConversations::CreatedAt))
                    .col(timestamp_with_time_zone(AskConversations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AskConversations::Table, AskConversations::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // "My conversations, most recent first", keyset-paged.
        manager
            .create_index(
                Index::create()
                    .name("idx_ask_conversations_user_updated")
                    .table(AskConversations::Table)
                    .col(AskConversations::UserId)
                    .col(AskConversations::UpdatedAt)
                    .col(AskConversations::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AskTurns::Table)
                    .col(pk_uuid(AskTurns::Id))
                    .col(uuid(AskTurns::ConversationId))
                    .col(text(AskTurns::Question))
                    .col(text(AskTurns::Answer))
                    .col(text(AskTurns::Sources))
                    .col(text(AskTurns::Cited))
                    .col(string(AskTurns::Mode))
                    .col(integer(AskTurns::PromptTokens))
                    .col(integer(AskTurns::CompletionTokens))
                    .col(timestamp_with_time_zone(AskTurns::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AskTurns::Table, AskTurns::ConversationId)
                            .to(AskConversations::Table, AskConversations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_ask_turns_conversation").table(AskTurns::Table).col(AskTurns::ConversationId).col(AskTurns::CreatedAt).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AskTurns::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AskConversations::Table).to_owned()).await
    }
}
