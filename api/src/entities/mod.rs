//! Table definitions only; queries and behaviour live in each resource's `repo.rs`.
pub mod ask_conversations;
pub mod ask_turns;
pub mod billing_events;
pub mod content_generation;
pub mod dead_jobs;
pub mod documents;
pub mod email_tokens;
pub mod emails;
pub mod job_claims;
pub mod newsletter_subscribers;
pub mod post_tags;
pub mod posts;
pub mod refresh_tokens;
pub mod series;
pub mod subscriptions;
pub mod tags;
pub mod users;
