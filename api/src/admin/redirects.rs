//! Redirects: list, create (chains collapsed, loops refused) and delete.

use actix_web::{HttpResponse, delete, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{
    auth::AdminUser,
    error::{AdminErrors, ApiError, Problem},
    extract::{ValidJson, ValidQuery},
    pagination::{DEFAULT_LIMIT, MAX_LIMIT, Page},
    redirects::{self, NewRedirect, Redirect},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(admin_list_redirects).service(admin_create_redirect).service(admin_delete_redirect);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RedirectQuery {
    /// The `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Every redirect, by old path.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_redirects",
    security(("bearer" = [])),
    params(RedirectQuery),
    responses((status = 200, description = "A page of redirects", body = Page<Redirect>), AdminErrors)
)]
#[get("/admin/redirects")]
pub async fn admin_list_redirects(st: web::Data<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<RedirectQuery>) -> Result<web::Json<Page<Redirect>>, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::field("limit", "must be between 1 and 100"));
    }
    let after = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => Some(redirects::decode_id(c).ok_or_else(|| ApiError::field("cursor", "is not a cursor this API issued"))?),
        None => None,
    };
    let (items, next_cursor) = redirects::list(&st.db, after.as_deref(), limit).await?;
    Ok(web::Json(Page { items, next_cursor }))
}

/// Send an old path to a new one. If the target itself redirects, the new redirect leads
/// straight to the end of that chain; one that would lead back to its start is refused.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_create_redirect",
    security(("bearer" = [])),
    request_body = NewRedirect,
    responses(
        (status = 201, description = "The redirect as stored", body = Redirect),
        AdminErrors,
        (status = 409, description = "The redirect would be a loop", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/redirects")]
pub async fn admin_create_redirect(st: web::Data<AppState>, _admin: AdminUser, ValidJson(body): ValidJson<NewRedirect>) -> Result<HttpResponse, ApiError> {
    let txn = crate::db::begin_write(&st.db).await?;
    let created = redirects::create(&txn, body).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

/// Remove a redirect.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_delete_redirect",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The redirect's `id`")),
    responses(
        (status = 204, description = "Removed"),
        AdminErrors,
        (status = 404, description = "No such redirect", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/admin/redirects/{id}")]
pub async fn admin_delete_redirect(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    redirects::delete(&st.db, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
