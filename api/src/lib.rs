//! Lectern: a technical blog that teaches. One library behind the `lectern` binary.

pub mod account;
pub mod activity;
pub mod admin;
pub mod ai;
pub mod analytics;
pub mod auth;
pub mod bench;
pub mod billing;
pub mod cache;
pub mod cdn;
pub mod comments;
pub mod config;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod extract;
pub mod feeds;
pub mod health;
pub mod import;
pub mod jobs;
pub mod kv;
pub mod mail;
pub mod markdown;
pub mod methods;
pub mod newsletter;
pub mod notifications;
pub mod openapi;
pub mod pagination;
pub mod posts;
pub mod publishing;
pub mod ratelimit;
pub mod reader;
pub mod redirects;
pub mod revisions;
pub mod search;
pub mod security;
pub mod seed;
pub mod series;
pub mod spa;
pub mod sse;
pub mod sql;
pub mod startup;
pub mod state;
pub mod tags;
pub mod pyodide;
pub mod site;
pub mod telemetry;
pub mod uploads;

/// Installs the one TLS crypto provider every client shares (see STACK trap 1); call first.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}
