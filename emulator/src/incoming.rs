//! A received request, decoded once: query and form parameters, headers, body. Everything after
//! the HTTP layer (verification, validation, the journal) reads this, never hyper's types.

use bytes::Bytes;

const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

#[derive(Debug, Clone)]
pub(crate) struct Incoming {
    /// `GET`, `POST`, ... as sent.
    pub(crate) method: String,
    /// The percent-decoded path.
    pub(crate) path: String,
    /// Decoded query parameters, in the order sent.
    pub(crate) query: Vec<(String, String)>,
    /// Decoded `application/x-www-form-urlencoded` body parameters; empty for any other body.
    pub(crate) form: Vec<(String, String)>,
    /// Headers with lowercase names, in the order sent; non-UTF-8 values lossily decoded.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

impl Incoming {
    pub(crate) fn new(method: &str, path: &str, query: Option<&str>, headers: &hyper::HeaderMap, body: Bytes) -> Self {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(name, value)| (name.as_str().to_ascii_lowercase(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        let is_form = headers.iter().any(|(name, value)| name == "content-type" && value.trim().to_ascii_lowercase().starts_with(FORM_CONTENT_TYPE));
        let form = if is_form { decode_pairs(&body) } else { Vec::new() };
        Incoming {
            method: method.to_string(),
            path: percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned(),
            query: query.map(|q| decode_pairs(q.as_bytes())).unwrap_or_default(),
            form,
            headers,
            body,
        }
    }

    /// The first value of header `name` (lowercase), trimmed.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim())
    }

    /// Query then form parameters: everything a caller sent as a parameter, the union of both
    /// places. A form parameter that repeats a query parameter (same name, same value) is there
    /// once, as the official SDKs sign it: they merge query and form into one map before signing.
    pub(crate) fn params(&self) -> impl Iterator<Item = &(String, String)> {
        self.query.iter().chain(self.form.iter().filter(|pair| !self.query.contains(pair)))
    }

    /// The name of the first parameter sent both in the query and in the form body with different
    /// values. Which value a server should read is undefined (the SDKs sign the form's, merging it
    /// last), so a V1 request with one is refused.
    pub(crate) fn conflicting_param(&self) -> Option<&str> {
        let differs = |(name, value): &&(String, String)| self.query.iter().any(|(n, v)| n == name && v != value);
        self.form.iter().find(differs).map(|(name, _)| name.as_str())
    }
}

/// `application/x-www-form-urlencoded` decoding, which is also how servers read a query: `+` is a
/// space (Python's `urlencode` sends spaces that way), `%XY` a byte.
fn decode_pairs(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).map(|(name, value)| (name.into_owned(), value.into_owned())).collect()
}
