//! The reports: views per day, the most viewed posts, referrers, and the summary.

use std::collections::HashMap;

use sea_orm::ConnectionTrait;

use super::{
    dto::{AnalyticsSummary, DayCount, DayViews, ReferrerViews, TopPost},
    range::{DayRange, day_key},
    repo,
};
use crate::error::ApiError;

fn count(n: i64) -> u64 {
    n.max(0) as u64
}

/// Every day of `range`, with its views and visitors (0 on days without any), of the post
/// with slug `post` or of the whole site.
pub async fn views(db: &impl ConnectionTrait, range: &DayRange, post: Option<&str>) -> Result<Vec<DayViews>, ApiError> {
    let post_id = match post {
        Some(slug) => Some(crate::posts::repo::slug_owner(db, slug).await?.ok_or(ApiError::NotFound("post"))?),
        None => None,
    };
    let by_day: HashMap<String, (i64, i64)> = repo::views_by_day(db, range, post_id).await?.into_iter().map(|(day, v, u)| (day, (v, u))).collect();
    Ok(range
        .days()
        .map(|day| {
            let (views, visitors) = by_day.get(&day_key(day)).copied().unwrap_or_default();
            DayViews { day, views: count(views), visitors: count(visitors) }
        })
        .collect())
}

/// The `limit` most viewed posts of `range`: one grouped query, then one for their titles.
pub async fn top_posts(db: &impl ConnectionTrait, range: &DayRange, limit: u64) -> Result<Vec<TopPost>, ApiError> {
    let rows = repo::top_posts(db, range, limit).await?;
    let titles = crate::posts::repo::slugs_and_titles(db, rows.iter().map(|(id, _, _)| *id)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, views, visitors)| {
            let (slug, title) = titles.get(&id)?.clone();
            Some(TopPost { slug, title, views: count(views), visitors: count(visitors) })
        })
        .collect())
}

/// The `limit` referring sites with the most views in `range`, direct views as `host: null`.
pub async fn referrers(db: &impl ConnectionTrait, range: &DayRange, limit: u64) -> Result<Vec<ReferrerViews>, ApiError> {
    let rows = repo::referrers(db, range, limit).await?;
    Ok(rows.into_iter().map(|(host, views, visitors)| ReferrerViews { host, views: count(views), visitors: count(visitors) }).collect())
}

pub async fn summary(db: &impl ConnectionTrait, range: &DayRange) -> Result<AnalyticsSummary, ApiError> {
    let (views, visitors) = repo::totals(db, range).await?;
    let by_day: HashMap<String, i64> = repo::signups_by_day(db, range).await?.into_iter().collect();
    let signups_per_day: Vec<DayCount> = range.days().map(|day| DayCount { day, count: count(by_day.get(&day_key(day)).copied().unwrap_or(0)) }).collect();
    Ok(AnalyticsSummary {
        from: range.from,
        to: range.to,
        views: count(views),
        visitors: count(visitors),
        signups: signups_per_day.iter().map(|d| d.count).sum(),
        signups_per_day,
        comments_awaiting_moderation: repo::held_comments(db).await?,
        subscribers: crate::billing::repo::count_live_subscribers(db).await?,
        newsletter_subscribers: repo::newsletter_subscribers(db).await?,
    })
}
