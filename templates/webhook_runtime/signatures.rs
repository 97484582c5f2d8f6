//! Signatures: [`Verify`] (the receiver's check, on the body as received, before it is
//! parsed) and [`Sign`] (the sender's), [`StandardWebhooks`] built in, [`Unsigned`], and
//! the HMAC helpers a provider's own scheme is written with.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Why a delivery's signature was refused (or could not be made). The receiver answers
/// 401 with this as its message: none of it is secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// A header the scheme needs is missing, given twice, or not text.
    #[error("header `{0}` is missing, repeated or not text")]
    Header(&'static str),
    /// A header is there but does not read as the scheme says.
    #[error("header `{0}` is malformed")]
    Malformed(&'static str),
    /// The timestamp is further from now than the tolerance allows (a replay, or a clock
    /// far off).
    #[error("the timestamp is outside the tolerance window")]
    Timestamp,
    /// No signature matches the body with any secret.
    #[error("no signature matches")]
    Mismatch,
    /// A secret is not usable (`whsec_` and base64 of at least one byte).
    #[error("invalid secret: {0}")]
    Secret(String),
}

/// Checks a delivery before it is read: `body` is exactly the bytes received. The
/// receiver's router runs it first and answers 401, without calling the receiver, when
/// it fails. Any `Fn(&HeaderMap, &[u8]) -> Result<(), SignatureError>` is one, so a
/// provider's own scheme is a closure.
pub trait Verify: Send + Sync + 'static {
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError>;
}

impl<F> Verify for F
where
    F: Fn(&HeaderMap, &[u8]) -> Result<(), SignatureError> + Send + Sync + 'static,
{
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError> {
        self(headers, body)
    }
}

/// Signs a delivery: adds to `headers` what the receiver's [`Verify`] checks, for
/// exactly `body`. `id` is the message's id, the same on every attempt of one delivery.
pub trait Sign: Send + Sync + 'static {
    fn sign(&self, headers: &mut HeaderMap, id: &str, body: &[u8]) -> Result<(), SignatureError>;
}

/// No signature: every delivery is accepted, and none is signed. For webhooks that are
/// authenticated otherwise (a secret URL, mutual TLS).
#[derive(Clone, Copy, Debug, Default)]
pub struct Unsigned;

impl Verify for Unsigned {
    fn verify(&self, _headers: &HeaderMap, _body: &[u8]) -> Result<(), SignatureError> {
        Ok(())
    }
}

impl Sign for Unsigned {
    fn sign(&self, _headers: &mut HeaderMap, _id: &str, _body: &[u8]) -> Result<(), SignatureError> {
        Ok(())
    }
}

/// HMAC-SHA256 of the concatenation of `parts`, keyed by `key`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = new_mac(key);
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Whether `expected` is the HMAC-SHA256 of the concatenation of `parts`, compared in
/// constant time (`hmac`'s `verify_slice`).
pub fn hmac_sha256_matches(key: &[u8], parts: &[&[u8]], expected: &[u8]) -> bool {
    let mut mac = new_mac(key);
    for part in parts {
        mac.update(part);
    }
    mac.verify_slice(expected).is_ok()
}

fn new_mac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length (longer ones are hashed), so this cannot fail.
    <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

/// A header's value as text, when it is there exactly once.
pub fn header_text<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, SignatureError> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (Some(v), None) => v.to_str().map_err(|_| SignatureError::Header(name)),
        _ => Err(SignatureError::Header(name)),
    }
}

/// Hexadecimal text (either case) as bytes, as GitHub and Stripe write their MACs.
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16);
    text.as_bytes().chunks(2).map(|pair| Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)).collect()
}

/// The seconds since the Unix epoch now.
fn unix_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// The Standard Webhooks scheme (<https://www.standardwebhooks.com>): `webhook-id`,
/// `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` and the base64
/// HMAC-SHA256 of `id.timestamp.body`, several separated by spaces). Secrets are
/// `whsec_` and base64. With several secrets (during a rotation) a delivery is signed
/// with each and accepted when any signature matches any secret. A timestamp further
/// than the tolerance (5 minutes unless set) from now is refused, against replays.
#[derive(Clone)]
pub struct StandardWebhooks {
    keys: Vec<Vec<u8>>,
    tolerance: Duration,
}

