//! Accounts, for admins: finding them, granting or ending premium by hand, and disabling
//! an account (its tokens are refused at once and it can no longer sign in).

use actix_web::{get, put, web};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::{
    auth::{AdminUser, dto::UserResponse},
    billing::premium,
    db,
    domain::Role,
    entities::users,
    error::{AdminErrors, ApiError, Problem},
    extract::{ValidJson, ValidQuery},
    pagination::{Cursor, Page, PageParams, PageRequest, paginate},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_users).service(set_premium).service(set_disabled);
}

/// Narrows the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Only the account with this email address.
    pub email: Option<String>,
}

/// An account as admins see it: what the user sees of themselves, and whether it is disabled.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminUserSummary {
    #[serde(flatten)]
    pub user: UserResponse,
    /// Set while the account is disabled.
    pub disabled_at: Option<DateTime<Utc>>,
}

impl From<users::Model> for AdminUserSummary {
    fn from(u: users::Model) -> Self {
        Self { disabled_at: u.disabled_at, user: UserResponse::from(u) }
    }
}

/// Accounts, newest first.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_users",
    security(("bearer" = [])),
    params(PageParams, UserFilter),
    responses(
        (status = 200, description = "A page of accounts", body = Page<AdminUserSummary>),
        (status = 422, description = "Invalid paging", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[get("/admin/users")]
pub async fn list_users(
    st: web::Data<AppState>,
    _admin: AdminUser,
    ValidQuery(paging): ValidQuery<PageParams>,
    ValidQuery(filter): ValidQuery<UserFilter>,
) -> Result<web::Json<Page<AdminUserSummary>>, ApiError> {
    let page = PageRequest::try_from(&paging)?;
    let email = filter.email.as_deref().map(crate::domain::normalize_email);
    let rows = crate::auth::repo::list_users(&st.db, page, email.as_deref()).await?;
    Ok(web::Json(paginate(rows, page.limit, |u| Cursor { at: u.created_at, id: u.id }, AdminUserSummary::from)))
}

/// Whether an account is disabled.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DisableRequest {
    /// `true` disables the account and signs it out everywhere; `false` enables it again.
    pub disabled: bool,
}

/// Disable or re-enable an account. A disabled account's access tokens are refused at
/// once, its refresh tokens are revoked and it cannot sign in; admins cannot disable themselves.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_set_user_disabled",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = DisableRequest,
    responses(
        (status = 200, description = "The account now", body = AdminUserSummary),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Admins cannot disable their own account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[put("/admin/users/{id}/disabled")]
pub async fn set_disabled(
    st: web::Data<AppState>,
    admin: AdminUser,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<DisableRequest>,
) -> Result<web::Json<AdminUserSummary>, ApiError> {
    if admin.0.id == *id && body.disabled {
        return Err(ApiError::Conflict("you cannot disable your own account".into()));
    }
    let txn = db::begin_write(&st.db).await?;
    let user = users::Entity::find_by_id(*id).lock_exclusive().one(&txn).await?.ok_or(ApiError::NotFound("user"))?;
    let disabled_at = match (body.disabled, user.disabled_at) {
        (true, Some(since)) => Some(since),
        (true, None) => Some(crate::domain::now()),
        (false, _) => None,
    };
    let mut active: users::ActiveModel = user.into();
    active.disabled_at = Set(disabled_at);
    active.updated_at = Set(crate::domain::now());
    let user = active.update(&txn).await?;
    if body.disabled {
        crate::auth::repo::revoke_user_tokens(&txn, user.id).await?;
    }
    txn.commit().await?;
    Ok(web::Json(AdminUserSummary::from(user)))
}

/// Premium granted by hand, independent of Stripe.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
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
