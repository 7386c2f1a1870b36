//! A YAML document as a tree whose every node knows its line and column.
//!
//! serde-based YAML loaders stop at the first error and forget positions; spec validation wants
//! every error of a file, each with `file:line:column`. So specs are parsed into this small tree
//! from saphyr's span-carrying events, and converted to the model by hand in `load.rs`.

use saphyr_parser::{Event, Parser, ScalarStyle};

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub kind: NodeKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum NodeKind {
    Scalar { value: String, plain: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar text, if this node is a scalar.
    pub(crate) fn scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A plain `null`, `~` or empty scalar: YAML's spellings of "nothing".
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { value, plain: true } if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub(crate) fn kind_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Scalar { .. } => "a scalar",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

/// A syntax error: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses one YAML document. An empty document is an empty mapping.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
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

/// What a YAML 1.1 reader (PyYAML, SnakeYAML, older libyaml bindings) takes this plain scalar for,
/// when YAML 1.2 readers (this crate's included) take it for text: `yes`/`on` are booleans,
/// `2019-02-30` a date, `1:30` and `1_000` numbers, `=` and `<<` keys of their own. Specs are data
/// other tools read, so such text is quoted.
pub(crate) fn yaml_1_1_reading(text: &str) -> Option<&'static str> {
    const BOOLEANS: &[&str] = &["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"];
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if BOOLEANS.contains(&text) {
        Some("a boolean")
    } else if text == "=" {
        Some("the value key")
    } else if text == "<<" {
        Some("the merge key")
    } else if is_timestamp(text) {
        Some("a date")
    } else if unsigned.contains(':')
        && unsigned.split(':').all(|part| digits(part.split('.').next().unwrap_or(part)) || digits(&part.replace('_', "")))
        && unsigned.starts_with(|c: char| c.is_ascii_digit())
    {
        Some("a base-60 number")
    } else if unsigned.contains('_') && unsigned.starts_with(|c: char| c.is_ascii_digit()) && {
        let bare = unsigned.replace('_', "");
        digits(&bare)
            || bare.parse::<f64>().is_ok()
            || bare.strip_prefix("0b").is_some_and(|b| !b.is_empty() && b.bytes().all(|c| c == b'0' || c == b'1'))
    } {
        Some("a number")
    } else if unsigned.strip_prefix("0b").is_some_and(|b| !b.is_empty() && b.bytes().all(|c| c == b'0' || c == b'1')) {
        Some("a binary number")
    } else {
        None
    }
}

/// `YYYY-M-D`, optionally followed by a time (`T` or spaces, `h:mm:ss`, fraction, zone): YAML 1.1's
/// timestamp.
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |from: usize, to: usize| to <= b.len() && b[from..to].iter().all(u8::is_ascii_digit);
    if b.len() < 8 || !digits(0, 4) || b[4] != b'-' {
        return false;
    }
    let mut i = 5;
    let part = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < 2 {
            *i += 1;
        }
        *i > start
    };
    if !part(&mut i) || i >= b.len() || b[i] != b'-' {
        return false;
    }
    i += 1;
    if !part(&mut i) {
        return false;
    }
    let rest = &text[i..];
    rest.is_empty() || (rest.starts_with(['T', 't', ' ', '\t']) && rest.trim_start_matches(['T', 't', ' ', '\t']).split(':').count() >= 3)
}

/// `text` (YAML that serde wrote) with every plain scalar that YAML 1.1 reads as something else
/// single-quoted, so every reader gets the same text.
pub(crate) fn quote_for_yaml_1_1(text: &str) -> String {
    // Spans count characters; edits are made by byte offset, from the end.
    let byte_at: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let mut spans = Vec::new();
    for (event, span) in Parser::new_from_str(text).flatten() {
        if let Event::Scalar(value, ScalarStyle::Plain, ..) = event
            && yaml_1_1_reading(&value).is_some()
        {
            spans.push((byte_at[span.start.index()], byte_at[span.end.index()], value.to_string()));
        }
    }
    let mut out = text.to_string();
    for (start, end, value) in spans.into_iter().rev() {
        out.replace_range(start..end, &format!("'{}'", value.replace('\'', "''")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_yaml_1_1_reads_otherwise_is_found_and_quoted() {
        for (text, reading) in [
            ("yes", "a boolean"),
            ("Off", "a boolean"),
            ("=", "the value key"),
            ("2019-02-30", "a date"),
            ("2022-3-1 10:00:00", "a date"),
            ("1:30", "a base-60 number"),
            ("1_000", "a number"),
        ] {
            assert_eq!(yaml_1_1_reading(text), Some(reading), "{text}");
        }
        for text in ["true", "10", "cn-hangzhou", "2019-02", "a=b", "10:00 AM", "ID_1", "V1.0", "2019-02-30x"] {
            assert_eq!(yaml_1_1_reading(text), None, "{text}");
        }
        let yaml = "a: 2019-02-30\nb:\n- 'yes'\n- on\nc: plain\nd: =\ne: |\n  yes\n";
        let quoted = quote_for_yaml_1_1(yaml);
        assert_eq!(quoted, "a: '2019-02-30'\nb:\n- 'yes'\n- 'on'\nc: plain\nd: '='\ne: |\n  yes\n");
        assert_eq!(quote_for_yaml_1_1(&quoted), quoted);
    }
}
