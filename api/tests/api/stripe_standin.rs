//! A stand-in for Stripe, for the tests and the browser journey: the API calls Lectern makes
//! (customers, Checkout Sessions, subscriptions, Customer Portal sessions) answered with objects
//! as complete as Stripe's own, so the real async-stripe client parses them; a hosted Checkout
//! and portal page a browser can click through; and webhooks signed exactly as Stripe signs
//! them (`t=<time>,v1=<HMAC-SHA256 of "t.payload">`).
//!
//! Used in-process by the integration tests and as a process (`cargo run --example
//! stripe_standin`) by the browser journey.
#![allow(dead_code)]

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex},
    time::Duration,
};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

/// A price the stand-in sells.
#[derive(Clone, Debug)]
pub struct Price {
    pub id: String,
    pub amount: i64,
    /// `month` or `year`.
    pub interval: String,
}

#[derive(Clone, Debug)]
pub struct StandinConfig {
    pub api_key: String,
    pub webhook_secret: String,
    pub webhook_url: Option<String>,
    pub prices: Vec<Price>,
    /// How long after a hosted payment the webhooks go out (Stripe delivers asynchronously).
    pub webhook_delay: Duration,
}

/// A subscription as the stand-in keeps it.
#[derive(Clone, Debug)]
pub struct Sub {
    pub id: String,
    pub customer: String,
    pub price: Price,
    pub status: String,
    pub created: i64,
    pub period_start: i64,
    pub period_end: i64,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub metadata: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    pub customer: String,
    pub price: Price,
    pub client_reference_id: Option<String>,
    pub success_url: String,
    pub cancel_url: String,
    pub metadata: BTreeMap<String, String>,
    pub subscription_metadata: BTreeMap<String, String>,
    pub subscription: Option<String>,
    pub created: i64,
}

/// One webhook delivery and Lectern's answer.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub event_id: String,
    pub kind: String,
    pub status: u16,
    pub body: String,
}

#[derive(Default)]
struct State {
    base: String,
    customers: BTreeMap<String, Value>,
    idempotent: HashMap<String, Value>,
    sessions: BTreeMap<String, Session>,
    subscriptions: BTreeMap<String, Sub>,
    portals: BTreeMap<String, (String, String)>,
    deliveries: Vec<Delivery>,
    requests: Vec<String>,
    counter: u64,
}

