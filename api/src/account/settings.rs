//! What a user can switch on and off.

use actix_web::{get, patch, web};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::{
    auth::{AuthUser, repo},
    entities::users,
    error::{ApiError, Problem},
    extract::ValidJson,
    state::AppState,
};

/// What a user can switch on and off.
#[derive(Debug, Serialize, ToSchema)]
pub struct Settings {
    /// Receive the daily digest of new posts by email.
    pub digest: bool,
}

/// Fields to change; omitted fields stay as they are.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    /// Receive the daily digest of new posts by email.
    pub digest: Option<bool>,
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
pub async fn get_settings(me: AuthUser) -> web::Json<Settings> {
    web::Json(Settings { digest: me.user.digest })
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
    if let Some(digest) = body.digest {
        users::Entity::update_many()
            .col_expr(users::Column::Digest, Expr::value(digest))
            .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(users::Column::Id.eq(me.id))
            .exec(&st.db)
            .await?;
    }
    let user = repo::find_user(&st.db, me.id).await?.ok_or(ApiError::NotFound("user"))?;
    Ok(web::Json(Settings { digest: user.digest }))
}
