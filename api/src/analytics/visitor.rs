//! The visitor hash: `sha256(salt of the day ‖ address ‖ user agent)`, so one reader is one
//! visitor per day without their address being stored. Each UTC day gets its own random
//! salt, created by whichever process needs it first (insert-or-ignore, then read, so every
//! process uses the same one) and deleted after two days, after which no stored hash can be
//! matched to an address again.

use std::{collections::HashMap, net::IpAddr};

use chrono::{Days, NaiveDate, Utc};
use rand::RngCore;
use sea_orm::{ConnectionTrait, DbErr};
use sha2::{Digest, Sha256};

use super::{range::day_key, repo};

/// Hex characters kept of the digest: 128 bits, far beyond any collision among a day's readers.
const HASH_CHARS: usize = 32;

pub fn hash(salt: &str, ip: IpAddr, user_agent: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    match ip {
        IpAddr::V4(a) => {
            h.update([4]);
            h.update(a.octets());
        }
        IpAddr::V6(a) => {
            h.update([6]);
            h.update(a.octets());
        }
    }
    h.update(user_agent.as_bytes());
    hex(&h.finalize()[..HASH_CHARS / 2])
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

/// The salts the batcher has read, by day (today's and yesterday's at most).
#[derive(Default)]
pub struct Salts {
    known: HashMap<NaiveDate, String>,
}

impl Salts {
    /// The salt of `day`, read or created once per process and day.
    pub async fn of(&mut self, db: &impl ConnectionTrait, day: NaiveDate) -> Result<String, DbErr> {
        if let Some(salt) = self.known.get(&day) {
            return Ok(salt.clone());
        }
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let candidate = hex(&bytes);
        let salt = repo::salt_of(db, &day_key(day), &candidate).await?;
        // A new day: the salts from before yesterday go, here and in the database.
        let today = Utc::now().date_naive();
        let keep_from = today.checked_sub_days(Days::new(1)).unwrap_or(today);
        repo::forget_salts_before(db, &day_key(keep_from)).await?;
        self.known.retain(|d, _| *d >= keep_from);
        self.known.insert(day, salt.clone());
        Ok(salt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_hides_the_address_and_changes_with_the_salt() {
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        let ua = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        let a = hash("salt-one", ip, ua);
        assert_eq!(a.len(), HASH_CHARS);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()) && a != ip.to_string());
        assert_eq!(a, hash("salt-one", ip, ua), "the same reader on the same day is one visitor");
        assert_ne!(a, hash("salt-two", ip, ua), "another day, another hash");
        assert_ne!(a, hash("salt-one", "203.0.113.8".parse().unwrap(), ua));
        assert_ne!(a, hash("salt-one", ip, "another browser"));
    }
}
