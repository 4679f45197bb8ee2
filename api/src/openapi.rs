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
        (name = "account", description = "The signed-in user's settings"),
        (name = "newsletter", description = "Newsletter subscription and unsubscribe links"),
        (name = "billing", description = "Premium plans and Stripe payments"),
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
    let (_, api) = App::new().into_utoipa_app().openapi(base()).configure(crate::startup::routes).split_for_parts();
    api
}

pub fn spec_json() -> String {
    let mut json = spec().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}
