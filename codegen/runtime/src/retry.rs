//! When a call is tried again, and how long the client waits before it does.
//!
//! The rules, by what went wrong:
//! - 429 Too Many Requests and 503 Service Unavailable: the server declined the request, so
//!   it is sent again whatever its method, after the `Retry-After` the server asked for
//!   (seconds or an HTTP date, capped by [`RetryPolicy::max_retry_after`]) or the backoff.
//! - A connection that failed before the request was sent: again, whatever the method.
//! - 502, 504, or a failure after the request was sent (a reset, a timeout, a truncated
//!   answer): again only for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE);
//!   a POST or PATCH may already have been applied, so it is sent again only when
//!   [`RetryPolicy::retry_non_idempotent`] says so.

use std::time::{Duration, SystemTime};

/// How often, and how patiently, a call is tried again. [`RetryPolicy::default`] is on:
/// three attempts within a minute.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The wait before the first retry; each further retry doubles it, up to `max_backoff`.
    /// The wait is drawn between half of it and all of it (jitter), so that clients that
    /// failed together do not retry together.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured: a server asking for more ends the retries.
    pub max_retry_after: Duration,
    /// How long a call may take in all, attempts and waits included; no retry starts after
    /// it, and no wait runs past it.
    pub deadline: Duration,
    /// Retry POST and PATCH after 502, 504 and failures after sending too. Only for
    /// operations the caller knows are safe to apply twice.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            deadline: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt per call: no retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The same policy with this many attempts in all.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The same policy with this wait before the first retry (each further one doubles it).
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The same policy with this longest backoff.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The same policy honouring a `Retry-After` of at most this long.
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// The same policy with this deadline.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The same policy, also retrying POST and PATCH where it would retry an idempotent
    /// method.
    pub fn with_retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }
}

/// What went wrong with one attempt.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Failure<'a> {
    /// An answer with this status and headers.
    Status(http::StatusCode, &'a http::HeaderMap),
    /// No connection: the request was never sent.
    NotSent,
    /// The request went out, and no complete answer came back.
    AfterSent,
}

fn idempotent(method: &http::Method) -> bool {
    matches!(
        *method,
        http::Method::GET
            | http::Method::HEAD
            | http::Method::PUT
            | http::Method::DELETE
            | http::Method::OPTIONS
            | http::Method::TRACE
    )
}

