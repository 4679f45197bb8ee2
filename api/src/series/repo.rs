//! Queries on series and their ordered membership.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{
    domain::now,
    entities::{posts, series},
    pagination::PageRequest,
};

#[derive(Debug, Clone, FromQueryResult)]
pub struct SeriesCount {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub post_count: i64,
}

/// A page of series, newest first, each with its post count. With `published_by`, only
/// published posts count and series without any are left out.
pub async fn list(db: &impl ConnectionTrait, page: PageRequest, published_by: Option<DateTime<Utc>>) -> Result<Vec<SeriesCount>, DbErr> {
    let to_posts = match published_by {
        Some(now) => series_posts_join().on_condition(move |_, posts_table| Expr::col((posts_table, posts::Column::PublishedAt)).lte(now).into()),
        None => series_posts_join(),
    };
    let mut q = series::Entity::find()
        .select_only()
        .columns([series::Column::Id, series::Column::Slug, series::Column::Title, series::Column::Description, series::Column::CreatedAt])
        .column_as(Expr::col((posts::Entity, posts::Column::Id)).count(), "post_count")
        .join(JoinType::LeftJoin, to_posts)
        .group_by(series::Column::Id)
        .group_by(series::Column::Slug)
        .group_by(series::Column::Title)
        .group_by(series::Column::Description)
        .group_by(series::Column::CreatedAt);
    if published_by.is_some() {
        q = q.having(Expr::col((posts::Entity, posts::Column::Id)).count().gt(0));
    }
    if let Some(cursor) = page.after {
        q = q.filter(crate::pagination::after(series::Column::CreatedAt, series::Column::Id, cursor));
    }
    q.order_by_desc(series::Column::CreatedAt).order_by_desc(series::Column::Id).limit(page.limit + 1).into_model::<SeriesCount>().all(db).await
}

fn series_posts_join() -> sea_orm::RelationDef {
    series::Entity::belongs_to(posts::Entity).from(series::Column::Id).to(posts::Column::SeriesId).into()
}

pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<series::Model>, DbErr> {
    series::Entity::find().filter(series::Column::Slug.eq(slug)).one(db).await
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<series::Model>, DbErr> {
    series::Entity::find_by_id(id).one(db).await
}

pub async fn insert(db: &impl ConnectionTrait, slug: &str, title: &str, description: &str) -> Result<series::Model, DbErr> {
    let at = now();
    let model = series::ActiveModel {
        id: Set(Uuid::now_v7()),
        slug: Set(slug.into()),
        title: Set(title.into()),
        description: Set(description.into()),
        created_at: Set(at),
        updated_at: Set(at),
    };
    series::Entity::insert(model).exec_with_returning(db).await
}

pub async fn update(db: &impl ConnectionTrait, id: Uuid, slug: &str, title: &str, description: &str) -> Result<(), DbErr> {
    series::Entity::update_many()
        .col_expr(series::Column::Slug, Expr::value(slug))
        .col_expr(series::Column::Title, Expr::value(title))
        .col_expr(series::Column::Description, Expr::value(description))
        .col_expr(series::Column::UpdatedAt, Expr::value(now()))
        .filter(series::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes a series; its posts stay, outside any series.
pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<u64, DbErr> {
    posts::Entity::update_many()
        .col_expr(posts::Column::SeriesId, Expr::value(Option::<Uuid>::None))
        .col_expr(posts::Column::SeriesPosition, Expr::value(Option::<i32>::None))
        .filter(posts::Column::SeriesId.eq(id))
        .exec(db)
        .await?;
    Ok(series::Entity::delete_by_id(id).exec(db).await?.rows_affected)
}

pub async fn count_posts(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<usize, DbErr> {
    Ok(posts::Entity::find().select_only().column(posts::Column::Id).filter(posts::Column::Id.is_in(ids.iter().copied())).into_tuple::<Uuid>().all(db).await?.len())
}

/// Makes `post_ids` the exact, ordered membership of the series.
pub async fn set_members(db: &impl ConnectionTrait, series_id: Uuid, post_ids: &[Uuid]) -> Result<(), DbErr> {
    posts::Entity::update_many()
        .col_expr(posts::Column::SeriesId, Expr::value(Option::<Uuid>::None))
        .col_expr(posts::Column::SeriesPosition, Expr::value(Option::<i32>::None))
        .filter(posts::Column::SeriesId.eq(series_id))
        .exec(db)
        .await?;
    for (i, id) in post_ids.iter().enumerate() {
        posts::Entity::update_many()
            .col_expr(posts::Column::SeriesId, Expr::value(series_id))
            .col_expr(posts::Column::SeriesPosition, Expr::value(i as i32 + 1))
            .filter(posts::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}
