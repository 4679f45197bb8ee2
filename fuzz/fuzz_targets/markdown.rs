//! Any markdown renders without panicking, and neither the rendered body, its teaser nor
//! `sanitize` of the raw input lets script through (see `html_check::violations`).
#![no_main]

use lectern_fuzz::{html_check, markdown};
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: html_check::self_check(), |data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let rendered = markdown::render(&input);
    assert_safe("render().html", &input, &rendered.html);
    assert_safe("render().teaser_html", &input, &rendered.teaser_html);
    assert!(rendered.reading_minutes >= 1, "reading time {} for {input:?}", rendered.reading_minutes);
    assert_safe("sanitize()", &input, &markdown::sanitize(&input));
});

fn assert_safe(what: &str, input: &str, html: &str) {
    let found = html_check::violations(html);
    assert!(found.is_empty(), "{what} let through {found:?}\n input: {input:?}\noutput: {html:?}");
}