impl fmt::Debug for StandardWebhooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StandardWebhooks")
            .field("secrets", &self.keys.len())
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl StandardWebhooks {
    /// The scheme with one secret, `whsec_…` (the prefix may be left out).
    pub fn new(secret: &str) -> Result<Self, SignatureError> {
        Ok(Self { keys: vec![Self::key(secret)?], tolerance: Duration::from_secs(5 * 60) })
    }

    /// Adds a secret, for a rotation: the new one is accepted beside the old, and
    /// deliveries are signed with both.
    pub fn and_secret(mut self, secret: &str) -> Result<Self, SignatureError> {
        self.keys.push(Self::key(secret)?);
        Ok(self)
    }

    /// How far a timestamp may be from now, either way.
    #[must_use]
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    fn key(secret: &str) -> Result<Vec<u8>, SignatureError> {
        let text = secret.strip_prefix("whsec_").unwrap_or(secret);
        match BASE64.decode(text) {
            Ok(key) if !key.is_empty() => Ok(key),
            Ok(_) => Err(SignatureError::Secret("it is empty".to_owned())),
            Err(_) => Err(SignatureError::Secret("it is not base64 after `whsec_`".to_owned())),
        }
    }

    /// The `webhook-signature` value for a message: `v1,<base64>` for each secret,
    /// separated by spaces.
    pub fn signature(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let timestamp = timestamp.to_string();
        let parts: [&[u8]; 5] = [id.as_bytes(), b".", timestamp.as_bytes(), b".", body];
        let each = self.keys.iter().map(|key| format!("v1,{}", BASE64.encode(hmac_sha256(key, &parts))));
        each.collect::<Vec<_>>().join(" ")
    }

    /// Checks a delivery as if it were now `now` (Unix seconds).
    pub fn verify_at(&self, headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), SignatureError> {
        let id = header_text(headers, "webhook-id")?;
        let timestamp = header_text(headers, "webhook-timestamp")?;
        let signatures = header_text(headers, "webhook-signature")?;
        let seconds: i64 = timestamp.parse().map_err(|_| SignatureError::Malformed("webhook-timestamp"))?;
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        if now.saturating_sub(seconds) > tolerance || seconds.saturating_sub(now) > tolerance {
            return Err(SignatureError::Timestamp);
        }
        // The timestamp is signed as it was sent, so a `+5` or `05` cannot pass for `5`.
        let parts: [&[u8]; 5] = [id.as_bytes(), b".", timestamp.as_bytes(), b".", body];
        for signature in signatures.split(' ') {
            // Other versions (`v1a,` for asymmetric keys) are not this scheme's: skipped.
            let Some(encoded) = signature.strip_prefix("v1,") else { continue };
            let Ok(mac) = BASE64.decode(encoded) else { continue };
            if self.keys.iter().any(|key| hmac_sha256_matches(key, &parts, &mac)) {
                return Ok(());
            }
        }
        Err(SignatureError::Mismatch)
    }

    /// Signs a message as if it were now `now` (Unix seconds).
    pub fn sign_at(&self, headers: &mut HeaderMap, id: &str, body: &[u8], now: i64) -> Result<(), SignatureError> {
        let value = |text: &str, name| HeaderValue::from_str(text).map_err(|_| SignatureError::Malformed(name));
        headers.insert("webhook-id", value(id, "webhook-id")?);
        headers.insert("webhook-timestamp", HeaderValue::from(now));
        headers.insert("webhook-signature", value(&self.signature(id, now, body), "webhook-signature")?);
        Ok(())
    }
}

impl Verify for StandardWebhooks {
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError> {
        self.verify_at(headers, body, unix_now())
    }
}

