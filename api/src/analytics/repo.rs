//! Queries on page views and salts.

use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::OnConflict};

use crate::entities::{analytics_salts, page_views};

/// Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound values.
const ROWS_PER_INSERT: usize = 500;

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
