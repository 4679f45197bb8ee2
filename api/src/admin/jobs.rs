//! Background jobs for admins: queue depths, dead jobs (retry, delete), run a scheduled job now.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::{
    auth::AdminUser,
    entities::dead_jobs,
    error::{AdminErrors, ApiError, Problem},
    extract::{ValidJson, ValidQuery},
    jobs::{JobKind, dead, queue::QueueStat, scheduler},
    pagination::{Cursor, Page, PageParams, PageRequest, paginate},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(overview).service(list_dead).service(run_job).service(retry_dead).service(delete_dead);
}

/// One job kind's queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueOverview {
    pub job: JobKind,
    /// Jobs waiting to run (pending or scheduled for later).
    pub pending: u64,
    /// Jobs that ran out of attempts and are kept for inspection.
    pub dead: u64,
    /// Every counter the queue backend reports.
    pub stats: Vec<QueueStat>,
}

/// The job system at a glance.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobsOverview {
    /// `sqlite`, `postgres` or `redis`.
    pub backend: String,
    pub queues: Vec<QueueOverview>,
}

/// A job that failed on every attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadJob {
    pub id: Uuid,
    pub job: JobKind,
    /// The job's arguments as queued.
    pub payload: serde_json::Value,
    /// The last attempt's error.
    pub error: String,
    pub attempts: i32,
    pub died_at: DateTime<Utc>,
}

impl From<dead_jobs::Model> for DeadJob {
    fn from(d: dead_jobs::Model) -> Self {
        Self {
            id: d.id,
            job: JobKind::parse(&d.job).unwrap_or(JobKind::SendEmail),
            payload: serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::String(d.payload)),
            error: d.error,
            attempts: d.attempts,
            died_at: d.died_at,
        }
    }
}

/// Run a scheduled job now.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RunJobRequest {
    pub job: ScheduledJob,
}

/// The jobs a schedule runs, and so the ones an admin may run now; the others exist per
/// email, purge or Stripe event and only make sense queued by what they are for.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScheduledJob {
    DailyDigest,
    Sitemap,
    TokenCleanup,
    BillingSync,
}

impl From<ScheduledJob> for JobKind {
    fn from(job: ScheduledJob) -> Self {
        match job {
            ScheduledJob::DailyDigest => Self::DailyDigest,
            ScheduledJob::Sitemap => Self::Sitemap,
            ScheduledJob::TokenCleanup => Self::TokenCleanup,
            ScheduledJob::BillingSync => Self::BillingSync,
        }
    }
}

/// What was queued.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuedJob {
    pub job: JobKind,
}

fn pending_of(stats: &[QueueStat]) -> u64 {
    stats.iter().find(|s| s.name.eq_ignore_ascii_case("PENDING_JOBS")).and_then(|s| s.value.parse::<f64>().ok()).map_or(0, |v| v as u64)
}

/// Queue depths per job kind and dead-job counts.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_jobs_overview",
    security(("bearer" = [])),
    responses((status = 200, description = "Every queue", body = JobsOverview), AdminErrors)
)]
#[get("/admin/jobs")]
pub async fn overview(st: web::Data<AppState>, _admin: AdminUser) -> Result<web::Json<JobsOverview>, ApiError> {
    let dead_counts = dead::count_by_kind(&st.db).await?;
    let mut queues = Vec::with_capacity(JobKind::ALL.len());
    for job in JobKind::ALL {
        let stats = st.queue.stats(job).await?;
        let dead = dead_counts.iter().find(|(k, _)| k == job.as_str()).map_or(0, |(_, n)| *n as u64);
        queues.push(QueueOverview { job, pending: pending_of(&stats), dead, stats });
    }
    Ok(web::Json(JobsOverview { backend: st.queue.backend_name().into(), queues }))
}

/// Dead jobs, newest first.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_dead_jobs",
    security(("bearer" = [])),
    params(PageParams),
    responses((status = 200, description = "A page of dead jobs", body = Page<DeadJob>), AdminErrors)
)]
#[get("/admin/jobs/dead")]
pub async fn list_dead(st: web::Data<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<PageParams>) -> Result<web::Json<Page<DeadJob>>, ApiError> {
    let page = PageRequest::try_from(&q)?;
    let rows = dead::list(&st.db, page).await?;
    Ok(web::Json(paginate(rows, page.limit, |d| Cursor { at: d.died_at, id: d.id }, DeadJob::from)))
}

/// Queue a scheduled job now (`daily_digest` covers the last 24 hours).
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_run_job",
    security(("bearer" = [])),
    request_body = RunJobRequest,
    responses(
        (status = 202, description = "Queued", body = QueuedJob),
        (status = 422, description = "Not a scheduled job", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[post("/admin/jobs/run")]
pub async fn run_job(st: web::Data<AppState>, _admin: AdminUser, ValidJson(body): ValidJson<RunJobRequest>) -> Result<HttpResponse, ApiError> {
    let job = JobKind::from(body.job);
    scheduler::queue_scheduled(&st, job, Utc::now()).await?;
    Ok(HttpResponse::Accepted().json(QueuedJob { job }))
}

/// Queue a dead job again with fresh attempts, and drop it from the dead list.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_retry_dead_job",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Dead job id")),
    responses(
        (status = 202, description = "Queued again", body = QueuedJob),
        (status = 404, description = "No such dead job", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[post("/admin/jobs/dead/{id}/retry")]
pub async fn retry_dead(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let found = dead::find(&st.db, *id).await?.ok_or(ApiError::NotFound("dead job"))?;
    dead::requeue(&st.queue, &found).await?;
    dead::delete(&st.db, found.id).await?;
    Ok(HttpResponse::Accepted().json(QueuedJob { job: JobKind::parse(&found.job).unwrap_or(JobKind::SendEmail) }))
}

/// Delete a dead job.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_delete_dead_job",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Dead job id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such dead job", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[delete("/admin/jobs/dead/{id}")]
pub async fn delete_dead(st: web::Data<AppState>, _admin: AdminUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    if !dead::delete(&st.db, *id).await? {
        return Err(ApiError::NotFound("dead job"));
    }
    Ok(HttpResponse::NoContent().finish())
}
