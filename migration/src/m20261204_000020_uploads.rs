//! Uploaded files (images, PDFs, data files), the text of each PDF page for search and Ask
//! AI, and a reader's avatar.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{m20261123_000001_create_users::Users, m20261123_000004_create_posts::Posts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Uploads {
    Table,
    Id,
    /// Who uploaded it; NULL once their account is gone.
    OwnerId,
    /// The post it is attached to (a PDF studied with the post); NULL for none.
    PostId,
    /// `post` or `avatar`.
    Purpose,
    /// `image`, `pdf`, `csv`, `json` or `parquet`: what the bytes are, not what the name says.
    Kind,
    ContentType,
    OriginalName,
    Bytes,
    Sha256,
    /// The stored file's content-addressed name (the fallback format, for images).
    StorageKey,
    Width,
    Height,
    /// JSON: the responsive widths of an image, each as WebP and in the fallback format.
    Variants,
    /// For a PDF: `pending`, `ready`, `no_text` or `failed`.
    TextStatus,
    Pages,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DocumentPages {
    Table,
    UploadId,
    PostId,
    /// 1, 2, 3, … as the PDF numbers them.
    Page,
    Body,
}

#[derive(DeriveIden)]
enum UsersAvatar {
    AvatarUrl,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Uploads::Table)
                    .col(pk_uuid(Uploads::Id))
                    .col(uuid_null(Uploads::OwnerId))
                    .col(uuid_null(Uploads::PostId))
                    .col(string(Uploads::Purpose))
                    .col(string(Uploads::Kind))
                    .col(string(Uploads::ContentType))
                    .col(string(Uploads::OriginalName))
                    .col(big_integer(Uploads::Bytes))
                    .col(string(Uploads::Sha256))
                    .col(string(Uploads::StorageKey))
                    .col(integer_null(Uploads::Width))
                    .col(integer_null(Uploads::Height))
                    .col(text(Uploads::Variants))
                    .col(string_null(Uploads::TextStatus))
                    .col(integer_null(Uploads::Pages))
                    .col(timestamp_with_time_zone(Uploads::CreatedAt))
                    .foreign_key(ForeignKey::create().from(Uploads::Table, Uploads::OwnerId).to(Users::Table, Users::Id).on_delete(ForeignKeyAction::SetNull))
                    .foreign_key(ForeignKey::create().from(Uploads::Table, Uploads::PostId).to(Posts::Table, Posts::Id).on_delete(ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_uploads_owner").table(Uploads::Table).col(Uploads::OwnerId).col(Uploads::CreatedAt).to_owned()).await?;
        manager.create_index(Index::create().name("idx_uploads_post").table(Uploads::Table).col(Uploads::PostId).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentPages::Table)
                    .col(uuid(DocumentPages::UploadId))
                    .col(uuid(DocumentPages::PostId))
                    .col(integer(DocumentPages::Page))
                    .col(text(DocumentPages::Body))
                    .primary_key(Index::create().col(DocumentPages::UploadId).col(DocumentPages::Page))
                    .foreign_key(ForeignKey::create().from(DocumentPages::Table, DocumentPages::UploadId).to(Uploads::Table, Uploads::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(DocumentPages::Table, DocumentPages::PostId).to(Posts::Table, Posts::Id).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_document_pages_post").table(DocumentPages::Table).col(DocumentPages::PostId).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).add_column(string_null(UsersAvatar::AvatarUrl)).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Users::Table).drop_column(UsersAvatar::AvatarUrl).to_owned()).await?;
        manager.drop_table(Table::drop().table(DocumentPages::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Uploads::Table).to_owned()).await
    }
}
