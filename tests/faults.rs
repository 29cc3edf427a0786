//! The generated client against servers that misbehave: declined requests (503, 429, with
//! and without `Retry-After`), gateway errors, connections reset before and after the
//! request is read, slow and truncated bodies, oversized bodies, plain http to a remote host,
//! requests for another origin. Also the caller's own reqwest client and hooks.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use std::time::Duration;

use carrierx_core::models::{
    Did, DidGroup, DidGroupPatch, DidPatch, Partner, PartnerPatch, Prefix, PrefixPatch,
};
use carrierx_core::{Client, Error, Hook, RetryPolicy, operations};
use tests::double::{Double, Fault};
use tests::raw::{Conn, raw_server};

const PARTNER: &str = "ed437757-001d-4ecc-aa5a-efdf5e50dba0";
const PREFIX_SID: &str = "cc367acb-94c8-418f-b247-85dce5806ef4";
const DID: &str = "e8df62d5-07a3-4189-a67e-87585067c5fe";
const DID_GROUP: &str = "41e21049-e5eb-433c-a93d-d57417b1863c";
const TOKEN: &str = "full-token";

fn client_for(base_url: String) -> Client {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn sample<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&tests::sample(name)).unwrap()
}

/// Calls operation `i` of the eight; what it answers does not matter here, only success.
/// Each error is made a plain `Error` (its declared bodies forgotten) to return them alike.
async fn call(client: &Client, i: usize) -> Result<(), Error> {
    match i {
        0 => client
            .update_partner(PARTNER, &PartnerPatch::default())
            .send()
            .await
            .map(drop)
            .map_err(Error::from),
        1 => client
            .replace_partner(PARTNER, &sample::<Partner>("partner.response.json"))
            .send()
            .await
            .map(drop)
            .map_err(Error::from),
        2 => client
            .update_prefix(PREFIX_SID, &PrefixPatch::default())
            .send()
            .await
            .map(drop)
            .map_err(Error::from),
        3 => client
            .replace_prefix(PREFIX_SID, &sample::<Prefix>("prefix.response.json"))
            .send()
            .await
            .map(drop)
            .map_err(Error::from),
        4 => client
            .update_did(DID, &DidPatch::default())
            .send()
            .await
            .map(drop)
            .map_err(Error::from),
        5 => client
            .replace_did(DID, &sample::<Did>("did.response.json"))
            .send()
            .await
            .map(drop)
            .map_err(Error::from),
        6 => client
            .update_did_group(DID_GROUP, &DidGroupPatch::default())
            .send()
            .await
            .map(drop)
            .map_err(Error::from),
        _ => client
            .replace_did_group(DID_GROUP, &sample::<DidGroup>("did_group.response.json"))
            .send()
            .await
            .map(drop)
            .map_err(Error::from),
    }
}

#[tokio::test]
async fn every_operation_succeeds_after_one_declined_attempt_with_retry_after() {
    let runs = (0..8).map(|i| async move {
        let double = Double::start().await;
        // PATCH and PUT alike: the server declined, so nothing was applied.
        let status = if i % 2 == 0 { 503 } else { 429 };
        double.fail_next(Fault::Decline(status, Some("1")));
        let result = call(&client_for(double.base_url()), i).await;
        (i, result, double.received().len())
    });
    for (i, result, received) in futures_join(runs).await {
        assert!(result.is_ok(), "operation {i}: {result:?}");
        assert_eq!(received, 2, "operation {i}: exactly one retry");
    }
}

/// Runs futures together and returns their outputs in order.
async fn futures_join<F: std::future::Future + Send + 'static>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn declined_without_retry_after_is_retried_after_a_backoff() {
    let double = Double::start().await;
    double.fail_next(Fault::Decline(503, None));
    call(&client_for(double.base_url()), 0).await.unwrap();
    assert_eq!(double.received().len(), 2);
}

#[tokio::test]
async fn a_call_that_gives_up_says_how_many_attempts() {
    let double = Double::start().await;
    double.fail_times(Fault::Decline(503, Some("0")), 5);
    let err = call(&client_for(double.base_url()), 2).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status(), 503);
    assert_eq!(api.attempts(), 3);
    assert!(err.to_string().contains("(after 3 attempts)"), "{err}");
    assert_eq!(double.received().len(), 3);

    // A server asking for more patience than the policy allows ends the retries at once.
    let double = Double::start().await;
    double.fail_times(Fault::Decline(429, Some("3600")), 5);
    let err = call(&client_for(double.base_url()), 2).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(double.received().len(), 1);

    // Retries can be turned off.
    let double = Double::start().await;
    double.fail_next(Fault::Decline(503, Some("0")));
    let client = Client::builder()
        .base_url(double.base_url())
        .token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    assert!(call(&client, 0).await.is_err());
    assert_eq!(double.received().len(), 1);
}

