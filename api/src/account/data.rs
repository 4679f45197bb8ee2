//! A reader's own data: a copy of everything the platform holds about them, and deleting the
//! account. Deletion removes the account and what only it uses (sessions, bookmarks,
//! reactions, progress, follows, notes, notifications, Ask AI conversations, activity,
//! reports); comments stay where they are in their threads, shown as by "a deleted member".

use actix_web::{HttpResponse, delete, get, web};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, sea_query::Expr};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use validator::Validate;

use crate::{
    auth::AuthUser,
    domain::Role,
    entities::{
        activity, ask_conversations, ask_turns, bookmarks, comment_reports, comments, notification_preferences, notifications, reactions, reading_progress, series_follows, study_notes, subscriptions, users,
    },
    error::{ApiError, Problem},
    extract::MaybeJson,
    state::AppState,
};

/// Everything the platform holds about me.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountExport {
    pub exported_at: DateTime<Utc>,
    /// Email, name, role, settings, premium and the dates (never the password hash).
    #[schema(value_type = Object)]
    pub account: Value,
    #[schema(value_type = Vec<Object>)]
    pub comments: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub comment_reports: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub bookmarks: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub reactions: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub reading_progress: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub series_follows: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub study_notes: Vec<Value>,
    /// How each kind of notification reaches me, where I changed it.
    #[schema(value_type = Vec<Object>)]
    pub notification_preferences: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub notifications: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub activity: Vec<Value>,
    /// Conversations with their turns.
    #[schema(value_type = Vec<Object>)]
    pub ask_conversations: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub subscriptions: Vec<Value>,
    /// Files I uploaded (my avatars; an admin's files for posts).
    pub uploads: Vec<crate::uploads::Upload>,
}

fn values<T: Serialize>(rows: Vec<T>) -> Vec<Value> {
    rows.into_iter().filter_map(|r| serde_json::to_value(r).ok()).collect()
}

fn account(u: &users::Model) -> Value {
    json!({
        "id": u.id,
        "email": u.email,
        "display_name": u.display_name,
        "role": u.role,
        "email_verified_at": u.email_verified_at,
        "digest": u.digest,
        "theme": u.theme,
        "avatar_url": u.avatar_url,
        "premium_until": u.premium_until,
        "google_sign_in": u.google_sub.is_some(),
        "created_at": u.created_at,
        "updated_at": u.updated_at,
    })
}

/// Download everything the platform holds about me, as one JSON document.
#[utoipa::path(
    tag = "account",
    operation_id = "export_account",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "My data (sent as a file download)", body = AccountExport),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/export")]
pub async fn export_account(st: web::Data<AppState>, me: AuthUser) -> Result<HttpResponse, ApiError> {
    let db = &st.db;
    let id = me.id;
    let conversations = ask_conversations::Entity::find().filter(ask_conversations::Column::UserId.eq(id)).order_by_asc(ask_conversations::Column::CreatedAt).all(db).await?;
    let turns =
        ask_turns::Entity::find().filter(ask_turns::Column::ConversationId.is_in(conversations.iter().map(|c| c.id))).order_by_asc(ask_turns::Column::CreatedAt).all(db).await?;
    let ask = conversations
        .into_iter()
        .map(|c| {
            let mine: Vec<&ask_turns::Model> = turns.iter().filter(|t| t.conversation_id == c.id).collect();
            json!({"conversation": c, "turns": mine})
        })
        .collect();
    let export = AccountExport {
        exported_at: crate::domain::now(),
        account: account(&me.user),
        comments: values(comments::Entity::find().filter(comments::Column::AuthorId.eq(id)).order_by_asc(comments::Column::CreatedAt).all(db).await?),
        comment_reports: values(comment_reports::Entity::find().filter(comment_reports::Column::ReporterId.eq(id)).all(db).await?),
        bookmarks: values(bookmarks::Entity::find().filter(bookmarks::Column::UserId.eq(id)).all(db).await?),
        reactions: values(reactions::Entity::find().filter(reactions::Column::UserId.eq(id)).all(db).await?),
        reading_progress: values(reading_progress::Entity::find().filter(reading_progress::Column::UserId.eq(id)).all(db).await?),
        series_follows: values(series_follows::Entity::find().filter(series_follows::Column::UserId.eq(id)).all(db).await?),
        notification_preferences: values(notification_preferences::Entity::find().filter(notification_preferences::Column::UserId.eq(id)).all(db).await?),
        study_notes: values(study_notes::Entity::find().filter(study_notes::Column::UserId.eq(id)).all(db).await?),
        notifications: values(notifications::Entity::find().filter(notifications::Column::UserId.eq(id)).all(db).await?),
        activity: values(activity::Entity::find().filter(activity::Column::UserId.eq(id)).order_by_asc(activity::Column::CreatedAt).all(db).await?),
        ask_conversations: ask,
        subscriptions: values(subscriptions::Entity::find().filter(subscriptions::Column::UserId.eq(id)).all(db).await?),
        uploads: crate::uploads::of_owner(db, id).await?,
    };
    Ok(HttpResponse::Ok().insert_header(("Content-Disposition", format!("attachment; filename=\"lectern-export-{}.json\"", export.exported_at.format("%Y-%m-%d")))).json(export))
}

