//! A post's revisions: list, one with its diff against the current text, restore.

use actix_web::{get, post, web};
use uuid::Uuid;

use crate::{
    auth::AdminUser,
    error::{AdminErrors, ApiError, Problem},
    extract::ValidQuery,
    pagination::{Page, PageParams, PageRequest},
    posts::{
        dto::{AdminPostResponse, UpdatePostRequest},
        repo, service,
    },
    publishing,
    revisions::{self, RevisionDetail, RevisionSummary},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(admin_list_revisions).service(admin_get_revision).service(admin_restore_revision);
}

/// Every saved version of a post, newest first.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_revisions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id"), PageParams),
    responses(
        (status = 200, description = "A page of revisions", body = Page<RevisionSummary>),
        AdminErrors,
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/posts/{id}/revisions")]
pub async fn admin_list_revisions(
    st: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
    ValidQuery(q): ValidQuery<PageParams>,
) -> Result<web::Json<Page<RevisionSummary>>, ApiError> {
    let page = PageRequest::try_from(&q)?;
    repo::find_by_id(&st.db, *id).await?.ok_or(ApiError::NotFound("post"))?;
    Ok(web::Json(revisions::list(&st.db, *id, page).await?))
}

/// One revision, and how the current text differs from it.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_get_revision",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id"), ("rid" = Uuid, Path, description = "Revision id")),
    responses(
        (status = 200, description = "The revision with its diff", body = RevisionDetail),
        AdminErrors,
        (status = 404, description = "No such post or revision", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/posts/{id}/revisions/{rid}")]
pub async fn admin_get_revision(st: web::Data<AppState>, _admin: AdminUser, path: web::Path<(Uuid, Uuid)>) -> Result<web::Json<RevisionDetail>, ApiError> {
    let (id, rid) = path.into_inner();
    let post = repo::find_by_id(&st.db, id).await?.ok_or(ApiError::NotFound("post"))?;
    Ok(web::Json(revisions::detail(&st.db, id, rid, &post.title, &post.markdown).await?))
}

/// Bring a revision's title and markdown back; the restore is saved as a new revision.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_restore_revision",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id"), ("rid" = Uuid, Path, description = "Revision id")),
    responses(
        (status = 200, description = "The post as restored", body = AdminPostResponse),
        AdminErrors,
        (status = 404, description = "No such post or revision", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/posts/{id}/revisions/{rid}/restore")]
pub async fn admin_restore_revision(st: web::Data<AppState>, AdminUser(admin): AdminUser, path: web::Path<(Uuid, Uuid)>) -> Result<web::Json<AdminPostResponse>, ApiError> {
    let (id, rid) = path.into_inner();
    let revision = revisions::find(&st.db, id, rid).await?;
    let change = UpdatePostRequest { title: Some(revision.title), markdown: Some(revision.markdown), ..Default::default() };
    let post = service::update(&st.db, id, change, Some(admin.id)).await?;
    publishing::content_changed(&st, "post updated", &[post.id], &[&post.slug]).await;
    Ok(web::Json(post))
}
