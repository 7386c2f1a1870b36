//! The doc page importer behind `cargo xtask import`: one API reference page (markdown of either
//! table generation, a web page's text in any layout a browser copy or converter gives it,
//! English or Chinese, Simplified or Traditional) in, one action spec out, from that page alone,
//! with a warning for every doubt and a note for everything the page's second witness settled,
//! each with the page line it concerns.
//!
//! Reading a page's layout into blocks, tables and rows ([`layout`]) is kept apart from
//! understanding them ([`types`] of cells, [`values`] in descriptions, [`request`] parameters,
//! [`response`] fields, the [`sample`] response, [`facts`] of the action, [`rows`] common to both
//! sides), so all page formats share every rule. The tables are the first witness; the page's
//! samples are the second: the sample response (JSON, read as far as it goes, else XML)
//! reconciles the response tree (arrays, wrapper keys, nesting, wire spelling), the sample request
//! the request wire names. Where the two agree nothing is said; where the sample settles what the
//! tables leave open the import follows it with a note; where they contradict the tables win, with
//! a warning naming both lines (`--strict` refuses). A page whose request or response section
//! yields no rows is an error, not an empty spec, unless the section says there are none (in
//! words, or with a table header and nothing under it). Upstream doc errors are not patched here:
//! they are fixups (`api-specs/.../fixups.yaml`), applied to imported and hand-written specs alike.
//!
//! The API portal's documentation metadata (`api-docs.json`) is another form of the same
//! documentation, for many actions at once: [`metadata`] reads it into the same [`Action`]s.
//! Re-importing over an existing spec keeps what the new import does not state ([`merge`]) and
//! the file's form ([`rewrite`]).

mod facts;
pub mod layout;
mod merge;
pub mod metadata;
pub mod report;
mod request;
mod response;
pub mod rewrite;
mod rows;
pub mod sample;
pub(crate) mod types;
mod values;

pub use merge::keep_unstated;
pub use response::COMMON_FIELDS;

use crate::spec::{Action, Examples, Member, SpecError, load};
use layout::{Block, Section, table};
use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The page's URL, when the caller knows it (pages do not state their own).
    pub source: Option<String>,
    /// The action's name for a page that does not state it (no title, `Action` row or sample
    /// request); used only when it is a name.
    pub action: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Imported {
    pub action: Action,
    pub warnings: Vec<Warning>,
}

/// Something the importer guessed or dropped, at a page line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The page line; 0 for metadata, whose warnings name their field path in the message.
    pub line: usize,
    pub message: String,
}

/// A page that cannot become a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

#[derive(Debug, Default)]
pub struct Diagnostics {
    pub warnings: Vec<Warning>,
    /// What the importer settled from a second witness (the sample response, a sample request)
    /// where the tables leave it open: reported, not doubted.
    pub notes: Vec<Warning>,
}

impl Diagnostics {
    pub fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning { line, message: message.into() });
    }

    pub fn note(&mut self, line: usize, message: impl Into<String>) {
        self.notes.push(Warning { line, message: message.into() });
    }
}

/// Imports one page. The result is not yet validated: see [`to_yaml`].
pub fn import(text: &str, options: &Options) -> Result<Imported, PageError> {
    import_with_notes(text, options).map(|(imported, _)| imported)
}

