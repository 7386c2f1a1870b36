//! Re-importing over an existing spec: what the new import does not state is kept from the spec.
//!
//! Pages never state `methods`, `idempotent`, error codes or deprecation, and a page may not state
//! its `source`, QPS limit, group, summary or sample; metadata states all of those but may lack
//! some. Neither ever states Rust names (an element's `items.name`, a value's `name`) or
//! `sensitive`, and with `--facts-only` no prose is stated: summaries, descriptions (of members
//! and of values) and error messages. Those are kept from the previous spec for the members still
//! there (by wire name, level by level, reading a list of objects' element fields like an object's
//! fields), values still there (by value) and error codes still there (by code). Facts the new
//! import states replace the old ones: a member the source no longer lists is gone.

use crate::spec::{Action, ErrorCode, Member, ValueOption};

pub fn keep_unstated(imported: &mut Action, previous: &Action) {
    keep(&mut imported.summary, &previous.summary);
    keep(&mut imported.description, &previous.description);
    keep(&mut imported.source, &previous.source);
    keep(&mut imported.group, &previous.group);
    keep(&mut imported.qps, &previous.qps);
    keep(&mut imported.idempotent, &previous.idempotent);
    keep(&mut imported.pagination, &previous.pagination);
    keep(&mut imported.examples.response, &previous.examples.response);
    imported.deprecated |= previous.deprecated;
    if imported.methods.is_empty() {
        imported.methods = previous.methods.clone();
    }
    if imported.errors.is_empty() {
        imported.errors = previous.errors.clone();
    } else {
        keep_error_messages(&mut imported.errors, &previous.errors);
    }
    keep_members(&mut imported.request, &previous.request);
    keep_members(&mut imported.response, &previous.response);
}

fn keep<T: Clone>(new: &mut Option<T>, old: &Option<T>) {
    if new.is_none() {
        new.clone_from(old);
    }
}

fn keep_error_messages(errors: &mut [ErrorCode], previous: &[ErrorCode]) {
    for e in errors {
        if let Some(p) = previous.iter().find(|p| p.code == e.code) {
            keep(&mut e.message, &p.message);
        }
    }
}

fn keep_members(members: &mut [Member], previous: &[Member]) {
    for m in members {
        let Some(p) = previous.iter().find(|p| p.name == m.name) else { continue };
        keep(&mut m.description, &p.description);
        m.sensitive |= p.sensitive;
        keep_values(&mut m.values, &p.values);
        if let (Some(items), Some(p_items)) = (&mut m.items, &p.items) {
            if items.ty == p_items.ty {
                keep(&mut items.name, &p_items.name);
            }
            keep_values(&mut items.values, &p_items.values);
        }
        let previous_fields = element_fields(p);
        match &mut m.items {
            Some(items) if !items.fields.is_empty() => keep_members(&mut items.fields, previous_fields),
            _ => keep_members(&mut m.fields, previous_fields),
        }
    }
}

/// The fields of an object, or of a list's object element.
fn element_fields(m: &Member) -> &[Member] {
    match &m.items {
        Some(items) if !items.fields.is_empty() => &items.fields,
        _ => &m.fields,
    }
}

