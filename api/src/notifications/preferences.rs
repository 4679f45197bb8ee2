//! Which notifications a reader gets, and how: in the app (the list and the live stream)
//! and by email. A kind without a stored row has the defaults: in the app, no email.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, sea_query::OnConflict};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::dto::NotificationKind;
use crate::entities::notification_preferences;

/// How one kind of notification reaches a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationPreference {
    pub kind: NotificationKind,
    /// In the notification list and the live stream.
    pub in_app: bool,
    /// Also by email (only to a confirmed address).
    pub email: bool,
}

impl NotificationPreference {
    fn default_for(kind: NotificationKind) -> Self {
        Self { kind, in_app: true, email: false }
    }
}

/// Every kind, in a fixed order, as `user` has set it.
pub async fn of_user(db: &impl ConnectionTrait, user: Uuid) -> Result<Vec<NotificationPreference>, DbErr> {
    let stored = for_users(db, &[user]).await?;
    Ok(NotificationKind::ALL.iter().map(|k| stored.get(&(user, *k)).copied().unwrap_or_else(|| NotificationPreference::default_for(*k))).collect())
}

/// What `users` have stored, in one query; absent pairs have the defaults.
pub async fn for_users(db: &impl ConnectionTrait, users: &[Uuid]) -> Result<HashMap<(Uuid, NotificationKind), NotificationPreference>, DbErr> {
    if users.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = notification_preferences::Entity::find().filter(notification_preferences::Column::UserId.is_in(users.iter().copied())).all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let kind = NotificationKind::from_db(&r.kind)?;
            Some(((r.user_id, kind), NotificationPreference { kind, in_app: r.in_app, email: r.email }))
        })
        .collect())
}

/// How a notification of `kind` reaches `user`, given what [`for_users`] read.
pub fn channels(stored: &HashMap<(Uuid, NotificationKind), NotificationPreference>, user: Uuid, kind: NotificationKind) -> NotificationPreference {
    stored.get(&(user, kind)).copied().unwrap_or_else(|| NotificationPreference::default_for(kind))
}

/// Stores `prefs` for `user` (kinds not named keep what they had).
pub async fn set(db: &impl ConnectionTrait, user: Uuid, prefs: &[NotificationPreference]) -> Result<(), DbErr> {
    if prefs.is_empty() {
        return Ok(());
    }
    let rows =
        prefs.iter().map(|p| notification_preferences::ActiveModel { user_id: Set(user), kind: Set(p.kind.as_str().to_string()), in_app: Set(p.in_app), email: Set(p.email) });
    notification_preferences::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([notification_preferences::Column::UserId, notification_preferences::Column::Kind])
                .update_columns([notification_preferences::Column::InApp, notification_preferences::Column::Email])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