/// [`import`], with the notes: what the page's second witness (its sample response, its sample
/// request) settled where the tables leave it open, at the page line of the row concerned.
pub fn import_with_notes(text: &str, options: &Options) -> Result<(Imported, Vec<Warning>), PageError> {
    let page = layout::read(text);
    let blocks = layout::sectioned(&page);
    let mut diagnostics = Diagnostics { warnings: page.warnings.clone(), notes: Vec::new() };
    let given = options.action.clone().filter(|a| load::is_identifier_like(a) && a.starts_with(|c: char| c.is_ascii_uppercase()));
    let action = facts::action_name(&page, &blocks).or(given).ok_or_else(|| PageError {
        line: 1,
        message: "no action name (no `# Action` title, `Action` row or `Action=` request; name it with --action or the file's name)".into(),
    })?;
    let tables_in = |wanted: Section| -> Vec<&table::Table> {
        blocks
            .iter()
            .filter_map(|(section, block)| match block {
                Block::Table(t) if *section == wanted && !t.rows.is_empty() => Some(t),
                _ => None,
            })
            .collect()
    };
    let heading_of = |wanted: Section| blocks.iter().find(|(s, b)| *s == wanted && matches!(b, Block::Heading { .. })).map(|(_, b)| b.line());
    let request_tables = tables_in(Section::Request);
    // A section that says the action takes no parameters of its own has no table to read.
    let says_none = |wanted: Section| {
        blocks.iter().any(|(s, b)| match b {
            Block::Paragraph { text, .. } if *s == wanted => says_no_parameters(text),
            _ => false,
        })
    };
    // A header and nothing else in the section, no row it could not read: an empty table.
    let empty_table = |wanted: Section| {
        let mut inside = blocks.iter().filter(|(s, b)| *s == wanted && !matches!(b, Block::Heading { .. }));
        let empty = inside.clone().all(|(_, b)| matches!(b, Block::Table(t) if t.rows.is_empty()));
        (empty && inside.next().is_some()).then(|| heading_of(wanted)).flatten()
    };
    if request_tables.is_empty()
        && let Some(line) = empty_table(Section::Request)
    {
        diagnostics.warn(line, "the request parameter table has no rows: the action takes only the common parameters");
    } else if request_tables.is_empty() && !says_none(Section::Request) {
        return Err(match heading_of(Section::Request) {
            Some(line) => PageError {
                line,
                message: "no readable request parameter table (a header with name and type columns, and rows) in this section".into(),
            },
            None => PageError { line: 1, message: "no `Request parameters` section".into() },
        });
    }
    let response_tables = tables_in(Section::Response);
    match heading_of(Section::Response) {
        // `All are common response parameters.`: nothing to return beyond `RequestId`.
        Some(line) if response_tables.is_empty() && (says_none(Section::Response) || empty_table(Section::Response).is_some()) => {
            diagnostics.warn(line, "no response parameter table in this section: only the common fields (RequestId) are returned");
        }
        Some(line) if response_tables.is_empty() => {
            return Err(PageError {
                line,
                message: "no readable response parameter table (a header with name and type columns, and rows) in this section".into(),
            });
        }
        None => diagnostics.warn(1, "no `Response parameters` section; no response fields imported"),
        _ => {}
    }
    // The structures the tables name: where samples disagree, the one that shows more of them.
    let documented: Vec<&str> = response_tables
        .iter()
        .flat_map(|table| &table.rows)
        .filter(|row| !matches!(types::parse(&row.ty), types::DocType::Scalar(_)))
        .map(|row| table::bare_name(&row.name))
        .collect();
    let mut sample = sample::pick(&blocks, &documented);
    if let Some(sample) = sample.as_mut() {
        sample.without_action_key(&action);
    }
    let mut examples = Examples::default();
    match &sample {
        Some(s) if s.text.trim_start().starts_with('{') => {
            if let Some((line, column, message)) = &s.error {
                diagnostics.warn(
                    s.line + line - 1,
                    format!("the sample response is not valid JSON (sample line {line}, column {column}: {message}); kept as published"),
                );
            }
            examples.response = Some(s.text.clone());
        }
        Some(s) => diagnostics.warn(s.line, "the only response sample is not JSON; no sample kept"),
        None => diagnostics.warn(1, "no sample response found"),
    }

    let mut request = request::build(&request_tables, &sample::request_sample(&blocks), &mut diagnostics);
    let mut response = response::build(&response_tables, sample.as_ref(), text, &mut diagnostics);
    for (kept, dropped) in legacy_spellings(&mut request).into_iter().chain(legacy_spellings(&mut response)) {
        diagnostics.note(1, format!("`{dropped}` is a legacy spelling of `{kept}`, which the page documents too; `{dropped}` left out"));
    }
    let action = Action {
        action,
        summary: facts::summary(&blocks),
        description: facts::description(&blocks),
        source: options.source.clone(),
        group: None,
        deprecated: false,
        methods: Vec::new(),
        qps: facts::qps(&blocks),
        idempotent: None,
        pagination: None,
        request,
        response,
        errors: Vec::new(),
        examples,
    };
    Ok((Imported { action, warnings: diagnostics.warnings }, diagnostics.notes))
}

