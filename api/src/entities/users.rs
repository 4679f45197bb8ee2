use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub role: String,
    pub email_verified_at: Option<DateTimeUtc>,
    pub premium_until: Option<DateTimeUtc>,
    pub digest: bool,
    pub google_sub: Option<String>,
    pub stripe_customer_id: Option<String>,
    pub premium_granted_until: Option<DateTimeUtc>,
    pub disabled_at: Option<DateTimeUtc>,
    /// `system`, `light` or `dark`.
    pub theme: String,
    /// The avatar image (an upload's URL), if one was set.
    pub avatar_url: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
