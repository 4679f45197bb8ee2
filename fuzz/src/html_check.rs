//! What the markdown target asserts about sanitized HTML, found with a small tag scanner.
//!
//! The scanner reads markup the way a browser's tokenizer does outside tags: only `<`
//! followed by a letter, `/`, `!` or `?` starts markup. Sanitized text always escapes `<`
//! as `&lt;`, and attribute values (where html5ever leaves `<` and `>` as they are) are
//! read as values, so neither text nor values can be mistaken for tags.

/// One start or end tag: lower-cased names, attribute values with character references decoded.
#[derive(Debug, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub end: bool,
    pub attrs: Vec<(String, String)>,
}

/// Elements whose content the tokenizer reads as text up to the matching end tag.
const RAW_TEXT: &[&str] = &["script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"];

/// Elements that run or load active content, or retarget the page: never allowed through.
const FORBIDDEN: &[&str] = &["script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style", "svg", "math"];

/// Attributes a browser resolves as a URL (and may navigate to or fetch).
const URL_ATTRS: &[&str] = &[
    "href", "src", "cite", "action", "formaction", "xlink:href", "background", "poster", "data", "codebase",
    "longdesc", "usemap", "lowsrc", "dynsrc", "ping", "manifest", "icon", "profile", "classid", "archive", "srcset",
];

/// Everything in `html` that would let script run: `<script>` tags and the other
/// [`FORBIDDEN`] elements, `on*` event-handler attributes, and `javascript:` URLs.
pub fn violations(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in tags(html) {
        if tag.end {
            if tag.name == "script" {
                found.push("a </script> tag".to_string());
            }
            continue;
        }
        if FORBIDDEN.contains(&tag.name.as_str()) {
            found.push(format!("a <{}> tag", tag.name));
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                found.push(format!("an event handler {name}={value:?} on <{}>", tag.name));
            }
            let javascript = match name.as_str() {
                "srcset" => value.split(',').any(|candidate| is_javascript_url(candidate.trim_start().split(char::is_whitespace).next().unwrap_or(""))),
                n if URL_ATTRS.contains(&n) => is_javascript_url(value),
                _ => false,
            };
            if javascript {
                found.push(format!("a javascript: URL {name}={value:?} on <{}>", tag.name));
            }
        }
    }
    found
}

/// Whether a URL parser would see the `javascript:` scheme: it drops tabs and newlines
/// anywhere and trims leading spaces and control characters.
fn is_javascript_url(value: &str) -> bool {
    let url: String = value.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let url = url.trim_start_matches(|c: char| c <= ' ');
    url.get(..11).is_some_and(|scheme| scheme.eq_ignore_ascii_case("javascript:"))
}

/// The start and end tags of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        i += offset + 1;
        let rest = &html.as_bytes()[i..];
        match rest.first() {
            Some(c) if c.is_ascii_alphabetic() => {
                let (tag, next) = read_tag(html, i, false);
                i = next;
                let name = tag.name.clone();
                out.push(tag);
                if name == "plaintext" {
                    break;
                }
                if RAW_TEXT.contains(&name.as_str()) {
                    i = raw_text_end(html, i, &name);
                }
            }
            Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
                let (tag, next) = read_tag(html, i + 1, true);
                i = next;
                out.push(tag);
            }
            Some(b'!') if rest.starts_with(b"!--") => {
                let body = &html[i + 3..];
                i += 3 + if body.starts_with('>') {
                    1
                } else if body.starts_with("->") {
                    2
                } else {
                    [body.find("-->").map(|p| p + 3), body.find("--!>").map(|p| p + 4)].into_iter().flatten().min().unwrap_or(body.len())
                };
            }
            // `<!doctype>`, `<?…>`, `</>` and `</ …>` are (bogus) comments up to the next `>`.
            Some(b'!' | b'?' | b'/') => i += html[i..].find('>').map_or(html.len() - i, |p| p + 1),
            _ => {}
        }
    }
    out
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Reads a tag whose name starts at `start`; returns it and the index after its `>`.
fn read_tag(html: &str, start: usize, end: bool) -> (Tag, usize) {
    let b = html.as_bytes();
    let mut i = start;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let mut tag = Tag { name: html[start..i].to_ascii_lowercase(), end, attrs: Vec::new() };
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (tag, i);
        }
        if b[i] == b'>' {
            return (tag, i + 1);
        }
        // The first character of a name may be `=`; after it, `=` ends the name.
        let name_start = i;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let close = html[i + 1..].find(char::from(quote)).map_or(b.len(), |p| i + 1 + p);
                    value = decode_refs(&html[i + 1..close]);
                    i = (close + 1).min(b.len());
                }
                Some(b'>') | None => {}
                Some(_) => {
                    let value_start = i;
                    while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode_refs(&html[value_start..i]);
                }
            }
        }
        tag.attrs.push((name, value));
    }
}

