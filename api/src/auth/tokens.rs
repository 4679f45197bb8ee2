//! Opaque secrets (refresh tokens and the like): random, shown once, stored only as a hash.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The refresh token that replaces `presented` when it is rotated: derived from it with a
/// server key rather than drawn at random, so a second request rotating the same token
/// (two tabs refreshing at once) can be answered with the same successor instead of being
/// mistaken for a stolen token. Knowing a spent token without the key reveals nothing.
pub fn successor(key: &secrecy::SecretString, presented: &str) -> String {
    use hmac::{Hmac, Mac};
    use secrecy::ExposeSecret;
    let mut mac = Hmac::<Sha256>::new_from_slice(key.expose_secret().as_bytes()).expect("HMAC takes any key length");
    mac.update(b"lectern-refresh-successor\0");
    mac.update(presented.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successor_is_stable_per_token_and_key() {
        let key = secrecy::SecretString::from("k".repeat(32));
        let other = secrecy::SecretString::from("j".repeat(32));
        let token = generate();
        assert_eq!(successor(&key, &token), successor(&key, &token));
        assert_ne!(successor(&key, &token), successor(&other, &token));
        assert_ne!(successor(&key, &token), successor(&key, &generate()));
    }
}
