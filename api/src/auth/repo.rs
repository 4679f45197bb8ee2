//! Queries on users and refresh tokens.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Func, LikeExpr},
};
use uuid::Uuid;

use crate::{
    domain::now,
    pagination::{self, PageRequest},
    entities::{refresh_tokens, users},
};

pub async fn find_user(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<users::Model>, sea_orm::DbErr> {
    users::Entity::find_by_id(id).one(db).await
}

pub async fn find_user_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<users::Model>, sea_orm::DbErr> {
    users::Entity::find().filter(users::Column::Email.eq(email)).one(db).await
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<String>,
    pub role: &'a str,
}

pub async fn insert_user(db: &impl ConnectionTrait, new: NewUser<'_>) -> Result<users::Model, sea_orm::DbErr> {
    let at = now();
    let model = users::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(new.email.to_string()),
        display_name: Set(new.display_name.to_string()),
        password_hash: Set(new.password_hash),
        role: Set(new.role.to_string()),
        email_verified_at: Set(None),
        premium_until: Set(None),
        digest: Set(false),
        google_sub: Set(None),
        stripe_customer_id: Set(None),
        premium_granted_until: Set(None),
        disabled_at: Set(None),
        theme: Set("system".into()),
        avatar_url: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
    };
    users::Entity::insert(model).exec_with_returning(db).await
}

pub async fn set_role_and_password(db: &impl ConnectionTrait, id: Uuid, role: &str, password_hash: String) -> Result<(), sea_orm::DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::Role, Expr::value(role))
        .col_expr(users::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(users::Column::UpdatedAt, Expr::value(now()))
        .filter(users::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn insert_refresh_token(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let model = refresh_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        family_id: Set(family_id),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now()),
    };
    refresh_tokens::Entity::insert(model).exec_without_returning(db).await?;
    Ok(())
}

pub async fn find_refresh_token(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<refresh_tokens::Model>, sea_orm::DbErr> {
    refresh_tokens::Entity::find().filter(refresh_tokens::Column::TokenHash.eq(token_hash)).one(db).await
}

/// Marks a token spent; false when another request spent it first.
pub async fn spend_refresh_token(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, sea_orm::DbErr> {
    let result = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now()))
        .filter(refresh_tokens::Column::Id.eq(id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn revoke_family(db: &impl ConnectionTrait, family_id: Uuid) -> Result<(), sea_orm::DbErr> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now()))
        .filter(refresh_tokens::Column::FamilyId.eq(family_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every live refresh token of a user (the account was disabled).
pub async fn revoke_user_tokens(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), sea_orm::DbErr> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now()))
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Accounts newest first, keyset on `(created_at, id)`; optionally the one with `email`.
/// Accounts newest first: one email exactly, or those whose email or name contains `q`.
pub async fn list_users(db: &impl ConnectionTrait, page: PageRequest, email: Option<&str>, q: Option<&str>) -> Result<Vec<users::Model>, sea_orm::DbErr> {
    let mut query = users::Entity::find().order_by_desc(users::Column::CreatedAt).order_by_desc(users::Column::Id).limit(page.limit + 1);
    if let Some(email) = email {
        query = query.filter(users::Column::Email.eq(email));
    }
    if let Some(q) = q {
        // Lower-cased on both sides (the PostgreSQL trigram indexes are on lower(...)), with
        // LIKE's wildcards in the text taken literally.
        let pattern = format!("%{}%", q.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let contains = |col: users::Column| Expr::expr(Func::lower(Expr::col(col))).like(LikeExpr::new(pattern.clone()).escape('\\'));
        query = query.filter(Condition::any().add(contains(users::Column::Email)).add(contains(users::Column::DisplayName)));
    }
    if let Some(cursor) = page.after {
        query = query.filter(pagination::after(users::Column::CreatedAt, users::Column::Id, cursor));
    }
    query.all(db).await
}
