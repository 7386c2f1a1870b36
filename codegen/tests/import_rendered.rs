//! The page importer on pages it has never seen: every action of each product's API metadata
//! (../shared/api-docs/<product>/api-docs.json, read where it is) rendered as a documentation page in each
//! layout real pages use (`page_render`), imported, and compared with the metadata's own facts:
//! request parameters by wire name (`DeviceName.N`, `Tag.N.Key`), type and required flag; response
//! fields by wire path (`Data.List.ProductInfo[].ProductKey`) and type. Prints precision and
//! recall per form, the pages that fail to import and the mismatching facts of each action: IoT's
//! on their own, the other products' together.
//!
//! `IMPORT_RENDERED_DUMP=dir` writes the rendered pages of the mismatching actions there (or of the
//! actions named in `IMPORT_RENDERED_ACTIONS=A,B`), to look at next to real pages.

mod page_render;
mod shared_data;

use codegen::import::{self, COMMON_FIELDS, Options, metadata::Metadata};
use codegen::spec::{Member, Type};
use page_render::{FORMS, Form, Source};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The metadata as JSON with each object's keys in document order, which `serde_json::Value`
/// (sorted maps) loses and the reference layout's response rows keep; objects and strings only.
enum Ordered {
    Object(Vec<(String, Ordered)>),
    String(String),
    Other,
}

impl Ordered {
    fn get(&self, key: &str) -> Option<&Ordered> {
        match self {
            Ordered::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn keys(&self) -> Vec<String> {
        match self {
            Ordered::Object(entries) => entries.iter().map(|(k, _)| k.clone()).collect(),
            _ => Vec::new(),
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Ordered::String(s) => Some(s),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor;
        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered::Object(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                while seq.next_element::<Ordered>()?.is_some() {}
                Ok(Ordered::Other)
            }
            fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::String(v.into()))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
        }
        deserializer.deserialize_any(OrderedVisitor)
    }
}

/// `Name Type [required]`, lists by their wire names: `DeviceName.N`, `Tag.N.Key`.
fn request_facts(members: &[Member], prefix: &str, out: &mut Vec<String>) {
    for m in members {
        let name = format!("{prefix}{}", m.name);
        let required = if m.required { " required" } else { "" };
        match (m.ty, m.items.as_deref()) {
            (Type::Array, Some(items)) if items.ty == Type::Object && !items.fields.is_empty() => {
                request_facts(&items.fields, &format!("{name}.N."), out)
            }
            (Type::Array, items) => out.push(format!("{name}.N {}{required}", items.map_or("?", |i| i.ty.as_str()))),
            (ty, _) => out.push(format!("{name} {ty}{required}")),
        }
    }
}

/// `Path Type` for every field but the envelope's; an array's element is `Name[]`, or
/// `Name.Wrapper[]` when the array sits in a wrapper object.
fn response_facts(members: &[Member], prefix: &str, out: &mut Vec<String>) {
    for m in members {
        if prefix.is_empty() && COMMON_FIELDS.contains(&m.name.as_str()) {
            continue;
        }
        let path = format!("{prefix}{}", m.name);
        match (m.ty, m.items.as_deref()) {
            (Type::Array, items) => {
                let path = match &m.wrapper {
                    Some(w) => format!("{path}.{w}[]"),
                    None => format!("{path}[]"),
                };
                out.push(format!("{path} {}", items.map_or("?", |i| i.ty.as_str())));
                if let Some(items) = items {
                    response_facts(&items.fields, &format!("{path}."), out);
                }
            }
            (ty, _) => {
                out.push(format!("{path} {ty}"));
                response_facts(&m.fields, &format!("{path}."), out);
            }
        }
    }
}

/// Facts of one side over all pages of a form.
#[derive(Default)]
struct Score {
    matched: usize,
    imported: usize,
    expected: usize,
}

impl Score {
    /// Adds one page; returns its (extra, missed) facts.
    fn add(&mut self, expected: &[String], imported: &[String]) -> (Vec<String>, Vec<String>) {
        let mut left: BTreeMap<&str, usize> = BTreeMap::new();
        for f in expected {
            *left.entry(f).or_default() += 1;
        }
        let mut extra = Vec::new();
        for f in imported {
            match left.get_mut(f.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    self.matched += 1;
                }
                _ => extra.push(f.clone()),
            }
        }
        let missed = left.iter().flat_map(|(f, n)| std::iter::repeat_n(f.to_string(), *n)).collect();
        self.imported += imported.len();
        self.expected += expected.len();
        (extra, missed)
    }

    fn merge(&mut self, other: &Score) {
        self.matched += other.matched;
        self.imported += other.imported;
        self.expected += other.expected;
    }

