//! Request signatures of the Alibaba Cloud RPC protocol, as pure functions.
//!
//! The client signs with these functions and a server that checks requests (the emulator) verifies
//! with the same ones, so both sides agree by construction. Nothing here does I/O or reads a clock:
//! every input, nonce and timestamp included, is an argument.
//!
//! - [`v3`]: `ACS3-HMAC-SHA256`, the default of the current official SDKs.
//! - [`v1`]: `HMAC-SHA1` ("Signature Version 1.0"), the legacy RPC signature, still accepted.
//!
//! Shared by both: [`percent_encode`] (RFC 3986, `%20` for space), [`canonical_query`] (sorted,
//! encoded `name=value` pairs) and the `YYYY-MM-DDThh:mm:ssZ` timestamps ([`format_timestamp`],
//! [`parse_timestamp`]).

pub mod v1;
pub mod v3;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use time::format_description::BorrowedFormatItem;
use time::macros::{datetime, format_description};
use time::{OffsetDateTime, PrimitiveDateTime};

/// Which signature the client puts on its requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// `HMAC-SHA1` over the sorted query and form parameters (`Signature=` parameter).
    V1,
    /// `ACS3-HMAC-SHA256` over method, query, `x-acs-*` headers and the body hash (`Authorization`
    /// header). What the official SDKs send today.
    #[default]
    V3,
}

/// What [`percent_encode`] leaves as it is: RFC 3986's unreserved characters, `A-Z a-z 0-9 - _ . ~`.
/// Every other byte becomes `%XY` (uppercase hex), so a space is `%20` (never `+`), `*` is `%2A`
/// and `~` stays: the rule both signatures state.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes `text` the way both signatures need: UTF-8 bytes, everything but
/// `A-Z a-z 0-9 - _ . ~` as `%XY` with uppercase hex, so a space is `%20`, never `+`.
pub fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, ENCODED).to_string()
}

/// The canonicalized query string: pairs sorted by name (byte order, stable for repeated names),
/// name and value each [percent-encoded](percent_encode), joined as `n1=v1&n2=v2`. An empty value
/// gives `name=`; no pairs give `""`.
///
/// It is also a valid `application/x-www-form-urlencoded` body and query string, so the client
/// sends exactly the text it signs.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut sorted: Vec<&(K, V)> = pairs.iter().collect();
    sorted.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| k.as_ref().len() + v.as_ref().len() + 2).sum());
    for (i, (name, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(name.as_ref(), ENCODED));
        out.push('=');
        out.extend(utf8_percent_encode(value.as_ref(), ENCODED));
    }
    out
}

/// Lowercase hex of `bytes` (V3 hashes and signatures, nonces).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0xF)] as char);
    }
    out
}

/// `YYYY-MM-DDThh:mm:ssZ`, both ways: exactly these digits and separators, no fraction, and no
/// offset but `Z`.
const TIMESTAMP: &[BorrowedFormatItem<'_>] = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Formats seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ` (UTC, no fraction): the
/// `Timestamp` parameter (V1) and `x-acs-date` header (V3). Times past the end of year 9999, which
/// four digits cannot hold, give `9999-12-31T23:59:59Z`.
pub fn format_timestamp(unix_seconds: u64) -> String {
    // The year check holds should another crate turn on `time`'s `large-dates`.
    let time =
        i64::try_from(unix_seconds).ok().and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok()).filter(|time| time.year() <= 9999);
    time.unwrap_or(LAST).format(TIMESTAMP).expect("a UTC time of years 1970 to 9999 fits the format")
}

/// The last time [`format_timestamp`] can write.
const LAST: OffsetDateTime = datetime!(9999-12-31 23:59:59 UTC);

