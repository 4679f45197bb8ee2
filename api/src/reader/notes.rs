//! Study notes: a reader's private notes on a post, optionally on a quoted passage.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::{
    auth::AuthUser,
    entities::{posts, study_notes},
    error::{ApiError, Problem},
    extract::{ValidJson, ValidQuery},
    pagination::{self, Cursor, Page, PageRequest},
    state::AppState,
};

/// The post a note is on.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotePost {
    pub slug: String,
    pub title: String,
}

/// A private note on a post.
#[derive(Debug, Serialize, ToSchema)]
pub struct Note {
    pub id: Uuid,
    pub post: NotePost,
    /// Plain text, as written.
    pub body: String,
    /// The passage it is about, if any.
    pub quote: Option<String>,
    /// The id of the section the passage is in.
    pub anchor: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotesQuery {
    /// Only the notes on this post (by slug).
    pub post: Option<String>,
    /// The `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// A new note.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// The slug of the post it is on.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200, message = "must be between 1 and 200 characters"))]
    pub post: String,
    #[schema(min_length = 1, max_length = 10000)]
    #[validate(length(min = 1, max = 10000, message = "must be between 1 and 10000 characters"))]
    pub body: String,
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000, message = "must be at most 2000 characters"))]
    pub quote: Option<String>,
    #[schema(max_length = 200)]
    #[validate(length(max = 200, message = "must be at most 200 characters"))]
    pub anchor: Option<String>,
}

/// Changes to a note; absent fields stay.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NotePatch {
    #[schema(min_length = 1, max_length = 10000)]
    #[validate(length(min = 1, max = 10000, message = "must be between 1 and 10000 characters"))]
    pub body: Option<String>,
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000, message = "must be at most 2000 characters"))]
    pub quote: Option<String>,
}

fn note(n: study_notes::Model, slug: String, title: String) -> Note {
    Note { id: n.id, post: NotePost { slug, title }, body: n.body, quote: n.quote, anchor: n.anchor, created_at: n.created_at, updated_at: n.updated_at }
}

async fn post_of(st: &AppState, id: Uuid) -> Result<(String, String), ApiError> {
    let found: Option<(String, String)> = posts::Entity::find_by_id(id).select_only().column(posts::Column::Slug).column(posts::Column::Title).into_tuple().one(&st.db).await?;
    found.ok_or(ApiError::NotFound("post"))
}

async fn own_note(st: &AppState, me: &AuthUser, id: Uuid) -> Result<study_notes::Model, ApiError> {
    // Someone else's note does not exist, as far as this reader can tell.
    study_notes::Entity::find_by_id(id).filter(study_notes::Column::UserId.eq(me.id)).one(&st.db).await?.ok_or(ApiError::NotFound("note"))
}

/// My notes, newest first: on one post, or all of them.
#[utoipa::path(
    tag = "reader",
    operation_id = "list_notes",
    security(("bearer" = [])),
    params(NotesQuery),
    responses(
        (status = 200, description = "A page of my notes", body = Page<Note>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/notes")]
pub async fn list_notes(st: web::Data<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<NotesQuery>) -> Result<web::Json<Page<Note>>, ApiError> {
    let page = PageRequest::parse(q.cursor.as_deref(), q.limit)?;
    let mut query = study_notes::Entity::find().filter(study_notes::Column::UserId.eq(me.id));
    if let Some(slug) = q.post.as_deref() {
        let post_id = crate::posts::repo::slug_owner(&st.db, slug).await?.ok_or(ApiError::NotFound("post"))?;
        query = query.filter(study_notes::Column::PostId.eq(post_id));
    }
    if let Some(c) = page.after {
        query = query.filter(pagination::after(study_notes::Column::CreatedAt, study_notes::Column::Id, c));
    }
    let mut rows = query.order_by_desc(study_notes::Column::CreatedAt).order_by_desc(study_notes::Column::Id).limit(page.limit + 1).all(&st.db).await?;
    let next_cursor = pagination::split_page(&mut rows, page.limit, |n| Cursor { at: n.created_at, id: n.id });
    let titles = crate::posts::repo::slugs_and_titles(&st.db, rows.iter().map(|n| n.post_id)).await?;
    let items = rows
        .into_iter()
        .map(|n| {
            let (slug, title) = titles.get(&n.post_id).cloned().unwrap_or_default();
            note(n, slug, title)
        })
        .collect();
    Ok(web::Json(Page { items, next_cursor }))
}

/// Write a note on a post.
#[utoipa::path(
    tag = "reader",
    operation_id = "create_note",
    security(("bearer" = [])),
    request_body = NewNote,
    responses(
        (status = 201, description = "The note", body = Note),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/notes")]
pub async fn create_note(st: web::Data<AppState>, me: AuthUser, ValidJson(body): ValidJson<NewNote>) -> Result<HttpResponse, ApiError> {
    let post = super::visible_post(&st.db, &body.post).await?;
    let now = crate::domain::now();
    let row = study_notes::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(me.id),
        post_id: Set(post.id),
        body: Set(body.body),
        quote: Set(body.quote.filter(|q| !q.trim().is_empty())),
        anchor: Set(body.anchor.filter(|a| !a.trim().is_empty())),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let saved = row.insert(&st.db).await?;
    Ok(HttpResponse::Created().json(note(saved, post.slug, post.title)))
}

/// Change my note.
#[utoipa::path(
    tag = "reader",
    operation_id = "update_note",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The note")),
    request_body = NotePatch,
    responses(
        (status = 200, description = "The note after the change", body = Note),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such note of mine", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me/notes/{id}")]
pub async fn update_note(st: web::Data<AppState>, me: AuthUser, id: web::Path<Uuid>, ValidJson(body): ValidJson<NotePatch>) -> Result<web::Json<Note>, ApiError> {
    let existing = own_note(&st, &me, *id).await?;
    let post_id = existing.post_id;
    let mut row: study_notes::ActiveModel = existing.into();
    if let Some(text) = body.body {
        row.body = Set(text);
    }
    if let Some(quote) = body.quote {
        row.quote = Set(Some(quote).filter(|q| !q.trim().is_empty()));
    }
    row.updated_at = Set(crate::domain::now());
    let saved = row.update(&st.db).await?;
    let (slug, title) = post_of(&st, post_id).await?;
    Ok(web::Json(note(saved, slug, title)))
}

/// Delete my note.
#[utoipa::path(
    tag = "reader",
    operation_id = "delete_note",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The note")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such note of mine", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/notes/{id}")]
pub async fn delete_note(st: web::Data<AppState>, me: AuthUser, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let note = own_note(&st, &me, *id).await?;
    study_notes::Entity::delete_by_id(note.id).exec(&st.db).await?;
    Ok(HttpResponse::NoContent().finish())
}
