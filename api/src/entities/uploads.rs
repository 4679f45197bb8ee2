use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "uploads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Option<Uuid>,
    pub post_id: Option<Uuid>,
    /// `post` or `avatar`.
    pub purpose: String,
    /// `image`, `pdf`, `csv`, `json` or `parquet`.
    pub kind: String,
    pub content_type: String,
    pub original_name: String,
    pub bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// JSON list of `{"key", "width", "content_type"}`.
    #[sea_orm(column_type = "Text")]
    pub variants: String,
    /// For a PDF: `pending`, `ready`, `no_text` or `failed`.
    pub text_status: Option<String>,
    pub pages: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
