//! The queries behind Ask AI's conversations.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Expr};
use uuid::Uuid;

use crate::{
    entities::{ask_conversations, ask_turns},
    pagination::{self, PageRequest},
};

/// The conversation `id` if it is `user_id`'s.
pub async fn find_conversation(db: &impl ConnectionTrait, id: Uuid, user_id: Uuid) -> Result<Option<ask_conversations::Model>, DbErr> {
    ask_conversations::Entity::find_by_id(id).filter(ask_conversations::Column::UserId.eq(user_id)).one(db).await
}

/// A user's conversations, most recently continued first, from `page.after` on (`limit + 1`).
pub async fn list_conversations(db: &impl ConnectionTrait, user_id: Uuid, page: PageRequest) -> Result<Vec<ask_conversations::Model>, DbErr> {
    let mut query = ask_conversations::Entity::find()
        .filter(ask_conversations::Column::UserId.eq(user_id))
        .order_by_desc(ask_conversations::Column::UpdatedAt)
        .order_by_desc(ask_conversations::Column::Id)
        .limit(page.limit + 1);
    if let Some(cursor) = page.after {
        query = query.filter(pagination::after(ask_conversations::Column::UpdatedAt, ask_conversations::Column::Id, cursor));
    }
    query.all(db).await
}

/// A conversation's turns, oldest first.
pub async fn turns(db: &impl ConnectionTrait, conversation_id: Uuid) -> Result<Vec<ask_turns::Model>, DbErr> {
    ask_turns::Entity::find()
        .filter(ask_turns::Column::ConversationId.eq(conversation_id))
        .order_by_asc(ask_turns::Column::CreatedAt)
        .order_by_asc(ask_turns::Column::Id)
        .all(db)
        .await
}

/// The last `n` turns of a conversation, oldest first.
pub async fn last_turns(db: &impl ConnectionTrait, conversation_id: Uuid, n: u64) -> Result<Vec<ask_turns::Model>, DbErr> {
    let mut rows = ask_turns::Entity::find()
        .filter(ask_turns::Column::ConversationId.eq(conversation_id))
        .order_by_desc(ask_turns::Column::CreatedAt)
        .order_by_desc(ask_turns::Column::Id)
        .limit(n)
        .all(db)
        .await?;
    rows.reverse();
    Ok(rows)
}

pub async fn insert_conversation(db: &impl ConnectionTrait, id: Uuid, user_id: Uuid, title: &str, at: DateTime<Utc>) -> Result<(), DbErr> {
    ask_conversations::ActiveModel { id: Set(id), user_id: Set(user_id), title: Set(title.to_string()), created_at: Set(at), updated_at: Set(at) }.insert(db).await?;
    Ok(())
}

/// Marks a conversation continued at `at`; false when it is gone (or not `user_id`'s).
pub async fn touch_conversation(db: &impl ConnectionTrait, id: Uuid, user_id: Uuid, at: DateTime<Utc>) -> Result<bool, DbErr> {
    let done = ask_conversations::Entity::update_many()
        .col_expr(ask_conversations::Column::UpdatedAt, Expr::value(at))
        .filter(ask_conversations::Column::Id.eq(id))
        .filter(ask_conversations::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

pub async fn insert_turn(db: &impl ConnectionTrait, turn: ask_turns::Model) -> Result<(), DbErr> {
    ask_turns::ActiveModel::from(turn).reset_all().insert(db).await?;
    Ok(())
}

/// Deletes a conversation of `user_id`'s and its turns; false when there is none.
pub async fn delete_conversation(db: &impl ConnectionTrait, id: Uuid, user_id: Uuid) -> Result<bool, DbErr> {
    if find_conversation(db, id, user_id).await?.is_none() {
        return Ok(false);
    }
    ask_turns::Entity::delete_many().filter(ask_turns::Column::ConversationId.eq(id)).exec(db).await?;
    let done = ask_conversations::Entity::delete_many().filter(ask_conversations::Column::Id.eq(id)).filter(ask_conversations::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(done.rows_affected == 1)
}