#[tokio::test]
async fn a_gateway_error_is_retried_for_put_but_never_for_patch() {
    let double = Double::start().await;
    double.fail_next(Fault::Decline(502, None));
    call(&client_for(double.base_url()), 3).await.unwrap(); // PUT prefix
    assert_eq!(double.received().len(), 2);

    let double = Double::start().await;
    double.fail_next(Fault::Decline(504, None));
    let err = call(&client_for(double.base_url()), 2).await.unwrap_err(); // PATCH prefix
    assert_eq!(err.status().map(|s| s.as_u16()), Some(504));
    assert_eq!(double.received().len(), 1, "a PATCH is never sent twice");

    // Unless the caller opts in.
    let double = Double::start().await;
    double.fail_next(Fault::Decline(502, None));
    let client = Client::builder()
        .base_url(double.base_url())
        .token(TOKEN)
        .retry_policy(RetryPolicy::default().with_retry_non_idempotent(true))
        .build()
        .unwrap();
    call(&client, 2).await.unwrap();
    assert_eq!(double.received().len(), 2);
}

#[tokio::test]
async fn a_reset_connection_is_retried_for_put_and_never_for_patch() {
    for first in [Conn::CloseAtOnce, Conn::CloseAfterReading, Conn::Truncated] {
        let (base, count) = raw_server(vec![first, Conn::Ok]).await;
        call(&client_for(base), 3).await.unwrap(); // PUT prefix
        assert_eq!(count.load(Ordering::SeqCst), 2);

        let (base, count) = raw_server(vec![first, Conn::Ok]).await;
        let err = call(&client_for(base), 2).await.unwrap_err(); // PATCH prefix
        assert!(
            matches!(err, Error::Transport { attempts: 1, .. }),
            "{err:?}"
        );
        assert_eq!(
            count.load(Ordering::SeqCst),
            1,
            "a PATCH is never sent twice"
        );
    }
}

#[tokio::test]
async fn a_slow_body_times_out_and_only_idempotent_calls_try_again() {
    let (base, count) = raw_server(vec![Conn::Stall]).await;
    let client = Client::builder()
        .base_url(base.clone())
        .token(TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = call(&client, 2).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);

    let err = call(&client, 3).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 3, .. }), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn an_oversized_body_is_refused_by_its_length_or_while_it_streams() {
    let (base, _) = raw_server(vec![Conn::Declared(512 << 20)]).await;
    let err = call(&client_for(base), 2).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit, .. } if limit == carrierx_core::DEFAULT_MAX_RESPONSE_BYTES),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("larger than 16777216 bytes"),
        "{err}"
    );

    let (base, _) = raw_server(vec![Conn::Chunked(1 << 20)]).await;
    let client = Client::builder()
        .base_url(base)
        .token(TOKEN)
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let err = call(&client, 3).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 65536, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused_before_any_connection() {
    let err = Client::builder()
        .base_url("http://api.carrierx.com/core/v2")
        .token(TOKEN)
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidArgument {
                name: "base_url",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("use https"), "{err}");
    for local in [
        "http://localhost:8080",
        "http://127.0.0.2/v2",
        "http://[::1]:9000",
    ] {
        Client::builder()
            .base_url(local)
            .token(TOKEN)
            .build()
            .unwrap();
    }
    Client::builder()
        .base_url("http://api.carrierx.com/core/v2")
        .token(TOKEN)
        .allow_insecure_http(true)
        .build()
        .unwrap();
}

