//! "Next for you": published posts the reader has not completed, ranked by what they did
//! complete (the next posts of series they are in, then posts sharing their tags), then by
//! how many readers completed them, then newest. A fixed handful of grouped queries whatever
//! the reader's history or the corpus' size.

use std::collections::{HashMap, HashSet};

use actix_web::{get, web};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Func},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    auth::AuthUser,
    entities::{post_tags, posts, reading_progress},
    error::{ApiError, Problem},
    extract::ValidQuery,
    posts::dto::PostSummary,
    state::AppState,
};

/// How many candidates each signal contributes before ranking.
const CANDIDATES: u64 = 200;
/// A post in a series the reader is reading outweighs a couple of shared tags...
const SERIES_WEIGHT: i64 = 5;
/// ...and the first one they have not completed in it comes first of all.
const NEXT_IN_SERIES_WEIGHT: i64 = 10;
const TAG_WEIGHT: i64 = 2;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecommendationParams {
    /// How many posts, 1 to 50 (default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u64>,
}

/// Why a post is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationReason {
    /// The first post not yet completed in a series the reader completed posts of.
    NextInSeries,
    /// Another post of such a series.
    SameSeries,
    /// Shares tags with posts the reader completed.
    SharedTags,
    /// Many readers completed it (what a new reader is shown first).
    Popular,
    /// Recently published.
    New,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    #[serde(flatten)]
    pub post: PostSummary,
    pub reason: RecommendationReason,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendations {
    pub items: Vec<Recommendation>,
}

#[derive(Debug, Default)]
struct Candidate {
    score: i64,
    reason: Option<RecommendationReason>,
    completions: i64,
}

impl Candidate {
    fn add(&mut self, score: i64, reason: RecommendationReason) {
        self.score += score;
        // The first (strongest) reason found is the one given.
        self.reason.get_or_insert(reason);
    }
}