/// `This operation has no request parameters.`, `None`, `无`, `无请求参数`, `全是公共返回参数`: a
/// section without a table.
fn says_no_parameters(text: &str) -> bool {
    let lower = text.trim().trim_end_matches(['.', '。']).to_lowercase();
    matches!(lower.as_str(), "none" | "n/a" | "无" | "無" | "-")
        || [
            "no request parameter",
            "no parameters",
            "does not have request parameters",
            "does not take",
            "no operation-specific",
            "无请求参数",
            "没有请求参数",
            "無請求參數",
            "无需传入",
            "无特有",
            // A response section's way to say it.
            "common response parameter",
            "公共返回参数",
            "no response parameter",
            "无返回参数",
            "没有返回参数",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

/// Of two members that differ only in case (`Tag.N.key` beside `Tag.N.Key`), leaves out the one
/// not in the protocol's UpperCamelCase, at every level; the pairs `(kept, left out)`.
pub fn legacy_spellings(members: &mut Vec<Member>) -> Vec<(String, String)> {
    let upper = |name: &str| name.starts_with(|c: char| c.is_ascii_uppercase());
    let mut dropped = Vec::new();
    let names: Vec<String> = members.iter().map(|m| m.name.clone()).collect();
    members.retain(|m| {
        let twin = names.iter().find(|other| *other != &m.name && other.eq_ignore_ascii_case(&m.name) && upper(other));
        match twin {
            Some(kept) if !upper(&m.name) => {
                dropped.push((kept.clone(), m.name.clone()));
                false
            }
            _ => true,
        }
    });
    for m in members.iter_mut() {
        dropped.extend(legacy_spellings(&mut m.fields));
        if let Some(items) = m.items.as_deref_mut() {
            dropped.extend(legacy_spellings(&mut items.fields));
        }
    }
    dropped
}

/// What `cargo xtask import` makes of an imported action before writing it: without prose with
/// `facts_only` ([`facts_only`]), and over the `previous` spec of the action, if any, keeping what
/// the import does not state ([`keep_unstated`]) and the order of the members it lists
/// ([`rewrite::keep_order`]).
pub fn finish(action: &mut Action, previous: Option<&Action>, facts_only: bool) {
    if facts_only {
        self::facts_only(action);
    }
    if let Some(previous) = previous {
        keep_unstated(action, previous);
        // The file's form: members it lists keep their order.
        rewrite::keep_order(&mut action.request, &previous.request);
        rewrite::keep_order(&mut action.response, &previous.response);
    }
    // Documentation never states how an action pages: what its parameters and fields mean shows it.
    if action.pagination.is_none() {
        action.pagination = crate::spec::pagination::infer(action);
    }
}

/// Leaves out the page's prose: the action's `summary` and `description`, every member's
/// `description` (request, response, nested `fields` and `items.fields`), every value option's
/// `description` and every error code's `message`. Every fact stays: names, types, required flags,
/// examples, values, wrappers, structure, QPS, source, error codes and the sample response. A value
/// that does not make a Rust variant name (`0`) keeps the short label its description gave it
/// (`Device`) as its `name`, so the generated API is the same as from the full page. For specs
/// committed from documentation whose prose may not be copied (`cargo xtask import --facts-only`).
pub fn facts_only(action: &mut Action) {
    fn strip_values(values: &mut [crate::spec::ValueOption]) {
        for v in values {
            let value_is_a_name = crate::names::pascal(&v.value).starts_with(|c: char| c.is_ascii_alphabetic());
            if v.name.is_none() && !value_is_a_name {
                v.name = v.description.as_deref().and_then(crate::names::variant_label);
            }
            v.description = None;
        }
    }
    fn strip(members: &mut [crate::spec::Member]) {
        for m in members {
            m.description = None;
            strip_values(&mut m.values);
            strip(&mut m.fields);
            if let Some(items) = &mut m.items {
                strip_values(&mut items.values);
                strip(&mut items.fields);
            }
        }
    }
    action.summary = None;
    action.description = None;
    for e in &mut action.errors {
        e.message = None;
    }
    strip(&mut action.request);
    strip(&mut action.response);
}

/// The spec file text, validated by the same loader that reads `api-specs/`: a spec the loader
/// rejects is never written.
pub fn to_yaml(action: &Action, file: &Path) -> Result<String, Vec<SpecError>> {
    let yaml = serde_yaml::to_string(action)
        .map(|yaml| crate::spec::yaml::quote_for_yaml_1_1(&yaml))
        .map_err(|e| vec![SpecError { file: file.to_path_buf(), line: 1, column: 1, path: String::new(), message: e.to_string() }])?;
    load::action(file, &yaml)?;
    Ok(yaml)
}
