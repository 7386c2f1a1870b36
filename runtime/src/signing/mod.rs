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

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

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

/// Percent-encodes `text` the way both signatures need: UTF-8 bytes, everything but
/// `A-Z a-z 0-9 - _ . ~` as `%XY` with uppercase hex, so a space is `%20`, never `+`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    percent_encode_into(&mut out, text);
    out
}

fn percent_encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xF)] as char);
        }
    }
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
        percent_encode_into(&mut out, name.as_ref());
        out.push('=');
        percent_encode_into(&mut out, value.as_ref());
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

/// Formats seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ` (UTC, no fraction): the
/// `Timestamp` parameter (V1) and `x-acs-date` header (V3).
pub fn format_timestamp(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let secs_of_day = unix_seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs_of_day / 3600, secs_of_day / 60 % 60, secs_of_day % 60)
}

/// Parses a `YYYY-MM-DDThh:mm:ssZ` timestamp into seconds since the Unix epoch, so a server can
/// reject requests too far from its clock. `None` for any other format or an impossible date.
pub fn parse_timestamp(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':' && b[19] == b'Z';
    if !shape_ok {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = text.get(range)?;
        digits.bytes().all(|c| c.is_ascii_digit()).then(|| digits.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    if year < 1970 || day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year as i64, month, day) as u64;
    Some(days * 86_400 + u64::from(hour) * 3600 + u64::from(minute) * 60 + u64::from(second))
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

// Howard Hinnant's `civil_from_days` / `days_from_civil` (proleptic Gregorian, days since 1970-01-01).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
        for bad in ["2023-02-29T00:00:00Z", "2023-10-26 10:22:32Z", "2023-10-26T10:22:32", "2023-13-01T00:00:00Z", "+023-10-26T10:22:32Z"] {
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
