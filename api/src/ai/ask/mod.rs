//! Ask AI: answers grounded in the posts, with numbered citations, streamed.

pub mod provider;