/// The wait before attempt `attempt + 1`, or `None` when the call should end with what it
/// has. `elapsed` is the time since the first attempt started.
pub(crate) fn next_wait(
    policy: &RetryPolicy,
    method: &http::Method,
    failure: Failure<'_>,
    attempt: u32,
    elapsed: Duration,
) -> Option<Duration> {
    if attempt >= policy.max_attempts {
        return None;
    }
    let repeatable = idempotent(method) || policy.retry_non_idempotent;
    let asked = match failure {
        Failure::Status(status, headers) => match status.as_u16() {
            429 | 503 => retry_after(headers, SystemTime::now()),
            502 | 504 if repeatable => None,
            _ => return None,
        },
        Failure::NotSent => None,
        Failure::AfterSent if repeatable => None,
        Failure::AfterSent => return None,
    };
    let wait = match asked {
        Some(wait) if wait > policy.max_retry_after => return None,
        Some(wait) => wait,
        None => backoff(policy, attempt),
    };
    (elapsed + wait < policy.deadline).then_some(wait)
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &http::HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The backoff before retry number `attempt`: doubled each time, capped, with jitter.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let doubled = policy
        .initial_backoff
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let full = doubled.min(policy.max_backoff);
    let half = full / 2;
    half + full.saturating_sub(half).mul_f64(fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: Option<&str>) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        if let Some(v) = retry_after {
            h.insert(http::header::RETRY_AFTER, v.parse().unwrap());
        }
        h
    }

    fn wait(method: http::Method, status: u16, attempt: u32) -> Option<Duration> {
        let h = headers(Some("1"));
        let failure = Failure::Status(http::StatusCode::from_u16(status).unwrap(), &h);
        next_wait(
            &RetryPolicy::default(),
            &method,
            failure,
            attempt,
            Duration::ZERO,
        )
    }

    #[test]
    fn every_setting_has_a_builder_method() {
        let policy = RetryPolicy::default()
            .with_max_attempts(5)
            .with_initial_backoff(Duration::from_millis(50))
            .with_max_backoff(Duration::from_secs(2))
            .with_max_retry_after(Duration::from_secs(10))
            .with_deadline(Duration::from_secs(20))
            .with_retry_non_idempotent(true);
        assert_eq!(policy.max_attempts, 5);
        assert_eq!(policy.initial_backoff, Duration::from_millis(50));
        assert_eq!(policy.max_backoff, Duration::from_secs(2));
        assert_eq!(policy.max_retry_after, Duration::from_secs(10));
        assert_eq!(policy.deadline, Duration::from_secs(20));
        assert!(policy.retry_non_idempotent);
    }

    #[test]
    fn declined_requests_are_retried_for_every_method() {
        for method in [http::Method::POST, http::Method::PATCH, http::Method::GET] {
            assert_eq!(wait(method.clone(), 429, 1), Some(Duration::from_secs(1)));
            assert_eq!(wait(method, 503, 1), Some(Duration::from_secs(1)));
        }
    }

    #[test]
    fn gateway_errors_are_retried_only_for_idempotent_methods() {
        assert!(wait(http::Method::PUT, 502, 1).is_some());
        assert!(wait(http::Method::GET, 504, 1).is_some());
        assert!(wait(http::Method::PATCH, 502, 1).is_none());
        assert!(wait(http::Method::POST, 504, 1).is_none());
        let policy = RetryPolicy::default().with_retry_non_idempotent(true);
        let h = headers(None);
        let failure = Failure::Status(http::StatusCode::BAD_GATEWAY, &h);
        assert!(next_wait(&policy, &http::Method::POST, failure, 1, Duration::ZERO).is_some());
    }

    #[test]
    fn failures_before_sending_are_retried_for_every_method_and_after_only_when_idempotent() {
        let p = RetryPolicy::default();
        assert!(next_wait(&p, &http::Method::POST, Failure::NotSent, 1, Duration::ZERO).is_some());
        assert!(
            next_wait(
                &p,
                &http::Method::POST,
                Failure::AfterSent,
                1,
                Duration::ZERO
            )
            .is_none()
        );
        assert!(
            next_wait(
                &p,
                &http::Method::DELETE,
                Failure::AfterSent,
                1,
                Duration::ZERO
            )
            .is_some()
        );
    }

    #[test]
    fn other_statuses_attempts_and_deadline_end_the_retries() {
        assert!(wait(http::Method::GET, 500, 1).is_none());
        assert!(wait(http::Method::GET, 404, 1).is_none());
        assert!(wait(http::Method::GET, 503, 3).is_none());
        let h = headers(Some("1"));
        let failure = Failure::Status(http::StatusCode::SERVICE_UNAVAILABLE, &h);
        let p = RetryPolicy::default();
        assert!(next_wait(&p, &http::Method::GET, failure, 1, Duration::from_secs(59)).is_none());
        assert!(
            next_wait(
                &RetryPolicy::none(),
                &http::Method::GET,
                failure,
                1,
                Duration::ZERO
            )
            .is_none()
        );
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date_and_capped() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            retry_after(&headers(Some("7")), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers(Some("Sun, 06 Nov 1994 08:49:47 GMT")), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after(&headers(Some("Sun, 06 Nov 1994 08:49:00 GMT")), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers(Some("soon")), now), None);
        assert_eq!(retry_after(&headers(None), now), None);
        let h = headers(Some("3600"));
        let failure = Failure::Status(http::StatusCode::TOO_MANY_REQUESTS, &h);
        let p = RetryPolicy::default();
        assert!(next_wait(&p, &http::Method::GET, failure, 1, Duration::ZERO).is_none());
    }

    #[test]
    fn backoff_doubles_within_its_cap_with_jitter() {
        let p = RetryPolicy::default();
        for attempt in 1..10 {
            let full = p
                .initial_backoff
                .saturating_mul(1 << (attempt - 1))
                .min(p.max_backoff);
            let b = backoff(&p, attempt);
            assert!(
                b >= full / 2 && b <= full,
                "attempt {attempt}: {b:?} of {full:?}"
            );
        }
    }
}
