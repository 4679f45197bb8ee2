use actix_web::{
    HttpRequest, HttpResponse, cookie::{Cookie, SameSite, time::Duration as CookieDuration}, get, post, web,
};

use super::{
    dto::{LoginRequest, RefreshRequest, RegisterRequest, TokenPair, UserResponse},
    extractors::AuthUser,
    service,
};
use crate::extract::{MaybeJson, ValidJson};
use crate::{error::{ApiError, Problem}, ratelimit::AuthAttempt, state::AppState};

pub const REFRESH_COOKIE: &str = "lectern_refresh";
/// A readable, secret-free marker that a refresh cookie exists, so the SPA only tries a
/// silent refresh when there is something to refresh (and anonymous visits cost nothing).
pub const SIGNED_IN_COOKIE: &str = "lectern_session";
const COOKIE_PATH: &str = "/api/v1/auth";

/// The refresh token travels as an httpOnly cookie so the SPA never stores it in JS.
fn refresh_cookie(st: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_string())
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(st.settings.secure_cookies())
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(st.settings.refresh_token_ttl.as_secs() as i64))
        .finish()
}

fn signed_in_cookie(st: &AppState) -> Cookie<'static> {
    Cookie::build(SIGNED_IN_COOKIE, "1")
        .path("/")
        .secure(st.settings.secure_cookies())
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(st.settings.refresh_token_ttl.as_secs() as i64))
        .finish()
}

pub(crate) fn with_cookie(mut response: actix_web::HttpResponseBuilder, st: &AppState, pair: TokenPair) -> HttpResponse {
    response
        .cookie(refresh_cookie(st, &pair.refresh_token))
        .cookie(signed_in_cookie(st))
        .insert_header(("Cache-Control", "no-store"))
        .json(pair)
}

/// Expires both cookies on `response`.
fn clear_cookies(st: &AppState, response: &mut HttpResponse) {
    for mut cookie in [refresh_cookie(st, ""), signed_in_cookie(st)] {
        cookie.make_removal();
        let _ = response.add_cookie(&cookie);
    }
}

fn presented_token(req: &HttpRequest, body: Option<&RefreshRequest>) -> Option<String> {
    body.and_then(|b| b.refresh_token.clone())
        .filter(|t| !t.is_empty())
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_string()))
}

/// Create an account and sign in.
#[utoipa::path(
    tag = "auth",
    operation_id = "register",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created; signed in", body = TokenPair),
        (status = 409, description = "The email is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/register")]
pub async fn register(st: web::Data<AppState>, _limit: AuthAttempt, ValidJson(body): ValidJson<RegisterRequest>) -> Result<HttpResponse, ApiError> {
    let (user, pair) = service::register(&st, service::Registration { email: body.email, password: body.password, display_name: body.display_name }).await?;
    // The account exists either way; a failed email can be asked for again.
    if let Err(e) = super::recovery::send_verification(&st, &user).await {
        tracing::warn!(error = %e, "verification email not stored");
    }
    Ok(with_cookie(HttpResponse::Created(), &st, pair))
}

/// Sign in with email and password.
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(st: web::Data<AppState>, _limit: AuthAttempt, ValidJson(body): ValidJson<LoginRequest>) -> Result<HttpResponse, ApiError> {
    let pair = service::login(&st, &body.email, &body.password).await?;
    Ok(with_cookie(HttpResponse::Ok(), &st, pair))
}

/// Exchange a refresh token (body or cookie) for a new token pair.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh",
    request_body(content = Option<RefreshRequest>, description = "Omit the body to use the cookie"),
    responses(
        (status = 200, description = "A new token pair; the presented token is spent", body = TokenPair),
        (status = 401, description = "Invalid, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(st: web::Data<AppState>, req: HttpRequest, MaybeJson(body): MaybeJson<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let result = match presented_token(&req, body.as_ref()) {
        Some(token) => service::refresh(&st, &token).await,
        None => Err(ApiError::Unauthorized("no refresh token was sent")),
    };
    match result {
        Ok(pair) => Ok(with_cookie(HttpResponse::Ok(), &st, pair)),
        // A dead refresh token: tell the browser to stop presenting it.
        Err(e @ ApiError::Unauthorized(_)) => {
            let mut response = actix_web::ResponseError::error_response(&e);
            clear_cookies(&st, &mut response);
            Ok(response)
        }
        Err(e) => Err(e),
    }
}

/// Sign out: revoke the refresh token (body or cookie) and everything rotated from it.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    security(("bearer" = [])),
    request_body(content = Option<RefreshRequest>, description = "Omit the body to use the cookie"),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(st: web::Data<AppState>, me: AuthUser, req: HttpRequest, MaybeJson(body): MaybeJson<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    service::logout(&st.db, me.id, presented_token(&req, body.as_ref()).as_deref()).await?;
    let mut response = HttpResponse::NoContent().finish();
    clear_cookies(&st, &mut response);
    Ok(response)
}

/// The signed-in user.
#[utoipa::path(
    tag = "auth",
    operation_id = "get_me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The current user", body = UserResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/auth/me")]
pub async fn get_me(me: AuthUser) -> Result<web::Json<UserResponse>, ApiError> {
    Ok(web::Json(UserResponse::from(me.user)))
}
