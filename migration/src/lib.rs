//! Schema migrations, portable across SQLite and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_users;
mod m20261123_000002_create_refresh_tokens;
mod m20261123_000003_create_series;
mod m20261123_000004_create_posts;
mod m20261123_000005_create_tags;
mod m20261123_000006_platform_services;
mod m20261123_000007_create_documents;
mod m20261123_000008_billing;
mod m20261201_000009_user_moderation;
mod m20261201_000010_create_content_generation;
mod m20261202_000011_search;
mod m20261202_000012_ask;
mod m20261202_000013_import_redirects;
mod m20261202_000014_read_path_indexes;
mod m20261203_000015_community;
mod m20261203_000016_revisions_notes;
mod m20261203_000017_lookups;
mod m20261203_000018_preferences;
mod m20261204_000019_analytics;
mod m20261204_000020_uploads;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_users::Migration),
            Box::new(m20261123_000002_create_refresh_tokens::Migration),
            Box::new(m20261123_000003_create_series::Migration),
            Box::new(m20261123_000004_create_posts::Migration),
            Box::new(m20261123_000005_create_tags::Migration),
            Box::new(m20261123_000006_platform_services::Migration),
            Box::new(m20261123_000007_create_documents::Migration),
            Box::new(m20261123_000008_billing::Migration),
            Box::new(m20261201_000009_user_moderation::Migration),
            Box::new(m20261201_000010_create_content_generation::Migration),
            Box::new(m20261202_000011_search::Migration),
            Box::new(m20261202_000012_ask::Migration),
            Box::new(m20261202_000013_import_redirects::Migration),
            Box::new(m20261202_000014_read_path_indexes::Migration),
            Box::new(m20261203_000015_community::Migration),
            Box::new(m20261203_000016_revisions_notes::Migration),
            Box::new(m20261203_000017_lookups::Migration),
            Box::new(m20261203_000018_preferences::Migration),
            Box::new(m20261204_000019_analytics::Migration),
            Box::new(m20261204_000020_uploads::Migration),
        ]
    }
}
