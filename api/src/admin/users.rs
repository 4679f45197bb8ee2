//! Accounts, for admins: granting or ending premium by hand.

use actix_web::{put, web};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::{
    auth::AdminUser,
    billing::premium,
    db,
    domain::Role,
    entities::users,
    error::{AdminErrors, ApiError, Problem},
    extract::ValidJson,
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(set_premium);
}

/// Premium granted by hand, independent of Stripe.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct PremiumGrant {
    /// Premium until this moment; `null` ends the grant (a Stripe subscription still counts).
    pub until: Option<DateTime<Utc>>,
}

/// A user's premium access after a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserPremium {
    pub user_id: Uuid,
    /// Whether premium posts are open to the user now.
    pub premium: bool,
    /// When access ends, counting subscriptions and the grant.
    pub premium_until: Option<DateTime<Utc>>,
    /// The admin's grant alone.
    pub granted_until: Option<DateTime<Utc>>,
}

/// Grant premium until a moment, or end a grant.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_set_premium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = PremiumGrant,
    responses(
        (status = 200, description = "The user's premium access now", body = UserPremium),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[put("/admin/users/{id}/premium")]
pub async fn set_premium(
    st: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<PremiumGrant>,
) -> Result<web::Json<UserPremium>, ApiError> {
    let txn = db::begin_write(&st.db).await?;
    let user = users::Entity::find_by_id(*id).lock_exclusive().one(&txn).await?.ok_or(ApiError::NotFound("user"))?;
    let role = Role::from_db(&user.role);
    let mut active: users::ActiveModel = user.into();
    active.premium_granted_until = Set(body.until);
    let user = active.update(&txn).await?;
    let premium_until = premium::refresh(&txn, user, st.settings.premium_grace).await?;
    txn.commit().await?;
    Ok(web::Json(UserPremium { user_id: *id, premium: premium::has_access(role, premium_until, Utc::now()), premium_until, granted_until: body.until }))
}
