//! A YAML document as a tree whose every node knows its line and column.
//!
//! serde-based YAML loaders stop at the first error and forget positions; spec validation wants
//! every error of a file, each with `file:line:column`. So specs are parsed into this small tree
//! from saphyr's span-carrying events, and converted to the model by hand in `load.rs`.

use saphyr_parser::{Event, Parser, ScalarStyle};

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Scalar { value: String, plain: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar text, if this node is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A plain `null`, `~` or empty scalar: YAML's spellings of "nothing".
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { value, plain: true } if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Scalar { .. } => "a scalar",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

/// A syntax error: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses one YAML document. An empty document is an empty mapping.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut events = Vec::new();
    for item in Parser::new_from_str(text) {
        match item {
            Ok((event, span)) => events.push((event, span.start.line(), span.start.col() + 1)),
            Err(e) => {
                return Err(SyntaxError { line: e.marker().line(), column: e.marker().col() + 1, message: e.info().to_string() });
            }
        }
    }
    let mut pos = 0;
    let mut root = None;
    while pos < events.len() {
        match &events[pos].0 {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => pos += 1,
            Event::DocumentStart(_) => {
                pos += 1;
                if matches!(events.get(pos), Some((Event::DocumentEnd, ..))) {
                    continue;
                }
                if root.is_some() {
                    let (_, line, column) = events[pos - 1];
                    return Err(SyntaxError { line, column, message: "only one YAML document per file".into() });
                }
                root = Some(build(&events, &mut pos)?);
            }
            _ => root = Some(build(&events, &mut pos)?),
        }
    }
    Ok(root.unwrap_or(Node { kind: NodeKind::Map(Vec::new()), line: 1, column: 1 }))
}

type Spanned<'a> = (Event<'a>, usize, usize);

fn build(events: &[Spanned<'_>], pos: &mut usize) -> Result<Node, SyntaxError> {
    let (event, line, column) = &events[*pos];
    let (line, column) = (*line, *column);
    *pos += 1;
    let kind = match event {
        Event::Scalar(value, style, ..) => NodeKind::Scalar { value: value.to_string(), plain: matches!(style, ScalarStyle::Plain) },
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            while !matches!(events.get(*pos), Some((Event::SequenceEnd, ..)) | None) {
                items.push(build(events, pos)?);
            }
            *pos += 1;
            NodeKind::Seq(items)
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            while !matches!(events.get(*pos), Some((Event::MappingEnd, ..)) | None) {
                let key = build(events, pos)?;
                let value = build(events, pos)?;
                entries.push((key, value));
            }
            *pos += 1;
            NodeKind::Map(entries)
        }
        Event::Alias(_) => {
            return Err(SyntaxError { line, column, message: "anchors and aliases are not supported in specs".into() });
        }
        other => {
            return Err(SyntaxError { line, column, message: format!("unexpected YAML event {other:?}") });
        }
    };
    Ok(Node { kind, line, column })
}
