//! Per-client rate limits (in process; a shared Redis store replaces it when configured).

use std::{net::IpAddr, num::NonZeroU32, sync::Arc};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::{Ready, ready};
use governor::{DefaultKeyedRateLimiter, Quota, clock::{Clock, DefaultClock}};

use crate::{error::ApiError, state::AppState};

/// A keyed GCRA limiter; `None` when the limit is turned off.
#[derive(Clone)]
pub struct RateLimiter(Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>);

impl RateLimiter {
    pub fn per_minute(n: u32) -> Self {
        Self(NonZeroU32::new(n).map(|n| Arc::new(governor::RateLimiter::keyed(Quota::per_minute(n)))))
    }

    pub fn check(&self, key: IpAddr) -> Result<(), ApiError> {
        let Some(limiter) = &self.0 else { return Ok(()) };
        limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::TooManyRequests { retry_after_secs: wait.as_secs().max(1) }
        })
    }
}

/// The client's address: the peer, or the first `X-Forwarded-For` hop behind a trusted proxy.
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> IpAddr {
    let forwarded = trust_proxy
        .then(|| req.connection_info().realip_remote_addr().and_then(|a| a.parse::<std::net::SocketAddr>().map(|s| s.ip()).or_else(|_| a.parse()).ok()))
        .flatten();
    forwarded.or_else(|| req.peer_addr().map(|a| a.ip())).unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// Taking this extractor in a handler spends one sign-in/registration attempt of the caller.
pub struct AuthAttempt;

impl FromRequest for AuthAttempt {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ready(Err(ApiError::Internal(anyhow::anyhow!("state missing"))));
        };
        let ip = client_ip(req, state.settings.trust_proxy);
        ready(state.auth_limiter.check(ip).map(|()| AuthAttempt))
    }
}
