//! Small domain types shared by several resources, each parsed once at the edge.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldError;

mod slug_rules;

pub use slug_rules::slugify;

/// Tag names and series titles name a URL, so they need something a slug can be made of:
/// at least one ASCII letter or digit. The schemas say the same with
/// `pattern = "[A-Za-z0-9]"` (JSON Schema patterns match anywhere in the string).
pub fn validate_sluggable(raw: &str) -> Result<(), validator::ValidationError> {
    if raw.bytes().any(|b| b.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("sluggable").with_message("needs at least one letter or digit".into()))
    }
}

/// A post title is shown as a heading: it needs a visible character (the schema: `pattern: \S`).
pub fn validate_visible(raw: &str) -> Result<(), validator::ValidationError> {
    if raw.chars().any(|c| !c.is_whitespace()) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("visible").with_message("must not be blank".into()))
    }
}

/// A URL slug: `[a-z0-9]+(-[a-z0-9]+)*`, 1 to 80 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub const MAX: usize = slug_rules::MAX;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        if slug_rules::is_slug(raw) {
            Ok(Self(raw.to_string()))
        } else {
            Err(FieldError::new(field, "must be 1-80 lower-case letters, digits and single dashes"))
        }
    }

    /// A slug derived from a title; falls back to `fallback` when nothing is left of the title.
    pub fn from_title(title: &str, fallback: &str) -> Self {
        let slug = slugify(title);
        Self(if slug.is_empty() { fallback.to_string() } else { slug })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// `validator` hook for optional slug fields in request bodies.
pub fn validate_slug(raw: &str) -> Result<(), validator::ValidationError> {
    Slug::parse("slug", raw)
        .map(|_| ())
        .map_err(|e| validator::ValidationError::new("slug").with_message(e.message.into()))
}

/// How demanding a post is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    #[default]
    Beginner,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Beginner => "beginner",
            Self::Intermediate => "intermediate",
            Self::Advanced => "advanced",
        }
    }

    pub fn from_db(raw: &str) -> Self {
        match raw {
            "intermediate" => Self::Intermediate,
            "advanced" => Self::Advanced,
            _ => Self::Beginner,
        }
    }
}

/// Where a post is in its life: `scheduled` posts become visible at `published_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PostStatus {
    Draft,
    Scheduled,
    Published,
}

impl PostStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Scheduled => "scheduled",
            Self::Published => "published",
        }
    }

    /// The status as readers experience it now: a scheduled post whose time has come is published.
    pub fn effective(stored: &str, published_at: Option<chrono::DateTime<chrono::Utc>>, now: chrono::DateTime<chrono::Utc>) -> Self {
        match (stored, published_at) {
            ("draft", _) | (_, None) => Self::Draft,
            (_, Some(at)) if at > now => Self::Scheduled,
            _ => Self::Published,
        }
    }
}

/// A user's role; premium is not a role, it comes from the subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Reader,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reader => "reader",
            Self::Admin => "admin",
        }
    }

    pub fn from_db(raw: &str) -> Self {
        if raw == "admin" { Self::Admin } else { Self::Reader }
    }
}

/// Emails are compared and stored lower-cased, which makes them unique case-insensitively.
pub fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// The current time at the precision every backend stores (microseconds), so values read
/// back compare equal to the values written and keyset cursors stay exact.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    truncate(chrono::Utc::now())
}

pub fn truncate(at: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    use chrono::DurationRound;
    at.duration_trunc(chrono::Duration::microseconds(1)).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_collapses_punctuation() {
        assert_eq!(slugify("  Hello, World! Rust & Python  "), "hello-world-rust-python");
        assert_eq!(slugify("Ünïcode—only"), "n-code-only");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn slugify_caps_length_without_trailing_dash() {
        let s = slugify(&"ab ".repeat(60));
        assert!(s.len() <= Slug::MAX && !s.ends_with('-'));
    }

    #[test]
    fn slug_parse_rejects_bad_shapes() {
        for bad in ["", "Upper", "a--b", "-a", "a-", "sp ace", &"a".repeat(81)] {
            assert!(Slug::parse("slug", bad).is_err(), "{bad:?}");
        }
        assert!(Slug::parse("slug", "good-slug-2").is_ok());
    }

    #[test]
    fn scheduled_becomes_published_when_due() {
        let now = chrono::Utc::now();
        let past = now - chrono::Duration::minutes(1);
        let future = now + chrono::Duration::minutes(1);
        assert_eq!(PostStatus::effective("scheduled", Some(past), now), PostStatus::Published);
        assert_eq!(PostStatus::effective("published", Some(future), now), PostStatus::Scheduled);
        assert_eq!(PostStatus::effective("draft", Some(past), now), PostStatus::Draft);
    }
}
