//! Ask AI: answers grounded in the posts, with numbered citations, streamed as server-sent
//! events. With a chat model (`CHAT_MODEL`) it writes the answer; without one the answer is
//! the passages' most relevant sentences. Only a complete answer is stored, as a turn of
//! the reader's conversation.

pub mod citations;
pub mod dto;
pub mod extractive;
pub mod prompt;
pub mod provider;
pub mod repo;
pub mod routes;
pub mod service;
pub mod sse;
