//! 405 Method Not Allowed with the `Allow` header RFC 9110 requires, for every path in the
//! contract: the methods of a path are read from the spec, so they cannot drift from the router.

use actix_web::{
    Error, HttpResponse,
    body::{BoxBody, MessageBody},
    dev::{ResourceDef, ServiceRequest, ServiceResponse},
    http::{Method, header},
    middleware::Next,
};

use crate::error::ApiError;

/// Each path template of the contract with the methods it answers, and how many of its
/// segments are parameters.
pub struct AllowedMethods(Vec<(ResourceDef, usize, Vec<Method>)>);

impl AllowedMethods {
    pub fn from_spec(spec: &utoipa::openapi::OpenApi) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods = [
                    (Method::GET, item.get.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                ];
                let params = template.matches('{').count();
                (ResourceDef::new(template.as_str()), params, methods.into_iter().filter(|(_, present)| *present).map(|(m, _)| m).collect())
            })
            .collect();
        Self(routes)
    }

    /// The methods `path` answers, or `None` when the contract does not know the path.
    pub fn for_path(&self, path: &str) -> Option<Vec<Method>> {
        // Pages, assets and feeds are not in the contract; skip the scan for them.
        if !(path.starts_with("/api/") || path == "/healthz" || path == "/readyz") {
            return None;
        }
        // `/me/notifications/read-all` is that path, not `/me/notifications/{id}`: the most
        // literal templates that match decide.
        let fewest = self.0.iter().filter(|(def, _, _)| def.is_match(path)).map(|(_, params, _)| *params).min()?;
        let matched = self.0.iter().filter(|(def, params, _)| *params == fewest && def.is_match(path));
        let mut all: Vec<Method> = Vec::new();
        for method in matched.flat_map(|(_, _, methods)| methods) {
            if !all.contains(method) {
                all.push(method.clone());
            }
        }
        Some(all)
    }
}

/// Refuses a method the path does not have before any handler runs, and answers `OPTIONS`
/// (when CORS has not already answered it as a preflight) with the path's `Allow`.
pub async fn enforce(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, Error> {
    let allowed = req.app_data::<actix_web::web::Data<AllowedMethods>>().and_then(|table| table.for_path(req.path()));
    let Some(methods) = allowed.filter(|methods| !methods.contains(req.method())) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let allow = methods.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
    let response = if req.method() == Method::OPTIONS {
        HttpResponse::NoContent().insert_header((header::ALLOW, allow)).finish()
    } else {
        actix_web::ResponseError::error_response(&ApiError::MethodNotAllowed(allow))
    };
    Ok(req.into_response(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_come_from_the_spec() {
        let table = AllowedMethods::from_spec(&crate::openapi::spec());
        assert_eq!(table.for_path("/api/v1/posts"), Some(vec![Method::GET]));
        let admin_post = table.for_path("/api/v1/admin/posts/0190a8b2-0000-7000-8000-000000000000").unwrap_or_default();
        assert!(admin_post.contains(&Method::GET) && admin_post.contains(&Method::PATCH) && admin_post.contains(&Method::DELETE));
        assert_eq!(table.for_path("/not/in/the/contract"), None);
        assert_eq!(table.for_path("/api/v1/me/notifications/read-all"), Some(vec![Method::POST]), "a literal path is not the template beside it");
    }
}
