//! `POST /api/v1/uploads` (multipart), a post's documents for admins, removing an avatar,
//! and serving stored files under `/uploads/{name}`.

use actix_multipart::{Multipart, MultipartError};
use actix_web::{HttpResponse, delete, get, http::header, post, web};
use futures_util::StreamExt;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{IMMUTABLE, Incoming, MAX_REQUEST_BYTES, Purpose, Upload};
use crate::{
    auth::{AdminUser, AuthUser},
    entities::{posts, users},
    error::{AdminErrors, ApiError, Problem},
    extract::ValidQuery,
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(upload).service(remove_avatar).service(admin_post_documents);
}

/// Mounts `/uploads/{name}`; call before the SPA's catch-all.
pub fn configure_files(cfg: &mut web::ServiceConfig) {
    cfg.route("/uploads/{name}", web::route().guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Head())).to(serve));
}

/// The multipart form of an upload (no other parts are read).
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file. Its bytes decide what it is; its name must agree. Images, PDFs and data
    /// files up to 10 MiB (images), 16 MiB (CSV, JSON) or 32 MiB (PDF, Parquet); avatars up to 2 MiB.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// `post` (the default; admins only) or `avatar` (any signed-in reader, images only).
    pub purpose: Option<Purpose>,
    /// The id of the post a PDF is attached to: its text joins that post's search index
    /// and Ask AI sources. Admins only.
    pub post: Option<Uuid>,
}

fn multipart_error(e: MultipartError) -> ApiError {
    match e {
        MultipartError::ContentTypeMissing | MultipartError::ContentTypeParse | MultipartError::ContentTypeIncompatible | MultipartError::BoundaryMissing => {
            ApiError::FileRefused { status: 415, message: "send the upload as multipart/form-data with a `file` part".into() }
        }
        other => ApiError::BadRequest(format!("the multipart body is malformed: {other}")),
    }
}

/// A small text part (`purpose`, `post`).
async fn text_part(field: &mut actix_multipart::Field, name: &str) -> Result<String, ApiError> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.next().await {
        buf.extend_from_slice(&chunk.map_err(multipart_error)?);
        if buf.len() > 64 {
            return Err(ApiError::field(name, "is too long"));
        }
    }
    String::from_utf8(buf).map(|s| s.trim().to_string()).map_err(|_| ApiError::field(name, "must be text"))
}

struct Form {
    name: String,
    bytes: Vec<u8>,
    purpose: Purpose,
    post: Option<Uuid>,
}

async fn read_form(mut form: Multipart) -> Result<Form, ApiError> {
    let (mut file, mut purpose, mut post) = (None, Purpose::Post, None);
    let mut total = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(multipart_error)?;
        match field.name().unwrap_or_default() {
            "file" => {
                if file.is_some() {
                    return Err(ApiError::field("file", "send one file per upload"));
                }
                let name = field.content_disposition().and_then(|cd| cd.get_filename()).unwrap_or_default().to_string();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(multipart_error)?;
                    total += chunk.len();
                    if total > MAX_REQUEST_BYTES {
                        return Err(ApiError::FileRefused { status: 413, message: "an upload may be at most 32 MiB".into() });
                    }
                    bytes.extend_from_slice(&chunk);
                }
                file = Some((name, bytes));
            }
            "purpose" => {
                purpose = match text_part(&mut field, "purpose").await?.as_str() {
                    "post" => Purpose::Post,
                    "avatar" => Purpose::Avatar,
                    _ => return Err(ApiError::field("purpose", "must be post or avatar")),
                }
            }
            "post" => post = Some(text_part(&mut field, "post").await?.parse::<Uuid>().map_err(|_| ApiError::field("post", "must be a post id"))?),
            other => return Err(ApiError::field(other, "is not a field of an upload (file, purpose, post)")),
        }
    }
    let (name, bytes) = file.ok_or_else(|| ApiError::field("file", "is required"))?;
    Ok(Form { name, bytes, purpose, post })
}

