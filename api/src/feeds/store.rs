//! The `documents` table: rendered documents shared by every API process.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, sea_query::OnConflict};

use crate::entities::documents;

pub async fn find(db: &impl ConnectionTrait, path: &str) -> Result<Option<documents::Model>, DbErr> {
    documents::Entity::find_by_id(path.to_string()).one(db).await
}

/// Inserts or replaces a document. Processes rendering the same path at once both succeed;
/// the last write wins, and both wrote the same content unless posts changed in between.
pub async fn save(db: &impl ConnectionTrait, doc: documents::Model) -> Result<(), DbErr> {
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

pub async fn delete(db: &impl ConnectionTrait, path: &str) -> Result<(), DbErr> {
    documents::Entity::delete_many().filter(documents::Column::Path.eq(path)).exec(db).await?;
    Ok(())
}

pub async fn delete_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    documents::Entity::delete_many().exec(db).await?;
    Ok(())
}