    fn precision(&self) -> f64 {
        ratio(self.matched, self.imported)
    }

    fn recall(&self) -> f64 {
        ratio(self.matched, self.expected)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

struct FormResult {
    form: Form,
    sample: bool,
    request: Score,
    response: Score,
    failed: Vec<String>,
    mismatching: usize,
}

impl FormResult {
    fn label(&self) -> String {
        format!("{:?}{}", self.form, if self.sample { "" } else { " without the sample response" })
    }
}

/// Every action of one product's metadata, rendered in every form (with and without the sample
/// response) and imported; prints each mismatching action and returns each form's figures.
fn render_and_import(file: &Path) -> Vec<FormResult> {
    let text = std::fs::read_to_string(file).unwrap();
    let doc = Metadata::parse(&text).unwrap();
    let raw: Ordered = serde_json::from_str(&text).unwrap();
    let dump = std::env::var_os("IMPORT_RENDERED_DUMP").map(std::path::PathBuf::from);
    let only: Option<Vec<String>> = std::env::var("IMPORT_RENDERED_ACTIONS").ok().map(|l| l.split(',').map(String::from).collect());
    let mut results = Vec::new();
    for (form, sample) in FORMS.into_iter().flat_map(|f| [(f, true), (f, false)]) {
        let mut result = FormResult { form, sample, request: Score::default(), response: Score::default(), failed: Vec::new(), mismatching: 0 };
        println!("== {}: {}", product(file), result.label());
        for (index, name) in doc.actions().into_iter().enumerate() {
            let api = raw.get("apis").and_then(|a| a.get(name));
            let schema = api.and_then(|a| a.get("responses")).and_then(|r| r.get("200")).and_then(|r| r.get("schema"));
            let response_order = schema.and_then(|s| s.get("properties")).map(Ordered::keys).unwrap_or_default();
            let source = Source { index, title: api.and_then(|a| a.get("title")).and_then(Ordered::as_str), response_order: &response_order };
            let mut expected = doc.import(name).unwrap().unwrap_or_else(|e| panic!("{name}: {e}")).action;
            import::finish(&mut expected, None, false);
            let page = page_render::render(&expected, form, sample, &source);
            let (mut want_request, mut want_response) = (Vec::new(), Vec::new());
            request_facts(&expected.request, "", &mut want_request);
            response_facts(&expected.response, "", &mut want_response);
            let (mut got_request, mut got_response) = (Vec::new(), Vec::new());
            let mut failed = false;
            match import::import(&page, &Options::default()) {
                Ok(mut imported) => {
                    import::finish(&mut imported.action, None, false);
                    request_facts(&imported.action.request, "", &mut got_request);
                    response_facts(&imported.action.response, "", &mut got_response);
                }
                Err(e) => {
                    result.failed.push(format!("{name}: {e}"));
                    failed = true;
                }
            }
            let (extra_request, missed_request) = result.request.add(&want_request, &got_request);
            let (extra_response, missed_response) = result.response.add(&want_response, &got_response);
            let differs = !(extra_request.is_empty() && missed_request.is_empty() && extra_response.is_empty() && missed_response.is_empty());
            if differs && !failed {
                result.mismatching += 1;
                println!(
                    "  {name}: request extra {extra_request:?} missed {missed_request:?}; response extra {extra_response:?} missed {missed_response:?}"
                );
            }
            let wanted = match &only {
                Some(names) => names.iter().any(|a| a == name),
                None => differs || failed,
            };
            if let Some(dir) = dump.as_ref().filter(|_| wanted) {
                std::fs::create_dir_all(dir).unwrap();
                let extension = if matches!(form, Form::WebTabbed | Form::WebReference) { "txt" } else { "md" };
                let variant = if sample { "" } else { "-nosample" };
                std::fs::write(dir.join(format!("{name}.{form:?}{variant}.{extension}")), &page).unwrap();
            }
        }
        for f in &result.failed {
            println!("  failed: {f}");
        }
        results.push(result);
    }
    results
}

/// `ecs-2014-05-26` for `.../ecs-2014-05-26/api-docs.json`.
fn product(file: &Path) -> String {
    file.parent().and_then(Path::file_name).map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn print_table(title: &str, results: &[FormResult]) {
    println!("{title}");
    println!("form                    request P / R (matched/imported/expected)   response P / R (matched/imported/expected)   failed  mismatching");
    for r in results {
        let side = |s: &Score| format!("{:.4} / {:.4} ({}/{}/{})", s.precision(), s.recall(), s.matched, s.imported, s.expected);
        println!(
            "{:<22}  {:<41}   {:<42}   {:>6}  {:>11}",
            format!("{:?}{}", r.form, if r.sample { "" } else { " no sample" }),
            side(&r.request),
            side(&r.response),
            r.failed.len(),
            r.mismatching
        );
    }
}

/// (form, with the sample response, request precision and recall, response precision and
/// recall, most pages that fail to import)
type Floor = (Form, bool, f64, f64, f64, f64, usize);

/// Holds each form to its floor, set just under the measured figures: a drop is a regression of
/// the importer (or of the renderer); a rise is progress, to be locked in by raising the floor.
fn hold(results: &[FormResult], floors: &[Floor]) {
    assert_eq!(results.len(), floors.len());
    for (r, &(form, sample, request_p, request_r, response_p, response_r, failed)) in results.iter().zip(floors) {
        assert_eq!((r.form, r.sample), (form, sample));
        let form = r.label();
        assert!(r.request.precision() >= request_p, "{form}: request precision {:.4} < {request_p}", r.request.precision());
        assert!(r.request.recall() >= request_r, "{form}: request recall {:.4} < {request_r}", r.request.recall());
        assert!(r.response.precision() >= response_p, "{form}: response precision {:.4} < {response_p}", r.response.precision());
        assert!(r.response.recall() >= response_r, "{form}: response recall {:.4} < {response_r}", r.response.recall());
        assert!(r.failed.len() <= failed, "{form}: {} pages failed to import, at most {failed} expected", r.failed.len());
    }
}

#[test]
fn metadata_rendered_as_pages_imports_to_the_metadata_facts() {
    let Some(file) = shared_data::path("metadata_rendered_as_pages_imports_to_the_metadata_facts", "api-docs/iot-2018-01-20/api-docs.json") else {
        return;
    };
    let results = render_and_import(&file);
    print_table("IoT Platform", &results);
    hold(
        &results,
        &[
            (Form::InlineEn, true, 0.993, 0.993, 0.996, 0.996, 0),
            (Form::InlineEn, false, 0.993, 0.993, 0.970, 0.970, 0),
            (Form::InlineZh, true, 0.993, 0.993, 0.996, 0.996, 0),
            (Form::InlineZh, false, 0.993, 0.993, 0.970, 0.970, 0),
            (Form::OldEn, true, 0.993, 0.993, 0.996, 0.996, 0),
            (Form::OldEn, false, 0.993, 0.993, 0.870, 0.870, 0),
            (Form::WebTabbed, true, 0.993, 0.993, 0.996, 0.996, 0),
            (Form::WebTabbed, false, 0.993, 0.993, 0.970, 0.970, 0),
            (Form::WebReference, true, 0.987, 0.987, 0.996, 0.993, 0),
            (Form::WebReference, false, 0.987, 0.987, 0.955, 0.956, 0),
        ],
    );
}

/// The other products of `../shared/api-docs` (ECS, VPC, RAM, KMS, SMS, ...), whose pages the
/// importer was not written from: their figures over all of them together.
#[test]
fn every_other_products_metadata_rendered_as_pages_imports_to_its_facts() {
    let test = "every_other_products_metadata_rendered_as_pages_imports_to_its_facts";
    let Some(dir) = shared_data::path(test, "api-docs") else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().join("api-docs.json"))
        .filter(|f| f.exists() && !f.starts_with(dir.join("iot-2018-01-20")))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{}: expected the metadata of several products (`<product>/api-docs.json`)", dir.display());
    let mut total: Vec<FormResult> = Vec::new();
    for file in &files {
        let results = render_and_import(file);
        print_table(&product(file), &results);
        if total.is_empty() {
            total = results;
            continue;
        }
        for (sum, r) in total.iter_mut().zip(results) {
            sum.request.merge(&r.request);
            sum.response.merge(&r.response);
            sum.failed.extend(r.failed);
            sum.mismatching += r.mismatching;
        }
    }
    print_table(&format!("all {} products", files.len()), &total);
    hold(
        &total,
        &[
            (Form::InlineEn, true, 0.986, 0.986, 0.998, 0.998, 0),
            (Form::InlineEn, false, 0.986, 0.986, 0.890, 0.890, 0),
            (Form::InlineZh, true, 0.986, 0.986, 0.998, 0.998, 0),
            (Form::InlineZh, false, 0.986, 0.986, 0.890, 0.890, 0),
            (Form::OldEn, true, 0.984, 0.980, 0.998, 0.998, 0),
            (Form::OldEn, false, 0.984, 0.980, 0.810, 0.810, 0),
            (Form::WebTabbed, true, 0.986, 0.986, 0.998, 0.998, 0),
            (Form::WebTabbed, false, 0.986, 0.986, 0.890, 0.890, 0),
            (Form::WebReference, true, 0.926, 0.926, 0.993, 0.995, 0),
            (Form::WebReference, false, 0.926, 0.926, 0.766, 0.772, 0),
        ],
    );
}
