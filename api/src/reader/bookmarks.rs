use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::OnConflict};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    auth::AuthUser,
    entities::bookmarks,
    error::{ApiError, Problem},
    extract::ValidQuery,
    pagination::{self, Cursor, Page, PageParams, PageRequest},
    posts::dto::PostSummary,
    state::AppState,
};

/// A saved post.
#[derive(Debug, Serialize, ToSchema)]
pub struct Bookmark {
    pub post: PostSummary,
    pub bookmarked_at: DateTime<Utc>,
}

/// My bookmarks, most recent first (posts no longer published are left out).
#[utoipa::path(
    tag = "reader",
    operation_id = "list_bookmarks",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of bookmarks", body = Page<Bookmark>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/bookmarks")]
pub async fn list_bookmarks(st: web::Data<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<PageParams>) -> Result<web::Json<Page<Bookmark>>, ApiError> {
    let page = PageRequest::try_from(&q)?;
    let mut query = bookmarks::Entity::find().filter(bookmarks::Column::UserId.eq(me.id));
    if let Some(c) = page.after {
        query = query.filter(pagination::after(bookmarks::Column::CreatedAt, bookmarks::Column::PostId, c));
    }
    let mut rows = query.order_by_desc(bookmarks::Column::CreatedAt).order_by_desc(bookmarks::Column::PostId).limit(page.limit + 1).all(&st.db).await?;
    let next_cursor = pagination::split_page(&mut rows, page.limit, |b| Cursor { at: b.created_at, id: b.post_id });
    let ids: Vec<Uuid> = rows.iter().map(|b| b.post_id).collect();
    let mut posts = crate::posts::service::published_summaries(&st.db, &ids).await?;
    let items = rows.into_iter().filter_map(|b| posts.remove(&b.post_id).map(|post| Bookmark { post, bookmarked_at: b.created_at })).collect();
    Ok(web::Json(Page { items, next_cursor }))
}

/// Bookmark a post (bookmarking it again changes nothing).
#[utoipa::path(
    tag = "reader",
    operation_id = "add_bookmark",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The post slug")),
    responses(
        (status = 204, description = "Bookmarked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/bookmarks/{slug}")]
pub async fn add_bookmark(st: web::Data<AppState>, me: AuthUser, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let post = super::visible_post(&st.db, &slug).await?;
    let row = bookmarks::ActiveModel { user_id: Set(me.id), post_id: Set(post.id), created_at: Set(crate::domain::now()) };
    bookmarks::Entity::insert(row)
        .on_conflict(OnConflict::columns([bookmarks::Column::UserId, bookmarks::Column::PostId]).do_nothing().to_owned())
        .exec_without_returning(&st.db)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a bookmark (removing one that is not there changes nothing).
#[utoipa::path(
    tag = "reader",
    operation_id = "remove_bookmark",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The post slug")),
    responses(
        (status = 204, description = "Not bookmarked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/bookmarks/{slug}")]
pub async fn remove_bookmark(st: web::Data<AppState>, me: AuthUser, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let post_id = crate::posts::repo::slug_owner(&st.db, &slug).await?.ok_or(ApiError::NotFound("post"))?;
    bookmarks::Entity::delete_many().filter(bookmarks::Column::UserId.eq(me.id)).filter(bookmarks::Column::PostId.eq(post_id)).exec(&st.db).await?;
    Ok(HttpResponse::NoContent().finish())
}
