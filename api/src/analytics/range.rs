//! The days a report covers: UTC days, both ends included.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::error::ApiError;

/// `from..=to`, at most [`DayRange::MAX_DAYS`] days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DayRange {
    /// A year, leap day included.
    pub const MAX_DAYS: i64 = 366;
    /// Without `from`, a report covers this many days up to `to`.
    pub const DEFAULT_DAYS: i64 = 30;

    /// The range a query asks for: `to` defaults to `today`, `from` to 29 days before `to`.
    /// Errors name the query parameter the caller set.
    pub fn parse(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Result<Self, ApiError> {
        let last = to.unwrap_or(today);
        let first = match from {
            Some(f) => f,
            None => last.checked_sub_days(chrono::Days::new(Self::DEFAULT_DAYS as u64 - 1)).unwrap_or(NaiveDate::MIN),
        };
        if last < first {
            return Err(match to {
                Some(_) => ApiError::field("to", "must be on or after from"),
                None => ApiError::field("from", "must not be after today (UTC), the default for to"),
            });
        }
        if (last - first).num_days() + 1 > Self::MAX_DAYS {
            return Err(ApiError::field("from", "the range may cover at most 366 days"));
        }
        Ok(Self { from: first, to: last })
    }

    /// Every day of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d <= to)
    }

    /// The first moment of `from`.
    pub fn start(&self) -> DateTime<Utc> {
        self.from.and_time(NaiveTime::MIN).and_utc()
    }

    /// The last moment of `to` that the databases store (microseconds).
    pub fn end(&self) -> DateTime<Utc> {
        self.to.and_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(self.to.and_time(NaiveTime::MIN)).and_utc()
    }
}

/// A query parameter's day, written exactly `YYYY-MM-DD` (as JSON Schema's `date` format has
/// it; chrono alone would also take `2026-1-5` or a signed year).
pub fn query_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let Some(raw) = <Option<String> as serde::Deserialize>::deserialize(d)? else { return Ok(None) };
    let shaped = raw.len() == 10 && raw.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    match NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
        Ok(day) if shaped => Ok(Some(day)),
        _ => Err(serde::de::Error::custom(format!("{raw:?} is not a day written YYYY-MM-DD"))),
    }
}

/// How a day is stored and sent: `YYYY-MM-DD`.
pub fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn field(r: Result<DayRange, ApiError>) -> String {
        match r {
            Err(ApiError::Validation(f)) => f[0].field.clone(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_to_the_last_thirty_days() {
        let r = DayRange::parse(None, None, d("2026-12-04")).unwrap();
        assert_eq!((r.from, r.to), (d("2026-11-05"), d("2026-12-04")));
        assert_eq!(r.days().count(), 30);
        let r = DayRange::parse(None, Some(d("2026-03-01")), d("2026-12-04")).unwrap();
        assert_eq!(r.from, d("2026-01-31"));
    }

    #[test]
    fn refuses_reversed_and_long_ranges_naming_the_parameter() {
        let today = d("2026-12-04");
        assert_eq!(field(DayRange::parse(Some(d("2026-12-02")), Some(d("2026-12-01")), today)), "to");
        assert_eq!(field(DayRange::parse(Some(d("2026-12-05")), None, today)), "from");
        assert_eq!(field(DayRange::parse(Some(d("2024-01-01")), Some(d("2025-01-01")), today)), "from");
        // 2024 is a leap year: 366 days is the longest range.
        let year = DayRange::parse(Some(d("2024-01-01")), Some(d("2024-12-31")), today).unwrap();
        assert_eq!(year.days().count(), 366);
        assert!(DayRange::parse(Some(d("0001-01-01")), Some(d("0001-01-01")), today).is_ok());
    }

    #[test]
    fn query_days_are_written_in_full() {
        #[derive(serde::Deserialize)]
        struct Q {
            #[serde(default, deserialize_with = "query_date")]
            from: Option<NaiveDate>,
        }
        let parse = |q: &str| serde_urlencoded::from_str::<Q>(q).map(|q| q.from);
        assert_eq!(parse("from=2026-01-05").unwrap(), Some(d("2026-01-05")));
        assert_eq!(parse("").unwrap(), None);
        for bad in ["from=2026-1-5", "from=+2026-01-05", "from=2026-02-30", "from=%202026-01-05", "from=", "from=yesterday"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bounds_cover_whole_days() {
        let r = DayRange::parse(Some(d("2026-12-01")), Some(d("2026-12-02")), d("2026-12-04")).unwrap();
        assert_eq!(r.start().to_rfc3339(), "2026-12-01T00:00:00+00:00");
        assert_eq!(r.end().to_rfc3339(), "2026-12-02T23:59:59.999999+00:00");
        assert_eq!(day_key(d("0987-01-02")), "0987-01-02");
    }
}
