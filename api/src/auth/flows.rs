//! Handlers for the emailed-link flows and Google sign-in.

use actix_web::{HttpResponse, get, post, web};

use super::{
    dto::{EmailTokenRequest, ForgotPasswordRequest, GoogleCallbackParams, GoogleStartParams, ResetPasswordRequest, UserResponse},
    extractors::AuthUser,
    google, recovery,
    routes::with_cookie,
};
use crate::{
    error::{ApiError, Problem},
    extract::ValidJson,
    ratelimit::AuthAttempt,
    state::AppState,
};

/// Confirm the email address with the token from the verification email.
#[utoipa::path(
    tag = "auth",
    operation_id = "verify_email",
    request_body = EmailTokenRequest,
    responses(
        (status = 200, description = "Verified; the account as it is now", body = UserResponse),
        (status = 422, description = "The token is invalid, expired or used", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/verify-email")]
pub async fn verify_email(st: web::Data<AppState>, _limit: AuthAttempt, ValidJson(body): ValidJson<EmailTokenRequest>) -> Result<web::Json<UserResponse>, ApiError> {
    Ok(web::Json(recovery::verify_email(&st, &body.token).await?.into()))
}

/// Send the verification email again.
#[utoipa::path(
    tag = "auth",
    operation_id = "resend_verification",
    security(("bearer" = [])),
    responses(
        (status = 202, description = "Sent, unless the address is already verified"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/resend-verification")]
pub async fn resend_verification(st: web::Data<AppState>, _limit: AuthAttempt, me: AuthUser) -> Result<HttpResponse, ApiError> {
    recovery::send_verification(&st, &me.user).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Email a password-reset link. Answers the same whether or not the account exists.
#[utoipa::path(
    tag = "auth",
    operation_id = "forgot_password",
    request_body = ForgotPasswordRequest,
    responses(
        (status = 202, description = "If the account exists, the email is on its way"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/forgot-password")]
pub async fn forgot_password(st: web::Data<AppState>, _limit: AuthAttempt, ValidJson(body): ValidJson<ForgotPasswordRequest>) -> Result<HttpResponse, ApiError> {
    recovery::forgot_password(&st, &body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with the token from the reset email; signs out every session.
#[utoipa::path(
    tag = "auth",
    operation_id = "reset_password",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Password changed; sign in with it"),
        (status = 422, description = "Invalid fields, or the token is invalid, expired or used", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/reset-password")]
pub async fn reset_password(st: web::Data<AppState>, _limit: AuthAttempt, ValidJson(body): ValidJson<ResetPasswordRequest>) -> Result<HttpResponse, ApiError> {
    recovery::reset_password(&st, &body.token, &body.password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Start Google sign-in: redirects to the provider.
#[utoipa::path(
    tag = "auth",
    operation_id = "google_start",
    params(GoogleStartParams),
    responses(
        (status = 302, description = "To the provider's consent page"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Google sign-in is not configured", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/auth/google/start")]
pub async fn google_start(st: web::Data<AppState>, _limit: AuthAttempt, q: web::Query<GoogleStartParams>) -> Result<HttpResponse, ApiError> {
    let url = google::start(&st, q.return_to.as_deref()).await?;
    Ok(HttpResponse::Found().insert_header(("Location", url)).insert_header(("Cache-Control", "no-store")).finish())
}

/// Where the provider sends the browser back; signs in and redirects into the app.
#[utoipa::path(
    tag = "auth",
    operation_id = "google_callback",
    params(GoogleCallbackParams),
    responses(
        (status = 303, description = "Signed in (refresh cookie set); on to the page the sign-in started from"),
        (status = 400, description = "Bad, expired or replayed state, or the provider refused", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "The provider failed", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Google sign-in is not configured", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/auth/google/callback")]
pub async fn google_callback(st: web::Data<AppState>, q: web::Query<GoogleCallbackParams>) -> Result<HttpResponse, ApiError> {
    if let Some(error) = &q.error {
        return Err(ApiError::BadRequest(format!("the provider did not sign you in: {error}")));
    }
    let (Some(code), Some(state)) = (q.code.as_deref(), q.state.as_deref()) else {
        return Err(ApiError::BadRequest("code and state are required".into()));
    };
    let (pair, return_to) = google::finish(&st, code, state).await?;
    let mut response = with_cookie(HttpResponse::SeeOther(), &st, pair);
    response.headers_mut().insert(actix_web::http::header::LOCATION, actix_web::http::header::HeaderValue::from_str(&format!("{}{return_to}", st.settings.public_url)).map_err(anyhow::Error::from)?);
    Ok(response)
}
