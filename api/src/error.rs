//! One error type for every handler, rendered as RFC 9457 problem details.

use actix_web::{HttpRequest, HttpResponse, ResponseError, http::StatusCode};
use sea_orm::{DbErr, SqlErr};
use serde::Serialize;
use utoipa::ToSchema;

/// One invalid field in a request.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The request field, as named in the JSON body or query string.
    pub field: String,
    /// What is wrong with it, for people.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// An RFC 9457 problem details document (`application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[schema(example = "https://lectern.dev/problems/validation")]
    pub r#type: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// One entry per invalid field (validation problems only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    BadRequest(String),
    #[error("not signed in")]
    Unauthorized(&'static str),
    #[error("not allowed")]
    Forbidden,
    /// Forbidden, with the reason the user needs (banned from commenting, comments closed).
    #[error("{0}")]
    Refused(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// An uploaded file refused for its size (413) or its content (415), with the reason.
    #[error("{message}")]
    FileRefused { status: u16, message: String },
    /// The path exists, the method does not; carries the `Allow` list.
    #[error("method not allowed")]
    MethodNotAllowed(String),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("service unavailable")]
    Unavailable(String),
    /// A service this request depends on (an identity provider, …) failed.
    #[error("bad gateway")]
    BadGateway(String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn field(field: &str, message: &str) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    fn slug(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation",
            Self::BadRequest(_) => "bad-request",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden | Self::Refused(_) => "forbidden",
            Self::NotFound(_) => "not-found",
            Self::Conflict(_) => "conflict",
            Self::PayloadTooLarge => "payload-too-large",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::FileRefused { status: 413, .. } => "payload-too-large",
            Self::FileRefused { .. } => "unsupported-media-type",
            Self::MethodNotAllowed(_) => "method-not-allowed",
            Self::TooManyRequests { .. } => "rate-limited",
            Self::Unavailable(_) => "unavailable",
            Self::BadGateway(_) => "bad-gateway",
            Self::Internal(_) => "internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Validation(_) => "Your request has invalid fields",
            Self::BadRequest(_) => "Bad request",
            Self::Unauthorized(_) => "Authentication required",
            Self::Forbidden | Self::Refused(_) => "Forbidden",
            Self::NotFound(_) => "Not found",
            Self::Conflict(_) => "Conflict",
            Self::PayloadTooLarge => "Payload too large",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::FileRefused { status: 413, .. } => "File too large",
            Self::FileRefused { .. } => "File type not accepted",
            Self::MethodNotAllowed(_) => "Method not allowed",
            Self::TooManyRequests { .. } => "Too many requests",
            Self::Unavailable(_) => "Service unavailable",
            Self::BadGateway(_) => "Bad gateway",
            Self::Internal(_) => "Internal server error",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            Self::Validation(errors) => Some(format!("{} field(s) are invalid", errors.len())),
            Self::BadRequest(d) | Self::Conflict(d) | Self::Refused(d) | Self::Unavailable(d) | Self::BadGateway(d) => Some(d.clone()),
            Self::Unauthorized(d) => Some((*d).to_string()),
            Self::Forbidden => Some("you are not allowed to do this".into()),
            Self::NotFound(what) => Some(format!("{what} not found")),
            Self::PayloadTooLarge => Some("the request body is too large".into()),
            Self::UnsupportedMediaType => Some("send the body as Content-Type: application/json".into()),
            Self::FileRefused { message, .. } => Some(message.clone()),
            Self::MethodNotAllowed(allow) => Some(format!("this path answers {allow}")),
            Self::TooManyRequests { retry_after_secs } => Some(format!("try again in {retry_after_secs} s")),
            // The cause is logged, never sent.
            Self::Internal(_) => None,
        }
    }

    pub fn problem(&self) -> Problem {
        Problem {
            r#type: format!("https://lectern.dev/problems/{}", self.slug()),
            title: self.title().into(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            errors: match self {
                Self::Validation(errors) => errors.clone(),
                Self::FileRefused { message, .. } => vec![FieldError::new("file", message.clone())],
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Refused(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::FileRefused { status: 413, .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::FileRefused { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::BadGateway(_) => StatusCode::BAD_GATEWAY,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            tracing::error!(error = ?cause, "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type("application/problem+json");
        if let Self::TooManyRequests { retry_after_secs } = self {
            response.insert_header(("Retry-After", retry_after_secs.to_string()));
        }
        if let Self::Unauthorized(_) = self {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        if let Self::MethodNotAllowed(allow) = self {
            response.insert_header(("Allow", allow.as_str()));
        }
        response.json(self.problem())
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::RecordNotFound(_) => Self::NotFound("record"),
            other => match other.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => Self::Conflict("a record with this value already exists".into()),
                _ => Self::Internal(anyhow::Error::new(other)),
            },
        }
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut fields: Vec<FieldError> = errors
            .field_errors()
            .into_iter()
            .flat_map(|(field, errs)| {
                errs.iter().map(move |e| {
                    let message = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| describe(e));
                    FieldError::new(field.to_string(), message)
                })
            })
            .collect();
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        fields.dedup_by(|a, b| a.field == b.field);
        Self::Validation(fields)
    }
}

fn describe(e: &validator::ValidationError) -> String {
    let param = |k: &str| e.params.get(k).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max} characters"),
            (Some(min), None) => format!("must be at least {min} characters"),
            (None, Some(max)) => format!("must be at most {max} characters"),
            _ => "has an invalid length".into(),
        },
        "range" => "is out of range".into(),
        "email" => "must be a valid email address".into(),
        code => format!("is invalid ({code})"),
    }
}

/// Renders actix's own extractor failures (bad JSON, bad path, bad query) as problems.
pub fn json_error(err: actix_web::error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let api = match &err {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => ApiError::PayloadTooLarge,
        E::ContentType => ApiError::UnsupportedMediaType,
        // Shape errors never get here: `extract::ValidJson` reads a `Value` and names fields itself.
        E::Deserialize(e) => ApiError::BadRequest(format!("malformed JSON: {e}")),
        other => ApiError::BadRequest(other.to_string()),
    };
    actix_web::error::InternalError::from_response(err, api.error_response()).into()
}

pub fn query_error(err: actix_web::error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = ApiError::Validation(vec![FieldError::new("query", err.to_string())]);
    actix_web::error::InternalError::from_response(err, api.error_response()).into()
}

pub fn path_error(err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    let api = ApiError::NotFound("resource");
    actix_web::error::InternalError::from_response(err, api.error_response()).into()
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The failures every admin route shares, for `#[utoipa::path(responses(..., AdminErrors))]`.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum AdminErrors {
    /// Not signed in
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Not an admin
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}
