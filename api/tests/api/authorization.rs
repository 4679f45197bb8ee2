//! The authorization matrix. Every operation in the spec is called by every kind of actor
//! (anonymous, a reader, a premium reader, the owner of the resource, another reader, a
//! disabled account, an admin) and must answer exactly the status its row gives that actor.
//! An operation the spec has and the matrix lacks fails the test, so a new route cannot
//! ship without deciding who may call it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Session, TestApp, spawn_queue_app},
    stripe_standin::{Price, StandinConfig, StripeStandin},
};

both_backends!(every_operation_answers_each_actor_as_the_matrix_says, premium_bodies_follow_the_matrix);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Anonymous,
    Reader,
    Premium,
    Owner,
    OtherReader,
    Disabled,
    Admin,
}

/// Admins go last: their calls are the only ones that change anything.
const ACTORS: [Actor; 7] = [Actor::Anonymous, Actor::Reader, Actor::Premium, Actor::Owner, Actor::OtherReader, Actor::Disabled, Actor::Admin];

/// Who may call an operation, and what the callers who may get.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Anyone gets this status. A disabled account's token is still refused (401) wherever
    /// the operation reads tokens at all.
    Public(u16),
    /// Credentials in the body (sign-in, refresh): each actor sends its own; a disabled
    /// account's are refused (401), everyone else gets this status.
    Credentials(u16),
    /// Signed-in, enabled accounts get this status; anonymous callers and disabled accounts 401.
    SignedIn(u16),
    /// The resource's owner (and admins) get `ok`; other readers get `other`. No operation
    /// addresses another reader's resource yet: `/me/*` and billing act on the caller's own.
    #[allow(dead_code)]
    Owner { ok: u16, other: u16 },
    /// Admins get this status; other signed-in accounts 403.
    Admin(u16),
    /// Only the resource's owner gets `ok`; everyone else signed in, admins included, gets
    /// `other`, as if it did not exist (a reader's Ask AI conversations).
    OwnerOnly { ok: u16, other: u16 },
}

impl Rule {
    fn expected(self, actor: Actor, reads_token: bool) -> u16 {
        let signed_in = !matches!(actor, Actor::Anonymous | Actor::Disabled);
        match self {
            Rule::Public(_) if actor == Actor::Disabled && reads_token => 401,
            Rule::Public(ok) => ok,
            Rule::Credentials(_) if actor == Actor::Disabled => 401,
            Rule::Credentials(ok) => ok,
            Rule::SignedIn(_) | Rule::Owner { .. } | Rule::OwnerOnly { .. } | Rule::Admin(_) if !signed_in => 401,
            Rule::SignedIn(ok) => ok,
            Rule::Owner { ok, other } => match actor {
                Actor::Owner | Actor::Admin => ok,
                _ => other,
            },
            Rule::OwnerOnly { ok, other } => {
                if actor == Actor::Owner {
                    ok
                } else {
                    other
                }
            }
            Rule::Admin(ok) => {
                if actor == Actor::Admin {
                    ok
                } else {
                    403
                }
            }
        }
    }
}

