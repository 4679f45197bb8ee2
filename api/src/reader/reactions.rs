use actix_web::{delete, get, put, web};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set, sea_query::OnConflict};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    auth::{AuthUser, MaybeUser},
    entities::reactions,
    error::{ApiError, Problem},
    state::AppState,
};

/// The reactions a reader can leave on a post, one of each at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReactionKind {
    Like,
    Insightful,
    Celebrate,
    Confused,
}

impl ReactionKind {
    pub const ALL: [Self; 4] = [Self::Like, Self::Insightful, Self::Celebrate, Self::Confused];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Like => "like",
            Self::Insightful => "insightful",
            Self::Celebrate => "celebrate",
            Self::Confused => "confused",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How many readers left each reaction, and which ones I left.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reactions {
    pub like: u64,
    pub insightful: u64,
    pub celebrate: u64,
    pub confused: u64,
    /// Mine (empty when not signed in).
    pub mine: Vec<ReactionKind>,
}

pub async fn mine(db: &impl ConnectionTrait, user: Uuid, posts: &[Uuid]) -> Result<Vec<(Uuid, ReactionKind)>, ApiError> {
    let rows: Vec<(Uuid, String)> = reactions::Entity::find()
        .select_only()
        .column(reactions::Column::PostId)
        .column(reactions::Column::Kind)
        .filter(reactions::Column::UserId.eq(user))
        .filter(reactions::Column::PostId.is_in(posts.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(p, k)| ReactionKind::parse(&k).map(|k| (p, k))).collect())
}

async fn counts(db: &impl ConnectionTrait, post: Uuid, me: Option<Uuid>) -> Result<Reactions, ApiError> {
    let rows: Vec<(String, i64)> = reactions::Entity::find()
        .select_only()
        .column(reactions::Column::Kind)
        .column_as(reactions::Column::UserId.count(), "n")
        .filter(reactions::Column::PostId.eq(post))
        .group_by(reactions::Column::Kind)
        .into_tuple()
        .all(db)
        .await?;
    let count = |k: ReactionKind| rows.iter().find(|(kind, _)| kind == k.as_str()).map_or(0, |(_, n)| *n as u64);
    let mine = match me {
        Some(me) => mine(db, me, &[post]).await?.into_iter().map(|(_, k)| k).collect(),
        None => Vec::new(),
    };
    Ok(Reactions {
        like: count(ReactionKind::Like),
        insightful: count(ReactionKind::Insightful),
        celebrate: count(ReactionKind::Celebrate),
        confused: count(ReactionKind::Confused),
        mine,
    })
}

/// A post's reaction counts (and mine, when signed in).
#[utoipa::path(
    tag = "reader",
    operation_id = "get_reactions",
    security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "The post slug")),
    responses(
        (status = 200, description = "The counts", body = Reactions),
        (status = 404, description = "No such published post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/posts/{slug}/reactions")]
pub async fn get_reactions(st: web::Data<AppState>, me: MaybeUser, slug: web::Path<String>) -> Result<web::Json<Reactions>, ApiError> {
    let post = super::visible_post(&st.db, &slug).await?;
    Ok(web::Json(counts(&st.db, post.id, me.0.map(|u| u.id)).await?))
}

/// React to a post (reacting the same way again changes nothing).
#[utoipa::path(
    tag = "reader",
    operation_id = "add_reaction",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The post slug"), ("kind" = ReactionKind, Path, description = "The reaction")),
    responses(
        (status = 200, description = "The counts after it", body = Reactions),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/posts/{slug}/reactions/{kind}")]
pub async fn add_reaction(st: web::Data<AppState>, me: AuthUser, path: web::Path<(String, ReactionKind)>) -> Result<web::Json<Reactions>, ApiError> {
    let (slug, kind) = path.into_inner();
    let post = super::visible_post(&st.db, &slug).await?;
    let row = reactions::ActiveModel { post_id: Set(post.id), kind: Set(kind.as_str().into()), user_id: Set(me.id), created_at: Set(crate::domain::now()) };
    reactions::Entity::insert(row)
        .on_conflict(OnConflict::columns([reactions::Column::PostId, reactions::Column::Kind, reactions::Column::UserId]).do_nothing().to_owned())
        .exec_without_returning(&st.db)
        .await?;
    Ok(web::Json(counts(&st.db, post.id, Some(me.id)).await?))
}

/// Take a reaction back.
#[utoipa::path(
    tag = "reader",
    operation_id = "remove_reaction",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The post slug"), ("kind" = ReactionKind, Path, description = "The reaction")),
    responses(
        (status = 200, description = "The counts after it", body = Reactions),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published post", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/posts/{slug}/reactions/{kind}")]
pub async fn remove_reaction(st: web::Data<AppState>, me: AuthUser, path: web::Path<(String, ReactionKind)>) -> Result<web::Json<Reactions>, ApiError> {
    let (slug, kind) = path.into_inner();
    let post = super::visible_post(&st.db, &slug).await?;
    reactions::Entity::delete_many()
        .filter(reactions::Column::PostId.eq(post.id))
        .filter(reactions::Column::Kind.eq(kind.as_str()))
        .filter(reactions::Column::UserId.eq(me.id))
        .exec(&st.db)
        .await?;
    Ok(web::Json(counts(&st.db, post.id, Some(me.id)).await?))
}
