//! The cursor wire format, free of crate types so the fuzz targets can include this file.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

/// base64url (no padding) of `<RFC 3339 UTC, microseconds>|<hyphenated uuid>`.
pub fn encode(at: DateTime<Utc>, id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{}", at.to_rfc3339_opts(SecondsFormat::Micros, true), id))
}

/// The `(at, id)` of a cursor [`encode`] produced; `None` for anything else, including other
/// spellings of a position (an offset, digits past microseconds, an upper-case id): those can
/// decode to a value that does not re-encode, e.g. `0000-01-01T00:00:00+01:00` is in year -1
/// in UTC, which RFC 3339 cannot write. So every cursor accepted re-encodes to itself.
pub fn decode(raw: &str) -> Option<(DateTime<Utc>, Uuid)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(raw).ok()?).ok()?;
    let (at, id) = text.split_once('|')?;
    let (at, id) = (DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc), id.parse().ok()?);
    (encode(at, id) == raw).then_some((at, id))
}
