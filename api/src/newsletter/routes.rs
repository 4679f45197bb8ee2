use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::service;
use crate::{
    error::{ApiError, Problem},
    extract::ValidJson,
    ratelimit::AuthAttempt,
    state::AppState,
};

/// Subscribe an address to the newsletter.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SubscribeRequest {
    #[schema(format = "email", max_length = 254, example = "ada@example.com")]
    #[validate(email(message = "must be a valid email address"), length(max = 254))]
    pub email: String,
}

/// The token from a confirmation link.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200, message = "is required"))]
    pub token: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeParams {
    /// The signed token from the email's unsubscribe link.
    pub token: String,
}

/// Which list an address is (or was) on.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListMembership {
    /// `newsletter` or `digest`.
    pub list: String,
    pub email: String,
}

/// Subscribe to the newsletter; a confirmation email follows (double opt-in).
#[utoipa::path(
    tag = "newsletter",
    operation_id = "newsletter_subscribe",
    request_body = SubscribeRequest,
    responses(
        (status = 202, description = "A confirmation email is on its way (unless already subscribed)"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/newsletter/subscribe")]
pub async fn subscribe(st: web::Data<AppState>, _limit: AuthAttempt, ValidJson(body): ValidJson<SubscribeRequest>) -> Result<HttpResponse, ApiError> {
    service::subscribe(&st, &body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Confirm a subscription with the token from the confirmation email.
#[utoipa::path(
    tag = "newsletter",
    operation_id = "newsletter_confirm",
    request_body = ConfirmRequest,
    responses(
        (status = 200, description = "Subscribed", body = ListMembership),
        (status = 422, description = "The token is invalid or used", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/newsletter/confirm")]
pub async fn confirm(st: web::Data<AppState>, ValidJson(body): ValidJson<ConfirmRequest>) -> Result<web::Json<ListMembership>, ApiError> {
    let email = service::confirm(&st, &body.token).await?;
    Ok(web::Json(ListMembership { list: "newsletter".into(), email }))
}

/// What an unsubscribe link would do (the page shows this and a button; nothing changes).
#[utoipa::path(
    tag = "newsletter",
    operation_id = "unsubscribe_info",
    params(UnsubscribeParams),
    responses(
        (status = 200, description = "The list and address the link names", body = ListMembership),
        (status = 422, description = "Not a valid link", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/newsletter/unsubscribe")]
pub async fn unsubscribe_info(st: web::Data<AppState>, q: web::Query<UnsubscribeParams>) -> Result<web::Json<ListMembership>, ApiError> {
    let (list, email) = service::read_token(&st, &q.token)?;
    Ok(web::Json(ListMembership { list: list.as_str().into(), email }))
}

/// Unsubscribe; also the one-click target of the `List-Unsubscribe` header (RFC 8058).
#[utoipa::path(
    tag = "newsletter",
    operation_id = "unsubscribe",
    params(UnsubscribeParams),
    responses(
        (status = 200, description = "Unsubscribed", body = ListMembership),
        (status = 422, description = "Not a valid link", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/newsletter/unsubscribe")]
pub async fn unsubscribe(st: web::Data<AppState>, q: web::Query<UnsubscribeParams>) -> Result<web::Json<ListMembership>, ApiError> {
    let (list, email) = service::unsubscribe(&st, &q.token).await?;
    Ok(web::Json(ListMembership { list: list.as_str().into(), email }))
}
