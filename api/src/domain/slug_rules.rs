//! The slug rule and `slugify`, free of crate types so the fuzz targets can include this file.

/// The longest slug, in characters (all ASCII, so also bytes).
pub const MAX: usize = 80;

/// Lower-case ASCII words joined by single dashes, at most [`MAX`] characters.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').chars().take(MAX).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// `[a-z0-9]+(-[a-z0-9]+)*`, 1 to [`MAX`] characters.
pub fn is_slug(raw: &str) -> bool {
    (1..=MAX).contains(&raw.len())
        && raw.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}
