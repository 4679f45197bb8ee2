//! Email: every message is first written to the outbox (`emails`), then delivered by a
//! `send_email` job over SMTP when `SMTP_URL` is set, or kept there for the admin mailbox.

pub mod outbox;
pub mod smtp;
pub mod templates;
pub mod unsubscribe;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::{jobs::SendEmail, state::AppState};

/// A message ready to store and send.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    /// What the email is for (`verify_email`, `digest`, …), shown in the mailbox.
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Extra headers such as `List-Unsubscribe`.
    pub headers: Vec<(String, String)>,
    /// Names the logical email; storing a second one with the same key does nothing.
    pub idempotency_key: Option<String>,
}

/// Stores the email (inside the caller's transaction, if any); returns its id, or `None` when
/// an email with the same idempotency key already exists. Call [`dispatch`] after commit.
pub async fn store(db: &impl ConnectionTrait, email: OutgoingEmail) -> anyhow::Result<Option<Uuid>> {
    Ok(outbox::insert(db, email).await?)
}

/// Queues delivery of stored emails. A failure here is logged, not returned: the row stays
/// `queued` and the scheduler's outbox sweep queues it again.
pub async fn dispatch(app: &AppState, ids: impl IntoIterator<Item = Uuid>) {
    for email_id in ids {
        if let Err(e) = app.queue.push(SendEmail { email_id }).await {
            tracing::warn!(%email_id, error = %e, "could not queue an email; the outbox sweep will retry");
        }
    }
}
