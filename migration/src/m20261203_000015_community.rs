//! The community around a post: threaded comments and their moderation, reactions,
//! bookmarks, reading progress, series follows, notifications, and the activity facts
//! (who did what to which post, when) that rewards are later computed from.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{m20261123_000001_create_users::Users, m20261123_000003_create_series::Series, m20261123_000004_create_posts::Posts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    PostId,
    /// NULL once the author's account is deleted: the comment stays, as "deleted member".
    AuthorId,
    ParentId,
    /// The top-level comment of the thread (its own id for a top-level comment).
    ThreadId,
    Depth,
    Markdown,
    Html,
    /// published, pending (held for review), hidden (by a moderator) or deleted.
    Status,
    /// Why a held comment was held (first comment, a spam rule), for the moderator.
    HeldReason,
    EditedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CommentReports {
    Table,
    Id,
    CommentId,
    ReporterId,
    Reason,
    ResolvedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ModerationActions {
    Table,
    Id,
    ActorId,
    Action,
    CommentId,
    UserId,
    Note,
    CreatedAt,
}

/// Members who may not comment, while the row exists.
#[derive(DeriveIden)]
enum CommentBans {
    Table,
    UserId,
    ActorId,
    Reason,
    CreatedAt,
}

/// Posts that take no new comments, while the row exists.
#[derive(DeriveIden)]
enum ClosedComments {
    Table,
    PostId,
    ActorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reactions {
    Table,
    PostId,
    Kind,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Bookmarks {
    Table,
    UserId,
    PostId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReadingProgress {
    Table,
    UserId,
    PostId,
    /// The deepest point reached, 0 to 100.
    Percent,
    ActiveSeconds,
    CompletedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SeriesFollows {
    Table,
    UserId,
    SeriesId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    /// A UUIDv7: time-ordered, so it doubles as the event-stream position.
    Id,
    UserId,
    Kind,
    Title,
    Body,
    Link,
    /// One notification per effect and recipient (`reply:<comment id>`), so a retried job
    /// never notifies twice.
    DedupeKey,
    ReadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Activity {
    Table,
    Id,
    UserId,
    /// post_completed, comment_published, series_completed, …
    Kind,
    /// What the fact is about (the post, the comment, the series): unique per user and kind.
    SubjectId,
    PostId,
    CreatedAt,
}

fn user_fk(table: impl IntoIden, col: impl IntoIden, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(Users::Table, Users::Id).on_delete(on_delete).to_owned()
}

fn post_fk(table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(Posts::Table, Posts::Id).on_delete(ForeignKeyAction::Cascade).to_owned()
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: Vec<DynIden>, unique: bool) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

macro_rules! cols {
    ($($c:expr),* $(,)?) => { vec![$($c.into_iden()),*] };
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CommentBans::Table)
                    .col(uuid(CommentBans::UserId).primary_key())
                    .col(uuid_null(CommentBans::ActorId))
                    .col(text_null(CommentBans::Reason))
                    .col(timestamp_with_time_zone(CommentBans::CreatedAt))
                    .foreign_key(&mut user_fk(CommentBans::Table, CommentBans::UserId, ForeignKeyAction::Cascade))
                    .foreign_key(&mut user_fk(CommentBans::Table, CommentBans::ActorId, ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ClosedComments::Table)
                    .col(uuid(ClosedComments::PostId).primary_key())
                    .col(uuid_null(ClosedComments::ActorId))
                    .col(timestamp_with_time_zone(ClosedComments::CreatedAt))
                    .foreign_key(&mut post_fk(ClosedComments::Table, ClosedComments::PostId))
                    .foreign_key(&mut user_fk(ClosedComments::Table, ClosedComments::ActorId, ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(pk_uuid(Comments::Id))
                    .col(uuid(Comments::PostId))
                    .col(uuid_null(Comments::AuthorId))
                    .col(uuid_null(Comments::ParentId))
                    .col(uuid(Comments::ThreadId))
                    .col(integer(Comments::Depth))
                    .col(text(Comments::Markdown))
                    .col(text(Comments::Html))
                    .col(string(Comments::Status))
                    .col(string_null(Comments::HeldReason))
                    .col(timestamp_with_time_zone_null(Comments::EditedAt))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .col(timestamp_with_time_zone(Comments::UpdatedAt))
                    .foreign_key(&mut post_fk(Comments::Table, Comments::PostId))
                    .foreign_key(&mut user_fk(Comments::Table, Comments::AuthorId, ForeignKeyAction::SetNull))
                    .foreign_key(ForeignKey::create().from(Comments::Table, Comments::ParentId).to(Comments::Table, Comments::Id).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        // A post's threads, keyset-paged oldest first; then each page's replies by thread.
        index(manager, "idx_comments_threads", Comments::Table, cols![Comments::PostId, Comments::Depth, Comments::CreatedAt, Comments::Id], false).await?;
        index(manager, "idx_comments_thread", Comments::Table, cols![Comments::ThreadId, Comments::CreatedAt, Comments::Id], false).await?;
        // The moderation queue (held, oldest first) and a member's recent comments (spam rules).
        index(manager, "idx_comments_status", Comments::Table, cols![Comments::Status, Comments::CreatedAt, Comments::Id], false).await?;
        index(manager, "idx_comments_author", Comments::Table, cols![Comments::AuthorId, Comments::CreatedAt], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(CommentReports::Table)
                    .col(pk_uuid(CommentReports::Id))
                    .col(uuid(CommentReports::CommentId))
                    .col(uuid(CommentReports::ReporterId))
                    .col(text(CommentReports::Reason))
                    .col(timestamp_with_time_zone_null(CommentReports::ResolvedAt))
                    .col(timestamp_with_time_zone(CommentReports::CreatedAt))
                    .foreign_key(ForeignKey::create().from(CommentReports::Table, CommentReports::CommentId).to(Comments::Table, Comments::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(&mut user_fk(CommentReports::Table, CommentReports::ReporterId, ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_comment_reports_once", CommentReports::Table, cols![CommentReports::CommentId, CommentReports::ReporterId], true).await?;
        index(manager, "idx_comment_reports_open", CommentReports::Table, cols![CommentReports::ResolvedAt, CommentReports::CreatedAt], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(ModerationActions::Table)
                    .col(pk_uuid(ModerationActions::Id))
                    .col(uuid_null(ModerationActions::ActorId))
                    .col(string(ModerationActions::Action))
                    .col(uuid_null(ModerationActions::CommentId))
                    .col(uuid_null(ModerationActions::UserId))
                    .col(text_null(ModerationActions::Note))
                    .col(timestamp_with_time_zone(ModerationActions::CreatedAt))
                    .foreign_key(&mut user_fk(ModerationActions::Table, ModerationActions::ActorId, ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_moderation_actions_comment", ModerationActions::Table, cols![ModerationActions::CommentId, ModerationActions::CreatedAt], false).await?;
        index(manager, "idx_moderation_actions_user", ModerationActions::Table, cols![ModerationActions::UserId, ModerationActions::CreatedAt], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Reactions::Table)
                    .col(uuid(Reactions::PostId))
                    .col(string(Reactions::Kind))
                    .col(uuid(Reactions::UserId))
                    .col(timestamp_with_time_zone(Reactions::CreatedAt))
                    // Counts per kind for a post read the key's prefix.
                    .primary_key(Index::create().col(Reactions::PostId).col(Reactions::Kind).col(Reactions::UserId))
                    .foreign_key(&mut post_fk(Reactions::Table, Reactions::PostId))
                    .foreign_key(&mut user_fk(Reactions::Table, Reactions::UserId, ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_reactions_user", Reactions::Table, cols![Reactions::UserId, Reactions::PostId], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Bookmarks::Table)
                    .col(uuid(Bookmarks::UserId))
                    .col(uuid(Bookmarks::PostId))
                    .col(timestamp_with_time_zone(Bookmarks::CreatedAt))
                    .primary_key(Index::create().col(Bookmarks::UserId).col(Bookmarks::PostId))
                    .foreign_key(&mut post_fk(Bookmarks::Table, Bookmarks::PostId))
                    .foreign_key(&mut user_fk(Bookmarks::Table, Bookmarks::UserId, ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_bookmarks_user_created", Bookmarks::Table, cols![Bookmarks::UserId, Bookmarks::CreatedAt, Bookmarks::PostId], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(ReadingProgress::Table)
                    .col(uuid(ReadingProgress::UserId))
                    .col(uuid(ReadingProgress::PostId))
                    .col(integer(ReadingProgress::Percent))
                    .col(integer(ReadingProgress::ActiveSeconds))
                    .col(timestamp_with_time_zone_null(ReadingProgress::CompletedAt))
                    .col(timestamp_with_time_zone(ReadingProgress::CreatedAt))
                    .col(timestamp_with_time_zone(ReadingProgress::UpdatedAt))
                    .primary_key(Index::create().col(ReadingProgress::UserId).col(ReadingProgress::PostId))
                    .foreign_key(&mut post_fk(ReadingProgress::Table, ReadingProgress::PostId))
                    .foreign_key(&mut user_fk(ReadingProgress::Table, ReadingProgress::UserId, ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_reading_progress_user_updated", ReadingProgress::Table, cols![ReadingProgress::UserId, ReadingProgress::UpdatedAt, ReadingProgress::PostId], false)
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SeriesFollows::Table)
                    .col(uuid(SeriesFollows::UserId))
                    .col(uuid(SeriesFollows::SeriesId))
                    .col(timestamp_with_time_zone(SeriesFollows::CreatedAt))
                    .primary_key(Index::create().col(SeriesFollows::UserId).col(SeriesFollows::SeriesId))
                    .foreign_key(ForeignKey::create().from(SeriesFollows::Table, SeriesFollows::SeriesId).to(Series::Table, Series::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(&mut user_fk(SeriesFollows::Table, SeriesFollows::UserId, ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        // A new post in a series notifies its followers.
        index(manager, "idx_series_follows_series", SeriesFollows::Table, cols![SeriesFollows::SeriesId, SeriesFollows::UserId], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_uuid(Notifications::Id))
                    .col(uuid(Notifications::UserId))
                    .col(string(Notifications::Kind))
                    .col(string(Notifications::Title))
                    .col(text(Notifications::Body))
                    .col(string(Notifications::Link))
                    .col(string(Notifications::DedupeKey))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .foreign_key(&mut user_fk(Notifications::Table, Notifications::UserId, ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_notifications_once", Notifications::Table, cols![Notifications::UserId, Notifications::DedupeKey], true).await?;
        index(manager, "idx_notifications_user", Notifications::Table, cols![Notifications::UserId, Notifications::Id], false).await?;
        index(manager, "idx_notifications_unread", Notifications::Table, cols![Notifications::UserId, Notifications::ReadAt], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Activity::Table)
                    .col(pk_uuid(Activity::Id))
                    .col(uuid(Activity::UserId))
                    .col(string(Activity::Kind))
                    .col(uuid(Activity::SubjectId))
                    .col(uuid_null(Activity::PostId))
                    .col(timestamp_with_time_zone(Activity::CreatedAt))
                    .foreign_key(&mut user_fk(Activity::Table, Activity::UserId, ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_activity_once", Activity::Table, cols![Activity::UserId, Activity::Kind, Activity::SubjectId], true).await?;
        index(manager, "idx_activity_user_created", Activity::Table, cols![Activity::UserId, Activity::CreatedAt], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Activity::Table.into_iden(),
            Notifications::Table.into_iden(),
            SeriesFollows::Table.into_iden(),
            ReadingProgress::Table.into_iden(),
            Bookmarks::Table.into_iden(),
            Reactions::Table.into_iden(),
            ModerationActions::Table.into_iden(),
            CommentReports::Table.into_iden(),
            Comments::Table.into_iden(),
            ClosedComments::Table.into_iden(),
            CommentBans::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
