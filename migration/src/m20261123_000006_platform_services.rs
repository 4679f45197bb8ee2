//! Accounts (email tokens, Google link, digest opt-in), the email outbox, newsletter
//! subscribers, and the bookkeeping that makes background jobs idempotent.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UsersExtra {
    /// Opted in to the daily digest.
    Digest,
    /// Google's stable subject id once the account is linked.
    GoogleSub,
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    Id,
    UserId,
    /// `verify_email` or `reset_password`.
    Purpose,
    /// SHA-256 of the token; the token itself only travels in the email.
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Emails {
    Table,
    Id,
    /// One logical email, e.g. `digest:2026-11-22:user:42`; a second attempt to create it is a no-op.
    IdempotencyKey,
    Kind,
    ToAddress,
    Subject,
    TextBody,
    HtmlBody,
    /// Extra headers as a JSON object (List-Unsubscribe, …).
    Headers,
    /// queued | sending | sent | stored | failed
    State,
    Attempts,
    LastError,
    CreatedAt,
    ClaimedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum NewsletterSubscribers {
    Table,
    Id,
    Email,
    /// pending | confirmed | unsubscribed
    Status,
    ConfirmTokenHash,
    CreatedAt,
    ConfirmedAt,
    UnsubscribedAt,
}

#[derive(DeriveIden)]
enum JobClaims {
    Table,
    /// A scheduled period (`schedule:daily_digest:2026-11-22`) or a done effect.
    Key,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DeadJobs {
    Table,
    Id,
    Job,
    Payload,
    Error,
    Attempts,
    DiedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(Table::alter().table(Users::Table).add_column(boolean(UsersExtra::Digest).default(false)).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Users::Table).add_column(string_null(UsersExtra::GoogleSub)).to_owned())
            .await?;
        manager
            .create_index(Index::create().name("idx_users_google_sub").table(Users::Table).col(UsersExtra::GoogleSub).unique().to_owned())
            .await?;
        manager
            .create_index(Index::create().name("idx_users_digest").table(Users::Table).col(UsersExtra::Digest).col(Users::Id).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmailTokens::Table)
                    .col(pk_uuid(EmailTokens::Id))
                    .col(uuid(EmailTokens::UserId))
                    .col(string(EmailTokens::Purpose))
                    .col(string_uniq(EmailTokens::TokenHash))
                    .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
                    .col(timestamp_with_time_zone(EmailTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EmailTokens::Table, EmailTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_email_tokens_user").table(EmailTokens::Table).col(EmailTokens::UserId).col(EmailTokens::Purpose).to_owned())
            .await?;
        manager
            .create_index(Index::create().name("idx_email_tokens_expires").table(EmailTokens::Table).col(EmailTokens::ExpiresAt).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Emails::Table)
                    .col(pk_uuid(Emails::Id))
                    .col(string_null(Emails::IdempotencyKey).unique_key())
                    .col(string(Emails::Kind))
                    .col(string(Emails::ToAddress))
                    .col(string(Emails::Subject))
                    .col(text(Emails::TextBody))
                    .col(text(Emails::HtmlBody))
                    .col(text(Emails::Headers))
                    .col(string(Emails::State))
                    .col(integer(Emails::Attempts).default(0))
                    .col(text_null(Emails::LastError))
                    .col(timestamp_with_time_zone(Emails::CreatedAt))
                    .col(timestamp_with_time_zone_null(Emails::ClaimedAt))
                    .col(timestamp_with_time_zone_null(Emails::SentAt))
                    .to_owned(),
            )
            .await?;
        // The mailbox pages newest first; the outbox sweep looks for old queued rows.
        manager
            .create_index(Index::create().name("idx_emails_created").table(Emails::Table).col(Emails::CreatedAt).col(Emails::Id).to_owned())
            .await?;
        manager
            .create_index(Index::create().name("idx_emails_to").table(Emails::Table).col(Emails::ToAddress).col(Emails::CreatedAt).to_owned())
            .await?;
        manager
            .create_index(Index::create().name("idx_emails_state").table(Emails::Table).col(Emails::State).col(Emails::CreatedAt).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(NewsletterSubscribers::Table)
                    .col(pk_uuid(NewsletterSubscribers::Id))
                    .col(string_uniq(NewsletterSubscribers::Email))
                    .col(string(NewsletterSubscribers::Status))
                    .col(string_null(NewsletterSubscribers::ConfirmTokenHash).unique_key())
                    .col(timestamp_with_time_zone(NewsletterSubscribers::CreatedAt))
                    .col(timestamp_with_time_zone_null(NewsletterSubscribers::ConfirmedAt))
                    .col(timestamp_with_time_zone_null(NewsletterSubscribers::UnsubscribedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_newsletter_status")
                    .table(NewsletterSubscribers::Table)
                    .col(NewsletterSubscribers::Status)
                    .col(NewsletterSubscribers::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(JobClaims::Table)
                    .col(string(JobClaims::Key).primary_key())
                    .col(timestamp_with_time_zone(JobClaims::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_job_claims_created").table(JobClaims::Table).col(JobClaims::CreatedAt).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DeadJobs::Table)
                    .col(pk_uuid(DeadJobs::Id))
                    .col(string(DeadJobs::Job))
                    .col(text(DeadJobs::Payload))
                    .col(text(DeadJobs::Error))
                    .col(integer(DeadJobs::Attempts))
                    .col(timestamp_with_time_zone(DeadJobs::DiedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_dead_jobs_died").table(DeadJobs::Table).col(DeadJobs::DiedAt).col(DeadJobs::Id).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [DeadJobs::Table.into_iden(), JobClaims::Table.into_iden(), NewsletterSubscribers::Table.into_iden(), Emails::Table.into_iden(), EmailTokens::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.drop_index(Index::drop().name("idx_users_digest").table(Users::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_users_google_sub").table(Users::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(UsersExtra::GoogleSub).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(UsersExtra::Digest).to_owned()).await
    }
}
