//! Accounts, for admins: finding them, seeing what one did, changing a role, granting or
//! ending premium by hand, and disabling an account (its tokens are refused at once and it
//! can no longer sign in).

use std::collections::HashSet;

use actix_web::{get, patch, put, web};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::{
    auth::{AdminUser, dto::UserResponse},
    billing::premium,
    db,
    domain::Role,
    entities::{activity, comment_bans, users},
    error::{AdminErrors, ApiError, Problem},
    extract::{ValidJson, ValidQuery},
    pagination::{Cursor, Page, PageParams, PageRequest, paginate},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_users).service(update_user).service(user_activity).service(set_premium).service(set_disabled);
}

/// Narrows the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Only the account with this email address.
    pub email: Option<String>,
    /// Accounts whose email or display name contains this text (any case).
    #[param(min_length = 1, max_length = 200)]
    pub q: Option<String>,
}

/// An account as admins see it: what the user sees of themselves, and whether it is disabled
/// or banned from commenting.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminUserSummary {
    #[serde(flatten)]
    pub user: UserResponse,
    /// Set while the account is disabled.
    pub disabled_at: Option<DateTime<Utc>>,
    /// Banned from commenting (`PUT /admin/users/{id}/comment-ban`).
    pub comment_banned: bool,
}

/// The admin view of `rows`, with their comment bans read in one query.
async fn summaries(db: &impl ConnectionTrait, rows: Vec<users::Model>) -> Result<Vec<AdminUserSummary>, ApiError> {
    let ids: Vec<Uuid> = rows.iter().map(|u| u.id).collect();
    let banned: HashSet<Uuid> = comment_bans::Entity::find().filter(comment_bans::Column::UserId.is_in(ids)).all(db).await?.into_iter().map(|b| b.user_id).collect();
    Ok(rows.into_iter().map(|u| AdminUserSummary { disabled_at: u.disabled_at, comment_banned: banned.contains(&u.id), user: UserResponse::from(u) }).collect())
}

async fn summary(db: &impl ConnectionTrait, user: users::Model) -> Result<AdminUserSummary, ApiError> {
    Ok(summaries(db, vec![user]).await?.remove(0))
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
    let q = match filter.q.as_deref().map(str::trim) {
        Some("") => return Err(ApiError::field("q", "must contain something to look for")),
        Some(q) if q.chars().count() > 200 => return Err(ApiError::field("q", "must be at most 200 characters")),
        other => other,
    };
    let rows = crate::auth::repo::list_users(&st.db, page, email.as_deref(), q).await?;
    let Page { items, next_cursor } = paginate(rows, page.limit, |u| Cursor { at: u.created_at, id: u.id }, |u| u);
    Ok(web::Json(Page { items: summaries(&st.db, items).await?, next_cursor }))
}

/// A change to an account: its role, whether it is disabled.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub role: Option<Role>,
    /// `true` disables the account and signs it out everywhere; `false` enables it again.
    pub disabled: Option<bool>,
}

/// Applies `patch` to the account `id`, locked in `txn`. Admins cannot demote or disable
/// themselves, so a site always keeps the admin who is making changes.
async fn apply(txn: &DatabaseTransaction, admin: &crate::auth::AuthUser, id: Uuid, patch: &UserPatch) -> Result<users::Model, ApiError> {
    if admin.id == id && patch.disabled == Some(true) {
        return Err(ApiError::Conflict("you cannot disable your own account".into()));
    }
    if admin.id == id && patch.role == Some(Role::Reader) {
        return Err(ApiError::Conflict("you cannot take away your own admin role".into()));
    }
    let user = users::Entity::find_by_id(id).lock_exclusive().one(txn).await?.ok_or(ApiError::NotFound("user"))?;
    let disabled_at = match (patch.disabled, user.disabled_at) {
        (Some(true), Some(since)) => Some(since),
        (Some(true), None) => Some(crate::domain::now()),
        (Some(false), _) => None,
        (None, current) => current,
    };
    let mut active: users::ActiveModel = user.into();
    active.disabled_at = Set(disabled_at);
    if let Some(role) = patch.role {
        active.role = Set(role.as_str().to_string());
    }
    active.updated_at = Set(crate::domain::now());
    let user = active.update(txn).await?;
    if patch.disabled == Some(true) {
        crate::auth::repo::revoke_user_tokens(txn, user.id).await?;
    }
    Ok(user)
}

/// Change an account's role or disable it. Both take effect on the account's next request:
/// every request reads the account afresh.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_update_user",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = UserPatch,
    responses(
        (status = 200, description = "The account now", body = AdminUserSummary),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Admins cannot demote or disable their own account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[patch("/admin/users/{id}")]
pub async fn update_user(st: web::Data<AppState>, admin: AdminUser, id: web::Path<Uuid>, ValidJson(body): ValidJson<UserPatch>) -> Result<web::Json<AdminUserSummary>, ApiError> {
    let txn = db::begin_write(&st.db).await?;
    let user = apply(&txn, &admin.0, *id, &body).await?;
    let out = summary(&txn, user).await?;
    txn.commit().await?;
    if out.disabled_at.is_some() {
        st.notifications.sign_out(*id).await;
    }
    Ok(web::Json(out))
}

/// The post a fact is about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityPost {
    pub slug: String,
    pub title: String,
}

/// Something the account did: `post_completed`, `series_completed`, `comment_published`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityItem {
    pub kind: String,
    /// What it was done to: the post, series or comment.
    pub subject_id: Uuid,
    pub post: Option<ActivityPost>,
    pub at: DateTime<Utc>,
}

/// What one account did, newest first.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_user_activity",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id"), PageParams),
    responses(
        (status = 200, description = "A page of the account's activity", body = Page<ActivityItem>),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid paging", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[get("/admin/users/{id}/activity")]
pub async fn user_activity(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>, ValidQuery(paging): ValidQuery<PageParams>) -> Result<web::Json<Page<ActivityItem>>, ApiError> {
    let page = PageRequest::try_from(&paging)?;
    users::Entity::find_by_id(*id).one(&st.db).await?.ok_or(ApiError::NotFound("user"))?;
    let mut query = activity::Entity::find()
        .filter(activity::Column::UserId.eq(*id))
        .order_by_desc(activity::Column::CreatedAt)
        .order_by_desc(activity::Column::Id)
        .limit(page.limit + 1);
    if let Some(cursor) = page.after {
        query = query.filter(crate::pagination::after(activity::Column::CreatedAt, activity::Column::Id, cursor));
    }
    let Page { items, next_cursor } = paginate(query.all(&st.db).await?, page.limit, |a| Cursor { at: a.created_at, id: a.id }, |a| a);
    let post_ids: Vec<Uuid> = items.iter().filter_map(|a| a.post_id).collect();
    let titles = crate::posts::repo::slugs_and_titles(&st.db, post_ids).await?;
    let post = |id: Uuid| titles.get(&id).map(|(slug, title)| ActivityPost { slug: slug.clone(), title: title.clone() });
    let items = items.into_iter().map(|a| ActivityItem { kind: a.kind, subject_id: a.subject_id, post: a.post_id.and_then(post), at: a.created_at }).collect();
    Ok(web::Json(Page { items, next_cursor }))
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
    let txn = db::begin_write(&st.db).await?;
    let user = apply(&txn, &admin.0, *id, &UserPatch { role: None, disabled: Some(body.disabled) }).await?;
    let out = summary(&txn, user).await?;
    txn.commit().await?;
    if out.disabled_at.is_some() {
        st.notifications.sign_out(*id).await;
    }
    Ok(web::Json(out))
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
