//! Facts about what readers did (completed a post, had a comment published), recorded once
//! each: the record that progress, streaks and rewards are computed from, never counters.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set, sea_query::OnConflict};
use uuid::Uuid;

use crate::entities::activity;

pub const POST_COMPLETED: &str = "post_completed";
pub const COMMENT_PUBLISHED: &str = "comment_published";
pub const SERIES_COMPLETED: &str = "series_completed";

/// Records that `user` did `kind` to `subject`; true when this is the first time.
pub async fn record(db: &impl ConnectionTrait, user: Uuid, kind: &str, subject: Uuid, post: Option<Uuid>) -> Result<bool, DbErr> {
    let fact = activity::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user),
        kind: Set(kind.to_string()),
        subject_id: Set(subject),
        post_id: Set(post),
        created_at: Set(crate::domain::now()),
    };
    let inserted = activity::Entity::insert(fact)
        .on_conflict(OnConflict::columns([activity::Column::UserId, activity::Column::Kind, activity::Column::SubjectId]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}
