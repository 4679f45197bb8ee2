//! Stripe billing: one customer per user, the subscriptions Stripe reports, the webhook event
//! log, and the admin's own premium grants.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UsersBilling {
    /// The Stripe customer made for this user on their first checkout; reused ever after.
    StripeCustomerId,
    /// Premium granted by an admin, independent of any subscription.
    PremiumGrantedUntil,
}

#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    Id,
    /// Stripe's subscription id (`sub_…`).
    StripeId,
    UserId,
    CustomerId,
    /// Stripe's status: active, trialing, past_due, canceled, unpaid, incomplete, …
    Status,
    /// monthly | yearly, when the price is one of the configured plans.
    Plan,
    PriceId,
    CurrentPeriodStart,
    CurrentPeriodEnd,
    CancelAtPeriodEnd,
    CanceledAt,
    EndedAt,
    /// When the state stored here was true at Stripe; an older snapshot never replaces it.
    SyncedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BillingEvents {
    Table,
    Id,
    /// Stripe's event id (`evt_…`): a redelivered event finds its row and is not applied again.
    StripeId,
    Type,
    /// When Stripe created the event.
    StripeCreatedAt,
    SubscriptionId,
    CustomerId,
    /// The user id a Checkout Session carried as its client reference.
    ClientReference,
    Payload,
    /// pending | processed | ignored | failed
    State,
    Error,
    Attempts,
    ReceivedAt,
    ProcessedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Users::Table).add_column(string_null(UsersBilling::StripeCustomerId)).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Users::Table).add_column(timestamp_with_time_zone_null(UsersBilling::PremiumGrantedUntil)).to_owned())
            .await?;
        manager
            .create_index(
                Index::create().name("idx_users_stripe_customer").table(Users::Table).col(UsersBilling::StripeCustomerId).unique().to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Subscriptions::Table)
                    .col(pk_uuid(Subscriptions::Id))
                    .col(string_uniq(Subscriptions::StripeId))
                    .col(uuid(Subscriptions::UserId))
                    .col(string(Subscriptions::CustomerId))
                    .col(string(Subscriptions::Status))
                    .col(string_null(Subscriptions::Plan))
                    .col(string(Subscriptions::PriceId))
                    .col(timestamp_with_time_zone(Subscriptions::CurrentPeriodStart))
                    .col(timestamp_with_time_zone(Subscriptions::CurrentPeriodEnd))
                    .col(boolean(Subscriptions::CancelAtPeriodEnd))
                    .col(timestamp_with_time_zone_null(Subscriptions::CanceledAt))
                    .col(timestamp_with_time_zone_null(Subscriptions::EndedAt))
                    .col(timestamp_with_time_zone(Subscriptions::SyncedAt))
                    .col(timestamp_with_time_zone(Subscriptions::CreatedAt))
                    .col(timestamp_with_time_zone(Subscriptions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Subscriptions::Table, Subscriptions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A user's subscriptions (access, the settings page); the admin list, newest first;
        // the hourly sync's walk over subscriptions that still grant access.
        manager
            .create_index(Index::create().name("idx_subscriptions_user").table(Subscriptions::Table).col(Subscriptions::UserId).col(Subscriptions::UpdatedAt).to_owned())
            .await?;
        manager
            .create_index(Index::create().name("idx_subscriptions_updated").table(Subscriptions::Table).col(Subscriptions::UpdatedAt).col(Subscriptions::Id).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_subscriptions_status")
                    .table(Subscriptions::Table)
                    .col(Subscriptions::Status)
                    .col(Subscriptions::UpdatedAt)
                    .col(Subscriptions::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BillingEvents::Table)
                    .col(pk_uuid(BillingEvents::Id))
                    .col(string_uniq(BillingEvents::StripeId))
                    .col(string(BillingEvents::Type))
                    .col(timestamp_with_time_zone(BillingEvents::StripeCreatedAt))
                    .col(string_null(BillingEvents::SubscriptionId))
                    .col(string_null(BillingEvents::CustomerId))
                    .col(string_null(BillingEvents::ClientReference))
                    .col(text(BillingEvents::Payload))
                    .col(string(BillingEvents::State))
                    .col(text_null(BillingEvents::Error))
                    .col(integer(BillingEvents::Attempts).default(0))
                    .col(timestamp_with_time_zone(BillingEvents::ReceivedAt))
                    .col(timestamp_with_time_zone_null(BillingEvents::ProcessedAt))
                    .to_owned(),
            )
            .await?;
        // The admin event log, newest first, optionally by state; the sweep for pending events.
        manager
            .create_index(Index::create().name("idx_billing_events_received").table(BillingEvents::Table).col(BillingEvents::ReceivedAt).col(BillingEvents::Id).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_billing_events_state")
                    .table(BillingEvents::Table)
                    .col(BillingEvents::State)
                    .col(BillingEvents::ReceivedAt)
                    .col(BillingEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(BillingEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Subscriptions::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_users_stripe_customer").table(Users::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(UsersBilling::PremiumGrantedUntil).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(UsersBilling::StripeCustomerId).to_owned()).await
    }
}
