//! What a reader sets for themselves: their name, the theme, the digest, and how each kind
//! of notification reaches them.

use actix_web::{get, patch, web};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::{
    auth::{AuthUser, repo},
    entities::users,
    error::{ApiError, Problem},
    extract::ValidJson,
    notifications::preferences::{self, NotificationPreference},
    state::AppState,
};

/// The colour scheme the app uses for this reader; `system` follows the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    fn from_db(raw: &str) -> Self {
        match raw {
            "light" => Self::Light,
            "dark" => Self::Dark,
            _ => Self::System,
        }
    }
}

/// What a user can switch on and off.
#[derive(Debug, Serialize, ToSchema)]
pub struct Settings {
    /// The name shown on comments and the account page.
    pub display_name: String,
    pub theme: Theme,
    /// Receive the daily digest of new posts by email.
    pub digest: bool,
    /// Every kind of notification and how it reaches me.
    pub notifications: Vec<NotificationPreference>,
    /// Emails go only to a confirmed address: until then `email` preferences wait.
    pub email_verified: bool,
}

/// Fields to change; omitted fields stay as they are.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    #[schema(min_length = 1, max_length = 80)]
    #[validate(length(min = 1, max = 80, message = "must be between 1 and 80 characters"), custom(function = "crate::comments::dto::not_blank"))]
    pub display_name: Option<String>,
    pub theme: Option<Theme>,
    /// Receive the daily digest of new posts by email.
    pub digest: Option<bool>,
    /// The kinds to change; kinds not listed keep their setting.
    #[schema(max_items = 3)]
    #[validate(length(max = 3, message = "must name each kind at most once"))]
    pub notifications: Option<Vec<NotificationPreference>>,
}

async fn current(db: &impl ConnectionTrait, user: users::Model) -> Result<Settings, ApiError> {
    Ok(Settings {
        notifications: preferences::of_user(db, user.id).await?,
        email_verified: user.email_verified_at.is_some(),
        theme: Theme::from_db(&user.theme),
        digest: user.digest,
        display_name: user.display_name,
    })
}

/// The signed-in user's settings.
#[utoipa::path(
    tag = "account",
    operation_id = "get_settings",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Current settings", body = Settings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/settings")]
pub async fn get_settings(st: web::Data<AppState>, me: AuthUser) -> Result<web::Json<Settings>, ApiError> {
    Ok(web::Json(current(&st.db, me.user).await?))
}

/// Change settings.
#[utoipa::path(
    tag = "account",
    operation_id = "update_settings",
    security(("bearer" = [])),
    request_body = SettingsPatch,
    responses(
        (status = 200, description = "Settings after the change", body = Settings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me/settings")]
pub async fn update_settings(st: web::Data<AppState>, me: AuthUser, ValidJson(body): ValidJson<SettingsPatch>) -> Result<web::Json<Settings>, ApiError> {
    let prefs = body.notifications.unwrap_or_default();
    let mut kinds: Vec<_> = prefs.iter().map(|p| p.kind.as_str()).collect();
    kinds.sort_unstable();
    if kinds.windows(2).any(|w| w[0] == w[1]) {
        return Err(ApiError::field("notifications", "must name each kind at most once"));
    }
    let txn = crate::db::begin_write(&st.db).await?;
    let mut update = users::Entity::update_many().col_expr(users::Column::UpdatedAt, Expr::value(crate::domain::now())).filter(users::Column::Id.eq(me.id));
    if let Some(digest) = body.digest {
        update = update.col_expr(users::Column::Digest, Expr::value(digest));
    }
    if let Some(theme) = body.theme {
        update = update.col_expr(users::Column::Theme, Expr::value(theme.as_str()));
    }
    if let Some(name) = &body.display_name {
        update = update.col_expr(users::Column::DisplayName, Expr::value(name.trim()));
    }
    update.exec(&txn).await?;
    preferences::set(&txn, me.id, &prefs).await?;
    let user = repo::find_user(&txn, me.id).await?.ok_or(ApiError::NotFound("user"))?;
    let out = current(&txn, user).await?;
    txn.commit().await?;
    Ok(web::Json(out))
}
