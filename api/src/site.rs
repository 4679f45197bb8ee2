//! What the web app needs to know about this installation before it renders a page.

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{pyodide::PyodideInfo, state::AppState};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(site_info);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SiteInfo {
    pub name: String,
    /// The Python runtime code cells run in.
    pub pyodide: PyodideInfo,
}

/// This installation's name and where its code cells load Python from.
#[utoipa::path(tag = "posts", operation_id = "site_info", responses((status = 200, description = "The site", body = SiteInfo)))]
#[get("/site")]
pub async fn site_info(st: web::Data<AppState>) -> web::Json<SiteInfo> {
    web::Json(SiteInfo { name: "Lectern".into(), pyodide: crate::pyodide::info(&st).await })
}
