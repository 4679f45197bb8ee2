use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::OnConflict};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    auth::AuthUser,
    entities::{series, series_follows},
    error::{ApiError, Problem},
    extract::ValidQuery,
    pagination::{self, Cursor, Page, PageParams, PageRequest},
    state::AppState,
};

/// A series I follow: new posts in it notify me.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowedSeries {
    pub slug: String,
    pub title: String,
    pub followed_at: DateTime<Utc>,
}

/// The series I follow, most recently followed first.
#[utoipa::path(
    tag = "reader",
    operation_id = "list_follows",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of followed series", body = Page<FollowedSeries>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/follows")]
pub async fn list_follows(st: web::Data<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<PageParams>) -> Result<web::Json<Page<FollowedSeries>>, ApiError> {
    let page = PageRequest::try_from(&q)?;
    let mut query = series_follows::Entity::find().filter(series_follows::Column::UserId.eq(me.id));
    if let Some(c) = page.after {
        query = query.filter(pagination::after(series_follows::Column::CreatedAt, series_follows::Column::SeriesId, c));
    }
    let mut rows = query.order_by_desc(series_follows::Column::CreatedAt).order_by_desc(series_follows::Column::SeriesId).limit(page.limit + 1).all(&st.db).await?;
    let next_cursor = pagination::split_page(&mut rows, page.limit, |f| Cursor { at: f.created_at, id: f.series_id });
    let names: std::collections::HashMap<Uuid, (String, String)> = series::Entity::find()
        .select_only()
        .column(series::Column::Id)
        .column(series::Column::Slug)
        .column(series::Column::Title)
        .filter(series::Column::Id.is_in(rows.iter().map(|f| f.series_id)))
        .into_tuple::<(Uuid, String, String)>()
        .all(&st.db)
        .await?
        .into_iter()
        .map(|(id, slug, title)| (id, (slug, title)))
        .collect();
    let items = rows
        .into_iter()
        .filter_map(|f| names.get(&f.series_id).map(|(slug, title)| FollowedSeries { slug: slug.clone(), title: title.clone(), followed_at: f.created_at }))
        .collect();
    Ok(web::Json(Page { items, next_cursor }))
}

/// Follow a series (following again changes nothing).
#[utoipa::path(
    tag = "reader",
    operation_id = "follow_series",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The series slug")),
    responses(
        (status = 204, description = "Following"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such series", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/follows/series/{slug}")]
pub async fn follow_series(st: web::Data<AppState>, me: AuthUser, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let series = crate::series::repo::find_by_slug(&st.db, &slug).await?.ok_or(ApiError::NotFound("series"))?;
    let row = series_follows::ActiveModel { user_id: Set(me.id), series_id: Set(series.id), created_at: Set(crate::domain::now()) };
    series_follows::Entity::insert(row)
        .on_conflict(OnConflict::columns([series_follows::Column::UserId, series_follows::Column::SeriesId]).do_nothing().to_owned())
        .exec_without_returning(&st.db)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stop following a series.
#[utoipa::path(
    tag = "reader",
    operation_id = "unfollow_series",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The series slug")),
    responses(
        (status = 204, description = "Not following"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such series", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/follows/series/{slug}")]
pub async fn unfollow_series(st: web::Data<AppState>, me: AuthUser, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let series = crate::series::repo::find_by_slug(&st.db, &slug).await?.ok_or(ApiError::NotFound("series"))?;
    series_follows::Entity::delete_many().filter(series_follows::Column::UserId.eq(me.id)).filter(series_follows::Column::SeriesId.eq(series.id)).exec(&st.db).await?;
    Ok(HttpResponse::NoContent().finish())
}
