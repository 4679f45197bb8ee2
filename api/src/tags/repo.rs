//! Queries on tags and their links to posts.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect,
    Order, RelationTrait,
    sea_query::{Alias, Expr, ExprTrait, OnConflict, Query},
};
use uuid::Uuid;

use crate::{
    domain::now,
    entities::{post_tags, posts, tags},
};

#[derive(Debug, Clone, FromQueryResult)]
pub struct TagCount {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub post_count: i64,
}

/// Tags joined to their posts and grouped, selecting `TagCount`'s columns.
fn with_counts(published_by: Option<DateTime<Utc>>) -> sea_orm::Select<tags::Entity> {
    let to_posts = match published_by {
        Some(now) => post_tags::Relation::Post.def().on_condition(move |_, posts_table| Expr::col((posts_table, posts::Column::PublishedAt)).lte(now).into()),
        None => post_tags::Relation::Post.def(),
    };
    tags::Entity::find()
        .select_only()
        .column(tags::Column::Id)
        .column(tags::Column::Slug)
        .column(tags::Column::Name)
        .column_as(Expr::col((posts::Entity, posts::Column::Id)).count(), "post_count")
        .join_rev(JoinType::LeftJoin, post_tags::Relation::Tag.def())
        .join(JoinType::LeftJoin, to_posts)
        .group_by(tags::Column::Id)
        .group_by(tags::Column::Slug)
        .group_by(tags::Column::Name)
}

/// Every tag with the number of its posts (any status), by name.
pub async fn list_with_counts(db: &impl ConnectionTrait) -> Result<Vec<TagCount>, DbErr> {
    with_counts(None).order_by_asc(tags::Column::Name).into_model::<TagCount>().all(db).await
}

/// The `limit` tags with most posts published by `now` (ties by name); tags without any are left out.
pub async fn most_used(db: &impl ConnectionTrait, now: DateTime<Utc>, limit: u64) -> Result<Vec<TagCount>, DbErr> {
    with_counts(Some(now))
        .having(Expr::col((posts::Entity, posts::Column::Id)).count().gt(0))
        .order_by(Expr::col(Alias::new("post_count")), Order::Desc)
        .order_by_asc(tags::Column::Name)
        .limit(limit)
        .into_model::<TagCount>()
        .all(db)
        .await
}

/// How many posts (any status) carry the tag.
pub async fn count_posts(db: &impl ConnectionTrait, tag_id: Uuid) -> Result<i64, DbErr> {
    use sea_orm::PaginatorTrait;
    Ok(post_tags::Entity::find().filter(post_tags::Column::TagId.eq(tag_id)).count(db).await? as i64)
}

pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<tags::Model>, DbErr> {
    tags::Entity::find().filter(tags::Column::Slug.eq(slug)).one(db).await
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<tags::Model>, DbErr> {
    tags::Entity::find_by_id(id).one(db).await
}

pub async fn insert(db: &impl ConnectionTrait, slug: &str, name: &str) -> Result<tags::Model, DbErr> {
    let model = tags::ActiveModel { id: Set(Uuid::now_v7()), slug: Set(slug.into()), name: Set(name.into()), created_at: Set(now()) };
    tags::Entity::insert(model).exec_with_returning(db).await
}

/// The ids of the named tags, creating those that do not exist yet. `wanted` holds
/// `(slug, display name)` pairs. Safe against concurrent callers naming the same new tag:
/// the insert skips slugs another transaction created meanwhile (on PostgreSQL it waits for
/// that one to commit), and the ids are read back after it.
pub async fn ensure(db: &impl ConnectionTrait, wanted: &[(String, String)]) -> Result<Vec<Uuid>, DbErr> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let slugs = || wanted.iter().map(|(s, _)| s.clone());
    let mut found = tags::Entity::find().filter(tags::Column::Slug.is_in(slugs())).all(db).await?;
    let mut missing: Vec<&(String, String)> = wanted.iter().filter(|(slug, _)| !found.iter().any(|t| &t.slug == slug)).collect();
    if !missing.is_empty() {
        // In slug order, so concurrent inserts wait on each other's rows in one order and
        // cannot deadlock.
        missing.sort();
        let rows = missing.iter().map(|(slug, name)| tags::ActiveModel { id: Set(Uuid::now_v7()), slug: Set(slug.clone()), name: Set(name.clone()), created_at: Set(now()) });
        tags::Entity::insert_many(rows).on_conflict(OnConflict::column(tags::Column::Slug).do_nothing().to_owned()).exec_without_returning(db).await?;
        found = tags::Entity::find().filter(tags::Column::Slug.is_in(slugs())).all(db).await?;
    }
    wanted
        .iter()
        .map(|(slug, _)| found.iter().find(|t| &t.slug == slug).map(|t| t.id).ok_or_else(|| DbErr::Custom(format!("tag {slug:?} is missing right after its insert"))))
        .collect()
}

/// The posts carrying the tag.
pub async fn post_ids(db: &impl ConnectionTrait, tag_id: Uuid) -> Result<Vec<Uuid>, DbErr> {
    post_tags::Entity::find().select_only().column(post_tags::Column::PostId).filter(post_tags::Column::TagId.eq(tag_id)).into_tuple().all(db).await
}

pub async fn update(db: &impl ConnectionTrait, id: Uuid, slug: &str, name: &str) -> Result<(), DbErr> {
    tags::Entity::update_many()
        .col_expr(tags::Column::Slug, Expr::value(slug))
        .col_expr(tags::Column::Name, Expr::value(name))
        .filter(tags::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<u64, DbErr> {
    // Links go first so the delete does not depend on the backend enforcing cascades.
    post_tags::Entity::delete_many().filter(post_tags::Column::TagId.eq(id)).exec(db).await?;
    Ok(tags::Entity::delete_by_id(id).exec(db).await?.rows_affected)
}

/// Moves every link of tag `from` to tag `into`, skipping posts that already have `into`.
pub async fn move_links(db: &impl ConnectionTrait, from: Uuid, into: Uuid) -> Result<(), DbErr> {
    let already = Query::select().column(post_tags::Column::PostId).from(post_tags::Entity).and_where(Expr::col(post_tags::Column::TagId).eq(into)).to_owned();
    post_tags::Entity::update_many()
        .col_expr(post_tags::Column::TagId, Expr::value(into))
        .filter(post_tags::Column::TagId.eq(from))
        .filter(post_tags::Column::PostId.not_in_subquery(already))
        .exec(db)
        .await?;
    post_tags::Entity::delete_many().filter(post_tags::Column::TagId.eq(from)).exec(db).await?;
    Ok(())
}
