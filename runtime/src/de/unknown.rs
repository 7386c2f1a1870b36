//! Fields a response has that its output type does not know: a spec behind the service. Decoding
//! notes them cheaply (type and key); the first time an action shows a new one, the body is read
//! again to find each one's path, and each path is reported once through `tracing`.

use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

thread_local! {
    /// While an output is decoded on this thread: the (type, key) of each unknown field.
    static NOTED: RefCell<Option<Vec<(&'static str, String)>>> = const { RefCell::new(None) };
}

/// Called by a generated struct's decoding for a key none of its fields has.
pub(crate) fn note(type_name: &'static str, key: &str) {
    NOTED.with(|noted| {
        if let Some(noted) = noted.borrow_mut().as_mut() {
            noted.push((type_name, key.to_string()));
        }
    });
}

/// Runs `decode` noting unknown fields, then reports the ones not reported before for `action`:
/// `skip` are keys of the top-level type that are no field of it by design (the envelope).
pub(crate) fn reporting<O: DeserializeOwned, R>(action: &str, body: &[u8], skip: &[&str], decode: impl FnOnce() -> R) -> R {
    NOTED.with(|noted| *noted.borrow_mut() = Some(Vec::new()));
    let result = decode();
    let noted = NOTED.with(|noted| noted.borrow_mut().take()).unwrap_or_default();
    let top = std::any::type_name::<O>();
    let new: Vec<(&'static str, String)> = {
        let mut reported = reported().lock().unwrap_or_else(|e| e.into_inner());
        noted
            .into_iter()
            .filter(|(ty, key)| !(*ty == top && skip.contains(&key.as_str())))
            .filter(|(ty, key)| reported.insert((action.to_string(), ty, key.clone())))
            .collect()
    };
    if !new.is_empty() {
        for path in paths::<O>(body, top, skip) {
            tracing::warn!(action, field = %path, "the response has a field its spec does not know; it is not decoded (the raw body keeps it)");
        }
    }
    result
}

/// An unknown field of an action's output: (action, type, key).
type Seen = (String, &'static str, String);

/// The unknown fields already reported.
fn reported() -> &'static Mutex<HashSet<Seen>> {
    static REPORTED: OnceLock<Mutex<HashSet<Seen>>> = OnceLock::new();
    REPORTED.get_or_init(Mutex::default)
}

/// The paths of the fields of `body` that `O` does not know (`Data.List.ProductInfo.AuthType`, list
/// positions left out), without the top-level keys in `skip`.
fn paths<O: DeserializeOwned>(body: &[u8], _top: &str, skip: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let _: Result<O, _> = serde_ignored::deserialize(&mut deserializer, |path| {
        let path = path.to_string().split('.').filter(|part| part.parse::<usize>().is_err() && *part != "?").collect::<Vec<_>>().join(".");
        if !skip.contains(&path.as_str()) && !found.contains(&path) {
            found.push(path);
        }
    });
    found
}
