//! `errorCodes`: `{"400": [{"errorCode": "...", "errorMessage": "..."}], "403": [...]}` -> the
//! action's `errors`, in the order the metadata lists them, each code once.

use super::Notes;
use super::json::Json;
use crate::spec::ErrorCode;

pub(super) fn errors(codes: &Json, notes: &mut Notes) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::new();
    if !matches!(codes, Json::Object(_)) {
        notes.warn("errorCodes", format!("expected an object of error codes by HTTP status, found {}", codes.kind()));
        return out;
    }
    for (status_text, list) in codes.entries() {
        let path = format!("errorCodes.{status_text}");
        let status = status_text.parse::<u16>().ok().filter(|s| (100..600).contains(s));
        if status.is_none() {
            notes.warn(&path, format!("`{status_text}` is not an HTTP status; the codes are kept without one"));
        }
        let Some(list) = list.as_array() else {
            notes.warn(&path, format!("expected a list of error codes, found {}", list.kind()));
            continue;
        };
        for (i, entry) in list.iter().enumerate() {
            let entry_path = format!("{path}[{i}]");
            for (key, _) in entry.entries() {
                if !["errorCode", "errorMessage", "description"].contains(&key.as_str()) {
                    notes.warn(&format!("{entry_path}.{key}"), "not imported (an error code has a code, a status and a message)");
                }
            }
            let Some(code) = entry.get("errorCode").and_then(Json::text) else {
                notes.warn(&entry_path, "no `errorCode`; skipped");
                continue;
            };
            let message = entry.get("errorMessage").and_then(Json::text).map(str::to_string);
            match out.iter().find(|e| e.code == code) {
                Some(first) if first.status != status => notes.warn(
                    &entry_path,
                    format!(
                        "`{code}` is listed again with status {status_text}; kept once, with status {}",
                        first.status.map_or("none".into(), |s| s.to_string())
                    ),
                ),
                Some(_) => {}
                None => out.push(ErrorCode { code: code.to_string(), status, message }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_listed_order_each_once() {
        let codes = Json::parse(
            r#"{"400": [{"errorCode": "iot.b", "errorMessage": "B"}, {"errorCode": "iot.a", "errorMessage": " "}],
                "403": [{"errorCode": "iot.c", "errorMessage": "C"}, {"errorCode": "iot.b", "errorMessage": "B again"}],
                "4xx": [{"errorCode": "iot.d"}]}"#,
        )
        .unwrap();
        let mut notes = Notes::new("A");
        let errors = errors(&codes, &mut notes);
        let got: Vec<(&str, Option<u16>, Option<&str>)> = errors.iter().map(|e| (e.code.as_str(), e.status, e.message.as_deref())).collect();
        assert_eq!(got, [("iot.b", Some(400), Some("B")), ("iot.a", Some(400), None), ("iot.c", Some(403), Some("C")), ("iot.d", None, None)]);
        let warned: Vec<&str> = notes.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(warned.len(), 2, "{warned:?}");
        assert!(warned[0].starts_with("apis.A.errorCodes.403[1]: `iot.b` is listed again with status 403"), "{warned:?}");
        assert!(warned[1].starts_with("apis.A.errorCodes.4xx: "), "{warned:?}");
    }
}
