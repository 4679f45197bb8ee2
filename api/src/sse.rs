//! The response that carries server-sent events (Ask AI answers, live notifications).

use std::convert::Infallible;

use actix_web::{
    HttpResponse,
    http::header::{CacheControl, CacheDirective, ContentEncoding},
    web::Bytes,
};
use futures_util::Stream;

/// A `text/event-stream` response. Compression is off for it (a compressor holds small
/// events back until its buffer fills), and so is proxy buffering (nginx's
/// `X-Accel-Buffering`), so each event reaches the reader when it is sent.
pub fn response(events: impl Stream<Item = Result<Bytes, Infallible>> + 'static) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(CacheControl(vec![CacheDirective::NoCache, CacheDirective::NoStore]))
        .insert_header(ContentEncoding::Identity)
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events)
}
