//! Delivery over SMTP with lettre; one pooled transport per process.

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{MultiPart, header::{HeaderName, HeaderValue}},
};
use secrecy::ExposeSecret;

use crate::{config::Settings, entities::emails};

#[derive(Clone)]
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Smtp {
    /// `None` without `SMTP_URL`: emails then stay in the outbox.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Option<Self>> {
        let Some(url) = &settings.smtp_url else { return Ok(None) };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
            .map_err(|e| anyhow::anyhow!("SMTP_URL: {e}"))?
            .timeout(Some(settings.smtp_timeout))
            .build();
        let from = settings.mail_from.parse().map_err(|e| anyhow::anyhow!("MAIL_FROM: {e}"))?;
        Ok(Some(Self { transport, from }))
    }

    pub async fn deliver(&self, email: &emails::Model) -> anyhow::Result<()> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(email.to_address.parse().map_err(|e| anyhow::anyhow!("recipient {:?}: {e}", email.to_address))?)
            .subject(&email.subject);
        let headers: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&email.headers).unwrap_or_default();
        for (name, value) in headers {
            let Some(value) = value.as_str() else { continue };
            let name = HeaderName::new_from_ascii(name).map_err(|e| anyhow::anyhow!("header name: {e}"))?;
            builder = builder.raw_header(HeaderValue::new(name, value.to_string()));
        }
        let message = builder.multipart(MultiPart::alternative_plain_html(email.text_body.clone(), email.html_body.clone()))?;
        self.transport.send(message).await?;
        Ok(())
    }
}
