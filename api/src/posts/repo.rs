//! Queries on posts. Every public read filters on `published_at <= now`: drafts have no
//! `published_at`, scheduled posts have one in the future.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

use super::dto::TagRef;
use crate::{
    entities::{post_tags, posts, tags, users},
    pagination::{self, PageRequest},
    sql::{Sql, json_array_agg, json_object, json_text},
};

/// The columns a post list needs (not the bodies), with the author's name joined in and the
/// tags aggregated, so a page of any length is one statement.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PostListRow {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub difficulty: String,
    pub premium: bool,
    pub reading_minutes: i32,
    pub published_at: DateTime<Utc>,
    pub author_name: String,
    /// A JSON array of `{slug, name}`: read it with [`tag_refs`].
    pub tags: String,
}

/// The tags of the post `post_id_expr` names, as a JSON array of `{slug, name}`.
fn tags_json(backend: DbBackend, post_id_expr: &str) -> String {
    let tag = json_object(backend, &[("slug", "t.slug"), ("name", "t.name")]);
    format!("(SELECT {} FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = {post_id_expr})", json_array_agg(backend, &tag))
}

/// Tags from [`tags_json`], sorted by name.
pub fn tag_refs(json: &str) -> Result<Vec<TagRef>, DbErr> {
    let mut tags: Vec<TagRef> = serde_json::from_str(json).map_err(|e| DbErr::Type(format!("tags: {e}")))?;
    tags.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(tags)
}

#[derive(Debug, Default, Clone, Copy)]
pub struct PublicFilter<'a> {
    pub tag_id: Option<Uuid>,
    pub series_id: Option<Uuid>,
    pub difficulty: Option<&'a str>,
}

fn with_tag(tag_id: Uuid) -> sea_orm::sea_query::SimpleExpr {
    posts::Column::Id.in_subquery(
        Query::select()
            .column(post_tags::Column::PostId)
            .from(post_tags::Entity)
            .and_where(Expr::col(post_tags::Column::TagId).eq(tag_id))
            .to_owned(),
    )
}

fn published_rows(backend: DbBackend, now: DateTime<Utc>) -> sea_orm::Select<posts::Entity> {
    posts::Entity::find()
        .select_only()
        .columns([
            posts::Column::Id,
            posts::Column::Slug,
            posts::Column::Title,
            posts::Column::Summary,
            posts::Column::Difficulty,
            posts::Column::Premium,
            posts::Column::ReadingMinutes,
            posts::Column::PublishedAt,
        ])
        .column_as(users::Column::DisplayName, "author_name")
        .column_as(Expr::cust(tags_json(backend, "posts.id")), "tags")
        .join(JoinType::InnerJoin, posts::Relation::Author.def())
        .filter(posts::Column::PublishedAt.lte(now))
}

/// One page (plus one row, to tell whether more follow) of published posts, newest first.
pub async fn list_published(db: &impl ConnectionTrait, filter: PublicFilter<'_>, page: PageRequest, now: DateTime<Utc>) -> Result<Vec<PostListRow>, DbErr> {
    let mut q = published_rows(db.get_database_backend(), now);
    if let Some(d) = filter.difficulty {
        q = q.filter(posts::Column::Difficulty.eq(d));
    }
    if let Some(series_id) = filter.series_id {
        q = q.filter(posts::Column::SeriesId.eq(series_id));
    }
    if let Some(tag_id) = filter.tag_id {
        q = q.filter(with_tag(tag_id));
    }
    if let Some(cursor) = page.after {
        q = q.filter(pagination::after(posts::Column::PublishedAt, posts::Column::Id, cursor));
    }
    q.order_by_desc(posts::Column::PublishedAt)
        .order_by_desc(posts::Column::Id)
        .limit(page.limit + 1)
        .into_model::<PostListRow>()
        .all(db)
        .await
}

/// The published posts among `ids` (any order), in one query.
pub async fn list_published_by_ids(db: &impl ConnectionTrait, ids: &[Uuid], now: DateTime<Utc>) -> Result<Vec<PostListRow>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    published_rows(db.get_database_backend(), now).filter(posts::Column::Id.is_in(ids.iter().copied())).into_model::<PostListRow>().all(db).await
}

/// A published post as its page shows it: the body a reader may see, the author, the tags,
/// and where it sits in its series.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PostPageRow {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub html: String,
    pub difficulty: String,
    pub premium: bool,
    pub reading_minutes: i32,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub author_name: String,
    /// See [`tag_refs`].
    pub tags: String,
    pub series_slug: Option<String>,
    pub series_title: Option<String>,
    /// Published posts of the series before this one, and in all.
    pub series_before: Option<i64>,
    pub series_total: Option<i64>,
    /// JSON `{slug, title}` of the neighbours, when there are any.
    pub series_prev: Option<String>,
    pub series_next: Option<String>,
}