/// Confirms the deletion of an account.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DeleteAccount {
    /// The account's password (required when it has one).
    #[schema(max_length = 256, format = "password")]
    #[validate(length(max = 256, message = "must be at most 256 characters"))]
    pub password: Option<String>,
}

/// Delete my account. My comments stay in their threads as by "a deleted member"; everything
/// else of mine is removed. An account with a running subscription must cancel it first, and
/// an admin account is removed by another admin.
#[utoipa::path(
    tag = "account",
    operation_id = "delete_account",
    security(("bearer" = [])),
    request_body(content = Option<DeleteAccount>, description = "The password, for an account that has one"),
    responses(
        (status = 204, description = "The account is gone"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A running subscription, or an admin account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is missing or wrong", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me")]
pub async fn delete_account(st: web::Data<AppState>, me: AuthUser, MaybeJson(body): MaybeJson<DeleteAccount>) -> Result<HttpResponse, ApiError> {
    if let Some(hash) = me.user.password_hash.as_deref() {
        let given = body.and_then(|b| b.password).unwrap_or_default();
        if !st.passwords.verify(&given, Some(hash)).await? {
            return Err(ApiError::field("password", "is not this account's password"));
        }
    }
    if me.role == Role::Admin {
        return Err(ApiError::Conflict("an admin account is removed by another admin (change its role first)".into()));
    }
    let live = subscriptions::Entity::find()
        .filter(subscriptions::Column::UserId.eq(me.id))
        .filter(subscriptions::Column::Status.is_in(["active", "trialing", "past_due"]))
        .count(&st.db)
        .await?;
    if live > 0 {
        return Err(ApiError::Conflict("cancel the subscription in the billing portal first".into()));
    }
    let txn = crate::db::begin_write(&st.db).await?;
    let avatar_files = crate::uploads::delete_avatars(&txn, me.id).await?;
    anonymise_and_delete(&txn, me.id).await?;
    txn.commit().await?;
    st.notifications.sign_out(me.id).await;
    crate::uploads::remove_files(&st, avatar_files).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Comments lose their author (the foreign key would do it too; saying it keeps it so on
/// a database without foreign keys); the account row goes, and everything that hangs on it.
async fn anonymise_and_delete(db: &impl ConnectionTrait, user: uuid::Uuid) -> Result<(), ApiError> {
    comments::Entity::update_many().col_expr(comments::Column::AuthorId, Expr::value(Option::<uuid::Uuid>::None)).filter(comments::Column::AuthorId.eq(user)).exec(db).await?;
    users::Entity::delete_by_id(user).exec(db).await?;
    Ok(())
}