/// Upload a file. Admins upload images, PDFs and data files for posts (a PDF with `post`
/// becomes a document of that post); any signed-in reader uploads their avatar. The
/// content is sniffed from its bytes; images are re-encoded (no metadata survives) at
/// responsive widths as WebP, with the original format as the fallback.
#[utoipa::path(
    tag = "uploads",
    operation_id = "upload",
    security(("bearer" = [])),
    request_body(content = inline(UploadForm), content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = Upload),
        (status = 400, description = "The multipart body is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins upload files for posts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No post has that id", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than its kind allows", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The file's content is not an accepted kind, or does not match its name", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A form field is missing or invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/uploads")]
pub async fn upload(st: web::Data<AppState>, user: AuthUser, form: Multipart) -> Result<HttpResponse, ApiError> {
    let form = read_form(form).await?;
    let admin = user.role == crate::domain::Role::Admin;
    if form.purpose == Purpose::Post && !admin {
        return Err(ApiError::Refused("only admins upload files for posts; readers may upload their avatar (purpose=avatar)".into()));
    }
    if form.purpose == Purpose::Avatar && form.post.is_some() {
        return Err(ApiError::field("post", "an avatar is not attached to a post"));
    }
    if let Some(id) = form.post
        && posts::Entity::find_by_id(id).one(&st.db).await?.is_none()
    {
        return Err(ApiError::NotFound("post"));
    }
    let stored = super::accept(&st, Incoming { owner: user.id, purpose: form.purpose, post_id: form.post, name: form.name, bytes: form.bytes }).await?;
    Ok(HttpResponse::Created().json(stored))
}

/// Remove my avatar (the file itself stays: other pages may still show it until they reload).
#[utoipa::path(
    tag = "account",
    operation_id = "remove_avatar",
    security(("bearer" = [])),
    responses((status = 204, description = "Removed"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"))
)]
#[delete("/me/avatar")]
pub async fn remove_avatar(st: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    users::ActiveModel { id: Set(user.id), avatar_url: Set(None), updated_at: Set(crate::domain::now()), ..Default::default() }.update(&st.db).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DocumentsQuery {
    /// The post's id.
    pub post: Uuid,
}

/// The files attached to a post, oldest first, with where each PDF's text extraction stands.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_post_documents",
    security(("bearer" = [])),
    params(DocumentsQuery),
    responses((status = 200, description = "The post's documents", body = Vec<Upload>), AdminErrors)
)]
#[get("/admin/uploads")]
pub async fn admin_post_documents(st: web::Data<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<DocumentsQuery>) -> Result<web::Json<Vec<Upload>>, ApiError> {
    Ok(web::Json(super::for_post(&st, q.post).await?))
}

/// Serves a stored file. Names are content hashes, so the file under a name never changes.
async fn serve(st: web::Data<AppState>, name: web::Path<String>) -> HttpResponse {
    let name = name.into_inner();
    if !super::is_stored_name(&name) {
        return actix_web::ResponseError::error_response(&ApiError::NotFound("file"));
    }
    let fetched = match st.uploads.get(&name).await {
        Ok(Some(f)) => f,
        Ok(None) => return actix_web::ResponseError::error_response(&ApiError::NotFound("file")),
        Err(e) => return actix_web::ResponseError::error_response(&ApiError::Internal(e)),
    };
    let content_type = super::content_type_of(&name);
    let mut res = HttpResponse::Ok();
    res.content_type(content_type).insert_header((header::CACHE_CONTROL, IMMUTABLE));
    if !content_type.starts_with("text/") && content_type != "application/json" {
        // Already compressed (images, PDFs, Parquet): skip the compression middleware.
        res.insert_header(header::ContentEncoding::Identity);
    }
    if matches!(content_type, "text/csv; charset=utf-8" | "application/json" | "application/vnd.apache.parquet") {
        res.insert_header((header::CONTENT_DISPOSITION, "attachment"));
    }
    if let Some(length) = fetched.length {
        res.no_chunking(length);
    }
    res.streaming(fetched.body)
}
