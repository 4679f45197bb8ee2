use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_users::Users;
use crate::m20261123_000003_create_series::Series;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Posts {
    Table,
    Id,
    Slug,
    Title,
    Summary,
    Markdown,
    Html,
    /// The rendered opening of the post, shown instead of `html` behind the paywall.
    TeaserHtml,
    Status,
    /// NULL for drafts; in the future for scheduled posts. Public reads filter on it alone.
    PublishedAt,
    Difficulty,
    Premium,
    ReadingMinutes,
    AuthorId,
    SeriesId,
    SeriesPosition,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Posts::Table)
                    .col(pk_uuid(Posts::Id))
                    .col(string_uniq(Posts::Slug))
                    .col(string(Posts::Title))
                    .col(text(Posts::Summary))
                    .col(text(Posts::Markdown))
                    .col(text(Posts::Html))
                    .col(text(Posts::TeaserHtml))
                    .col(string(Posts::Status))
                    .col(timestamp_with_time_zone_null(Posts::PublishedAt))
                    .col(string(Posts::Difficulty))
                    .col(boolean(Posts::Premium).default(false))
                    .col(integer(Posts::ReadingMinutes))
                    .col(uuid(Posts::AuthorId))
                    .col(uuid_null(Posts::SeriesId))
                    .col(integer_null(Posts::SeriesPosition))
                    .col(timestamp_with_time_zone(Posts::CreatedAt))
                    .col(timestamp_with_time_zone(Posts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Posts::Table, Posts::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Posts::Table, Posts::SeriesId)
                            .to(Series::Table, Series::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // Query paths: the public feed (published_at, id), its difficulty filter, series
        // membership in order, and the admin list by recency (its status filter is on published_at).
        let indexes: [(&str, Vec<Posts>); 4] = [
            ("idx_posts_published", vec![Posts::PublishedAt, Posts::Id]),
            ("idx_posts_difficulty_published", vec![Posts::Difficulty, Posts::PublishedAt, Posts::Id]),
            ("idx_posts_series_position", vec![Posts::SeriesId, Posts::SeriesPosition]),
            ("idx_posts_updated", vec![Posts::UpdatedAt, Posts::Id]),
        ];
        for (name, cols) in indexes {
            let mut index = Index::create();
            index.name(name).table(Posts::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_index(Index::create().name("idx_posts_author").table(Posts::Table).col(Posts::AuthorId).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Posts::Table).to_owned()).await
    }
}