#[tokio::test]
async fn credentials_are_never_added_to_a_request_for_another_origin() {
    let double = Double::start().await;
    let client = client_for(double.base_url());
    let elsewhere = format!("http://localhost:{}/core/v2", double.addr().port());
    let request = operations::update_prefix::request(
        &elsewhere,
        PREFIX_SID,
        &PrefixPatch::default(),
        &operations::update_prefix::Params::default(),
    )
    .unwrap();
    let err = client.as_ref().execute(request).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidArgument {
                name: "request",
                ..
            }
        ),
        "{err}"
    );
    assert!(double.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_callers_reqwest_client_and_hooks() {
    struct Stamp(Arc<AtomicU32>);
    impl Hook for Stamp {
        fn before(&self, _: &http::Method, _: &http::Uri, headers: &mut http::HeaderMap) {
            // Credentials are added after hooks run: a hook never sees them.
            assert!(headers.get(http::header::AUTHORIZATION).is_none());
            headers.insert("x-trace", http::HeaderValue::from_static("t-1"));
        }
        fn after(&self, status: http::StatusCode, _: &http::HeaderMap, attempt: u32) {
            assert!(status.is_success() || attempt == 1, "{status} {attempt}");
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let double = Double::start().await;
    double.fail_next(Fault::Decline(503, Some("0")));
    let answers = Arc::new(AtomicU32::new(0));
    let client = Client::builder()
        .base_url(double.base_url())
        .token(TOKEN)
        .http_client(tests::plain_reqwest().build().unwrap())
        .hook(Stamp(answers.clone()))
        .build()
        .unwrap();
    call(&client, 2).await.unwrap();
    assert_eq!(
        answers.load(Ordering::SeqCst),
        2,
        "the hook saw both attempts"
    );
    let last = double.last();
    assert_eq!(last.header("x-trace"), Some("t-1"));
    assert_eq!(last.header("authorization"), Some("Bearer full-token"));
    assert!(
        last.header("user-agent")
            .is_some_and(|ua| ua.starts_with("carrierx-core/"))
    );
}

/// A TLS server on localhost with a fresh self-signed certificate that gives every request
/// `answer`; returns its port and the certificate (DER, PEM).
async fn tls_server(answer: String) -> (u16, Vec<u8>, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls;

    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let der = cert.cert.der().clone();
    let pem = cert.cert.pem();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![der.clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let answer = answer.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut buf = vec![0u8; 65536];
                let _ = tls.read(&mut buf).await;
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, der.to_vec(), pem)
}

#[tokio::test]
async fn the_builders_own_client_checks_the_server_certificate() {
    // The client's own TLS setup (no http_client given): a certificate no trust store holds
    // is refused before a byte of the request is sent, as an error and not a panic.
    let (port, _, _) = tls_server(partner_answer()).await;
    let client = Client::builder()
        .base_url(format!("https://localhost:{port}/core/v2"))
        .token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = call(&client, 0).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let chain = format!("{:?}", err);
    assert!(chain.contains("UnknownIssuer"), "{chain}");
    assert!(!chain.contains(TOKEN), "the token stays out of the error");
}

/// An answer `update_partner` reads as a success.
fn partner_answer() -> String {
    let body = format!("{{\"partner_sid\":\"{PARTNER}\"}}");
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Runs one ignored test of this binary in a child process whose trust store is the file
/// `roots`: rustls-native-certs, under the platform verifier, reads only `SSL_CERT_FILE` when
/// it is set. The child talks to the TLS server on `port`.
fn run_child(test: &str, roots: &std::path::Path, port: u16) {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--ignored", "--nocapture"])
        .env("SSL_CERT_FILE", roots)
        .env_remove("SSL_CERT_DIR")
        .env(CHILD_PORT, port.to_string())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && out.contains("1 passed"),
        "{test}:\n{out}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

const CHILD_PORT: &str = "CARRIERX_TEST_TLS_PORT";

fn child_port() -> u16 {
    std::env::var(CHILD_PORT)
        .expect("run by the_trust_store_is_the_platforms, in a child process")
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_trust_store_is_the_platforms() {
    let (port, _, pem) = tls_server(partner_answer()).await;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("trust-store");
    std::fs::create_dir_all(&dir).unwrap();
    let trusted = dir.join("trusted.pem");
    std::fs::write(&trusted, pem).unwrap();
    let empty = dir.join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    tokio::task::spawn_blocking(move || {
        run_child("tls_child_trusts_the_store", &trusted, port);
        run_child("tls_child_without_roots", &empty, port);
    })
    .await
    .unwrap();
}

#[tokio::test]
#[ignore = "run by the_trust_store_is_the_platforms in a child process"]
async fn tls_child_trusts_the_store() {
    // The builder's own client, whose only root is the local server's certificate: the
    // whole https call succeeds through the client's own TLS setup.
    let client = client_for(format!("https://localhost:{}/core/v2", child_port()));
    call(&client, 0).await.unwrap();
}

#[tokio::test]
#[ignore = "run by the_trust_store_is_the_platforms in a child process"]
async fn tls_child_without_roots() {
    // No root at all: the client is still built (plain http to this machine needs no TLS),
    // and an https call fails saying what is missing and what to do.
    let client = Client::builder()
        .base_url(format!("https://localhost:{}/core/v2", child_port()))
        .token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("built without a trust store");
    let err = call(&client, 0).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let chain = format!("{err:?}");
    assert!(chain.contains("no trusted root certificates"), "{chain}");
    assert!(chain.contains("No CA certificates were loaded"), "{chain}");
}

#[tokio::test]
async fn a_redirect_from_https_to_plain_http_is_refused() {
    // Where the redirect points: a plain http server that must see nothing.
    let (plain, count) = raw_server(vec![Conn::Ok]).await;
    // A TLS server on localhost that answers every request with a redirect there.
    let location = format!("{plain}/partners/{PARTNER}");
    let (port, der, _) = tls_server(format!(
        "HTTP/1.1 307 Temporary Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    ))
    .await;

    // The caller's own client, trusting the test certificate, with the crate's policy.
    let http = tests::plain_reqwest()
        .add_root_certificate(reqwest::Certificate::from_der(&der).unwrap())
        .redirect(carrierx_core::redirect_policy())
        .build()
        .unwrap();
    let client = Client::builder()
        .base_url(format!("https://localhost:{port}/core/v2"))
        .token(TOKEN)
        .http_client(http)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = call(&client, 0).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("refused to follow a redirect from https to plain http"),
        "{err}"
    );
    assert_eq!(
        count.load(Ordering::SeqCst),
        0,
        "nothing reached the plain server"
    );
}