/// The row of every operation: who may call it and with what result.
fn rule(operation_id: &str) -> Option<Rule> {
    use Rule::*;
    Some(match operation_id {
        "healthz" | "readyz" | "list_posts" | "get_post" | "list_series" | "get_series" | "list_tags" | "list_plans" | "search" | "related_posts" | "site_info" => Public(200),
        "login" | "refresh" => Credentials(200),
        "register" => Public(201),
        "forgot_password" | "newsletter_subscribe" => Public(202),
        // Tokens, links and state only this server issues: refused as invalid for everyone.
        "reset_password" | "verify_email" | "newsletter_confirm" | "unsubscribe_info" | "unsubscribe" => Public(422),
        "receive_stripe_webhook" => Public(400),
        // Google sign-in is not configured in this test.
        "google_start" | "google_callback" => Public(503),
        // Checkout (called first) makes each caller a Stripe customer, so the portal opens.
        "get_me" | "get_settings" | "update_settings" | "get_subscription" | "start_checkout" | "open_portal" => SignedIn(200),
        "resend_verification" => SignedIn(202),
        // Questions answer as an event stream; sources are public (the paywall applies).
        "ask" | "list_ask_conversations" => SignedIn(200),
        "ask_sources" => Public(200),
        "get_ask_conversation" => OwnerOnly { ok: 200, other: 404 },
        "delete_ask_conversation" => OwnerOnly { ok: 204, other: 404 },
        "logout" => SignedIn(204),
        "admin_list_billing_events" | "admin_list_subscriptions" | "admin_jobs_overview" | "admin_list_dead_jobs" | "admin_list_mailbox" | "admin_list_posts"
        | "admin_get_post" | "admin_update_post" | "admin_publish_post" | "admin_unpublish_post" | "admin_render_markdown" | "admin_list_series"
        | "admin_get_series" | "admin_update_series" | "admin_set_series_posts" | "admin_list_tags" | "admin_update_tag" | "admin_merge_tag"
        | "admin_list_users" | "admin_set_user_disabled" | "admin_set_premium" | "admin_search_status" | "admin_update_user" | "admin_user_activity" => Admin(200),
        "admin_create_post" | "admin_create_series" | "admin_create_tag" => Admin(201),
        "admin_run_job" | "admin_search_reindex" => Admin(202),
        "admin_delete_post" | "admin_delete_series" | "admin_delete_tag" => Admin(204),
        // No dead jobs exist: the admin learns that, everyone else is refused first.
        "admin_delete_dead_job" | "admin_retry_dead_job" => Admin(404),
        // Unknown import ids; an upload without a format names what is missing.
        "admin_get_import" => Admin(404),
        "admin_start_import" => Admin(422),
        // Comments: anyone reads, members write; only the author edits or deletes.
        "list_comments" | "get_reactions" => Public(200),
        "create_comment" => SignedIn(201),
        "edit_comment" => OwnerOnly { ok: 200, other: 403 },
        "delete_comment" => OwnerOnly { ok: 204, other: 403 },
        "report_comment" => SignedIn(202),
        "admin_moderation_queue" | "admin_approve_comment" | "admin_hide_comment" | "admin_ban_commenter" => Admin(200),
        "admin_delete_comment" | "admin_unban_commenter" | "admin_close_comments" | "admin_open_comments" => Admin(204),
        // A reader's own things, always the caller's.
        "list_bookmarks" | "add_reaction" | "remove_reaction" | "report_progress" | "list_progress" | "progress_stats" | "series_progress" | "list_follows"
        | "post_states" | "list_notifications" | "unread_notifications" | "notification_stream" => SignedIn(200),
        "add_bookmark" | "remove_bookmark" | "follow_series" | "unfollow_series" | "read_all_notifications" => SignedIn(204),
        // An id that names no notification of the caller's.
        "read_notification" | "dismiss_notification" => SignedIn(404),
        // Study notes are private: someone else's note does not exist for the caller.
        "list_notes" | "export_account" | "list_recommendations" => SignedIn(200),
        "create_note" => SignedIn(201),
        "update_note" => OwnerOnly { ok: 200, other: 404 },
        "delete_note" => OwnerOnly { ok: 204, other: 404 },
        // Both are sent a wrong password, so neither changes anything.
        "change_password" | "delete_account" => SignedIn(422),
        // Editorial history and the redirect table.
        "admin_list_revisions" | "admin_get_revision" | "admin_restore_revision" | "admin_list_redirects" => Admin(200),
        "admin_create_redirect" => Admin(201),
        "admin_delete_redirect" => Admin(404),
        // Uploads: the matrix sends no multipart form, so every signed-in caller is told
        // what to send (who may upload what is in uploads.rs); avatars are one's own.
        "upload" => SignedIn(415),
        "remove_avatar" => SignedIn(204),
        "admin_post_documents" => Admin(200),
        // Anyone's page view is taken (and counted unless a bot sent it); only admins read the reports.
        "record_view" => Public(202),
        "admin_analytics_views" | "admin_analytics_top_posts" | "admin_analytics_referrers" | "admin_analytics_summary" => Admin(200),
        _ => return None,
    })
}

/// What the requests need: accounts, their tokens, and resources for each operation to act on.
struct Fixtures {
    sessions: Vec<(Actor, Session)>,
    post_slug: String,
    post_id: String,
    draft_id: String,
    withdrawn_id: String,
    doomed_post_id: String,
    series_id: String,
    series_slug: String,
    doomed_series_id: String,
    tag_id: String,
    doomed_tag_id: String,
    merged_tag_id: String,
    target_user_id: String,
    /// Ask AI conversations of the owner's: one to read, one to delete.
    conversation_id: String,
    doomed_conversation_id: String,
    /// A refresh token of the reader's, for the anonymous caller to present.
    spare_refresh: String,
    /// The owner's comments (one to edit, one to delete), and the target's (to report, to
    /// moderate, to remove); a member already banned, to lift.
    edited_comment_id: String,
    doomed_comment_id: String,
    reported_comment_id: String,
    moderated_comment_id: String,
    removed_comment_id: String,
    banned_user_id: String,
    /// The matrix post's first revision; the owner's study notes (one to edit, one to delete).
    revision_id: String,
    edited_note_id: String,
    doomed_note_id: String,
}