/// Parses a `YYYY-MM-DDThh:mm:ssZ` timestamp into seconds since the Unix epoch, so a server can
/// reject requests too far from its clock. `None` for any other format, an impossible date, or a
/// time before 1970.
pub fn parse_timestamp(text: &str) -> Option<u64> {
    // `[year]` also takes a leading sign (`+2023`), which the format has not.
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let time = PrimitiveDateTime::parse(text, TIMESTAMP).ok()?.assume_utc();
    u64::try_from(time.unix_timestamp()).ok()
}

/// The current time as a [timestamp](format_timestamp).
pub(crate) fn now_timestamp() -> String {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format_timestamp(seconds)
}

/// A fresh `SignatureNonce` / `x-acs-signature-nonce`, 32 hex digits. The gateway rejects a nonce
/// it has seen (`SignatureNonceUsed`), so every attempt gets a new one: a random 128-bit start,
/// drawn once per process, plus a per-process counter. Unique without a system call per request.
pub(crate) fn nonce() -> String {
    static START: OnceLock<u128> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let start = *START.get_or_init(|| {
        let mut bytes = [0u8; 16];
        if getrandom::fill(&mut bytes).is_err() {
            // Without the OS source, the clock and the pid still separate processes.
            let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
            bytes = (nanos ^ (u128::from(std::process::id()) << 96)).to_be_bytes();
        }
        u128::from_be_bytes(bytes)
    });
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    hex(&start.wrapping_add(u128::from(count)).to_be_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_is_rfc3986_with_uppercase_hex() {
        assert_eq!(percent_encode("a/b/c/ test"), "a%2Fb%2Fc%2F%20test");
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(percent_encode("*+=&:"), "%2A%2B%3D%26%3A");
        assert_eq!(percent_encode("中"), "%E4%B8%AD");
        // Every ASCII character: only the unreserved ones stay.
        for byte in 0..=127u8 {
            let text = char::from(byte).to_string();
            let unreserved = byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte);
            let expected = if unreserved { text.clone() } else { format!("%{byte:02X}") };
            assert_eq!(percent_encode(&text), expected);
        }
    }

    #[test]
    fn canonical_query_sorts_by_byte_order_and_keeps_empty_values() {
        let pairs = [("test", "ok"), ("empty", ""), ("Zeta", "a b"), ("Tag.1.Key", "k")];
        assert_eq!(canonical_query(&pairs), "Tag.1.Key=k&Zeta=a%20b&empty=&test=ok");
        assert_eq!(canonical_query::<&str, &str>(&[]), "");
    }

    #[test]
    fn timestamps_round_trip_and_match_known_dates() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp(1_456_231_584), "2016-02-23T12:46:24Z");
        assert_eq!(format_timestamp(1_698_315_752), "2023-10-26T10:22:32Z");
        assert_eq!(format_timestamp(951_782_400), "2000-02-29T00:00:00Z");
        for seconds in [0, 951_782_400, 1_456_231_584, 4_102_444_799, 1_709_164_800 + 86_399] {
            assert_eq!(parse_timestamp(&format_timestamp(seconds)), Some(seconds));
        }
        assert_eq!(format_timestamp(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(format_timestamp(253_402_300_800), "9999-12-31T23:59:59Z");
        assert_eq!(format_timestamp(u64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(parse_timestamp("2015-04-09T11:52:19Z"), Some(1_428_580_339));
        for bad in [
            "2023-02-29T00:00:00Z",
            "2023-10-26 10:22:32Z",
            "2023-10-26T10:22:32",
            "2023-13-01T00:00:00Z",
            "+023-10-26T10:22:32Z",
            "+2023-10-26T10:22:32Z",
            " 2023-10-26T10:22:32Z",
            "2023-10-26T10:22:32Z ",
            "2023-1-26T10:22:32Z",
            "2023-10-26t10:22:32z",
            "2023-10-26T10:22:32.5Z",
            "2023-10-26T10:22:32+00:00",
            "2023-10-26T24:00:00Z",
            "2023-10-26T23:59:60Z",
            "1969-12-31T23:59:59Z",
            "",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn nonces_are_unique_hex() {
        let (a, b) = (nonce(), nonce());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