fn keep_values(values: &mut [ValueOption], previous: &[ValueOption]) {
    for v in values {
        if let Some(p) = previous.iter().find(|p| p.value == v.value) {
            keep(&mut v.name, &p.name);
            keep(&mut v.description, &p.description);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Examples, Items, Method, Qps, Type};

    fn action(name: &str) -> Action {
        Action {
            action: name.into(),
            summary: None,
            description: None,
            source: None,
            group: None,
            deprecated: false,
            methods: Vec::new(),
            qps: None,
            idempotent: None,
            pagination: None,
            request: Vec::new(),
            response: Vec::new(),
            errors: Vec::new(),
            examples: Examples::default(),
        }
    }

    fn value(v: &str, name: Option<&str>, description: Option<&str>) -> ValueOption {
        ValueOption { value: v.into(), name: name.map(Into::into), description: description.map(Into::into) }
    }

    #[test]
    fn prose_and_names_are_kept_where_the_import_has_none() {
        let mut previous = action("A");
        previous.summary = Some("Does A.".into());
        previous.description = Some("Longer.".into());
        previous.qps = Some(Qps(5.0));
        previous.methods = vec![Method::Get];
        previous.errors = vec![ErrorCode { code: "E1".into(), status: Some(400), message: Some("Bad.".into()) }];
        let mut kind = Member::new("Kind", Type::Integer);
        kind.description = Some("The kind.".into());
        kind.values = vec![value("0", Some("Device"), Some("A device.")), value("1", None, Some("A gateway."))];
        let mut list = Member::new("List", Type::Object);
        let mut key = Member::new("Key", Type::String);
        key.description = Some("The key.".into());
        list.fields = vec![key.clone()];
        let mut gone = Member::new("Gone", Type::String);
        gone.description = Some("Not listed any more.".into());
        previous.response = vec![kind, list, gone];

        let mut imported = action("A");
        imported.summary = Some("新的。".into());
        imported.methods = vec![Method::Post, Method::Get];
        imported.errors = vec![
            ErrorCode { code: "E2".into(), status: Some(500), message: None },
            ErrorCode { code: "E1".into(), status: Some(403), message: None },
        ];
        let mut kind = Member::new("Kind", Type::Integer);
        kind.values = vec![value("1", None, None), value("2", None, None)];
        // Now documented as a wrapped list of such objects: the element's fields keep the prose.
        let mut list = Member::new("List", Type::Array);
        list.wrapper = Some("Item".into());
        list.items = Some(Box::new(Items { ty: Type::Object, name: None, values: Vec::new(), fields: vec![Member::new("Key", Type::String)] }));
        imported.response = vec![kind, list];

        keep_unstated(&mut imported, &previous);
        assert_eq!(imported.summary.as_deref(), Some("新的。"), "stated: replaced");
        assert_eq!(imported.description.as_deref(), Some("Longer."));
        assert_eq!((imported.qps, imported.methods.as_slice()), (Some(Qps(5.0)), [Method::Post, Method::Get].as_slice()));
        let errors: Vec<_> = imported.errors.iter().map(|e| (e.code.as_str(), e.status, e.message.as_deref())).collect();
        assert_eq!(errors, [("E2", Some(500), None), ("E1", Some(403), Some("Bad."))]);
        let kind = &imported.response[0];
        assert_eq!(kind.description.as_deref(), Some("The kind."));
        assert_eq!(kind.values, [value("1", None, Some("A gateway.")), value("2", None, None)]);
        assert_eq!(imported.response[1].items.as_ref().unwrap().fields[0].description.as_deref(), Some("The key."));
        assert_eq!(imported.response.len(), 2, "a member the import does not list is gone");
    }

    #[test]
    fn element_names_are_kept_for_the_same_element_type() {
        let element = |ty, name: Option<&str>| Some(Box::new(Items { ty, name: name.map(Into::into), values: Vec::new(), fields: Vec::new() }));
        let mut previous = action("A");
        let mut data = Member::new("Data", Type::Array);
        data.items = element(Type::Object, Some("OtaModuleDTO"));
        data.sensitive = true;
        previous.response = vec![data];
        let mut imported = action("A");
        let mut data = Member::new("Data", Type::Array);
        data.items = element(Type::Object, None);
        imported.response = vec![data];
        keep_unstated(&mut imported, &previous);
        assert_eq!(imported.response[0].items.as_ref().unwrap().name.as_deref(), Some("OtaModuleDTO"));
        assert!(imported.response[0].sensitive);

        let mut imported = action("A");
        let mut data = Member::new("Data", Type::Array);
        data.items = element(Type::String, None);
        imported.response = vec![data];
        keep_unstated(&mut imported, &previous);
        assert_eq!(imported.response[0].items.as_ref().unwrap().name, None);
    }
}
