//! The reads feeds and the sitemap are built from. Every one filters on
//! `published_at <= now`, like the public post queries, and none grows with the result.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
    sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

use crate::entities::{post_tags, posts, series, tags, users};

/// A feed entry's columns, with the author's name joined in. Both bodies are read so the
/// service, not the query, decides which one a premium post may show.
#[derive(Debug, Clone, FromQueryResult)]
pub struct FeedRow {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub premium: bool,
    pub html: String,
    pub teaser_html: String,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub author_name: String,
}

/// Which posts a feed follows.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Site,
    Tag(Uuid),
    Series(Uuid),
}

/// The newest `limit` published posts in the scope, newest first, in one query.
pub async fn newest_published(db: &impl ConnectionTrait, scope: Scope, now: DateTime<Utc>, limit: u64) -> Result<Vec<FeedRow>, DbErr> {
    let mut q = posts::Entity::find()
        .select_only()
        .columns([
            posts::Column::Id,
            posts::Column::Slug,
            posts::Column::Title,
            posts::Column::Summary,
            posts::Column::Premium,
            posts::Column::Html,
            posts::Column::TeaserHtml,
            posts::Column::PublishedAt,
            posts::Column::UpdatedAt,
        ])
        .column_as(users::Column::DisplayName, "author_name")
        .join(JoinType::InnerJoin, posts::Relation::Author.def())
        .filter(posts::Column::PublishedAt.lte(now));
    q = match scope {
        Scope::Site => q,
        Scope::Series(series_id) => q.filter(posts::Column::SeriesId.eq(series_id)),
        Scope::Tag(tag_id) => q.filter(
            posts::Column::Id.in_subquery(
                Query::select()
                    .column(post_tags::Column::PostId)
                    .from(post_tags::Entity)
                    .and_where(Expr::col(post_tags::Column::TagId).eq(tag_id))
                    .to_owned(),
            ),
        ),
    };
    q.order_by_desc(posts::Column::PublishedAt)
        .order_by_desc(posts::Column::Id)
        .limit(limit)
        .into_model::<FeedRow>()
        .all(db)
        .await
}

/// When the next scheduled post goes out: a document rendered now is out of date then.
pub async fn next_publication(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, DbErr> {
    // ORDER BY + LIMIT rather than MIN(): it walks the published_at index, and SQLite hands
    // back an aggregate of a timestamp as untyped text.
    posts::Entity::find()
        .select_only()
        .column(posts::Column::PublishedAt)
        .filter(posts::Column::PublishedAt.gt(now))
        .order_by_asc(posts::Column::PublishedAt)
        .limit(1)
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(db)
        .await
        .map(Option::flatten)
}

/// A published post's address and dates, for the sitemap.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PostDates {
    pub slug: String,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Every published post, newest first.
pub async fn published_post_dates(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<PostDates>, DbErr> {
    posts::Entity::find()
        .select_only()
        .columns([posts::Column::Slug, posts::Column::PublishedAt, posts::Column::UpdatedAt])
        .filter(posts::Column::PublishedAt.lte(now))
        .order_by_desc(posts::Column::PublishedAt)
        .order_by_desc(posts::Column::Id)
        .into_model::<PostDates>()
        .all(db)
        .await
}

/// Slugs of the series with at least one published post, by slug.
pub async fn series_with_published(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<String>, DbErr> {
    series::Entity::find()
        .select_only()
        .column(series::Column::Slug)
        .distinct()
        .join_rev(JoinType::InnerJoin, posts::Relation::Series.def())
        .filter(posts::Column::PublishedAt.lte(now))
        .order_by_asc(series::Column::Slug)
        .into_tuple::<String>()
        .all(db)
        .await
}

/// Slugs of the tags with at least one published post, by slug.
pub async fn tags_with_published(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<String>, DbErr> {
    tags::Entity::find()
        .select_only()
        .column(tags::Column::Slug)
        .distinct()
        .join_rev(JoinType::InnerJoin, post_tags::Relation::Tag.def())
        .join(JoinType::InnerJoin, post_tags::Relation::Post.def())
        .filter(posts::Column::PublishedAt.lte(now))
        .order_by_asc(tags::Column::Slug)
        .into_tuple::<String>()
        .all(db)
        .await
}

/// A published post's listing for the llms.txt pair.
#[derive(Debug, Clone, FromQueryResult)]
pub struct LlmsRow {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub premium: bool,
    pub published_at: DateTime<Utc>,
}

/// Every published post's listing, newest first (no bodies).
pub async fn llms_rows(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<LlmsRow>, DbErr> {
    posts::Entity::find()
        .select_only()
        .columns([posts::Column::Id, posts::Column::Slug, posts::Column::Title, posts::Column::Summary, posts::Column::Premium, posts::Column::PublishedAt])
        .filter(posts::Column::PublishedAt.lte(now))
        .order_by_desc(posts::Column::PublishedAt)
        .order_by_desc(posts::Column::Id)
        .into_model::<LlmsRow>()
        .all(db)
        .await
}

/// The markdown of the newest `limit` free published posts, by id.
pub async fn free_markdown(db: &impl ConnectionTrait, now: DateTime<Utc>, limit: u64) -> Result<Vec<(Uuid, String)>, DbErr> {
    posts::Entity::find()
        .select_only()
        .columns([posts::Column::Id, posts::Column::Markdown])
        .filter(posts::Column::PublishedAt.lte(now))
        .filter(posts::Column::Premium.eq(false))
        .order_by_desc(posts::Column::PublishedAt)
        .order_by_desc(posts::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}
