//! `responseDemo`: a JSON string holding `[{"type": "json", "example": "..."}, {"type": "xml", ...}]`.
//! The JSON example is the action's sample response, kept as published even when it does not parse
//! (fixups correct it).

use super::Notes;
use super::json::Json;

pub(super) fn response(demo: Option<&Json>, notes: &mut Notes) -> Option<String> {
    let Some(demo) = demo else {
        notes.warn("responseDemo", "no sample response");
        return None;
    };
    let Some(text) = demo.as_str() else {
        notes.warn("responseDemo", format!("expected a JSON string, found {}", demo.kind()));
        return None;
    };
    let samples = match Json::parse(text) {
        Ok(Json::Array(samples)) => samples,
        Ok(other) => {
            notes.warn("responseDemo", format!("expected a list of samples, found {}", other.kind()));
            return None;
        }
        Err(e) => {
            notes.warn("responseDemo", format!("not valid JSON ({e}); no sample kept"));
            return None;
        }
    };
    let Some((i, json)) = samples.iter().enumerate().find(|(_, s)| s.get("type").and_then(Json::as_str) == Some("json")) else {
        notes.warn("responseDemo", "no JSON sample (only other formats); no sample kept");
        return None;
    };
    let Some(example) = json.get("example").and_then(Json::as_str).filter(|e| !e.trim().is_empty()) else {
        notes.warn(&format!("responseDemo[{i}].example"), "the JSON sample is empty; no sample kept");
        return None;
    };
    if let Err(e) = serde_json::from_str::<serde_json::Value>(example) {
        notes.warn(&format!("responseDemo[{i}].example"), format!("the sample response is not valid JSON ({e}); kept as published"));
    }
    Some(example.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo(samples: &str) -> Json {
        Json::String(samples.to_string())
    }

    #[test]
    fn the_json_sample_as_published() {
        let mut notes = Notes::new("A");
        let d = demo(r#"[{"type":"xml","example":"<A/>"},{"type":"json","example":"{\n  \"Data\": 1\n}","errorExample":""}]"#);
        assert_eq!(response(Some(&d), &mut notes).as_deref(), Some("{\n  \"Data\": 1\n}"));
        assert_eq!(notes.warnings, []);
        let broken = demo(r#"[{"type":"json","example":"{\"Data\": 1 \"X\": 2}"}]"#);
        assert_eq!(response(Some(&broken), &mut notes).as_deref(), Some("{\"Data\": 1 \"X\": 2}"));
        assert!(notes.warnings[0].message.contains("not valid JSON"), "{:?}", notes.warnings);
    }

    #[test]
    fn no_sample() {
        let mut notes = Notes::new("A");
        assert_eq!(response(None, &mut notes), None);
        assert_eq!(response(Some(&demo(r#"[{"type":"xml","example":"<A/>"}]"#)), &mut notes), None);
        assert_eq!(response(Some(&demo("not json")), &mut notes), None);
        assert_eq!(notes.warnings.len(), 3);
    }
}
