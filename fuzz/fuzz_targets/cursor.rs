//! Cursor decoding never panics, whatever decodes re-encodes to a cursor that decodes to
//! the same value, and every cursor the API can issue decodes back to its position.
#![no_main]

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use lectern_fuzz::cursor;
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z: the years RFC 3339 can write.
const FIRST_MICROS: i64 = -62_167_219_200_000_000;
const LAST_MICROS: i64 = 253_402_300_799_999_999;

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = std::str::from_utf8(data) {
        round_trips(raw);
    }
    // The same bytes as the decoded text, so mutations reach the timestamp and uuid parsers.
    round_trips(&URL_SAFE_NO_PAD.encode(data));
    if let Some((micros, id)) = data.split_first_chunk::<8>().and_then(|(m, rest)| Some((m, rest.first_chunk::<16>()?))) {
        let micros = FIRST_MICROS + i64::from_le_bytes(*micros).rem_euclid(LAST_MICROS - FIRST_MICROS + 1);
        let at = DateTime::<Utc>::from_timestamp_micros(micros).expect("in chrono's range");
        let id = Uuid::from_bytes(*id);
        let issued = cursor::encode(at, id);
        assert_eq!(cursor::decode(&issued), Some((at, id)), "issued cursor {issued:?} for {at:?} {id}");
    }
});

fn round_trips(raw: &str) {
    let Some(decoded) = cursor::decode(raw) else { return };
    let again = cursor::encode(decoded.0, decoded.1);
    assert_eq!(cursor::decode(&again), Some(decoded), "{raw:?} decodes to {decoded:?} but its re-encoding {again:?} does not");
}
