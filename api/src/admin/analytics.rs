//! Analytics for admins: views per day, the most viewed posts, referrers, and a summary
//! with sign-ups, the moderation queue and subscribers. Every report covers a range of UTC
//! days (`from`, `to`, both included; the last 30 days by default, 366 at most).

use actix_web::{get, web};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{
    analytics::{
        DayRange,
        dto::{AnalyticsSummary, DayViews, ReferrerViews, TopPost},
        range::query_date,
        stats,
    },
    auth::AdminUser,
    error::{AdminErrors, ApiError, Problem},
    extract::ValidQuery,
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(admin_analytics_views).service(admin_analytics_top_posts).service(admin_analytics_referrers).service(admin_analytics_summary);
}

/// The days a report covers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// The first day, `YYYY-MM-DD` (UTC); by default 29 days before `to`.
    #[serde(default, deserialize_with = "query_date")]
    pub from: Option<NaiveDate>,
    /// The last day, included, `YYYY-MM-DD` (UTC); by default today. On or after `from`, and
    /// at most 366 days from it.
    #[serde(default, deserialize_with = "query_date")]
    pub to: Option<NaiveDate>,
}

impl RangeQuery {
    fn range(&self) -> Result<DayRange, ApiError> {
        DayRange::parse(self.from, self.to, Utc::now().date_naive())
    }
}

/// One post instead of the whole site.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PostFilter {
    /// Only the views of the post with this slug.
    #[param(min_length = 1, max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub post: Option<String>,
}

/// How many rows a ranking returns.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankQuery {
    /// Rows, 1 to 100 (default 10).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

impl RankQuery {
    fn limit(&self) -> Result<u64, ApiError> {
        match self.limit.unwrap_or(10) {
            n @ 1..=100 => Ok(n),
            _ => Err(ApiError::field("limit", "must be between 1 and 100")),
        }
    }
}

/// Views and visitors on each day of the range, days without views included (0), oldest
/// first: of the whole site, or of one post.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_analytics_views",
    security(("bearer" = [])),
    params(RangeQuery, PostFilter),
    responses(
        (status = 200, description = "One entry per day of the range", body = Vec<DayViews>),
        (status = 404, description = "No post has this slug", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid range or slug", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[get("/admin/analytics/views")]
pub async fn admin_analytics_views(
    st: web::Data<AppState>,
    _admin: AdminUser,
    ValidQuery(q): ValidQuery<RangeQuery>,
    ValidQuery(filter): ValidQuery<PostFilter>,
) -> Result<web::Json<Vec<DayViews>>, ApiError> {
    let range = q.range()?;
    let post = match filter.post.as_deref() {
        Some(raw) => Some(crate::domain::Slug::parse("post", raw).map_err(|e| ApiError::Validation(vec![e]))?),
        None => None,
    };
    Ok(web::Json(stats::views(&st.db, &range, post.as_ref().map(|s| s.as_str())).await?))
}

/// The most viewed posts of the range, most viewed first.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_analytics_top_posts",
    security(("bearer" = [])),
    params(RangeQuery, RankQuery),
    responses(
        (status = 200, description = "The most viewed posts", body = Vec<TopPost>),
        (status = 422, description = "Invalid range or limit", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[get("/admin/analytics/top-posts")]
pub async fn admin_analytics_top_posts(
    st: web::Data<AppState>,
    _admin: AdminUser,
    ValidQuery(q): ValidQuery<RangeQuery>,
    ValidQuery(rank): ValidQuery<RankQuery>,
) -> Result<web::Json<Vec<TopPost>>, ApiError> {
    let range = q.range()?;
    Ok(web::Json(stats::top_posts(&st.db, &range, rank.limit()?).await?))
}

/// The sites readers came from in the range, most views first. Direct views (no referrer,
/// or one from this site) are one row, with `host: null`, ranked like the others.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_analytics_referrers",
    security(("bearer" = [])),
    params(RangeQuery, RankQuery),
    responses(
        (status = 200, description = "Referring sites by views", body = Vec<ReferrerViews>),
        (status = 422, description = "Invalid range or limit", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[get("/admin/analytics/referrers")]
pub async fn admin_analytics_referrers(
    st: web::Data<AppState>,
    _admin: AdminUser,
    ValidQuery(q): ValidQuery<RangeQuery>,
    ValidQuery(rank): ValidQuery<RankQuery>,
) -> Result<web::Json<Vec<ReferrerViews>>, ApiError> {
    let range = q.range()?;
    Ok(web::Json(stats::referrers(&st.db, &range, rank.limit()?).await?))
}

/// Views, visitors and sign-ups over the range, and the comments awaiting moderation and
/// the subscribers as they are now.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_analytics_summary",
    security(("bearer" = [])),
    params(RangeQuery),
    responses(
        (status = 200, description = "The summary", body = AnalyticsSummary),
        (status = 422, description = "Invalid range", body = Problem, content_type = "application/problem+json"),
        AdminErrors,
    )
)]
#[get("/admin/analytics/summary")]
pub async fn admin_analytics_summary(st: web::Data<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<RangeQuery>) -> Result<web::Json<AnalyticsSummary>, ApiError> {
    let range = q.range()?;
    Ok(web::Json(stats::summary(&st.db, &range).await?))
}
