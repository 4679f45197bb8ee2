//! The slug rule accepts exactly `[a-z0-9]+(-[a-z0-9]+)*` of 1 to 80 characters (what
//! `Slug::parse` and so `validate_slug` document), and `slugify` keeps its promise:
//! lower-case ASCII words joined by single dashes, at most 80 characters, so that its
//! output passes the rule whenever it is non-empty, and empty only when no letter or digit
//! is left of the text.
#![no_main]

use lectern_fuzz::slug_rules::{MAX, is_slug, slugify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    assert_eq!(is_slug(&text), matches_documented_rule(&text), "Slug::parse disagrees with the rule on {text:?}");

    let slug = slugify(&text);
    assert!(slug.len() <= MAX, "slugify({text:?}) = {slug:?} is longer than {MAX}");
    let has_word = text.chars().flat_map(char::to_lowercase).any(|c| c.is_ascii_alphanumeric());
    assert_eq!(slug.is_empty(), !has_word, "slugify({text:?}) = {slug:?}");
    assert!(slug.is_empty() || is_slug(&slug), "slugify({text:?}) = {slug:?} fails validate_slug");
    assert_eq!(slugify(&slug), slug, "slugify is not idempotent on {slug:?}");
    if is_slug(&text) {
        assert_eq!(slug, text, "slugify changes the valid slug {text:?}");
    }
});

/// `[a-z0-9]+(-[a-z0-9]+)*`, 1 to 80 characters, written as its automaton.
fn matches_documented_rule(s: &str) -> bool {
    let mut chars = 0;
    let mut after_dash = true;
    for c in s.chars() {
        chars += 1;
        match c {
            'a'..='z' | '0'..='9' => after_dash = false,
            '-' if !after_dash => after_dash = true,
            _ => return false,
        }
    }
    !after_dash && (1..=80).contains(&chars)
}