impl Sign for StandardWebhooks {
    fn sign(&self, headers: &mut HeaderMap, id: &str, body: &[u8]) -> Result<(), SignatureError> {
        self.sign_at(headers, id, body, unix_now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_str(value).expect("a header value"));
        }
        h
    }

    fn signed(scheme: &StandardWebhooks, body: &[u8], at: i64) -> HeaderMap {
        let mut h = HeaderMap::new();
        scheme.sign_at(&mut h, "msg_1", body, at).expect("signed");
        h
    }

    #[test]
    fn standard_webhooks_vectors() {
        let vectors = [
            (
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                &br#"{"test": 2432232314}"#[..],
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            ),
            (
                "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
                "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
                1_649_367_553,
                &br#"{"email":"test@example.com","username":"test_user"}"#[..],
                "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
            ),
        ];
        for (secret, id, timestamp, body, expected) in vectors {
            let scheme = StandardWebhooks::new(secret).expect("a secret");
            assert_eq!(scheme.signature(id, timestamp, body), expected);
            let ts = timestamp.to_string();
            let sent = headers(&[("webhook-id", id), ("webhook-timestamp", &ts), ("webhook-signature", expected)]);
            assert_eq!(scheme.verify_at(&sent, body, timestamp), Ok(()));
            // The secret without its prefix is the same secret.
            let bare = StandardWebhooks::new(&secret["whsec_".len()..]).expect("a secret");
            assert_eq!(bare.verify_at(&sent, body, timestamp), Ok(()));
        }
    }
    #[test]
    fn tampering_replays_and_missing_headers_are_refused() {
        let scheme = StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("a secret");
        let now = 1_700_000_000;
        let body = br#"{"a":1}"#;
        let h = signed(&scheme, body, now);
        assert_eq!(scheme.verify_at(&h, body, now), Ok(()));
        // One byte changed, or one byte more: not the body that was signed.
        assert_eq!(scheme.verify_at(&h, br#"{"a":2}"#, now), Err(SignatureError::Mismatch));
        assert_eq!(scheme.verify_at(&h, br#"{"a":1} "#, now), Err(SignatureError::Mismatch));
        // Stale and future timestamps, at the edge and past it.
        assert_eq!(scheme.verify_at(&h, body, now + 300), Ok(()));
        assert_eq!(scheme.verify_at(&h, body, now + 301), Err(SignatureError::Timestamp));
        assert_eq!(scheme.verify_at(&h, body, now - 301), Err(SignatureError::Timestamp));
        let strict = scheme.clone().tolerance(Duration::from_secs(10));
        assert_eq!(strict.verify_at(&h, body, now + 11), Err(SignatureError::Timestamp));
        // A timestamp changed after signing fails the MAC, even inside the window.
        let mut moved = h.clone();
        moved.insert("webhook-timestamp", HeaderValue::from(now + 1));
        assert_eq!(scheme.verify_at(&moved, body, now), Err(SignatureError::Mismatch));
        for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
            let mut missing = h.clone();
            missing.remove(name);
            assert_eq!(scheme.verify_at(&missing, body, now), Err(SignatureError::Header(name)));
        }
        let mut twice = h.clone();
        twice.append("webhook-id", HeaderValue::from_static("msg_2"));
        assert_eq!(scheme.verify_at(&twice, body, now), Err(SignatureError::Header("webhook-id")));
        let mut partial = h.clone();
        partial.insert("webhook-signature", HeaderValue::from_static("v1,"));
        assert_eq!(scheme.verify_at(&partial, body, now), Err(SignatureError::Mismatch));
        let mut bad_time = h;
        bad_time.insert("webhook-timestamp", HeaderValue::from_static("soon"));
        assert_eq!(scheme.verify_at(&bad_time, body, now), Err(SignatureError::Malformed("webhook-timestamp")));
        // A signature from another secret.
        let other = StandardWebhooks::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").expect("a secret");
        assert_eq!(scheme.verify_at(&signed(&other, body, now), body, now), Err(SignatureError::Mismatch));
    }
    #[test]
    fn secrets_rotate() {
        let old = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let new = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
        let (now, body) = (1_700_000_000, &b"{}"[..]);
        let rotating = StandardWebhooks::new(old).and_then(|s| s.and_secret(new)).expect("secrets");
        let only_old = StandardWebhooks::new(old).expect("a secret");
        let only_new = StandardWebhooks::new(new).expect("a secret");
        // A sender mid-rotation signs with both, so receivers on either secret accept.
        let both = signed(&rotating, body, now);
        assert_eq!(both.get("webhook-signature").map(|v| v.as_bytes().split(|b| *b == b' ').count()), Some(2));
        assert_eq!(only_old.verify_at(&both, body, now), Ok(()));
        assert_eq!(only_new.verify_at(&both, body, now), Ok(()));
        // A receiver mid-rotation accepts senders on either secret.
        assert_eq!(rotating.verify_at(&signed(&only_old, body, now), body, now), Ok(()));
        assert_eq!(rotating.verify_at(&signed(&only_new, body, now), body, now), Ok(()));
        // Unknown versions and undecodable signatures are skipped, not fatal.
        let mut mixed = signed(&only_new, body, now);
        let valid = mixed.get("webhook-signature").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let value = format!("v1a,abc v1,!!! v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {valid}");
        mixed.insert("webhook-signature", HeaderValue::from_str(&value).expect("a header value"));
        assert_eq!(rotating.verify_at(&mixed, body, now), Ok(()));
    }
    #[test]
    fn replays_inside_the_window_are_refused_by_a_composed_check() {
        let scheme = StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("a secret");
        let seen = std::sync::Mutex::new(std::collections::BTreeSet::new());
        let check = move |headers: &HeaderMap, body: &[u8]| {
            scheme.verify(headers, body)?;
            let id = header_text(headers, "webhook-id")?.to_owned();
            let fresh = seen.lock().is_ok_and(|mut seen| seen.insert(id));
            if fresh { Ok(()) } else { Err(SignatureError::Mismatch) }
        };
        let signer = StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("a secret");
        let mut h = HeaderMap::new();
        Sign::sign(&signer, &mut h, "msg_once", b"{}").expect("signed");
        assert_eq!(Verify::verify(&check, &h, b"{}"), Ok(()));
        assert_eq!(Verify::verify(&check, &h, b"{}"), Err(SignatureError::Mismatch));
    }
    #[test]
    fn bad_secrets_are_errors() {
        assert!(StandardWebhooks::new("whsec_").is_err());
        assert!(StandardWebhooks::new("whsec_not base64!").is_err());
    }
    #[test]
    fn provider_schemes_are_a_few_lines() {
        let secret = b"It's a Secret to Everybody".to_vec();
        let key = secret.clone();
        let github = move |headers: &HeaderMap, body: &[u8]| {
            let hex = header_text(headers, "x-hub-signature-256")?
                .strip_prefix("sha256=")
                .ok_or(SignatureError::Malformed("x-hub-signature-256"))?;
            let mac = decode_hex(hex).ok_or(SignatureError::Malformed("x-hub-signature-256"))?;
            if hmac_sha256_matches(&key, &[body], &mac) { Ok(()) } else { Err(SignatureError::Mismatch) }
        };
        // GitHub's documented example (docs.github.com, "Validating webhook deliveries").
        let sent = headers(&[(
            "x-hub-signature-256",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        )]);
        assert_eq!(Verify::verify(&github, &sent, b"Hello, World!"), Ok(()));
        assert_eq!(Verify::verify(&github, &sent, b"Hello, World?"), Err(SignatureError::Mismatch));

        let stripe = move |headers: &HeaderMap, body: &[u8]| {
            let value = header_text(headers, "stripe-signature")?;
            let field = |k: &str| value.split(',').find_map(|kv| kv.strip_prefix(k));
            let t = field("t=").ok_or(SignatureError::Malformed("stripe-signature"))?;
            let v1 = field("v1=").and_then(decode_hex).ok_or(SignatureError::Malformed("stripe-signature"))?;
            let ok = hmac_sha256_matches(&secret, &[t.as_bytes(), b".", body], &v1);
            if ok { Ok(()) } else { Err(SignatureError::Mismatch) }
        };
        let mac = hmac_sha256(b"It's a Secret to Everybody", &[b"1700000000", b".", b"{}"]);
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        let sent = headers(&[("stripe-signature", &format!("t=1700000000,v1={hex}"))]);
        assert_eq!(Verify::verify(&stripe, &sent, b"{}"), Ok(()));
        assert_eq!(Verify::verify(&stripe, &sent, b"{ }"), Err(SignatureError::Mismatch));
    }
    #[test]
    fn hex_reads_both_cases_and_refuses_the_rest() {
        assert_eq!(decode_hex("00ff0A"), Some(vec![0, 255, 10]));
        assert_eq!(decode_hex("0"), None);
        assert_eq!(decode_hex("zz"), None);
    }
}
