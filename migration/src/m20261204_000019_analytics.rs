//! Page views, one row per view (facts, not counters, so any question can be asked of them
//! later), and the random salt of each UTC day that turns a reader's address into that
//! day's visitor hash. Salts are deleted after two days, so an old hash can never be
//! recomputed from an address.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000004_create_posts::Posts;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PageViews {
    Table,
    Id,
    PostId,
    /// The UTC day of the view, `YYYY-MM-DD` (text on both backends, so grouping by day is
    /// the same query everywhere).
    Day,
    /// The day's salted hash of the reader's address and user agent, hex; never the address.
    Visitor,
    /// The host of the page the reader came from; NULL when direct or from this site.
    ReferrerHost,
    ViewedAt,
}

#[derive(DeriveIden)]
enum AnalyticsSalts {
    Table,
    /// `YYYY-MM-DD`, UTC.
    Day,
    /// Random, hex.
    Salt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PageViews::Table)
                    .col(big_integer(PageViews::Id).auto_increment().primary_key())
                    .col(uuid(PageViews::PostId))
                    .col(string_len(PageViews::Day, 10))
                    .col(string_len(PageViews::Visitor, 64))
                    .col(string_len_null(PageViews::ReferrerHost, 255))
                    .col(timestamp_with_time_zone(PageViews::ViewedAt))
                    .foreign_key(ForeignKey::create().from(PageViews::Table, PageViews::PostId).to(Posts::Table, Posts::Id).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        // The site by day (views, top posts, referrers: each reads a range of days and groups
        // it), and one post by day. Every index costs each stored view, so no more than that:
        // one on (day, referrer_host) would not spare the referrer report its read of the rows,
        // which it needs for the visitors.
        for (name, cols) in [("idx_page_views_day_post", [PageViews::Day, PageViews::PostId]), ("idx_page_views_post_day", [PageViews::PostId, PageViews::Day])] {
            let mut index = Index::create();
            index.name(name).table(PageViews::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AnalyticsSalts::Table)
                    .col(string_len(AnalyticsSalts::Day, 10).primary_key())
                    .col(string_len(AnalyticsSalts::Salt, 64))
                    .col(timestamp_with_time_zone(AnalyticsSalts::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AnalyticsSalts::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PageViews::Table).to_owned()).await
    }
}
