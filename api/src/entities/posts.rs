use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub markdown: String,
    #[sea_orm(column_type = "Text")]
    pub html: String,
    #[sea_orm(column_type = "Text")]
    pub teaser_html: String,
    pub status: String,
    pub published_at: Option<DateTimeUtc>,
    pub difficulty: String,
    pub premium: bool,
    pub reading_minutes: i32,
    pub author_id: Uuid,
    pub series_id: Option<Uuid>,
    pub series_position: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::AuthorId", to = "super::users::Column::Id")]
    Author,
    #[sea_orm(belongs_to = "super::series::Entity", from = "Column::SeriesId", to = "super::series::Column::Id")]
    Series,
}

impl ActiveModelBehavior for ActiveModel {}
