//! The `documents` table: rendered documents shared by every API process.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, 
    sea_query::{Expr, ExprTrait, OnConflict},
};

use crate::entities::{content_generation, documents};

/// The content generation now; read it before reading the content a render is made from.
pub async fn generation(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(content_generation::Entity::find_by_id(1).one(db).await?.map_or(0, |g| g.generation))
}

/// Marks every render made before this point stale. Runs inside the content change's
/// transaction, so it holds the row until that change commits.
pub async fn bump_generation(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    content_generation::Entity::update_many()
        .col_expr(content_generation::Column::Generation, Expr::col(content_generation::Column::Generation).add(1))
        .filter(content_generation::Column::Id.eq(1))
        .exec(db)
        .await?;
    Ok(())
}

/// Stores renders made at generation `seen`, and drops the paths that rendered to nothing,
/// unless content changed since: then nothing is written (the next request renders anew).
/// The generation row is read under a write lock, so a change committing meanwhile either
/// waits for this write (and then deletes what it wrote) or is seen here.
pub async fn save_if_current(db: &DatabaseConnection, seen: i64, docs: Vec<documents::Model>, gone: &[String]) -> Result<bool, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let current = content_generation::Entity::find_by_id(1).lock_exclusive().one(&txn).await?.map_or(0, |g| g.generation);
    if current != seen {
        txn.rollback().await?;
        return Ok(false);
    }
    for doc in docs {
        save(&txn, doc).await?;
    }
    for path in gone {
        delete(&txn, path).await?;
    }
    txn.commit().await?;
    Ok(true)
}

pub async fn find(db: &impl ConnectionTrait, path: &str) -> Result<Option<documents::Model>, DbErr> {
    documents::Entity::find_by_id(path.to_string()).one(db).await
}

/// Inserts or replaces a document. Processes rendering the same path at once both succeed;
/// the last write wins, and both wrote the same content unless posts changed in between.
async fn save(db: &impl ConnectionTrait, doc: documents::Model) -> Result<(), DbErr> {
    documents::Entity::insert(doc.into_active_model())
        .on_conflict(
            OnConflict::column(documents::Column::Path)
                .update_columns([
                    documents::Column::ContentType,
                    documents::Column::Body,
                    documents::Column::Etag,
                    documents::Column::UpdatedAt,
                    documents::Column::ExpiresAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Paths of every stored document.
pub async fn paths(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    documents::Entity::find().select_only().column(documents::Column::Path).into_tuple::<String>().all(db).await
}

async fn delete(db: &impl ConnectionTrait, path: &str) -> Result<(), DbErr> {
    documents::Entity::delete_many().filter(documents::Column::Path.eq(path)).exec(db).await?;
    Ok(())
}

pub async fn delete_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    documents::Entity::delete_many().exec(db).await?;
    Ok(())
}
