//! Table definitions only; queries and behaviour live in each resource's `repo.rs`.
pub mod documents;
pub mod post_tags;
pub mod posts;
pub mod refresh_tokens;
pub mod series;
pub mod tags;
pub mod users;
