//! The OpenAPI document: paths are collected from the mounted handlers, so the spec is
//! exactly what the router serves.

use actix_web::App;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_actix_web::AppExt;

use crate::error::{FieldError, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Lectern API",
        description = "A technical blog that teaches. Errors are RFC 9457 problem details; lists use keyset pagination (`cursor`, `limit`, `next_cursor`).",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    modifiers(&BearerAuth),
    components(schemas(Problem, FieldError)),
    tags(
        (name = "auth", description = "Accounts and sessions"),
        (name = "posts", description = "Published posts"),
        (name = "series", description = "Series of posts"),
        (name = "tags", description = "Tags"),
        (name = "search", description = "Search and related posts"),
        (name = "ask", description = "Ask AI: answers from the posts, with citations"),
        (name = "comments", description = "Comments on posts"),
        (name = "reader", description = "A reader's bookmarks, reactions, reading progress and follows"),
        (name = "notifications", description = "Notifications, listed and live"),
        (name = "account", description = "The signed-in user's settings"),
        (name = "newsletter", description = "Newsletter subscription and unsubscribe links"),
        (name = "billing", description = "Premium plans and Stripe payments"),
        (name = "uploads", description = "Images, PDFs and data files for posts, and avatars"),
        (name = "analytics", description = "Page views, reported by the post page"),
        (name = "admin", description = "Writing and managing content (admins only)"),
        (name = "health", description = "Probes"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from /api/v1/auth/login, /register or /refresh"))
                    .build(),
            ),
        );
    }
}

pub fn base() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    doc
}

/// The full spec, as `lectern openapi` prints it and `/api-docs/openapi.json` serves it.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new().into_utoipa_app().openapi(base()).configure(crate::startup::routes).split_for_parts();
    declare_shared_responses(&mut api);
    api
}

/// Answers that middleware and extractors give on behalf of every operation, declared once
/// as components and referenced from each operation they apply to.
fn declare_shared_responses(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, header::HeaderBuilder, path::ParameterIn};
    let problem = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content("application/problem+json", ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
    };
    let retry_after = HeaderBuilder::new()
        .schema(Some(utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::Type::Integer)))
        .description(Some("Seconds until a request may succeed"))
        .build();
    let components = api.components.get_or_insert_with(Default::default);
    components.schemas.insert(CURSOR.into(), RefOr::T(crate::pagination::cursor_schema()));
    components.responses.insert(BODY_TOO_LARGE.into(), RefOr::T(problem("The request body is larger than this operation accepts").build()));
    components.responses.insert(UNSUPPORTED_MEDIA_TYPE.into(), RefOr::T(problem("The body is not sent as `Content-Type: application/json`").build()));
    components.responses.insert(MALFORMED_JSON.into(), RefOr::T(problem("The body is not well-formed JSON").build()));
    components.responses.insert(INVALID_REQUEST.into(), RefOr::T(problem("Invalid fields; `errors` names each").build()));
    components.responses.insert(RATE_LIMITED.into(), RefOr::T(problem("Too many requests from this client; see `Retry-After`").header("Retry-After", retry_after).build()));

    for (path, item) in api.paths.paths.iter_mut() {
        let rate_limited = path.starts_with("/api/v1/");
        let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.options, &mut item.head, &mut item.patch, &mut item.trace];
        for op in operations.into_iter().flatten() {
            let responses = &mut op.responses.responses;
            let json_body = matches!(&op.request_body, Some(RefOr::T(body)) if body.content.contains_key("application/json"));
            if json_body {
                responses.entry("400".into()).or_insert_with(|| Ref::from_response_name(MALFORMED_JSON).into());
                responses.entry("413".into()).or_insert_with(|| Ref::from_response_name(BODY_TOO_LARGE).into());
                responses.entry("415".into()).or_insert_with(|| Ref::from_response_name(UNSUPPORTED_MEDIA_TYPE).into());
            }
            let params = || op.parameters.iter().flatten().filter_map(|p| if let RefOr::T(p) = p { Some(p) } else { None });
            let query = params().any(|p| p.parameter_in == ParameterIn::Query);
            if json_body || query {
                responses.entry("422".into()).or_insert_with(|| Ref::from_response_name(INVALID_REQUEST).into());
            }
            for param in op.parameters.iter_mut().flatten() {
                if let RefOr::T(param) = param
                    && param.name == "cursor"
                    && param.parameter_in == ParameterIn::Query
                {
                    param.schema = Some(Ref::from_schema_name(CURSOR).into());
                }
            }
            if rate_limited {
                responses.entry("429".into()).or_insert_with(|| Ref::from_response_name(RATE_LIMITED).into());
            }
        }
    }
}

const BODY_TOO_LARGE: &str = "BodyTooLarge";
const UNSUPPORTED_MEDIA_TYPE: &str = "UnsupportedMediaType";
const RATE_LIMITED: &str = "RateLimited";
const MALFORMED_JSON: &str = "MalformedJson";
const INVALID_REQUEST: &str = "InvalidRequest";
const CURSOR: &str = "Cursor";

pub fn spec_json() -> String {
    let mut json = spec().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}
