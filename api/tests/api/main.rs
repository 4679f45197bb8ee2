//! Black-box tests through real HTTP against the real app, each on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![recursion_limit = "512"]

#[macro_use]
mod helpers;
mod openai_standin;
mod stripe_standin;
mod support;

mod accounts;
mod admin_posts;
mod admin_users;
mod admin_series_tags;
mod analytics;
mod ask;
mod auth;
mod community;
mod authorization;
mod billing;
mod code_cells;
mod contract;
mod durability;
mod editorial;
mod email_delivery;
mod feeds;
mod http_policies;
mod import;
mod jobs;
mod limits_and_cache;
mod newsletter;
mod notifications;
mod oauth;
mod pages;
mod posts;
mod preferences;
mod recommendations;
mod search;
mod search_quality;
mod uploads;
