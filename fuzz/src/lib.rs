//! The API's input parsers, compiled straight from their source files so the fuzz build
//! stays small, plus the checks the targets assert.

/// `crate::domain` as `markdown.rs` sees it: only `slugify`, which is all it uses.
mod domain {
    pub use super::slug_rules::slugify;
}

#[allow(dead_code)]
#[path = "../../api/src/markdown.rs"]
pub mod markdown;

/// `crate::uploads` as `markdown.rs` sees it: only how stored images are named.
mod uploads {
    pub use super::upload_names as names;
}

#[path = "../../api/src/uploads/names.rs"]
pub mod upload_names;

#[path = "../../api/src/domain/slug_rules.rs"]
pub mod slug_rules;

#[path = "../../api/src/pagination/cursor.rs"]
pub mod cursor;

pub mod html_check;
