//! The mailbox: every email the platform stored or sent, newest first.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::{
    auth::AdminUser,
    entities::emails,
    error::{AdminErrors, ApiError},
    extract::ValidQuery,
    mail::outbox,
    pagination::{Cursor, Page, PageRequest, paginate},
    state::AppState,
};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_mailbox);
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct MailboxParams {
    /// The `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Only emails to this address.
    pub to: Option<String>,
}

/// One email as stored, with its delivery state.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailboxEmail {
    pub id: Uuid,
    /// What the email is for: `verify_email`, `reset_password`, `newsletter_confirm`, `digest`.
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// Extra headers (`List-Unsubscribe`, …).
    pub headers: serde_json::Value,
    /// `queued`, `sending`, `sent` (over SMTP), `stored` (no SMTP configured) or `failed`.
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<emails::Model> for MailboxEmail {
    fn from(e: emails::Model) -> Self {
        Self {
            id: e.id,
            kind: e.kind,
            to: e.to_address,
            subject: e.subject,
            text_body: e.text_body,
            html_body: e.html_body,
            headers: serde_json::from_str(&e.headers).unwrap_or_default(),
            state: e.state,
            attempts: e.attempts,
            last_error: e.last_error,
            created_at: e.created_at,
            sent_at: e.sent_at,
        }
    }
}

/// Emails, newest first.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_list_mailbox",
    security(("bearer" = [])),
    params(MailboxParams),
    responses((status = 200, description = "A page of emails", body = Page<MailboxEmail>), AdminErrors)
)]
#[get("/admin/mailbox")]
pub async fn list_mailbox(st: web::Data<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<MailboxParams>) -> Result<web::Json<Page<MailboxEmail>>, ApiError> {
    let page = PageRequest::parse(q.cursor.as_deref(), q.limit)?;
    let to = q.to.as_deref().map(crate::domain::normalize_email);
    let rows = outbox::list(&st.db, page, to.as_deref()).await?;
    Ok(web::Json(paginate(rows, page.limit, |e| Cursor { at: e.created_at, id: e.id }, MailboxEmail::from)))
}
