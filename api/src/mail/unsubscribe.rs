//! Signed, stateless unsubscribe tokens: `<list>.<email, base64url>.<HMAC-SHA256>`. Anyone
//! holding the link may unsubscribe that address from that list, and nothing else.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Newsletter,
    Digest,
}

impl List {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newsletter => "newsletter",
            Self::Digest => "digest",
        }
    }
}

fn mac(secret: &SecretString, list: List, email: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()).expect("HMAC takes any key length");
    mac.update(b"lectern-unsubscribe\0");
    mac.update(list.as_str().as_bytes());
    mac.update(b"\0");
    mac.update(email.as_bytes());
    mac
}

pub fn token(secret: &SecretString, list: List, email: &str) -> String {
    let sig = mac(secret, list, email).finalize().into_bytes();
    format!("{}.{}.{}", list.as_str(), URL_SAFE_NO_PAD.encode(email), URL_SAFE_NO_PAD.encode(sig))
}

/// The list and address a genuine token names.
pub fn verify(secret: &SecretString, token: &str) -> Option<(List, String)> {
    let mut parts = token.splitn(3, '.');
    let list = match parts.next()? {
        "newsletter" => List::Newsletter,
        "digest" => List::Digest,
        _ => return None,
    };
    let email = String::from_utf8(URL_SAFE_NO_PAD.decode(parts.next()?).ok()?).ok()?;
    let sig = URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
    mac(secret, list, &email).verify_slice(&sig).ok()?;
    Some((list, email))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_and_resist_tampering() {
        let secret = SecretString::from("k".repeat(40));
        let t = token(&secret, List::Digest, "ada@example.com");
        assert_eq!(verify(&secret, &t), Some((List::Digest, "ada@example.com".into())));
        let other = token(&secret, List::Digest, "bob@example.com");
        let forged = format!("{}.{}", &t[..t.rfind('.').unwrap()], &other[other.rfind('.').unwrap() + 1..]);
        assert_eq!(verify(&secret, &forged), None, "a signature belongs to one address");
        assert_eq!(verify(&secret, &t.replacen("digest", "newsletter", 1)), None, "and to one list");
        assert_eq!(verify(&SecretString::from("z".repeat(40)), &t), None);
    }
}
