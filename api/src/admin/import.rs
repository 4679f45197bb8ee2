//! Imports for admins: upload an export, then follow its progress. The import runs in the
//! background of the process that received it; its status is kept in the key-value store
//! (Redis when configured), so any API process can answer for it.

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    auth::AdminUser,
    error::{AdminErrors, ApiError, Problem},
    import::{self, Format, ImportSummary},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(start_import).service(get_import);
}

/// How long an import's status stays readable after its last change.
const STATUS_TTL: Duration = Duration::from_secs(24 * 3600);

/// Which export the body holds.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `ghost` (JSON export), `wordpress` (WXR) or `markdown` (one file with front matter;
    /// a whole folder imports with `lectern import --format markdown DIR`).
    pub format: Format,
}

/// Where an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportState {
    Running,
    Done,
    Failed,
}

/// An import and its progress so far.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportStatus {
    /// Poll `GET /api/v1/admin/import/{id}` with it.
    pub id: Uuid,
    pub format: Format,
    pub state: ImportState,
    /// Counts so far (`done` of `total`), warnings and the images the export references.
    pub summary: ImportSummary,
    /// Why a failed import stopped.
    pub error: Option<String>,
}

fn key(id: Uuid) -> String {
    format!("import:{id}")
}

async fn save(st: &AppState, status: &ImportStatus) {
    let Ok(json) = serde_json::to_string(status) else { return };
    if let Err(e) = st.kv.put(&key(status.id), &json, STATUS_TTL).await {
        tracing::warn!(error = %e, import = %status.id, "could not store the import's status");
    }
}

/// Import posts from an export in the body (at most the 4 MiB every request may carry;
/// larger exports import with `lectern import`). The export is parsed at once, so a file
/// that is not the named format answers 422; the posts are then written in the background.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_start_import",
    security(("bearer" = [])),
    params(ImportParams),
    request_body(content = String, content_type = "application/octet-stream", description = "The export file as it was downloaded"),
    responses(
        (status = 202, description = "The import started; poll its status", body = ImportStatus),
        AdminErrors,
        (status = 413, description = "The file is larger than 4 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No format given, or the file is not that format", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/import")]
pub async fn start_import(st: web::Data<AppState>, admin: AdminUser, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    // Read after the admin check, so only admins learn what the query lacks.
    let q: ImportParams = serde_urlencoded::from_str(req.query_string()).map_err(|e| ApiError::field("format", &format!("ghost, wordpress or markdown: {e}")))?;
    let parsed = import::parse_bytes(q.format, &body)?;
    let id = Uuid::now_v7();
    let mut status = ImportStatus {
        id,
        format: q.format,
        state: ImportState::Running,
        summary: ImportSummary { total: parsed.posts.len(), ..Default::default() },
        error: None,
    };
    save(&st, &status).await;
    let response = HttpResponse::Accepted().json(&status);
    let st = st.into_inner();
    let author = admin.0.id;
    tokio::spawn(async move {
        // Each batch's progress goes to the store from a task of its own: the writer's
        // callback cannot wait on Redis.
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<ImportSummary>();
        let progress = {
            let (st, mut status) = (st.clone(), status.clone());
            tokio::spawn(async move {
                while let Some(summary) = rx.recv().await {
                    status.summary = summary;
                    save(&st, &status).await;
                }
            })
        };
        let result = import::run(&st, author, parsed, |s| {
            let _ = tx.send(s.clone());
        })
        .await;
        drop(tx);
        let _ = progress.await;
        match result {
            Ok(summary) => {
                status.summary = summary;
                status.state = ImportState::Done;
            }
            Err(e) => {
                tracing::warn!(error = %e, import = %status.id, "import failed");
                status.state = ImportState::Failed;
                status.error = Some(e.to_string());
            }
        }
        save(&st, &status).await;
    });
    Ok(response)
}

/// An import's progress: posts done of the total, counts, warnings and images.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_get_import",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Import id")),
    responses(
        (status = 200, description = "The import's status", body = ImportStatus),
        AdminErrors,
        (status = 404, description = "No such import (or its status expired after a day)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/import/{id}")]
pub async fn get_import(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>) -> Result<web::Json<ImportStatus>, ApiError> {
    let raw = st.kv.get(&key(*id)).await.map_err(ApiError::Internal)?.ok_or(ApiError::NotFound("import"))?;
    serde_json::from_str(&raw).map(web::Json).map_err(|e| ApiError::Internal(e.into()))
}