const READER_PASSWORD: &str = "reader-password-1";

impl Fixtures {
    fn session(&self, actor: Actor) -> Option<&Session> {
        self.sessions.iter().find(|(a, _)| *a == actor).map(|(_, s)| s)
    }

    /// The path (with its parameters and a query) and body an operation is called with.
    fn request(&self, operation_id: &str, template: &str, actor: Actor, call: usize) -> (String, Option<Value>) {
        let id = match operation_id {
            "admin_get_post" | "admin_update_post" => self.post_id.as_str(),
            "admin_unpublish_post" => self.withdrawn_id.as_str(),
            "admin_publish_post" => self.draft_id.as_str(),
            "admin_delete_post" => self.doomed_post_id.as_str(),
            "admin_get_series" | "admin_update_series" | "admin_set_series_posts" => self.series_id.as_str(),
            "admin_delete_series" => self.doomed_series_id.as_str(),
            "admin_update_tag" => self.tag_id.as_str(),
            "admin_delete_tag" => self.doomed_tag_id.as_str(),
            "admin_merge_tag" => self.merged_tag_id.as_str(),
            "admin_set_user_disabled" | "admin_set_premium" | "admin_update_user" | "admin_user_activity" => self.target_user_id.as_str(),
            "get_ask_conversation" => self.conversation_id.as_str(),
            "delete_ask_conversation" => self.doomed_conversation_id.as_str(),
            "edit_comment" => self.edited_comment_id.as_str(),
            "delete_comment" => self.doomed_comment_id.as_str(),
            "report_comment" => self.reported_comment_id.as_str(),
            "admin_approve_comment" | "admin_hide_comment" => self.moderated_comment_id.as_str(),
            "admin_delete_comment" => self.removed_comment_id.as_str(),
            "admin_ban_commenter" => self.target_user_id.as_str(),
            "admin_unban_commenter" => self.banned_user_id.as_str(),
            // Not the post the comment operations use: closing it would refuse them.
            "admin_close_comments" | "admin_open_comments" => self.draft_id.as_str(),
            "admin_list_revisions" | "admin_get_revision" | "admin_restore_revision" => self.post_id.as_str(),
            "update_note" => self.edited_note_id.as_str(),
            "delete_note" => self.doomed_note_id.as_str(),
            _ => "0190a8b2-0000-7000-8000-000000000000",
        };
        let slug = if template.contains("/series/") { &self.series_slug } else { &self.post_slug };
        let path = template.replace("{id}", id).replace("{slug}", slug).replace("{kind}", "like").replace("{rid}", &self.revision_id);
        let unique = format!("{}-{call}", format!("{actor:?}").to_lowercase());
        let refresh = self.session(actor).map_or(self.spare_refresh.clone(), |s| s.refresh.clone());
        let email = match actor {
            Actor::Anonymous => "reader@blog.test".to_string(),
            other => format!("{}@blog.test", format!("{other:?}").to_lowercase()),
        };
        let states_query = format!("?slugs={}", self.post_slug);
        let documents_query = format!("?post={}", self.post_id);
        let (query, body) = match operation_id {
            "register" => ("", Some(json!({"email": format!("new-{unique}@blog.test"), "password": READER_PASSWORD, "display_name": "New"}))),
            "login" => ("", Some(json!({"email": email, "password": if actor == Actor::Admin { "admin-password-1" } else { READER_PASSWORD }}))),
            "refresh" => ("", Some(json!({"refresh_token": refresh}))),
            "forgot_password" | "newsletter_subscribe" => ("", Some(json!({"email": format!("{unique}@blog.test")}))),
            "reset_password" => ("", Some(json!({"token": "not-a-token-we-sent", "password": "new-password-123"}))),
            "verify_email" | "newsletter_confirm" => ("", Some(json!({"token": "not-a-token-we-sent"}))),
            "unsubscribe_info" | "unsubscribe" => ("?token=not-a-token-we-sent", None),
            "search" => ("?q=matrix", None),
            "google_callback" => ("?state=never-issued&code=x", None),
            "receive_stripe_webhook" => ("", Some(json!({"id": "evt_unsigned"}))),
            "update_settings" => ("", Some(json!({"digest": false}))),
            "start_checkout" => ("", Some(json!({"plan": "monthly"}))),
            "ask" => ("", Some(json!({"question": "What is in the matrix post?"}))),
            "ask_sources" => ("?q=matrix", None),
            "admin_create_post" => ("", Some(json!({"title": format!("Matrix post {unique}"), "markdown": "Body."}))),
            "admin_update_post" => ("", Some(json!({"summary": format!("Updated by {unique}")}))),
            "admin_publish_post" => ("", Some(json!({}))),
            "admin_render_markdown" => ("", Some(json!({"markdown": "# Hello"}))),
            "admin_create_series" => ("", Some(json!({"title": format!("Matrix series {unique}")}))),
            "admin_update_series" => ("", Some(json!({"description": "Updated"}))),
            "admin_set_series_posts" => ("", Some(json!({"post_ids": [self.post_id]}))),
            "admin_create_tag" => ("", Some(json!({"name": format!("Matrix tag {unique}")}))),
            "admin_update_tag" => ("", Some(json!({"name": "Renamed"}))),
            "admin_merge_tag" => ("", Some(json!({"into": self.tag_id}))),
            "admin_run_job" => ("", Some(json!({"job": "sitemap"}))),
            "admin_set_user_disabled" | "admin_update_user" => ("", Some(json!({"disabled": false}))),
            "admin_set_premium" => ("", Some(json!({"until": null}))),
            "create_comment" => ("", Some(json!({"markdown": format!("A comment by {unique}")}))),
            "edit_comment" => ("", Some(json!({"markdown": format!("Edited by {unique}")}))),
            "report_comment" => ("", Some(json!({"reason": "spam"}))),
            "admin_ban_commenter" => ("", Some(json!({"reason": "matrix"}))),
            "report_progress" => ("", Some(json!({"percent": 50, "active_seconds": 10}))),
            "post_states" => (states_query.as_str(), None),
            "admin_post_documents" => (documents_query.as_str(), None),
            "create_note" => ("", Some(json!({"post": self.post_slug, "body": format!("A note by {unique}")}))),
            "update_note" => ("", Some(json!({"body": format!("Edited by {unique}")}))),
            "change_password" => ("", Some(json!({"current_password": "not-the-password", "new_password": "a-new-password-1"}))),
            "delete_account" => ("", Some(json!({"password": "not-the-password"}))),
            "admin_create_redirect" => ("", Some(json!({"from": format!("/old-{unique}"), "to": format!("/posts/{}", self.post_slug)}))),
            "record_view" => ("", Some(json!({"slug": self.post_slug, "referrer": "https://example.com/"}))),
            _ => ("", None),
        };
        (format!("{path}{query}"), body)
    }
}

