//! Queries on page views and salts, and the counts the summary borrows from other tables.

use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use super::range::{DayRange, day_key};
use crate::entities::{analytics_salts, comments, newsletter_subscribers, page_views, users};

/// Rows per INSERT: 25,000 bound values, under SQLite's 32,766 and PostgreSQL's 65,535. Few
/// large statements rather than many small ones: sqlx leaves Nagle's algorithm on, so a
/// statement larger than a TCP segment can wait out PostgreSQL's delayed ACK (some 40 ms),
/// once per statement.
const ROWS_PER_INSERT: usize = 5_000;

/// Stores views, several rows per statement, in the caller's transaction.
pub async fn insert_views(db: &impl ConnectionTrait, rows: Vec<page_views::ActiveModel>) -> Result<(), DbErr> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        page_views::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The salt of `day`: `candidate` if no process has stored one yet, else the one stored.
pub async fn salt_of(db: &impl ConnectionTrait, day: &str, candidate: &str) -> Result<String, DbErr> {
    let row = analytics_salts::ActiveModel { day: Set(day.to_string()), salt: Set(candidate.to_string()), created_at: Set(crate::domain::now()) };
    analytics_salts::Entity::insert(row).on_conflict(OnConflict::column(analytics_salts::Column::Day).do_nothing().to_owned()).exec_without_returning(db).await?;
    let stored = analytics_salts::Entity::find_by_id(day.to_string()).one(db).await?;
    stored.map(|s| s.salt).ok_or_else(|| DbErr::RecordNotFound(format!("the salt of {day}")))
}

/// Deletes the salts of days before `day`.
pub async fn forget_salts_before(db: &impl ConnectionTrait, day: &str) -> Result<(), DbErr> {
    analytics_salts::Entity::delete_many().filter(analytics_salts::Column::Day.lt(day)).exec(db).await?;
    Ok(())
}

fn in_range(range: &DayRange) -> sea_orm::Select<page_views::Entity> {
    page_views::Entity::find().filter(page_views::Column::Day.gte(day_key(range.from))).filter(page_views::Column::Day.lte(day_key(range.to)))
}

fn views() -> Expr {
    Expr::cust("COUNT(*)")
}

/// Readers, once per day each (a hash names a reader for one day only; `||` joins text on
/// both backends).
fn visitors() -> Expr {
    Expr::cust("COUNT(DISTINCT day || visitor)")
}

/// `(day, views, visitors)` of each day in `range` that has views, of one post or all.
pub async fn views_by_day(db: &impl ConnectionTrait, range: &DayRange, post: Option<Uuid>) -> Result<Vec<(String, i64, i64)>, DbErr> {
    let mut query = in_range(range).select_only().column(page_views::Column::Day).column_as(views(), "views").column_as(visitors(), "visitors");
    if let Some(post) = post {
        query = query.filter(page_views::Column::PostId.eq(post));
    }
    query.group_by(page_views::Column::Day).into_tuple().all(db).await
}

/// `(post, views, visitors)` of the `limit` most viewed posts in `range`, most viewed first.
pub async fn top_posts(db: &impl ConnectionTrait, range: &DayRange, limit: u64) -> Result<Vec<(Uuid, i64, i64)>, DbErr> {
    in_range(range)
        .select_only()
        .column(page_views::Column::PostId)
        .column_as(views(), "views")
        .column_as(visitors(), "visitors")
        .group_by(page_views::Column::PostId)
        .order_by(views(), Order::Desc)
        .order_by(visitors(), Order::Desc)
        .order_by(page_views::Column::PostId, Order::Asc)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// `(host, views, visitors)` of the `limit` referring hosts with the most views in `range`;
/// direct views are the row whose host is `None`.
pub async fn referrers(db: &impl ConnectionTrait, range: &DayRange, limit: u64) -> Result<Vec<(Option<String>, i64, i64)>, DbErr> {
    in_range(range)
        .select_only()
        .column(page_views::Column::ReferrerHost)
        .column_as(views(), "views")
        .column_as(visitors(), "visitors")
        .group_by(page_views::Column::ReferrerHost)
        .order_by(views(), Order::Desc)
        .order_by(page_views::Column::ReferrerHost, Order::Asc)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// `(views, visitors)` in `range`. Hashes change daily, so a reader seen on two days counts
/// on each: the visitors of a range are the sum of its days' visitors.
pub async fn totals(db: &impl ConnectionTrait, range: &DayRange) -> Result<(i64, i64), DbErr> {
    let row: Option<(i64, i64)> = in_range(range).select_only().column_as(views(), "views").column_as(visitors(), "visitors").into_tuple().one(db).await?;
    Ok(row.unwrap_or((0, 0)))
}

/// `(day, accounts created)` of each day in `range` with sign-ups.
pub async fn signups_by_day(db: &impl ConnectionTrait, range: &DayRange) -> Result<Vec<(String, i64)>, DbErr> {
    let day = Expr::cust(crate::sql::utc_day(db.get_database_backend(), "created_at"));
    users::Entity::find()
        .select_only()
        .column_as(day.clone(), "day")
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(users::Column::CreatedAt.gte(range.start()))
        .filter(users::Column::CreatedAt.lte(range.end()))
        .group_by(day)
        .into_tuple()
        .all(db)
        .await
}

/// Comments held for a moderator now.
pub async fn held_comments(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    comments::Entity::find().filter(comments::Column::Status.eq(crate::comments::PENDING)).count(db).await
}

/// Addresses on the newsletter now (confirmed, not unsubscribed).
pub async fn newsletter_subscribers(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    newsletter_subscribers::Entity::find().filter(newsletter_subscribers::Column::Status.eq(crate::newsletter::service::CONFIRMED)).count(db).await
}