/// [`PostPageRow`] in one statement, whatever the series' size: the neighbours and the
/// position are range lookups on `idx_posts_series_order`, never a read of the whole series.
/// Premium bodies only with `full`, the teaser otherwise.
pub async fn find_published_page(db: &impl ConnectionTrait, slug: &str, now: DateTime<Utc>, full: bool) -> Result<Option<PostPageRow>, DbErr> {
    let b = db.get_database_backend();
    // Series order is (series_position, published_at, id); row values compare in that order.
    let order = "(m.series_position, m.published_at, m.id)";
    let mine = "(p.series_position, p.published_at, p.id)";
    let link = json_text(b, &json_object(b, &[("slug", "m.slug"), ("title", "m.title")]));
    let mut sql = Sql::new(b);
    sql.push("SELECT p.id, p.slug, p.title, p.summary, ")
        .push(if full { "p.html" } else { "CASE WHEN p.premium THEN p.teaser_html ELSE p.html END" })
        .push(" AS html, p.difficulty, p.premium, p.reading_minutes, p.published_at, p.updated_at, u.display_name AS author_name, ")
        .push(&tags_json(b, "p.id"))
        .push(" AS tags, s.slug AS series_slug, s.title AS series_title");
    let members = |sql: &mut Sql| {
        sql.push(" FROM posts m WHERE m.series_id = p.series_id AND m.published_at <= ").bind(now);
    };
    sql.push(", (SELECT COUNT(*)");
    members(&mut sql);
    sql.push(&format!(" AND {order} < {mine}) AS series_before, (SELECT COUNT(*)"));
    members(&mut sql);
    sql.push(") AS series_total, (SELECT ").push(&link);
    members(&mut sql);
    sql.push(&format!(" AND {order} < {mine} ORDER BY m.series_position DESC, m.published_at DESC, m.id DESC LIMIT 1) AS series_prev, (SELECT ")).push(&link);
    members(&mut sql);
    sql.push(&format!(" AND {order} > {mine} ORDER BY m.series_position, m.published_at, m.id LIMIT 1) AS series_next"))
        .push(" FROM posts p JOIN users u ON u.id = p.author_id LEFT JOIN series s ON s.id = p.series_id WHERE p.slug = ")
        .bind(slug.to_string())
        .push(" AND p.published_at <= ")
        .bind(now);
    match db.query_one_raw(sql.build()).await? {
        Some(row) => Ok(Some(PostPageRow::from_query_result(&row, "")?)),
        None => Ok(None),
    }
}

/// A published post by slug (its page is [`find_published_page`]).
pub async fn find_published_by_slug(db: &impl ConnectionTrait, slug: &str, now: DateTime<Utc>) -> Result<Option<posts::Model>, DbErr> {
    posts::Entity::find().filter(posts::Column::Slug.eq(slug)).filter(posts::Column::PublishedAt.lte(now)).one(db).await
}

/// When the next scheduled post becomes visible: cached public pages must not outlive it.
pub async fn next_scheduled(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, DbErr> {
    posts::Entity::find()
        .select_only()
        .column(posts::Column::PublishedAt)
        .filter(posts::Column::PublishedAt.gt(now))
        .order_by_asc(posts::Column::PublishedAt)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<posts::Model>, DbErr> {
    posts::Entity::find_by_id(id).one(db).await
}

#[derive(Debug, FromQueryResult)]
struct TagOfPost {
    post_id: Uuid,
    slug: String,
    name: String,
}

/// The tags of many posts in one query, each list sorted by name.
pub async fn tags_for_posts(db: &impl ConnectionTrait, post_ids: &[Uuid]) -> Result<HashMap<Uuid, Vec<TagRef>>, DbErr> {
    if post_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = post_tags::Entity::find()
        .select_only()
        .column(post_tags::Column::PostId)
        .column(tags::Column::Slug)
        .column(tags::Column::Name)
        .join(JoinType::InnerJoin, post_tags::Relation::Tag.def())
        .filter(post_tags::Column::PostId.is_in(post_ids.iter().copied()))
        .order_by_asc(tags::Column::Name)
        .into_model::<TagOfPost>()
        .all(db)
        .await?;
    let mut map: HashMap<Uuid, Vec<TagRef>> = HashMap::new();
    for row in rows {
        map.entry(row.post_id).or_default().push(TagRef { slug: row.slug, name: row.name });
    }
    Ok(map)
}

/// The published posts of a series as list rows, in reading order.
pub async fn list_published_in_series(db: &impl ConnectionTrait, series_id: Uuid, now: DateTime<Utc>) -> Result<Vec<PostListRow>, DbErr> {
    published_rows(db.get_database_backend(), now)
        .filter(posts::Column::SeriesId.eq(series_id))
        .order_by_asc(posts::Column::SeriesPosition)
        .order_by_asc(posts::Column::PublishedAt)
        .into_model::<PostListRow>()
        .all(db)
        .await
}

#[derive(Debug, Clone, Copy)]
pub enum StatusFilter {
    Draft,
    Scheduled,
    Published,
}

/// One page of posts in any status, most recently edited first.
pub async fn list_admin(db: &impl ConnectionTrait, status: Option<StatusFilter>, page: PageRequest, now: DateTime<Utc>) -> Result<Vec<posts::Model>, DbErr> {
    let mut q = posts::Entity::find();
    q = match status {
        None => q,
        Some(StatusFilter::Draft) => q.filter(posts::Column::PublishedAt.is_null()),
        Some(StatusFilter::Scheduled) => q.filter(posts::Column::PublishedAt.gt(now)),
        Some(StatusFilter::Published) => q.filter(posts::Column::PublishedAt.lte(now)),
    };
    if let Some(cursor) = page.after {
        q = q.filter(pagination::after(posts::Column::UpdatedAt, posts::Column::Id, cursor));
    }
    q.order_by_desc(posts::Column::UpdatedAt).order_by_desc(posts::Column::Id).limit(page.limit + 1).all(db).await
}

/// Every post of a series (any status), in series order.
pub async fn series_members(db: &impl ConnectionTrait, series_id: Uuid) -> Result<Vec<posts::Model>, DbErr> {
    posts::Entity::find()
        .filter(posts::Column::SeriesId.eq(series_id))
        .order_by_asc(posts::Column::SeriesPosition)
        .order_by_asc(posts::Column::CreatedAt)
        .all(db)
        .await
}

/// Slugs that are `base` or `base-N`, to pick a free one in one query.
pub async fn slugs_with_prefix(db: &impl ConnectionTrait, base: &str) -> Result<Vec<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct SlugOnly {
        slug: String,
    }
    let rows = posts::Entity::find()
        .select_only()
        .column(posts::Column::Slug)
        .filter(Condition::any().add(posts::Column::Slug.eq(base)).add(posts::Column::Slug.starts_with(format!("{base}-"))))
        .into_model::<SlugOnly>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.slug).collect())
}

