//! Keyset pagination: opaque cursors over `(timestamp, id)` and the page envelope.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::error::ApiError;

mod cursor;

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

/// The position after the last item of a page, sorted by `(at DESC, id DESC)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        cursor::encode(self.at, self.id)
    }

    pub fn decode(raw: &str) -> Result<Self, ApiError> {
        let (at, id) = cursor::decode(raw).ok_or_else(|| ApiError::field("cursor", "is not a cursor this API issued"))?;
        Ok(Self { at, id })
    }
}

/// The schema every `cursor` parameter shares: the URL-safe base64 alphabet of the cursors
/// this API issues. A string of that shape that this server never issued is still refused
/// (422 naming `cursor`): cursors are opaque, only `next_cursor` values are meaningful.
pub fn cursor_schema() -> utoipa::openapi::Schema {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .pattern(Some(CURSOR_PATTERN))
        .max_length(Some(CURSOR_MAX_LEN))
        .description(Some("An opaque position: the `next_cursor` of the previous page (empty: the first page)."))
        .into()
}

const CURSOR_PATTERN: &str = "^[A-Za-z0-9_-]*$";
/// An encoded `(RFC 3339 timestamp with microseconds, UUID)` is about 90 characters.
const CURSOR_MAX_LEN: usize = 128;

/// Rows after `cursor` in `(at DESC, id DESC)` order: `(at, id) < (cursor.at, cursor.id)`.
pub fn after<C: sea_orm::ColumnTrait>(at: C, id: C, cursor: Cursor) -> sea_orm::Condition {
    use sea_orm::Condition;
    Condition::any().add(at.lt(cursor.at)).add(Condition::all().add(at.eq(cursor.at)).add(id.lt(cursor.id)))
}

/// Rows after `cursor` in `(at ASC, id ASC)` order (oldest-first lists).
pub fn after_ascending<C: sea_orm::ColumnTrait>(at: C, id: C, cursor: Cursor) -> sea_orm::Condition {
    use sea_orm::Condition;
    Condition::any().add(at.gt(cursor.at)).add(Condition::all().add(at.eq(cursor.at)).add(id.gt(cursor.id)))
}

/// `cursor` and `limit` query parameters shared by every list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// A validated page request.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub after: Option<Cursor>,
    pub limit: u64,
}

impl PageRequest {
    pub fn parse(cursor: Option<&str>, limit: Option<u64>) -> Result<Self, ApiError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::field("limit", "must be between 1 and 100"));
        }
        let after = cursor.filter(|c| !c.is_empty()).map(Cursor::decode).transpose()?;
        Ok(Self { after, limit })
    }
}

impl TryFrom<&PageParams> for PageRequest {
    type Error = ApiError;
    fn try_from(p: &PageParams) -> Result<Self, ApiError> {
        Self::parse(p.cursor.as_deref(), p.limit)
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page, in list order.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Cuts `limit + 1` fetched rows down to a page and returns the cursor after it, if more follow.
pub fn split_page<R>(rows: &mut Vec<R>, limit: u64, key: impl Fn(&R) -> Cursor) -> Option<String> {
    let has_more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    if has_more { rows.last().map(|r| key(r).encode()) } else { None }
}

/// Turns `limit + 1` fetched rows into a page.
pub fn paginate<R, T>(mut rows: Vec<R>, limit: u64, key: impl Fn(&R) -> Cursor, map: impl FnMut(R) -> T) -> Page<T> {
    let next_cursor = split_page(&mut rows, limit, key);
    Page { items: rows.into_iter().map(map).collect(), next_cursor }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips() {
        let c = Cursor { at: Utc::now(), id: Uuid::now_v7() };
        let d = Cursor::decode(&c.encode()).unwrap();
        assert_eq!(d.id, c.id);
        assert_eq!(d.at.timestamp_micros(), c.at.timestamp_micros());
    }

    #[test]
    fn garbage_cursor_is_a_field_error() {
        assert!(matches!(Cursor::decode("%%%"), Err(ApiError::Validation(f)) if f[0].field == "cursor"));
    }

    #[test]
    fn limit_is_bounded() {
        assert!(PageRequest::parse(None, Some(0)).is_err());
        assert!(PageRequest::parse(None, Some(101)).is_err());
        assert_eq!(PageRequest::parse(None, None).unwrap().limit, DEFAULT_LIMIT);
    }
}
