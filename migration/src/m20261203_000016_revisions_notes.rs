//! Every saved version of a post (who, when, title and markdown), and readers' private
//! study notes on posts, optionally anchored to a quoted passage.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{m20261123_000001_create_users::Users, m20261123_000004_create_posts::Posts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PostRevisions {
    Table,
    Id,
    PostId,
    /// Who saved it; NULL once their account is gone.
    AuthorId,
    Title,
    Markdown,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StudyNotes {
    Table,
    Id,
    UserId,
    PostId,
    Body,
    /// The passage of the post the note is about, as the reader selected it.
    Quote,
    /// The section (heading id) the passage is in.
    Anchor,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PostRevisions::Table)
                    .col(pk_uuid(PostRevisions::Id))
                    .col(uuid(PostRevisions::PostId))
                    .col(uuid_null(PostRevisions::AuthorId))
                    .col(string(PostRevisions::Title))
                    .col(text(PostRevisions::Markdown))
                    .col(timestamp_with_time_zone(PostRevisions::CreatedAt))
                    .foreign_key(ForeignKey::create().from(PostRevisions::Table, PostRevisions::PostId).to(Posts::Table, Posts::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(PostRevisions::Table, PostRevisions::AuthorId).to(Users::Table, Users::Id).on_delete(ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_post_revisions_post")
                    .table(PostRevisions::Table)
                    .col(PostRevisions::PostId)
                    .col(PostRevisions::CreatedAt)
                    .col(PostRevisions::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StudyNotes::Table)
                    .col(pk_uuid(StudyNotes::Id))
                    .col(uuid(StudyNotes::UserId))
                    .col(uuid(StudyNotes::PostId))
                    .col(text(StudyNotes::Body))
                    .col(text_null(StudyNotes::Quote))
                    .col(string_null(StudyNotes::Anchor))
                    .col(timestamp_with_time_zone(StudyNotes::CreatedAt))
                    .col(timestamp_with_time_zone(StudyNotes::UpdatedAt))
                    .foreign_key(ForeignKey::create().from(StudyNotes::Table, StudyNotes::UserId).to(Users::Table, Users::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(StudyNotes::Table, StudyNotes::PostId).to(Posts::Table, Posts::Id).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        // "My notes", newest first, overall and on one post.
        manager
            .create_index(Index::create().name("idx_study_notes_user").table(StudyNotes::Table).col(StudyNotes::UserId).col(StudyNotes::CreatedAt).col(StudyNotes::Id).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_study_notes_user_post")
                    .table(StudyNotes::Table)
                    .col(StudyNotes::UserId)
                    .col(StudyNotes::PostId)
                    .col(StudyNotes::CreatedAt)
                    .col(StudyNotes::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(StudyNotes::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PostRevisions::Table).to_owned()).await
    }
}
