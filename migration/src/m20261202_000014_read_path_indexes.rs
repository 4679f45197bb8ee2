//! Indexes for the uncached read path.
//!
//! - A post page finds its series position, total and neighbours by range lookups in series
//!   order — (series_position, published_at, id) — so one index holds that whole order and
//!   the visibility check; it replaces the (series_id, series_position) index it extends.
//! - Lists and search check each post's visibility and filters. On SQLite a row's late
//!   columns (published_at, difficulty, …) sit behind the markdown and HTML bodies, in
//!   overflow pages; indexes that carry them let a query read them without touching the
//!   bodies: the public list's order, and a lookup by id for search candidates.
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
    Difficulty,
    Premium,
    ReadingMinutes,
    AuthorId,
}

fn index(name: &str, cols: Vec<Posts>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(Posts::Table);
    for col in cols {
        index.col(col);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Posts::*;
        let indexes = [
            index("idx_posts_series_order", vec![SeriesId, SeriesPosition, PublishedAt, Id]),
            index("idx_posts_list", vec![PublishedAt, Id, Difficulty, Premium, ReadingMinutes, AuthorId, SeriesId]),
            index("idx_posts_visibility", vec![Id, PublishedAt, Difficulty, SeriesId]),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        manager.drop_index(Index::drop().name("idx_posts_series_position").table(Posts::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_posts_published").table(Posts::Table).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Posts::*;
        manager.create_index(index("idx_posts_series_position", vec![SeriesId, SeriesPosition])).await?;
        manager.create_index(index("idx_posts_published", vec![PublishedAt, Id])).await?;
        for name in ["idx_posts_series_order", "idx_posts_list", "idx_posts_visibility"] {
            manager.drop_index(Index::drop().name(name).table(Posts::Table).to_owned()).await?;
        }
        Ok(())
    }
}