/// Unread posts for `user`, best first.
pub async fn for_reader(db: &impl ConnectionTrait, user: Uuid, limit: u64) -> Result<Vec<Recommendation>, ApiError> {
    let completed: Vec<Uuid> = reading_progress::Entity::find()
        .select_only()
        .column(reading_progress::Column::PostId)
        .filter(reading_progress::Column::UserId.eq(user))
        .filter(reading_progress::Column::CompletedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let done: HashSet<Uuid> = completed.iter().copied().collect();
    let mut candidates: HashMap<Uuid, Candidate> = HashMap::new();

    if !completed.is_empty() {
        // Series the reader is in: their unread posts in order, the first of each marked next.
        let series: Vec<Uuid> = posts::Entity::find()
            .select_only()
            .column(posts::Column::SeriesId)
            .distinct()
            .filter(posts::Column::Id.is_in(completed.clone()))
            .filter(posts::Column::SeriesId.is_not_null())
            .into_tuple()
            .all(db)
            .await?;
        if !series.is_empty() {
            let members: Vec<(Uuid, Option<Uuid>)> = posts::Entity::find()
                .select_only()
                .columns([posts::Column::Id, posts::Column::SeriesId])
                .filter(posts::Column::SeriesId.is_in(series))
                .filter(posts::Column::Id.is_not_in(completed.clone()))
                // A draft or a scheduled post is nobody's next read yet.
                .filter(posts::Column::PublishedAt.lte(crate::domain::now()))
                .order_by_asc(posts::Column::SeriesId)
                .order_by_asc(posts::Column::SeriesPosition)
                .limit(CANDIDATES)
                .into_tuple()
                .all(db)
                .await?;
            let mut seen_series = HashSet::new();
            for (id, series_id) in members {
                let entry = candidates.entry(id).or_default();
                if seen_series.insert(series_id) {
                    entry.add(NEXT_IN_SERIES_WEIGHT + SERIES_WEIGHT, RecommendationReason::NextInSeries);
                } else {
                    entry.add(SERIES_WEIGHT, RecommendationReason::SameSeries);
                }
            }
        }
        // Posts sharing the most tags with what the reader completed.
        let tags: Vec<Uuid> = post_tags::Entity::find()
            .select_only()
            .column(post_tags::Column::TagId)
            .distinct()
            .filter(post_tags::Column::PostId.is_in(completed.clone()))
            .into_tuple()
            .all(db)
            .await?;
        if !tags.is_empty() {
            let shared: Vec<(Uuid, i64)> = post_tags::Entity::find()
                .select_only()
                .column(post_tags::Column::PostId)
                .column_as(Expr::expr(Func::count(Expr::col(post_tags::Column::TagId))), "shared")
                .filter(post_tags::Column::TagId.is_in(tags))
                .filter(post_tags::Column::PostId.is_not_in(completed.clone()))
                .group_by(post_tags::Column::PostId)
                .order_by_desc(Func::count(Expr::col(post_tags::Column::TagId)))
                .limit(CANDIDATES)
                .into_tuple()
                .all(db)
                .await?;
            for (id, count) in shared {
                candidates.entry(id).or_default().add(TAG_WEIGHT * count, RecommendationReason::SharedTags);
            }
        }
    }

    // How many readers completed each candidate; and, to fill the list, the most completed posts.
    let completions = |ids: Option<Vec<Uuid>>| {
        let mut q = reading_progress::Entity::find()
            .select_only()
            .column(reading_progress::Column::PostId)
            .column_as(Expr::expr(Func::count(Expr::col(reading_progress::Column::UserId))), "readers")
            .filter(reading_progress::Column::CompletedAt.is_not_null())
            .group_by(reading_progress::Column::PostId);
        q = match ids {
            Some(ids) => q.filter(reading_progress::Column::PostId.is_in(ids)),
            None => {
                q.filter(reading_progress::Column::PostId.is_not_in(completed.clone())).order_by_desc(Func::count(Expr::col(reading_progress::Column::UserId))).limit(CANDIDATES)
            }
        };
        q.into_tuple::<(Uuid, i64)>().all(db)
    };
    for (id, readers) in completions(Some(candidates.keys().copied().collect())).await? {
        if let Some(c) = candidates.get_mut(&id) {
            c.completions = readers;
        }
    }
    if (candidates.len() as u64) < limit {
        for (id, readers) in completions(None).await? {
            let c = candidates.entry(id).or_default();
            c.completions = readers;
            c.reason.get_or_insert(RecommendationReason::Popular);
        }
    }

    // Only what is published and visible now survives; the newest fill what is left.
    let mut summaries = crate::posts::service::published_summaries(db, &candidates.keys().copied().collect::<Vec<_>>()).await?;
    if (summaries.len() as u64) < limit {
        let newest: Vec<Uuid> = posts::Entity::find()
            .select_only()
            .column(posts::Column::Id)
            .filter(posts::Column::PublishedAt.lte(crate::domain::now()))
            .filter(posts::Column::Id.is_not_in(completed.clone()))
            .order_by_desc(posts::Column::PublishedAt)
            .limit(limit + summaries.len() as u64)
            .into_tuple()
            .all(db)
            .await?;
        let fresh: Vec<Uuid> = newest.into_iter().filter(|id| !summaries.contains_key(id)).collect();
        for id in &fresh {
            candidates.entry(*id).or_default().reason.get_or_insert(RecommendationReason::New);
        }
        summaries.extend(crate::posts::service::published_summaries(db, &fresh).await?);
    }

    let mut ranked: Vec<(Candidate, PostSummary)> =
        summaries.into_iter().filter(|(id, _)| !done.contains(id)).filter_map(|(id, post)| candidates.remove(&id).map(|c| (c, post))).collect();
    ranked.sort_by(|(a, pa), (b, pb)| b.score.cmp(&a.score).then(b.completions.cmp(&a.completions)).then(pb.published_at.cmp(&pa.published_at)).then(pa.id.cmp(&pb.id)));
    Ok(ranked.into_iter().take(limit as usize).map(|(c, post)| Recommendation { post, reason: c.reason.unwrap_or(RecommendationReason::New) }).collect())
}

/// Posts to read next, for me: never one I completed.
#[utoipa::path(
    tag = "reader",
    operation_id = "list_recommendations",
    security(("bearer" = [])),
    params(RecommendationParams),
    responses(
        (status = 200, description = "Posts to read next, best first", body = Recommendations),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/recommendations")]
pub async fn list_recommendations(st: web::Data<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<RecommendationParams>) -> Result<web::Json<Recommendations>, ApiError> {
    let limit = q.limit.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(ApiError::field("limit", "must be between 1 and 50"));
    }
    Ok(web::Json(Recommendations { items: for_reader(&st.db, me.id, limit).await? }))
}
