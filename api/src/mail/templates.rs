//! The emails Lectern sends, each with a plain-text and an HTML body.

use super::{OutgoingEmail, unsubscribe::List};

use crate::markdown::escape_html as esc;

/// Wraps body paragraphs in a small, client-safe HTML document.
fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{t}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:36rem;margin:auto;line-height:1.5\">{body}</body></html>",
        t = esc(title)
    )
}

fn button(href: &str, label: &str) -> String {
    format!("<p><a href=\"{}\" style=\"display:inline-block;padding:.6em 1.2em;background:#2b4acb;color:#fff;border-radius:6px;text-decoration:none\">{}</a></p>", esc(href), esc(label))
}

/// `List-Unsubscribe` with one-click POST (RFC 8058) to `post_url`.
fn list_headers(post_url: &str) -> Vec<(String, String)> {
    vec![("List-Unsubscribe".into(), format!("<{post_url}>")), ("List-Unsubscribe-Post".into(), "List-Unsubscribe=One-Click".into())]
}

pub fn verify_email(to: &str, name: &str, link: &str) -> OutgoingEmail {
    OutgoingEmail {
        kind: "verify_email",
        to: to.into(),
        subject: "Confirm your email address".into(),
        text: format!("Hello {name},\n\nconfirm your email address for Lectern by opening this link (valid for 24 hours):\n\n{link}\n\nIf you did not create an account, ignore this email.\n"),
        html: html_page(
            "Confirm your email address",
            &format!("<p>Hello {},</p><p>Confirm your email address for Lectern (the link is valid for 24 hours).</p>{}<p>If you did not create an account, ignore this email.</p>", esc(name), button(link, "Confirm my email")),
        ),
        headers: vec![],
        idempotency_key: None,
    }
}

pub fn reset_password(to: &str, name: &str, link: &str) -> OutgoingEmail {
    OutgoingEmail {
        kind: "reset_password",
        to: to.into(),
        subject: "Reset your password".into(),
        text: format!("Hello {name},\n\nsomeone asked to reset the password of your Lectern account. Choose a new one here (valid for 1 hour):\n\n{link}\n\nIf it was not you, ignore this email; your password stays as it is.\n"),
        html: html_page(
            "Reset your password",
            &format!("<p>Hello {},</p><p>Someone asked to reset the password of your Lectern account. The link is valid for 1 hour.</p>{}<p>If it was not you, ignore this email; your password stays as it is.</p>", esc(name), button(link, "Choose a new password")),
        ),
        headers: vec![],
        idempotency_key: None,
    }
}

pub fn newsletter_confirm(to: &str, link: &str) -> OutgoingEmail {
    OutgoingEmail {
        kind: "newsletter_confirm",
        to: to.into(),
        subject: "Confirm your subscription".into(),
        text: format!("Confirm that you want Lectern's newsletter at this address:\n\n{link}\n\nIf you did not ask for it, ignore this email and nothing will be sent.\n"),
        html: html_page(
            "Confirm your subscription",
            &format!("<p>Confirm that you want Lectern's newsletter at this address.</p>{}<p>If you did not ask for it, ignore this email and nothing will be sent.</p>", button(link, "Yes, subscribe me")),
        ),
        headers: vec![],
        idempotency_key: None,
    }
}

/// A notification sent by email as well; `settings_url` is where the reader turns it off.
pub fn notification(to: &str, name: &str, title: &str, body: &str, url: &str, settings_url: &str, key: String) -> OutgoingEmail {
    let quote = if body.is_empty() { String::new() } else { format!("<blockquote style=\"color:#444;border-left:3px solid #ccc;margin:0;padding-left:1em\">{}</blockquote>", esc(body)) };
    OutgoingEmail {
        kind: "notification",
        to: to.into(),
        subject: title.into(),
        text: format!("Hello {name},\n\n{title}\n\n{body}\n\n{url}\n\nYou get this email because you asked for these notifications by email. Change that here: {settings_url}\n"),
        html: html_page(
            title,
            &format!(
                "<p>Hello {},</p><p>{}</p>{quote}{}<p style=\"color:#666;font-size:.9em\">You get this email because you asked for these notifications by email. <a href=\"{}\">Change that</a></p>",
                esc(name),
                esc(title),
                button(url, "Open it"),
                esc(settings_url)
            ),
        ),
        headers: vec![],
        idempotency_key: Some(key),
    }
}

pub struct DigestPost {
    pub title: String,
    pub summary: String,
    pub url: String,
}

/// The daily digest; `page_url` shows the unsubscribe page, `post_url` unsubscribes in one click.
pub fn digest(to: &str, list: List, posts: &[DigestPost], page_url: &str, post_url: &str, key: String) -> OutgoingEmail {
    let count = posts.len();
    let subject = if count == 1 { format!("New on Lectern: {}", posts[0].title) } else { format!("{count} new posts on Lectern") };
    let text_items: String = posts.iter().map(|p| format!("* {}\n  {}\n  {}\n\n", p.title, p.summary, p.url)).collect();
    let html_items: String =
        posts.iter().map(|p| format!("<li><p><a href=\"{}\"><strong>{}</strong></a><br>{}</p></li>", esc(&p.url), esc(&p.title), esc(&p.summary))).collect();
    let why = match list {
        List::Digest => "you turned on the daily digest in your Lectern settings",
        List::Newsletter => "you subscribed to Lectern's newsletter",
    };
    OutgoingEmail {
        kind: "digest",
        to: to.into(),
        subject: subject.clone(),
        text: format!("Published on Lectern in the last 24 hours:\n\n{text_items}You get this email because {why}.\nUnsubscribe: {page_url}\n"),
        html: html_page(
            &subject,
            &format!("<p>Published on Lectern in the last 24 hours:</p><ul>{html_items}</ul><p style=\"color:#666;font-size:.9em\">You get this email because {why}. <a href=\"{}\">Unsubscribe</a></p>", esc(page_url)),
        ),
        headers: list_headers(post_url),
        idempotency_key: Some(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_links_are_escaped_once() {
        let mail = verify_email("a@example.com", "<b>Eve</b> & co", "https://blog.test/verify-email?token=a&b=\"c\"");
        assert!(mail.html.contains("&lt;b&gt;Eve&lt;/b&gt; &amp; co"));
        assert!(mail.html.contains("href=\"https://blog.test/verify-email?token=a&amp;b=&quot;c&quot;\""));
        assert!(mail.text.contains("<b>Eve</b> & co"), "plain text stays plain");
    }
}