async fn spawn(backend: Backend) -> Option<(TestApp, StripeStandin)> {
    let standin = StripeStandin::start(StandinConfig {
        api_key: "sk_test_matrix".into(),
        webhook_secret: "whsec_matrix".into(),
        webhook_url: None,
        prices: vec![
            Price { id: "price_matrix_monthly".into(), amount: 800, interval: "month".into() },
            Price { id: "price_matrix_yearly".into(), amount: 8000, interval: "year".into() },
        ],
        webhook_delay: std::time::Duration::ZERO,
    })
    .await;
    let app = spawn_queue_app(
        backend,
        false,
        &[
            ("STRIPE_SECRET_KEY", "sk_test_matrix"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_matrix"),
            ("STRIPE_API_BASE", &standin.base),
            ("STRIPE_PRICE_MONTHLY", "price_matrix_monthly"),
            ("STRIPE_PRICE_YEARLY", "price_matrix_yearly"),
            // Comments publish at once, so the ones the fixtures make can be reported.
            ("COMMENT_HOLD", "none"),
        ],
    )
    .await?;
    Some((app, standin))
}

async fn json_of(res: reqwest::Response, what: &str) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

async fn user_id(app: &TestApp, session: &Session) -> String {
    json_of(app.get("/api/v1/auth/me", Some(&session.access)).await, "me").await["id"].as_str().expect("id").to_string()
}

/// Asks a question as `session` and reads the answer to its end; the conversation's id.
async fn conversation(app: &TestApp, session: &Session) -> String {
    let res = app.post("/api/v1/ask", Some(&session.access), json!({"question": "What is in the matrix post?"})).await;
    assert_eq!(res.status(), StatusCode::OK, "ask");
    let stream = res.text().await.unwrap_or_default();
    let done = stream.split("\n\n").find(|frame| frame.starts_with("event: done\n")).unwrap_or_else(|| panic!("no done event in {stream}"));
    let data: Value = serde_json::from_str(done.trim_start_matches("event: done\ndata: ")).expect("done data");
    data["conversation_id"].as_str().expect("conversation_id").to_string()
}

async fn fixtures(app: &TestApp) -> Fixtures {
    let admin = app.admin().await;
    let reader = app.reader("reader@blog.test").await;
    let premium = app.reader("premium@blog.test").await;
    let owner = app.reader("owner@blog.test").await;
    let other = app.reader("otherreader@blog.test").await;
    let disabled = app.reader("disabled@blog.test").await;
    let target = app.reader("target@blog.test").await;
    let spare = app.reader("spare@blog.test").await;

    let until = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
    let premium_id = user_id(app, &premium).await;
    json_of(app.send(Method::PUT, &format!("/api/v1/admin/users/{premium_id}/premium"), Some(&admin.access), Some(json!({"until": until}))).await, "grant").await;
    let disabled_id = user_id(app, &disabled).await;
    json_of(app.send(Method::PUT, &format!("/api/v1/admin/users/{disabled_id}/disabled"), Some(&admin.access), Some(json!({"disabled": true}))).await, "disable").await;
    let target_user_id = user_id(app, &target).await;

    let series = json_of(app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Matrix series"})).await, "series").await;
    let doomed_series = json_of(app.post("/api/v1/admin/series", Some(&admin.access), json!({"title": "Doomed series"})).await, "series").await;
    let post = app.published_post(&admin, "Matrix post", json!({"tags": ["Kept"], "series_id": series["id"]})).await;
    let draft = app.create_post(&admin, json!({"title": "Matrix draft", "markdown": "Draft."})).await;
    let withdrawn = app.published_post(&admin, "Withdrawn post", json!({})).await;
    let doomed = app.create_post(&admin, json!({"title": "Doomed post", "markdown": "Doomed.", "tags": ["Doomed", "Merged"]})).await;
    let conversation_id = conversation(app, &owner).await;
    let doomed_conversation_id = conversation(app, &owner).await;
    let slug = post["slug"].as_str().unwrap_or_default().to_string();
    let comment = |session: &Session, text: &str| {
        let (session, text, slug) = (session.clone(), text.to_string(), slug.clone());
        async move { json_of(app.post(&format!("/api/v1/posts/{slug}/comments"), Some(&session.access), json!({"markdown": text})).await, "comment").await["id"].as_str().unwrap_or_default().to_string() }
    };
    let edited_comment_id = comment(&owner, "To be edited").await;
    let doomed_comment_id = comment(&owner, "To be deleted").await;
    let reported_comment_id = comment(&target, "To be reported").await;
    let moderated_comment_id = comment(&target, "To be moderated").await;
    let removed_comment_id = comment(&target, "To be removed").await;
    let banned = app.reader("banned@blog.test").await;
    let banned_user_id = user_id(app, &banned).await;
    json_of(app.send(Method::PUT, &format!("/api/v1/admin/users/{banned_user_id}/comment-ban"), Some(&admin.access), None).await, "ban").await;
    let post_id = post["id"].as_str().unwrap_or_default().to_string();
    let revisions = json_of(app.get(&format!("/api/v1/admin/posts/{post_id}/revisions"), Some(&admin.access)).await, "revisions").await;
    let revision_id = revisions["items"].as_array().and_then(|r| r.last()).map(|r| r["id"].as_str().unwrap_or_default().to_string()).unwrap_or_default();
    let note = |text: &str| {
        let (session, text, slug) = (owner.clone(), text.to_string(), slug.clone());
        async move { json_of(app.post("/api/v1/me/notes", Some(&session.access), json!({"post": slug, "body": text})).await, "note").await["id"].as_str().unwrap_or_default().to_string() }
    };
    let edited_note_id = note("To be edited").await;
    let doomed_note_id = note("To be deleted").await;
    let tags = json_of(app.get("/api/v1/admin/tags", Some(&admin.access)).await, "tags").await;
    let tag = |name: &str| {
        tags.as_array().or_else(|| tags["items"].as_array()).and_then(|t| t.iter().find(|t| t["name"] == name)).map(|t| t["id"].as_str().unwrap_or_default().to_string()).unwrap_or_default()
    };
    Fixtures {
        post_slug: post["slug"].as_str().unwrap_or_default().into(),
        post_id: post["id"].as_str().unwrap_or_default().into(),
        draft_id: draft["id"].as_str().unwrap_or_default().into(),
        withdrawn_id: withdrawn["id"].as_str().unwrap_or_default().into(),
        doomed_post_id: doomed["id"].as_str().unwrap_or_default().into(),
        series_id: series["id"].as_str().unwrap_or_default().into(),
        series_slug: series["slug"].as_str().unwrap_or_default().into(),
        doomed_series_id: doomed_series["id"].as_str().unwrap_or_default().into(),
        tag_id: tag("Kept"),
        doomed_tag_id: tag("Doomed"),
        merged_tag_id: tag("Merged"),
        target_user_id,
        conversation_id,
        doomed_conversation_id,
        spare_refresh: spare.refresh,
        edited_comment_id,
        doomed_comment_id,
        reported_comment_id,
        moderated_comment_id,
        removed_comment_id,
        banned_user_id,
        revision_id,
        edited_note_id,
        doomed_note_id,
        sessions: vec![
            (Actor::Reader, reader),
            (Actor::Premium, premium),
            (Actor::Owner, owner),
            (Actor::OtherReader, other),
            (Actor::Disabled, disabled),
            (Actor::Admin, admin),
        ],
    }
}

async fn every_operation_answers_each_actor_as_the_matrix_says(backend: Backend) {
    let Some((app, _standin)) = spawn(backend).await else { return };
    let fx = fixtures(&app).await;
    let spec: Value = serde_json::from_str(&lectern::openapi::spec_json()).expect("spec");

    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    let mut calls = 0;
    for (template, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("operations") {
            let id = op["operationId"].as_str().expect("operationId");
            let Some(rule) = rule(id) else {
                missing.push(id.to_string());
                continue;
            };
            let reads_token = op["security"].as_array().is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            for actor in ACTORS {
                calls += 1;
                let (path, body) = fx.request(id, template, actor, calls);
                let token = fx.session(actor).map(|s| s.access.as_str());
                let res = app.send(method.clone(), &path, token, body).await;
                let got = res.status().as_u16();
                let want = rule.expected(actor, reads_token);
                if got != want {
                    let text = res.text().await.unwrap_or_default();
                    wrong.push(format!("{id} as {actor:?}: {got}, the matrix says {want} ({text})"));
                } else if got >= 400 {
                    let content_type = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                    assert_eq!(content_type, "application/problem+json", "{id} as {actor:?}");
                }
            }
        }
    }
    assert!(missing.is_empty(), "operations without a row in the authorization matrix: {missing:?}");
    assert!(wrong.is_empty(), "{} of {calls} calls disagree with the matrix:\n{}", wrong.len(), wrong.join("\n"));
}

/// Premium posts: the full body for premium readers and admins only; everyone else gets
/// the teaser, and the paid text appears nowhere in what they are sent.
async fn premium_bodies_follow_the_matrix(backend: Backend) {
    let Some((app, _standin)) = spawn(backend).await else { return };
    let fx = fixtures(&app).await;
    let admin = fx.session(Actor::Admin).expect("admin");
    let paid = "PAID-MATRIX-SENTENCE";
    let md = format!("Free intro.\n\n## Paid part\n\n{paid}\n");
    app.published_post(admin, "Premium matrix", json!({"markdown": md, "premium": true, "slug": "premium-matrix"})).await;

    for actor in ACTORS {
        let token = fx.session(actor).map(|s| s.access.as_str());
        let res = app.get("/api/v1/posts/premium-matrix", token).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        match actor {
            Actor::Disabled => assert_eq!(status, StatusCode::UNAUTHORIZED, "{actor:?}"),
            Actor::Premium | Actor::Admin => {
                assert_eq!(status, StatusCode::OK, "{actor:?}");
                assert!(text.contains(paid), "{actor:?} should read the paid part");
            }
            _ => {
                assert_eq!(status, StatusCode::OK, "{actor:?}");
                assert!(!text.contains(paid), "{actor:?} was sent the paid part");
            }
        }
        let list = app.get("/api/v1/posts?limit=100", token).await.text().await.unwrap_or_default();
        assert!(!list.contains(paid), "{actor:?}: the list leaks the paid part");
    }
}
