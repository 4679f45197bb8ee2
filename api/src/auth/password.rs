//! argon2id password hashing with OWASP parameters, off the async runtime.

use std::sync::{Arc, LazyLock};

use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use tokio::sync::Semaphore;

/// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
fn argon2() -> Argon2<'static> {
    #[allow(clippy::expect_used)]
    let params = Params::new(19 * 1024, 2, 1, None).expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Makes glibc give each 19 MiB hashing buffer back to the system when it is freed. By
/// default glibc raises its mmap threshold after the first such free, so later buffers come
/// from per-thread heaps that keep them: after a few hundred sign-ins on the blocking pool a
/// server held over a gigabyte it no longer used. A fixed threshold turns that off.
pub fn return_hash_buffers_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; it takes the allocator's own locks.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    }
}

/// A hash of a random password, verified against when the account does not exist so that
/// a failed sign-in takes as long for unknown emails as for wrong passwords.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    argon2().hash_password(b"not-a-real-password-at-all").map(|h| h.to_string()).unwrap_or_default()
});

/// Hashes and verifies on the blocking pool; each hash takes ~19 MiB, so concurrency is bounded.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordHasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Self { permits: Arc::new(Semaphore::new(cores)) }
    }

    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            argon2().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
        })
        .await?
    }

    /// `hash` is `None` for accounts without a password (and unknown accounts): the dummy hash
    /// is checked instead and the answer is always false.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await?;
        let password = password.to_owned();
        let (hash, real) = match hash {
            Some(h) => (h.to_owned(), true),
            None => (DUMMY_HASH.clone(), false),
        };
        let matches = tokio::task::spawn_blocking(move || argon2().verify_password(password.as_bytes(), hash.as_str()).is_ok()).await?;
        Ok(real && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let h = PasswordHasher::new();
        let hash = h.hash("correct horse battery").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(h.verify("correct horse battery", Some(&hash)).await.unwrap());
        assert!(!h.verify("wrong horse battery", Some(&hash)).await.unwrap());
        assert!(!h.verify("anything", None).await.unwrap());
    }
}