#[derive(Clone)]
pub struct StripeStandin {
    pub base: String,
    config: Arc<Mutex<StandinConfig>>,
    state: Arc<Mutex<State>>,
    http: reqwest::Client,
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Stripe-Signature` header for `payload`, signed with `secret` at time `t`.
pub fn signature(payload: &str, secret: &str, t: i64) -> String {
    format!("t={t},v1={}", hmac_hex(payload, secret, t))
}

pub fn hmac_hex(payload: &str, secret: &str, t: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.{payload}").as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn stripe_error(status: u16, kind: &str, message: &str, param: Option<&str>) -> HttpResponse {
    let body = json!({"error": {"type": kind, "message": message, "param": param, "code": if status == 404 { Some("resource_missing") } else { None }}});
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).expect("status")).json(body)
}

fn price_object(p: &Price, created: i64) -> Value {
    json!({
        "id": p.id, "object": "price", "active": true, "billing_scheme": "per_unit", "created": created,
        "currency": "usd", "custom_unit_amount": null, "livemode": false, "lookup_key": null, "metadata": {},
        "nickname": null, "product": "prod_lectern_premium",
        "recurring": {"interval": p.interval, "interval_count": 1, "meter": null, "trial_period_days": null, "usage_type": "licensed"},
        "tax_behavior": "unspecified", "tiers_mode": null, "transform_quantity": null, "type": "recurring",
        "unit_amount": p.amount, "unit_amount_decimal": p.amount.to_string()
    })
}

fn plan_object(p: &Price, created: i64) -> Value {
    json!({
        "id": p.id, "object": "plan", "active": true, "amount": p.amount, "amount_decimal": p.amount.to_string(),
        "billing_scheme": "per_unit", "created": created, "currency": "usd", "interval": p.interval, "interval_count": 1,
        "livemode": false, "metadata": {}, "meter": null, "nickname": null, "product": "prod_lectern_premium",
        "tiers_mode": null, "transform_usage": null, "trial_period_days": null, "usage_type": "licensed"
    })
}

impl Sub {
    /// The subscription exactly as Stripe's API (2025+) renders it.
    pub fn object(&self) -> Value {
        json!({
            "id": self.id, "object": "subscription", "application": null, "application_fee_percent": null,
            "automatic_tax": {"disabled_reason": null, "enabled": false, "liability": null},
            "billing_cycle_anchor": self.created, "billing_cycle_anchor_config": null,
            "billing_mode": {"flexible": null, "type": "classic", "updated_at": null},
            "billing_schedules": [],
            "billing_thresholds": null, "cancel_at": if self.cancel_at_period_end { Some(self.period_end) } else { None },
            "cancel_at_period_end": self.cancel_at_period_end, "canceled_at": self.canceled_at,
            "cancellation_details": {"comment": null, "feedback": null, "reason": if self.canceled_at.is_some() { Some("cancellation_requested") } else { None }},
            "collection_method": "charge_automatically", "created": self.created, "currency": "usd",
            "customer": self.customer, "customer_account": null, "days_until_due": null, "default_payment_method": "pm_card_visa",
            "default_source": null, "default_tax_rates": [], "description": null, "discounts": [], "ended_at": self.ended_at,
            "invoice_settings": {"account_tax_ids": null, "issuer": {"type": "self"}},
            "items": {
                "object": "list", "has_more": false, "total_count": 1, "url": format!("/v1/subscription_items?subscription={}", self.id),
                "data": [{
                    "id": format!("si_{}", &self.id[4..]), "object": "subscription_item", "billing_thresholds": null,
                    "created": self.created, "current_period_end": self.period_end, "current_period_start": self.period_start,
                    "discounts": [], "metadata": {}, "plan": plan_object(&self.price, self.created),
                    "price": price_object(&self.price, self.created), "quantity": 1, "subscription": self.id, "tax_rates": []
                }]
            },
            "latest_invoice": format!("in_{}", &self.id[4..]), "livemode": false, "metadata": self.metadata,
            "next_pending_invoice_item_invoice": null, "on_behalf_of": null, "pause_collection": null,
            "payment_settings": {"payment_method_options": null, "payment_method_types": null, "save_default_payment_method": "off"},
            "pending_invoice_item_interval": null, "pending_setup_intent": null, "pending_update": null,
            "schedule": null, "start_date": self.created, "status": self.status, "test_clock": null,
            "transfer_data": null, "trial_end": null, "trial_settings": {"end_behavior": {"missing_payment_method": "create_invoice"}},
            "trial_start": null
        })
    }

    /// The invoice for the current period, paid or failed.
    pub fn invoice(&self, paid: bool) -> Value {
        let id = format!("in_{}_{}", &self.id[4..], self.period_start);
        json!({
            "id": id, "object": "invoice", "account_country": "US", "account_name": "Lectern", "account_tax_ids": null,
            "amount_due": self.price.amount, "amount_overpaid": 0, "amount_paid": if paid { self.price.amount } else { 0 },
            "amount_remaining": if paid { 0 } else { self.price.amount }, "amount_shipping": 0, "application": null,
            "attempt_count": 1, "attempted": true, "auto_advance": !paid,
            "automatic_tax": {"disabled_reason": null, "enabled": false, "liability": null, "provider": null, "status": null},
            "automatically_finalizes_at": null, "billing_reason": "subscription_cycle", "collection_method": "charge_automatically",
            "created": self.period_start, "currency": "usd", "custom_fields": null, "customer": self.customer, "customer_account": null,
            "customer_address": null, "customer_email": null, "customer_name": null, "customer_phone": null, "customer_shipping": null,
            "customer_tax_exempt": "none", "customer_tax_ids": [], "default_payment_method": null, "default_source": null,
            "default_tax_rates": [], "description": null, "discounts": [], "due_date": null, "effective_at": self.period_start,
            "ending_balance": 0, "footer": null, "from_invoice": null, "hosted_invoice_url": null, "invoice_pdf": null,
            "issuer": {"type": "self"}, "last_finalization_error": null, "latest_revision": null,
            "lines": {"object": "list", "data": [], "has_more": false, "url": format!("/v1/invoices/{id}/lines")},
            "livemode": false, "metadata": {}, "next_payment_attempt": null, "number": null, "on_behalf_of": null,
            "parent": {"quote_details": null, "subscription_details": {"metadata": self.metadata, "subscription": self.id}, "type": "subscription_details"},
            "payment_settings": {"default_mandate": null, "payment_method_options": null, "payment_method_types": null},
            "period_end": self.period_end, "period_start": self.period_start, "post_payment_credit_notes_amount": 0,
            "pre_payment_credit_notes_amount": 0, "receipt_number": null, "rendering": null, "shipping_cost": null,
            "shipping_details": null, "starting_balance": 0, "statement_descriptor": null, "status": if paid { "paid" } else { "open" },
            "status_transitions": {"finalized_at": self.period_start, "marked_uncollectible_at": null, "paid_at": if paid { Some(self.period_start) } else { None }, "voided_at": null},
            "subtotal": self.price.amount, "subtotal_excluding_tax": self.price.amount, "test_clock": null,
            "total": self.price.amount, "total_discount_amounts": [], "total_excluding_tax": self.price.amount,
            "total_pretax_credit_amounts": null, "total_taxes": null, "webhooks_delivered_at": null
        })
    }
}

impl Session {
    pub fn object(&self, base: &str) -> Value {
        let complete = self.subscription.is_some();
        json!({
            "id": self.id, "object": "checkout.session", "adaptive_pricing": null, "after_expiration": null,
            "allow_promotion_codes": null, "amount_subtotal": self.price.amount, "amount_total": self.price.amount,
            "automatic_tax": {"enabled": false, "liability": null, "provider": null, "status": null},
            "billing_address_collection": null, "cancel_url": self.cancel_url, "client_reference_id": self.client_reference_id,
            "client_secret": null, "collected_information": null, "consent": null, "consent_collection": null,
            "created": self.created, "currency": "usd", "currency_conversion": null, "custom_fields": [],
            "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
            "customer": self.customer, "customer_account": null, "customer_creation": null, "customer_details": null,
            "customer_email": null, "discounts": [], "expires_at": self.created + 24 * 3600, "integration_identifier": null,
            "invoice": null, "invoice_creation": null, "livemode": false, "locale": null, "metadata": self.metadata,
            "mode": "subscription", "origin_context": null, "payment_intent": null, "payment_link": null,
            "payment_method_collection": "always", "payment_method_configuration_details": null,
            "payment_method_options": {}, "payment_method_types": ["card"],
            "payment_status": if complete { "paid" } else { "unpaid" }, "permissions": null,
            "phone_number_collection": {"enabled": false}, "recovered_from": null, "saved_payment_method_options": null,
            "setup_intent": null, "shipping_address_collection": null, "shipping_cost": null, "shipping_options": [],
            "status": if complete { "complete" } else { "open" }, "submit_type": null, "subscription": self.subscription,
            "success_url": self.success_url, "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            "ui_mode": "hosted_page", "url": if complete { None } else { Some(format!("{base}/checkout/{}", self.id)) }, "wallet_options": null
        })
    }
}

/// A webhook event around `object`, as Stripe renders one.
pub fn event(id: &str, kind: &str, created: i64, object: Value) -> String {
    json!({
        "id": id, "object": "event", "api_version": "2026-09-30.endive", "created": created,
        "data": {"object": object}, "livemode": false, "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null}, "type": kind
    })
    .to_string()
}

/// `line_items[0][price]=x&metadata[user_id]=y` → a flat map of bracketed keys.
fn form(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn prefixed(params: &HashMap<String, String>, prefix: &str) -> BTreeMap<String, String> {
    params.iter().filter_map(|(k, v)| Some((k.strip_prefix(prefix)?.strip_suffix(']')?.to_string(), v.clone()))).collect()
}

impl StripeStandin {
    pub async fn start(config: StandinConfig) -> Self {
        Self::start_on(config, 0).await
    }

    pub async fn start_on(config: StandinConfig, port: u16) -> Self {
        let state: Arc<Mutex<State>> = Arc::default();
        let config = Arc::new(Mutex::new(config));
        let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("http client");
        let mut standin = Self { base: String::new(), config, state, http };
        let shared = standin.clone();
        let server = HttpServer::new(move || App::new().app_data(web::Data::new(shared.clone())).configure(routes))
            .workers(1)
            .bind(("127.0.0.1", port))
            .expect("bind the Stripe stand-in");
        let addr = server.addrs()[0];
        tokio::spawn(server.run());
        standin.base = format!("http://{addr}");
        standin.state.lock().expect("lock").base = standin.base.clone();
        standin
    }

    /// The address the server listens on (the handlers' copy is made before it is known).
    fn public_base(&self) -> String {
        self.state.lock().expect("lock").base.clone()
    }

    pub fn set_webhook_url(&self, url: &str) {
        self.config.lock().expect("lock").webhook_url = Some(url.to_string());
    }

    fn next_id(&self, prefix: &str) -> String {
        let mut st = self.state.lock().expect("lock");
        st.counter += 1;
        format!("{prefix}_{}{:06}", &uuid::Uuid::new_v4().simple().to_string()[..10], st.counter)
    }

    fn price(&self, id: &str) -> Option<Price> {
        self.config.lock().expect("lock").prices.iter().find(|p| p.id == id).cloned()
    }

    pub fn customers(&self) -> Vec<Value> {
        self.state.lock().expect("lock").customers.values().cloned().collect()
    }

    pub fn sessions(&self) -> Vec<Session> {
        self.state.lock().expect("lock").sessions.values().cloned().collect()
    }

    pub fn subscription(&self, id: &str) -> Sub {
        self.state.lock().expect("lock").subscriptions.get(id).cloned().expect("known subscription")
    }

    pub fn subscription_of(&self, customer: &str) -> Option<Sub> {
        self.state.lock().expect("lock").subscriptions.values().filter(|s| s.customer == customer).max_by_key(|s| s.created).cloned()
    }

    pub fn deliveries(&self) -> Vec<Delivery> {
        self.state.lock().expect("lock").deliveries.clone()
    }

    /// Requests Lectern made, as `METHOD /path`.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().expect("lock").requests.clone()
    }

    /// Changes a subscription without telling Lectern (a webhook that never arrived).
    pub fn edit(&self, id: &str, change: impl FnOnce(&mut Sub)) -> Sub {
        let mut st = self.state.lock().expect("lock");
        let sub = st.subscriptions.get_mut(id).expect("known subscription");
        change(sub);
        sub.clone()
    }

    /// Makes a subscription for a customer directly (as if its Checkout's webhooks were lost).
    pub fn create_subscription(&self, customer: &str, price_id: &str, metadata: BTreeMap<String, String>) -> Sub {
        let price = self.price(price_id).expect("known price");
        let id = self.next_id("sub");
        let created = now();
        let days = if price.interval == "year" { 365 } else { 30 };
        let sub = Sub {
            id: id.clone(),
            customer: customer.to_string(),
            price,
            status: "active".into(),
            created,
            period_start: created,
            period_end: created + days * 24 * 3600,
            cancel_at_period_end: false,
            canceled_at: None,
            ended_at: None,
            metadata,
        };
        self.state.lock().expect("lock").subscriptions.insert(id, sub.clone());
        sub
    }

    /// A signed-ready event about a subscription's current state.
    pub fn subscription_event(&self, kind: &str, sub_id: &str) -> String {
        let sub = self.subscription(sub_id);
        let object = if kind.starts_with("invoice.") { sub.invoice(kind == "invoice.paid") } else { sub.object() };
        event(&self.next_id("evt"), kind, now(), object)
    }

    pub fn sign(&self, payload: &str) -> String {
        signature(payload, &self.config.lock().expect("lock").webhook_secret, now())
    }

    /// Posts a payload with the given signature header to Lectern's webhook.
    pub async fn deliver(&self, payload: &str, signature_header: &str) -> (u16, String) {
        let url = self.config.lock().expect("lock").webhook_url.clone().expect("set_webhook_url first");
        let res = self
            .http
            .post(url)
            .header("content-type", "application/json; charset=utf-8")
            .header("user-agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
            .header("stripe-signature", signature_header)
            .body(payload.to_string())
            .send()
            .await
            .expect("deliver webhook");
        let status = res.status().as_u16();
        let body = res.text().await.unwrap_or_default();
        let parsed: Value = serde_json::from_str(payload).unwrap_or_default();
        self.state.lock().expect("lock").deliveries.push(Delivery {
            event_id: parsed["id"].as_str().unwrap_or_default().to_string(),
            kind: parsed["type"].as_str().unwrap_or_default().to_string(),
            status,
            body: body.clone(),
        });
        (status, body)
    }

    /// Builds, signs and delivers an event about a subscription's current state.
    pub async fn emit(&self, kind: &str, sub_id: &str) -> (u16, String) {
        let payload = self.subscription_event(kind, sub_id);
        let header = self.sign(&payload);
        self.deliver(&payload, &header).await
    }

    /// Completes a Checkout Session as the hosted page does: creates the subscription, then
    /// delivers `customer.subscription.created`, `checkout.session.completed` and
    /// `invoice.paid`. Answers where the browser goes next.
    pub async fn pay(&self, session_id: &str) -> String {
        let (success_url, events) = self.complete_session(session_id);
        for payload in events {
            let header = self.sign(&payload);
            self.deliver(&payload, &header).await;
        }
        success_url
    }

    fn complete_session(&self, session_id: &str) -> (String, Vec<String>) {
        let session = self.state.lock().expect("lock").sessions.get(session_id).cloned().expect("known session");
        let sub = self.create_subscription(&session.customer, &session.price.id, session.subscription_metadata.clone());
        let base = self.public_base();
        let completed = {
            let mut st = self.state.lock().expect("lock");
            let stored = st.sessions.get_mut(session_id).expect("known session");
            stored.subscription = Some(sub.id.clone());
            stored.object(&base)
        };
        let created = now();
        let events = vec![
            event(&self.next_id("evt"), "customer.subscription.created", created, sub.object()),
            event(&self.next_id("evt"), "checkout.session.completed", created, completed),
            event(&self.next_id("evt"), "invoice.paid", created, sub.invoice(true)),
        ];
        (session.success_url.replace("{CHECKOUT_SESSION_ID}", session_id), events)
    }

    /// The Customer Portal's cancel button: cancel at the end of the period, and say so.
    pub async fn cancel_at_period_end(&self, sub_id: &str) -> (u16, String) {
        self.edit(sub_id, |s| {
            s.cancel_at_period_end = true;
            s.canceled_at = Some(now());
        });
        self.emit("customer.subscription.updated", sub_id).await
    }

    /// The period of a subscription set to cancel has run out: Stripe ends it.
    pub async fn end(&self, sub_id: &str) -> (u16, String) {
        self.edit(sub_id, |s| {
            s.status = "canceled".into();
            s.ended_at = Some(now());
            s.period_end = now();
        });
        self.emit("customer.subscription.deleted", sub_id).await
    }
}

fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/v1/customers", web::post().to(create_customer))
        .route("/v1/checkout/sessions", web::post().to(create_session))
        .route("/v1/subscriptions", web::get().to(list_subscriptions))
        .route("/v1/subscriptions/{id}", web::get().to(get_subscription))
        .route("/v1/billing_portal/sessions", web::post().to(create_portal))
        .route("/checkout/{id}", web::get().to(checkout_page))
        .route("/checkout/{id}", web::post().to(checkout_pay))
        .route("/portal/{id}", web::get().to(portal_page))
        .route("/portal/{id}/cancel", web::post().to(portal_cancel))
        // Not Stripe's: lets scripts wait until the stand-in is up.
        .route("/healthz", web::get().to(HttpResponse::Ok));
}

/// Checks the secret key the way Stripe does; records the call.
#[allow(clippy::result_large_err)]
fn authorize(s: &StripeStandin, req: &HttpRequest) -> Result<(), HttpResponse> {
    s.state.lock().expect("lock").requests.push(format!("{} {}", req.method(), req.path()));
    let expected = format!("Bearer {}", s.config.lock().expect("lock").api_key);
    match req.headers().get("authorization").and_then(|v| v.to_str().ok()) {
        Some(given) if given == expected => Ok(()),
        _ => Err(stripe_error(401, "invalid_request_error", "Invalid API Key provided", None)),
    }
}

async fn create_customer(s: web::Data<StripeStandin>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Err(e) = authorize(&s, &req) {
        return e;
    }
    let key = req.headers().get("idempotency-key").and_then(|v| v.to_str().ok()).map(String::from);
    if let Some(key) = &key
        && let Some(earlier) = s.state.lock().expect("lock").idempotent.get(key)
    {
        return HttpResponse::Ok().insert_header(("idempotent-replayed", "true")).json(earlier);
    }
    let params = form(&body);
    let id = s.next_id("cus");
    let customer = json!({
        "id": id, "object": "customer", "address": null, "balance": 0, "created": now(), "currency": null,
        "default_source": null, "delinquent": false, "description": null, "discount": null,
        "email": params.get("email"), "invoice_prefix": "LECT", "invoice_settings": {"custom_fields": null, "default_payment_method": null, "footer": null, "rendering_options": null},
        "livemode": false, "metadata": prefixed(&params, "metadata["), "name": params.get("name"), "next_invoice_sequence": 1,
        "phone": null, "preferred_locales": [], "shipping": null, "tax_exempt": "none", "test_clock": null
    });
    let mut st = s.state.lock().expect("lock");
    st.customers.insert(id, customer.clone());
    if let Some(key) = key {
        st.idempotent.insert(key, customer.clone());
    }
    HttpResponse::Ok().json(customer)
}

async fn create_session(s: web::Data<StripeStandin>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Err(e) = authorize(&s, &req) {
        return e;
    }
    let params = form(&body);
    let get = |k: &str| params.get(k).cloned();
    if get("mode").as_deref() != Some("subscription") {
        return stripe_error(400, "invalid_request_error", "the stand-in only sells subscriptions", Some("mode"));
    }
    let Some(customer) = get("customer").filter(|c| s.state.lock().expect("lock").customers.contains_key(c)) else {
        return stripe_error(400, "invalid_request_error", "No such customer", Some("customer"));
    };
    let Some(price) = get("line_items[0][price]").and_then(|p| s.price(&p)) else {
        return stripe_error(400, "invalid_request_error", "No such price", Some("line_items[0][price]"));
    };
    let (Some(success_url), Some(cancel_url)) = (get("success_url"), get("cancel_url")) else {
        return stripe_error(400, "invalid_request_error", "Missing required param: success_url", Some("success_url"));
    };
    let session = Session {
        id: s.next_id("cs_test"),
        customer,
        price,
        client_reference_id: get("client_reference_id"),
        success_url,
        cancel_url,
        metadata: prefixed(&params, "metadata["),
        subscription_metadata: prefixed(&params, "subscription_data[metadata]["),
        subscription: None,
        created: now(),
    };
    let object = session.object(&s.public_base());
    s.state.lock().expect("lock").sessions.insert(session.id.clone(), session);
    HttpResponse::Ok().json(object)
}

async fn get_subscription(s: web::Data<StripeStandin>, req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    if let Err(e) = authorize(&s, &req) {
        return e;
    }
    match s.state.lock().expect("lock").subscriptions.get(id.as_str()) {
        Some(sub) => HttpResponse::Ok().json(sub.object()),
        None => stripe_error(404, "invalid_request_error", &format!("No such subscription: '{id}'"), Some("id")),
    }
}

/// `GET /v1/subscriptions?status=all&limit=&starting_after=`, newest first like Stripe.
async fn list_subscriptions(s: web::Data<StripeStandin>, req: HttpRequest, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    if let Err(e) = authorize(&s, &req) {
        return e;
    }
    let limit = query.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10usize).clamp(1, 100);
    let mut subs: Vec<Sub> = s.state.lock().expect("lock").subscriptions.values().cloned().collect();
    subs.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.cmp(&a.id)));
    if query.get("status").map(String::as_str) != Some("all") {
        // Stripe's default list leaves canceled subscriptions out.
        subs.retain(|s| s.status != "canceled");
    }
    if let Some(after) = query.get("starting_after")
        && let Some(pos) = subs.iter().position(|s| &s.id == after)
    {
        subs.drain(..=pos);
    }
    let has_more = subs.len() > limit;
    subs.truncate(limit);
    HttpResponse::Ok().json(json!({"object": "list", "url": "/v1/subscriptions", "has_more": has_more, "data": subs.iter().map(Sub::object).collect::<Vec<_>>()}))
}

async fn create_portal(s: web::Data<StripeStandin>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Err(e) = authorize(&s, &req) {
        return e;
    }
    let params = form(&body);
    let Some(customer) = params.get("customer").cloned() else {
        return stripe_error(400, "invalid_request_error", "Missing required param: customer", Some("customer"));
    };
    let return_url = params.get("return_url").cloned().unwrap_or_default();
    let id = s.next_id("bps");
    s.state.lock().expect("lock").portals.insert(id.clone(), (customer.clone(), return_url.clone()));
    HttpResponse::Ok().json(json!({
        "id": id, "object": "billing_portal.session", "configuration": "bpc_lectern", "created": now(), "customer": customer,
        "customer_account": null, "flow": null, "livemode": false, "locale": null, "on_behalf_of": null,
        "return_url": return_url, "url": format!("{}/portal/{id}", s.public_base())
    }))
}

fn page(title: &str, body: &str) -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"
    ))
}

async fn checkout_page(s: web::Data<StripeStandin>, id: web::Path<String>) -> HttpResponse {
    let Some(session) = s.state.lock().expect("lock").sessions.get(id.as_str()).cloned() else { return HttpResponse::NotFound().finish() };
    let amount = format!("${}.{:02} per {}", session.price.amount / 100, session.price.amount % 100, session.price.interval);
    page(
        "Stand-in Checkout",
        &format!(
            "<p>Lectern Premium, {amount}</p><p>Test card 4242 4242 4242 4242</p>\
             <form method=\"post\"><button type=\"submit\">Pay and subscribe</button></form>\
             <p><a href=\"{}\">Back</a></p>",
            session.cancel_url
        ),
    )
}

async fn checkout_pay(s: web::Data<StripeStandin>, id: web::Path<String>) -> HttpResponse {
    if !s.state.lock().expect("lock").sessions.contains_key(id.as_str()) {
        return HttpResponse::NotFound().finish();
    }
    let (success_url, events) = s.complete_session(&id);
    // Stripe redirects at once and delivers the webhooks on its own schedule.
    let standin = s.get_ref().clone();
    let delay = standin.config.lock().expect("lock").webhook_delay;
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        for payload in events {
            let header = standin.sign(&payload);
            standin.deliver(&payload, &header).await;
        }
    });
    HttpResponse::SeeOther().insert_header(("location", success_url)).finish()
}

async fn portal_page(s: web::Data<StripeStandin>, id: web::Path<String>) -> HttpResponse {
    let Some((customer, return_url)) = s.state.lock().expect("lock").portals.get(id.as_str()).cloned() else { return HttpResponse::NotFound().finish() };
    let status = match s.subscription_of(&customer) {
        Some(sub) if sub.cancel_at_period_end => "Your plan is set to cancel at the end of the period.".to_string(),
        Some(sub) => format!("Your plan is {} ({}).", sub.status, sub.price.interval),
        None => "No subscription.".to_string(),
    };
    page(
        "Stand-in billing portal",
        &format!("<p>{status}</p><form method=\"post\" action=\"/portal/{id}/cancel\"><button type=\"submit\">Cancel plan</button></form><p><a href=\"{return_url}\">Return to Lectern</a></p>"),
    )
}

async fn portal_cancel(s: web::Data<StripeStandin>, id: web::Path<String>) -> HttpResponse {
    let Some((customer, return_url)) = s.state.lock().expect("lock").portals.get(id.as_str()).cloned() else { return HttpResponse::NotFound().finish() };
    if let Some(sub) = s.subscription_of(&customer) {
        s.cancel_at_period_end(&sub.id).await;
    }
    HttpResponse::SeeOther().insert_header(("location", return_url)).finish()
}
