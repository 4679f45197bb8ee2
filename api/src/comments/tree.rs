//! Turning a thread's rows into what a given reader sees: their own held comments, and
//! placeholders where a removed comment still has visible replies under it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::dto::{Comment, CommentAuthor, CommentStatus, CommentThread};
use crate::entities::comments;

/// Who is looking.
#[derive(Clone, Copy)]
pub struct Viewer {
    pub id: Option<Uuid>,
    pub is_admin: bool,
    pub now: DateTime<Utc>,
    pub edit_window: chrono::Duration,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    Full,
    /// Only if something under it is shown.
    PlaceholderIfReplies,
    Never,
}

fn shown(c: &comments::Model, viewer: Viewer) -> Shown {
    let own = viewer.id.is_some() && c.author_id == viewer.id;
    match CommentStatus::parse(&c.status) {
        CommentStatus::Published => Shown::Full,
        CommentStatus::Pending | CommentStatus::Hidden if own || viewer.is_admin => Shown::Full,
        CommentStatus::Pending => Shown::Never,
        CommentStatus::Hidden | CommentStatus::Deleted => Shown::PlaceholderIfReplies,
    }
}

pub fn to_dto(c: &comments::Model, full: bool, names: &HashMap<Uuid, String>, viewer: Viewer) -> Comment {
    let status = CommentStatus::parse(&c.status);
    let own = viewer.id.is_some() && c.author_id == viewer.id;
    let author = if full { c.author_id.and_then(|id| names.get(&id).map(|n| CommentAuthor { id, display_name: n.clone() })) } else { None };
    let can_edit = own && full && status != CommentStatus::Deleted && viewer.now - c.created_at < viewer.edit_window;
    Comment {
        id: c.id,
        parent_id: c.parent_id,
        depth: c.depth,
        author,
        html: if full { c.html.clone() } else { String::new() },
        // A placeholder says only that something was here.
        status: if full { status } else { CommentStatus::Deleted },
        edited_at: c.edited_at,
        created_at: c.created_at,
        can_edit,
        markdown: can_edit.then(|| c.markdown.clone()),
    }
}

/// One thread as `viewer` sees it, or `None` when nothing of it is visible to them.
/// `replies` are ordered by `(created_at, id)`, so every reply follows its parent.
pub fn thread(root: &comments::Model, replies: &[&comments::Model], names: &HashMap<Uuid, String>, viewer: Viewer) -> Option<CommentThread> {
    let all: Vec<&comments::Model> = std::iter::once(root).chain(replies.iter().copied()).collect();
    let index: HashMap<Uuid, usize> = all.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let rule: Vec<Shown> = all.iter().map(|c| shown(c, viewer)).collect();
    // Bottom-up: children come after parents, so walking backwards settles each child first.
    let mut visible = vec![false; all.len()];
    let mut has_visible_child = vec![false; all.len()];
    for i in (0..all.len()).rev() {
        visible[i] = match rule[i] {
            Shown::Full => true,
            Shown::PlaceholderIfReplies => has_visible_child[i],
            Shown::Never => false,
        };
        if visible[i]
            && let Some(p) = all[i].parent_id.and_then(|p| index.get(&p))
        {
            has_visible_child[*p] = true;
        }
    }
    if !visible[0] {
        return None;
    }
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, c) in all.iter().enumerate().skip(1) {
        if let Some(&p) = c.parent_id.as_ref().and_then(|p| index.get(p)) {
            children.entry(p).or_default().push(i);
        }
    }
    // Depth-first, earliest reply first; a reply under a hidden-from-you comment goes with it.
    let mut ordered = Vec::new();
    let mut stack: Vec<usize> = children.get(&0).map(|c| c.iter().rev().copied().collect()).unwrap_or_default();
    while let Some(i) = stack.pop() {
        if !visible[i] {
            continue;
        }
        ordered.push(to_dto(all[i], rule[i] == Shown::Full, names, viewer));
        if let Some(kids) = children.get(&i) {
            stack.extend(kids.iter().rev());
        }
    }
    Some(CommentThread { comment: to_dto(root, rule[0] == Shown::Full, names, viewer), replies: ordered })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: u128, parent: Option<u128>, depth: i32, status: &str, author: u128) -> comments::Model {
        let at = crate::domain::now() + chrono::Duration::milliseconds(id as i64);
        comments::Model {
            id: Uuid::from_u128(id),
            post_id: Uuid::nil(),
            author_id: Some(Uuid::from_u128(1000 + author)),
            parent_id: parent.map(Uuid::from_u128),
            thread_id: Uuid::from_u128(1),
            depth,
            markdown: format!("c{id}"),
            html: format!("<p>c{id}</p>"),
            status: status.into(),
            held_reason: None,
            edited_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn viewer(id: Option<u128>) -> Viewer {
        Viewer { id: id.map(|i| Uuid::from_u128(1000 + i)), is_admin: false, now: crate::domain::now(), edit_window: chrono::Duration::minutes(15) }
    }

    #[test]
    fn deleted_comments_with_replies_stay_as_placeholders() {
        let root = row(1, None, 0, "deleted", 1);
        let a = row(2, Some(1), 1, "published", 2);
        let b = row(3, Some(2), 2, "published", 3);
        let c = row(4, Some(1), 1, "deleted", 2);
        let d = row(5, Some(1), 1, "pending", 4);
        let t = thread(&root, &[&a, &b, &c, &d], &HashMap::new(), viewer(None)).unwrap();
        assert!(t.comment.html.is_empty() && t.comment.author.is_none());
        let ids: Vec<_> = t.replies.iter().map(|r| r.id.as_u128()).collect();
        assert_eq!(ids, vec![2, 3], "a deleted leaf and someone else's pending reply are left out");

        let own = thread(&root, &[&a, &b, &c, &d], &HashMap::new(), viewer(Some(4))).unwrap();
        assert_eq!(own.replies.last().unwrap().status, CommentStatus::Pending, "an author sees their own held reply");
    }

    #[test]
    fn a_thread_with_nothing_visible_is_left_out() {
        let root = row(1, None, 0, "pending", 1);
        assert!(thread(&root, &[], &HashMap::new(), viewer(Some(2))).is_none());
        assert!(thread(&root, &[], &HashMap::new(), viewer(Some(1))).is_some());
    }

    #[test]
    fn replies_follow_the_comment_they_answer() {
        let root = row(1, None, 0, "published", 1);
        let a = row(2, Some(1), 1, "published", 2);
        let b = row(3, Some(1), 1, "published", 2);
        let a1 = row(4, Some(2), 2, "published", 3);
        let t = thread(&root, &[&a, &b, &a1], &HashMap::new(), viewer(None)).unwrap();
        let ids: Vec<_> = t.replies.iter().map(|r| r.id.as_u128()).collect();
        assert_eq!(ids, vec![2, 4, 3]);
    }
}
