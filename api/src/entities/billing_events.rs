use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "billing_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub stripe_id: String,
    #[sea_orm(column_name = "type")]
    pub kind: String,
    pub stripe_created_at: DateTimeUtc,
    pub subscription_id: Option<String>,
    pub customer_id: Option<String>,
    pub client_reference: Option<String>,
    pub payload: String,
    pub state: String,
    pub error: Option<String>,
    pub attempts: i32,
    pub received_at: DateTimeUtc,
    pub processed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
