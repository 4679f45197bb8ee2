//! The committed contract is what the code generates, and it is well-formed.

use serde_json::Value;

fn spec() -> Value {
    serde_json::from_str(&lectern::openapi::spec_json()).expect("spec is JSON")
}

#[test]
fn committed_spec_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(committed == lectern::openapi::spec_json(), "openapi/openapi.json is stale: run `make openapi` and commit it");
}

/// A response, or the shared component a `$ref` names.
fn resolve<'a>(spec: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/responses/")) {
        Some(name) => &spec["components"]["responses"][name],
        None => response,
    }
}

#[test]
fn every_operation_is_documented() {
    let spec = spec();
    assert_eq!(spec["openapi"].as_str().map(|v| v.starts_with("3.1")), Some(true));
    let mut ids = std::collections::HashSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_string()), "operationId {id} is used twice");
            assert!(op["tags"].as_array().is_some_and(|t| !t.is_empty()), "{id} has no tag");
            for (status, response) in op["responses"].as_object().unwrap() {
                let response = resolve(&spec, response);
                assert!(response["description"].as_str().is_some_and(|d| !d.is_empty()), "{id} {status} lacks a description");
                if status.starts_with('4') || status.starts_with('5') {
                    let problem = &response["content"]["application/problem+json"];
                    assert!(!problem.is_null() || id == "readyz", "{id} {status} is not problem+json");
                }
            }
            let secured = op["security"].as_array().is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            let optional = op["security"].as_array().is_some_and(|s| s.iter().any(|r| r.as_object().is_some_and(|o| o.is_empty())));
            if secured && !optional {
                assert!(op["responses"].get("401").is_some(), "{id} is protected but declares no 401");
            }
            if path.starts_with("/api/v1/admin") {
                assert!(secured && op["responses"].get("403").is_some(), "{id} must require an admin");
            }
        }
    }
    assert!(spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer");
}
