//! Liveness and readiness probes for load balancers and Kubernetes.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{db, state::AppState};

/// Probe result.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: String,
    /// What works only in part (no embedding model: semantic search is off), and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
}

/// The process is up.
#[utoipa::path(tag = "health", operation_id = "healthz", responses((status = 200, description = "Alive", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok".into(), notices: Vec::new() })
}

/// The process can serve requests: the database answers.
#[utoipa::path(
    tag = "health",
    operation_id = "readyz",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    )
)]
#[get("/readyz")]
pub async fn readyz(st: web::Data<AppState>) -> HttpResponse {
    if db::ping(&st.db).await {
        let notices = st.ai.missing_model().map(|why| format!("semantic search and Ask AI by meaning are off: {why}")).into_iter().collect();
        HttpResponse::Ok().json(Health { status: "ok".into(), notices })
    } else {
        HttpResponse::ServiceUnavailable().json(Health { status: "unavailable".into(), notices: Vec::new() })
    }
}
