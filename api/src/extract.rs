//! Body and query extractors whose errors name the offending field, and which run the
//! DTO's `validator` rules, so handlers receive only well-formed input.

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::{ApiError, FieldError};

/// A JSON body: shape errors become 422s naming the field, then `validate()` runs.
pub struct ValidJson<T>(pub T);

/// An optional JSON body: an empty body or `null` is `None`; anything else must be valid, as for
/// [`ValidJson`] (a malformed body is never mistaken for an absent one).
pub struct MaybeJson<T>(pub Option<T>);

/// Query parameters: bad values become 422s naming the parameter.
pub struct ValidQuery<T>(pub T);

/// Parses a body already read as JSON into `T`: it must be an object (serde would also
/// accept an array for a struct), then its fields are checked and `validate()` runs.
fn parse_body<T: DeserializeOwned + Validate>(value: serde_json::Value) -> Result<T, ApiError> {
    if !value.is_object() {
        return Err(ApiError::field("body", "must be a JSON object"));
    }
    if let Some(field) = nul_in(&value, String::new()) {
        return Err(ApiError::field(&field, NUL_MESSAGE));
    }
    let parsed: T = serde_path_to_error::deserialize(value).map_err(|e| ApiError::Validation(vec![field_of(&e, "body")]))?;
    parsed.validate().map_err(ApiError::from)?;
    Ok(parsed)
}

/// An integer field that also takes a JSON number with no fraction (`98.0`): JSON Schema's
/// `integer` means the value, not how it is written, and some clients send every number as
/// a float. `98.5` or one out of range is still refused.
pub fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let n = <serde_json::Number as serde::Deserialize>::deserialize(d)?;
    let whole = n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() <= i32::MAX as f64).map(|f| f as i64));
    whole.and_then(|w| i32::try_from(w).ok()).ok_or_else(|| serde::de::Error::custom(format!("invalid value: {n}, expected a whole number")))
}

/// PostgreSQL cannot store U+0000 in text, so no string anywhere in the API may hold it;
/// refusing it at the edge keeps both databases answering alike.
const NUL_MESSAGE: &str = "must not contain the character U+0000";

/// The path (`tags[1]`, `a.b`) of the first string in `value` holding U+0000.
fn nul_in(value: &serde_json::Value, path: String) -> Option<String> {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match value {
        serde_json::Value::String(s) => s.contains('\0').then_some(path),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| nul_in(v, format!("{path}[{i}]"))),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| if k.contains('\0') { Some(join(k)) } else { nul_in(v, join(k)) }),
        _ => None,
    }
}

/// The field a deserialization error is about: serde's path when it has one, else the
/// name serde quotes in "missing field `x`" / "unknown field `x`", else `fallback`.
fn field_of<E: std::fmt::Display>(err: &serde_path_to_error::Error<E>, fallback: &str) -> FieldError {
    let message = err.inner().to_string();
    let path = err.path().to_string();
    let field = if path != "." && !path.is_empty() {
        path
    } else if message.starts_with("missing field") || message.starts_with("unknown field") {
        message.split('`').nth(1).unwrap_or(fallback).to_string()
    } else {
        fallback.to_string()
    };
    FieldError::new(field, message)
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // `web::Json` keeps the size limit, content-type check and malformed-JSON problems.
        let body = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = body.await?.into_inner();
            Ok(ValidJson(parse_body(value)?))
        })
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for MaybeJson<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        let json = req.mime_type().ok().flatten().is_some_and(|m| m.subtype() == actix_web::mime::JSON || m.suffix() == Some(actix_web::mime::JSON));
        Box::pin(async move {
            let bytes = body.await.map_err(|e| match e.as_response_error().status_code() {
                actix_web::http::StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge.into(),
                _ => e,
            })?;
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Ok(MaybeJson(None));
            }
            if !json {
                return Err(ApiError::UnsupportedMediaType.into());
            }
            let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| ApiError::BadRequest(format!("malformed JSON: {e}")))?;
            if value.is_null() {
                return Ok(MaybeJson(None));
            }
            Ok(MaybeJson(Some(parse_body(value)?)))
        })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = futures_util::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let pairs = form_urlencoded::parse(req.query_string().as_bytes());
        if let Some((name, _)) = pairs.clone().find(|(k, v)| k.contains('\0') || v.contains('\0')) {
            return futures_util::future::ready(Err(ApiError::field(&name, NUL_MESSAGE)));
        }
        let de = serde_urlencoded::Deserializer::new(pairs);
        let result = serde_path_to_error::deserialize(de).map(ValidQuery).map_err(|e| ApiError::Validation(vec![field_of(&e, "query")]));
        futures_util::future::ready(result)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, Validate)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        #[validate(length(min = 2))]
        name: String,
        tags: Option<Vec<String>>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Params {
        limit: Option<u64>,
    }

    async fn json(body: &str) -> Result<ValidJson<Body>, ApiError> {
        let (req, mut payload) = TestRequest::post().insert_header(("content-type", "application/json")).set_payload(body.to_string()).to_http_parts();
        ValidJson::<Body>::from_request(&req, &mut payload).await.map_err(|e| match e.as_error::<ApiError>() {
            Some(ApiError::Validation(f)) => ApiError::Validation(f.clone()),
            _ => ApiError::BadRequest(e.to_string()),
        })
    }

    fn first_field(r: Result<impl Sized, ApiError>) -> String {
        match r {
            Err(ApiError::Validation(f)) => f[0].field.clone(),
            Err(other) => panic!("expected a validation problem, got {other:?}"),
            Ok(_) => panic!("expected an error"),
        }
    }

    #[actix_web::test]
    async fn json_errors_name_the_field() {
        assert_eq!(first_field(json(r#"{"name": 5}"#).await), "name");
        assert_eq!(first_field(json(r#"{"name": "ok", "tags": ["a", 3]}"#).await), "tags[1]");
        assert_eq!(first_field(json(r#"{"tags": []}"#).await), "name");
        assert_eq!(first_field(json(r#"{"name": "ok", "colour": 1}"#).await), "colour");
        assert_eq!(first_field(json(r#"{"name": "x"}"#).await), "name");
        assert_eq!(first_field(json(r#"["fine", null]"#).await), "body");
        assert_eq!(first_field(json(r#"{"name": "ok", "tags": ["a", "b\u0000"]}"#).await), "tags[1]");
        assert!(json(r#"{"name": "fine"}"#).await.is_ok());
    }

    #[test]
    fn whole_numbers_may_be_written_as_floats() {
        #[derive(Debug, Deserialize)]
        struct N {
            #[serde(deserialize_with = "whole_number")]
            n: i32,
        }
        let parse = |raw: &str| serde_json::from_str::<N>(raw).map(|v| v.n);
        assert_eq!(parse(r#"{"n": 98}"#).unwrap(), 98);
        assert_eq!(parse(r#"{"n": 98.0}"#).unwrap(), 98);
        assert_eq!(parse(r#"{"n": -3}"#).unwrap(), -3);
        for bad in [r#"{"n": 98.5}"#, r#"{"n": "98"}"#, r#"{"n": 1e20}"#, r#"{"n": 4294967296}"#] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[actix_web::test]
    async fn query_errors_name_the_parameter() {
        let req = TestRequest::get().uri("/?limit=lots").to_http_request();
        assert_eq!(first_field(ValidQuery::<Params>::extract(&req).await), "limit");
        let req = TestRequest::get().uri("/?series=a%00b").to_http_request();
        assert_eq!(first_field(ValidQuery::<Params>::extract(&req).await), "series");
    }
}
