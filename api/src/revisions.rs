//! Every saved version of a post: who saved it, when, its title and markdown. Admins read
//! them, see how one differs from the current text, and restore one (itself a new revision).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    entities::post_revisions,
    error::ApiError,
    pagination::{self, Cursor, Page, PageRequest},
};

/// Keeps `title` and `markdown` as the post's newest revision, unless they are the newest
/// already (a save that changed neither keeps nothing new).
pub async fn record(db: &impl ConnectionTrait, post_id: Uuid, author: Option<Uuid>, title: &str, markdown: &str) -> Result<(), DbErr> {
    let latest = post_revisions::Entity::find()
        .filter(post_revisions::Column::PostId.eq(post_id))
        .order_by_desc(post_revisions::Column::CreatedAt)
        .order_by_desc(post_revisions::Column::Id)
        .one(db)
        .await?;
    if latest.is_some_and(|r| r.title == title && r.markdown == markdown) {
        return Ok(());
    }
    let row = post_revisions::ActiveModel {
        id: Set(Uuid::now_v7()),
        post_id: Set(post_id),
        author_id: Set(author),
        title: Set(title.to_string()),
        markdown: Set(markdown.to_string()),
        created_at: Set(crate::domain::now()),
    };
    post_revisions::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

/// A revision in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionSummary {
    pub id: Uuid,
    pub title: String,
    /// Who saved it (`null` once their account is gone).
    pub author_name: Option<String>,
    /// The markdown's length in characters.
    pub characters: usize,
    pub created_at: DateTime<Utc>,
}

/// One line of a diff from the revision to the current text.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffLine {
    pub change: DiffChange,
    pub text: String,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DiffChange {
    /// In both.
    Same,
    /// Only in the revision (the current text lacks it).
    Removed,
    /// Only in the current text.
    Added,
}

/// A revision whole, with how the current text differs from it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionDetail {
    pub id: Uuid,
    pub title: String,
    pub markdown: String,
    pub author_name: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The current title differs from this revision's.
    pub title_changed: bool,
    /// Line by line, from this revision to the current markdown.
    pub diff: Vec<DiffLine>,
}

pub async fn list(db: &impl ConnectionTrait, post_id: Uuid, page: PageRequest) -> Result<Page<RevisionSummary>, ApiError> {
    let mut query = post_revisions::Entity::find().filter(post_revisions::Column::PostId.eq(post_id));
    if let Some(c) = page.after {
        query = query.filter(pagination::after(post_revisions::Column::CreatedAt, post_revisions::Column::Id, c));
    }
    let mut rows = query.order_by_desc(post_revisions::Column::CreatedAt).order_by_desc(post_revisions::Column::Id).limit(page.limit + 1).all(db).await?;
    let next_cursor = pagination::split_page(&mut rows, page.limit, |r| Cursor { at: r.created_at, id: r.id });
    let names = crate::comments::service::display_names(db, rows.iter().filter_map(|r| r.author_id)).await?;
    let items = rows
        .into_iter()
        .map(|r| RevisionSummary {
            id: r.id,
            author_name: r.author_id.and_then(|a| names.get(&a).cloned()),
            characters: r.markdown.chars().count(),
            title: r.title,
            created_at: r.created_at,
        })
        .collect();
    Ok(Page { items, next_cursor })
}

pub async fn find(db: &impl ConnectionTrait, post_id: Uuid, id: Uuid) -> Result<post_revisions::Model, ApiError> {
    post_revisions::Entity::find_by_id(id).filter(post_revisions::Column::PostId.eq(post_id)).one(db).await?.ok_or(ApiError::NotFound("revision"))
}

pub async fn detail(db: &impl ConnectionTrait, post_id: Uuid, id: Uuid, current_title: &str, current_markdown: &str) -> Result<RevisionDetail, ApiError> {
    let r = find(db, post_id, id).await?;
    let names = crate::comments::service::display_names(db, r.author_id).await?;
    Ok(RevisionDetail {
        diff: diff(&r.markdown, current_markdown),
        title_changed: r.title != current_title,
        author_name: r.author_id.and_then(|a| names.get(&a).cloned()),
        id: r.id,
        title: r.title,
        markdown: r.markdown,
        created_at: r.created_at,
    })
}

/// Line diff from `old` to `new`.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            change: match c.tag() {
                similar::ChangeTag::Equal => DiffChange::Same,
                similar::ChangeTag::Delete => DiffChange::Removed,
                similar::ChangeTag::Insert => DiffChange::Added,
            },
            text: c.value().trim_end_matches('\n').to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_marks_what_changed_line_by_line() {
        let d = diff("a\nb\nc\n", "a\nB\nc\nd\n");
        let marked: Vec<_> = d.iter().map(|l| (l.change, l.text.as_str())).collect();
        assert_eq!(marked, vec![(DiffChange::Same, "a"), (DiffChange::Removed, "b"), (DiffChange::Added, "B"), (DiffChange::Same, "c"), (DiffChange::Added, "d")]);
    }
}
