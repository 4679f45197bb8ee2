//! A reader's own state of several posts at once (bookmarked, progress, reactions,
//! following the series), so the shared cached post pages and lists never carry it.

use std::collections::{HashMap, HashSet};

use actix_web::{get, web};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::reactions::ReactionKind;
use crate::{
    auth::AuthUser,
    entities::{bookmarks, posts, reading_progress, series_follows},
    error::{ApiError, Problem},
    extract::ValidQuery,
    state::AppState,
};

const MAX_SLUGS: usize = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatesQuery {
    /// Comma-separated post slugs, at most 100.
    pub slugs: String,
}

/// My state of one post.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostState {
    pub slug: String,
    pub bookmarked: bool,
    pub percent: i32,
    pub completed: bool,
    pub reactions: Vec<ReactionKind>,
    /// I follow the series this post belongs to.
    pub following_series: bool,
}

/// My state of each named post (unknown or unpublished slugs are left out).
#[utoipa::path(
    tag = "reader",
    operation_id = "post_states",
    security(("bearer" = [])),
    params(StatesQuery),
    responses(
        (status = 200, description = "One entry per published post named", body = Vec<PostState>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No slugs, or more than 100", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/post-states")]
pub async fn post_states(st: web::Data<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<StatesQuery>) -> Result<web::Json<Vec<PostState>>, ApiError> {
    let slugs: Vec<&str> = q.slugs.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if slugs.is_empty() || slugs.len() > MAX_SLUGS {
        return Err(ApiError::field("slugs", "must name 1 to 100 posts, separated by commas"));
    }
    let now = crate::domain::now();
    let found: Vec<(Uuid, String, Option<Uuid>)> = posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .column(posts::Column::Slug)
        .column(posts::Column::SeriesId)
        .filter(posts::Column::Slug.is_in(slugs))
        .filter(posts::Column::PublishedAt.lte(now))
        .into_tuple()
        .all(&st.db)
        .await?;
    let ids: Vec<Uuid> = found.iter().map(|(id, _, _)| *id).collect();
    if ids.is_empty() {
        return Ok(web::Json(Vec::new()));
    }
    let bookmarked: HashSet<Uuid> = bookmarks::Entity::find()
        .select_only()
        .column(bookmarks::Column::PostId)
        .filter(bookmarks::Column::UserId.eq(me.id))
        .filter(bookmarks::Column::PostId.is_in(ids.iter().copied()))
        .into_tuple::<Uuid>()
        .all(&st.db)
        .await?
        .into_iter()
        .collect();
    let progress: HashMap<Uuid, reading_progress::Model> = reading_progress::Entity::find()
        .filter(reading_progress::Column::UserId.eq(me.id))
        .filter(reading_progress::Column::PostId.is_in(ids.iter().copied()))
        .all(&st.db)
        .await?
        .into_iter()
        .map(|p| (p.post_id, p))
        .collect();
    let mut reactions: HashMap<Uuid, Vec<ReactionKind>> = HashMap::new();
    for (post, kind) in super::reactions::mine(&st.db, me.id, &ids).await? {
        reactions.entry(post).or_default().push(kind);
    }
    let series_ids: HashSet<Uuid> = found.iter().filter_map(|(_, _, s)| *s).collect();
    let followed: HashSet<Uuid> = if series_ids.is_empty() {
        HashSet::new()
    } else {
        series_follows::Entity::find()
            .select_only()
            .column(series_follows::Column::SeriesId)
            .filter(series_follows::Column::UserId.eq(me.id))
            .filter(series_follows::Column::SeriesId.is_in(series_ids))
            .into_tuple::<Uuid>()
            .all(&st.db)
            .await?
            .into_iter()
            .collect()
    };
    let states = found
        .into_iter()
        .map(|(id, slug, series)| {
            let p = progress.get(&id);
            PostState {
                slug,
                bookmarked: bookmarked.contains(&id),
                percent: p.map_or(0, |p| p.percent),
                completed: p.is_some_and(|p| p.completed_at.is_some()),
                reactions: reactions.remove(&id).unwrap_or_default(),
                following_series: series.is_some_and(|s| followed.contains(&s)),
            }
        })
        .collect();
    Ok(web::Json(states))
}
