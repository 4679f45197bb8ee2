//! Search over published posts: full text on the database's own engine (one trait, two
//! backends), vectors in process, and the two fused. See `service` for what readers get.

pub mod dto;
pub mod fulltext;
pub mod index;
pub mod postgres;
pub mod query;
pub mod routes;
pub mod service;
pub mod sqlite;
pub mod suggest;
pub mod vectors;