/// The index of the `</name` that ends a raw-text element's content opened before `from`.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(p) = html[i..].find("</") {
        let at = i + p;
        let after = at + 2 + name.len();
        if b.len() >= after
            && b[at + 2..after].eq_ignore_ascii_case(name.as_bytes())
            && b.get(after).is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return at;
        }
        i = at + 2;
    }
    html.len()
}

/// Decodes numeric character references and the named ones that can spell a URL scheme.
fn decode_refs(value: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("amp;", '&'), ("lt;", '<'), ("gt;", '>'), ("quot;", '"'), ("apos;", '\''), ("colon;", ':'),
        ("Tab;", '\t'), ("NewLine;", '\n'), ("nbsp;", '\u{a0}'), ("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'),
    ];
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p + 1..];
        if let Some(digits) = rest.strip_prefix('#') {
            let (radix, skip) = if digits.starts_with(['x', 'X']) { (16, 2) } else { (10, 1) };
            let len = rest[skip..].bytes().take_while(|b| char::from(*b).is_digit(radix)).count();
            if len > 0 {
                let n = u32::from_str_radix(&rest[skip..skip + len], radix).unwrap_or(u32::MAX);
                out.push(char::from_u32(n).filter(|_| n != 0).unwrap_or('\u{fffd}'));
                rest = &rest[skip + len..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        } else if let Some((name, ch)) = NAMED.iter().find(|(name, _)| rest.starts_with(name)) {
            out.push(*ch);
            rest = &rest[name.len()..];
            continue;
        }
        out.push('&');
    }
    out.push_str(rest);
    out
}

/// Panics unless the checker flags known attacks and passes known-harmless markup; the
/// markdown target runs it first, so a broken checker cannot make the fuzzing vacuous.
pub fn self_check() {
    let harmless = [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; onclick=alert(1) javascript:alert(1)</p>",
        r#"<a href="https://x.test/?q=javascript:x" title="<script> onclick=x javascript:x" rel="noopener noreferrer">t</a>"#,
        r#"<img src="a.png" alt="javascript:x"><code class="language-js">x &lt; y</code>"#,
        "<!-- <script>alert(1)</script> --><p>a < b > c</p>",
        "<textarea><img src=x onerror=alert(1)></textarea>",
        "a <3 b",
    ];
    for html in harmless {
        assert_eq!(violations(html), Vec::<String>::new(), "the checker flags harmless {html:?}");
    }
    let attacks = [
        "<SCRIPT>alert(1)</SCRIPT>",
        "<p>x</p><script src=//x.test/a.js></script>",
        "<img src=x onerror=alert(1)>",
        r#"<div/onclick="alert(1)">x</div>"#,
        r#"<a href=" java&#x09;script&colon;alert(1)">x</a>"#,
        "<a href='JaVaScRiPt:alert(1)'>x</a>",
        r#"<a title="x" href="&#106;avascript:alert(1)">x</a>"#,
        r#"<img srcset="a.png 1x, javascript:alert(1) 2x">"#,
        "<iframe src=https://x.test></iframe>",
    ];
    for html in attacks {
        assert!(!violations(html).is_empty(), "the checker misses {html:?}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn checker_tells_attacks_from_harmless_markup() {
        super::self_check();
    }
}