/// Locks the post whose slug is `slug`, if there is one, until the transaction ends; on
/// SQLite, where the write transaction holds the whole database, it only reads.
pub async fn lock_slug(db: &impl ConnectionTrait, slug: &str) -> Result<(), DbErr> {
    posts::Entity::find().select_only().column(posts::Column::Id).filter(posts::Column::Slug.eq(slug)).lock_exclusive().into_tuple::<Uuid>().one(db).await?;
    Ok(())
}

/// Posts by id (any status, any order), in one query.
pub async fn find_by_ids(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<posts::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    posts::Entity::find().filter(posts::Column::Id.is_in(ids.iter().copied())).all(db).await
}

pub async fn slug_owner(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Uuid>, DbErr> {
    Ok(posts::Entity::find().filter(posts::Column::Slug.eq(slug)).one(db).await?.map(|p| p.id))
}

pub async fn next_series_position(db: &impl ConnectionTrait, series_id: Uuid) -> Result<i32, DbErr> {
    let last = posts::Entity::find()
        .filter(posts::Column::SeriesId.eq(series_id))
        .order_by_desc(posts::Column::SeriesPosition)
        .one(db)
        .await?;
    Ok(last.and_then(|p| p.series_position).unwrap_or(0) + 1)
}

/// Replaces a post's tag links.
pub async fn set_tags(db: &impl ConnectionTrait, post_id: Uuid, tag_ids: &[Uuid]) -> Result<(), DbErr> {
    post_tags::Entity::delete_many().filter(post_tags::Column::PostId.eq(post_id)).exec(db).await?;
    let links = tag_ids.iter().map(|&tag_id| post_tags::ActiveModel { post_id: sea_orm::Set(post_id), tag_id: sea_orm::Set(tag_id) });
    post_tags::Entity::insert_many(links).exec_without_returning(db).await?;
    Ok(())
}

/// The id of each post among `slugs` that is published at `now`, by slug, in one query.
pub async fn published_ids_by_slug(db: &impl ConnectionTrait, slugs: impl IntoIterator<Item = String>, now: DateTime<Utc>) -> Result<HashMap<String, Uuid>, DbErr> {
    let rows: Vec<(Uuid, String)> = posts::Entity::find()
        .select_only()
        .columns([posts::Column::Id, posts::Column::Slug])
        .filter(posts::Column::Slug.is_in(slugs))
        .filter(posts::Column::PublishedAt.lte(now))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, slug)| (slug, id)).collect())
}

/// The slug and title of each post among `ids`, in one query (for lists that link to posts).
pub async fn slugs_and_titles(db: &impl ConnectionTrait, ids: impl IntoIterator<Item = Uuid>) -> Result<HashMap<Uuid, (String, String)>, DbErr> {
    let rows: Vec<(Uuid, String, String)> = posts::Entity::find()
        .select_only()
        .columns([posts::Column::Id, posts::Column::Slug, posts::Column::Title])
        .filter(posts::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, slug, title)| (id, (slug, title))).collect())
}
