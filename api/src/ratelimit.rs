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

/// The client's address: the peer, or behind a trusted proxy the last `X-Forwarded-For`
/// entry, which is the one that proxy appended (earlier entries are the client's to forge).
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> IpAddr {
    let forwarded = trust_proxy
        .then(|| req.headers().get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next()?.trim().parse::<IpAddr>().ok())
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

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.2:5000".parse().unwrap())
            .insert_header(("X-Forwarded-For", "6.6.6.6, 203.0.113.7"))
            .to_http_request();
        assert_eq!(client_ip(&req, false), "10.0.0.2".parse::<IpAddr>().unwrap());
        assert_eq!(client_ip(&req, true), "203.0.113.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn limiter_refuses_after_the_quota() {
        let limiter = RateLimiter::per_minute(2);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(limiter.check(ip).is_ok() && limiter.check(ip).is_ok());
        assert!(matches!(limiter.check(ip), Err(ApiError::TooManyRequests { retry_after_secs }) if retry_after_secs >= 1));
        assert!(limiter.check("192.0.2.2".parse().unwrap()).is_ok(), "limits are per address");
        assert!(RateLimiter::per_minute(0).check(ip).is_ok(), "0 turns the limit off");
    }
}
