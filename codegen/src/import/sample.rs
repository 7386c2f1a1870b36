//! The sample success response: picked by its label (`Sample success responses`, `JSON format`,
//! `正常返回示例`), not by the first code block, since pages also carry request URLs, Maven snippets
//! and config JSON. Samples are often broken JSON, so their structure is read leniently, as far as
//! it goes; a page without a JSON sample, or whose XML sample shows more of the structures the
//! tables name, gives the structure of its XML sample. The structure is the page's second witness
//! of the response, beside its tables (see `response`), so each key keeps its page line.

use super::layout::{Block, Section};
use serde_json::{Map, Value};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Page line of the sample's first line.
    pub line: usize,
    /// As published (without the `HTTP/1.1 200 OK` or `//json response` lines some pages put before it).
    pub text: String,
    /// Where strict JSON parsing fails: (line within the sample, column, message).
    pub error: Option<(usize, usize, String)>,
    /// The structure, read leniently (missing or trailing commas, bare words, `：`).
    pub tree: Value,
    /// The page line of each key, by its path: `Data.List.ProductInfo[].ProductKey`.
    pub lines: HashMap<String, usize>,
    /// The structure comes from an XML sample: an array shows only where an element repeats.
    pub xml: bool,
}

impl Sample {
    /// A JSON sample written inside one key named for the action (`{"DescribeAlerts": {...}}`,
    /// `{"DescribeAlertsResponse": {...}}`), as some products publish them: the response is what
    /// that key holds.
    pub fn without_action_key(&mut self, action: &str) {
        let Value::Object(map) = &self.tree else { return };
        let Some((key, Value::Object(_))) = map.iter().next().filter(|_| map.len() == 1) else { return };
        let named = key.eq_ignore_ascii_case(action) || key.strip_suffix("Response").is_some_and(|k| k.eq_ignore_ascii_case(action));
        if self.xml || !named {
            return;
        }
        let key = key.clone();
        let prefix = format!("{key}.");
        self.lines = self.lines.drain().filter_map(|(path, line)| path.strip_prefix(&prefix).map(|p| (p.to_string(), line))).collect();
        if let Value::Object(mut map) = std::mem::take(&mut self.tree) {
            self.tree = map.remove(&key).unwrap_or_default();
        }
    }

    /// The page line of the key at `path`, if the sample has it.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        if self.xml { self.lines.get(&path.replace("[]", "")).copied() } else { self.lines.get(path).copied() }
    }
}

/// The JSON response sample, or else the first response sample of another format (XML), or `None`.
/// `documented`: the structures the response tables name. Where the XML sample shows more of them
/// than the JSON one (a JSON sample written by hand, with other names and without the wrappers),
/// the XML sample's structure is the witness; the JSON text stays the example.
pub fn pick(blocks: &[(Section, &Block)], documented: &[&str]) -> Option<Sample> {
    let mut in_response = false;
    let mut json_label = false;
    let mut best: Option<(u8, usize, &str)> = None;
    let mut xml: Option<(usize, &str)> = None;
    for (section, block) in blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } if text.chars().count() < 80 => {
                let lower = text.to_lowercase();
                if lower.contains("request") || lower.contains("请求") || lower.contains("請求") {
                    in_response = false;
                } else if lower.contains("response") || lower.contains("返回") || lower.contains("响应") || lower.contains("響應") {
                    in_response = true;
                    json_label = false;
                }
                if lower.contains("json") {
                    json_label = true;
                } else if lower.contains("xml") {
                    json_label = false;
                }
            }
            Block::Code { line, text } if in_response && matches!(section, Section::Examples | Section::Response) => {
                let (skipped, text) = without_preamble(text);
                let line = line + skipped;
                let looks_json = text.trim_start().starts_with('{');
                if text.trim_start().starts_with('<') && xml.is_none() {
                    xml = Some((line, text));
                }
                let score = match (json_label, looks_json) {
                    (true, true) => 3,
                    (false, true) => 2,
                    (true, false) => 1,
                    (false, false) => 0,
                };
                if best.is_none_or(|(s, ..)| score > s) {
                    best = Some((score, line, text));
                }
            }
            _ => {}
        }
    }
    let (score, line, text) = best?;
    if score >= 2 {
        let error = serde_json::from_str::<Value>(text).err().map(|e| (e.line(), e.column(), e.to_string()));
        let (tree, lines) = lenient_with_lines(text, line);
        let json_shows = shown(&tree, documented);
        if let Some((xml_line, xml_text)) = xml.filter(|_| json_shows < documented.len()) {
            let (xml_tree, xml_lines) = xml_tree(xml_text, xml_line);
            if shown(&xml_tree, documented) > json_shows {
                return Some(Sample { line, text: text.to_string(), error, tree: xml_tree, lines: xml_lines, xml: true });
            }
        }
        return Some(Sample { line, text: text.to_string(), error, tree, lines, xml: false });
    }
    if let Some((line, xml_text)) = xml {
        let (tree, lines) = xml_tree(xml_text, line);
        return Some(Sample { line, text: xml_text.to_string(), error: None, tree, lines, xml: true });
    }
    Some(Sample { line, text: text.to_string(), error: None, tree: Value::Null, lines: HashMap::new(), xml: false })
}

/// How many of `names` are keys somewhere in `tree`, case aside.
fn shown(tree: &Value, names: &[&str]) -> usize {
    fn keys<'v>(value: &'v Value, out: &mut std::collections::HashSet<&'v str>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| {
                out.insert(k);
                keys(v, out);
            }),
            Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }
    let mut found = std::collections::HashSet::new();
    keys(tree, &mut found);
    // Case aside: samples disagree on it (`deviceInfo`, `<DeviceInfo>`), and the JSON is the wire's.
    let found: std::collections::HashSet<String> = found.iter().map(|k| k.to_ascii_lowercase()).collect();
    names.iter().filter(|name| found.contains(&name.to_ascii_lowercase())).count()
}

/// What comes before a sample's body: a status line and headers (`HTTP/1.1 200 OK`), or a comment
/// line (`//json response`). How many lines, and the body.
fn without_preamble(text: &str) -> (usize, &str) {
    let first = text.trim_start();
    if !first.starts_with("HTTP/") && !first.starts_with("//") {
        return (0, text);
    }
    let mut skipped = 0;
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\n') {
        let t = line.trim_start();
        if t.starts_with('{') || t.starts_with('<') || t.starts_with('[') {
            break;
        }
        skipped += 1;
        rest = after;
    }
    (skipped, rest)
}

/// Parses what JSON samples look like, never failing: keys may be unquoted, commas missing or
/// doubled, colons full-width. Whatever cannot be read is skipped.
pub fn lenient(text: &str) -> Value {
    lenient_with_lines(text, 1).0
}

/// [`lenient`], with the line of each key (`first_line` is the text's first line).
fn lenient_with_lines(text: &str, first_line: usize) -> (Value, HashMap<String, usize>) {
    let chars: Vec<char> = text.chars().collect();
    let mut reader = Lenient { chars: &chars, at: 0, line: first_line, lines: HashMap::new(), path: String::new() };
    reader.skip_noise();
    let value = reader.value(0);
    (value, reader.lines)
}

struct Lenient<'a> {
    chars: &'a [char],
    at: usize,
    /// The page line of `chars[at]`.
    line: usize,
    lines: HashMap<String, usize>,
    /// The path of the value being read.
    path: String,
}

/// Deeper than any real sample; bounds recursion on hostile input.
const MAX_DEPTH: usize = 64;

impl Lenient<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn advance(&mut self) {
        if self.peek() == Some('\n') {
            self.line += 1;
        }
        self.at += 1;
    }

    fn skip_noise(&mut self) {
        while self.peek().is_some_and(|c| c.is_whitespace() || c == ',') {
            self.advance();
        }
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|c| c.is_whitespace()) {
            self.advance();
        }
    }

    fn value(&mut self, depth: usize) -> Value {
        match self.peek() {
            Some('{') if depth < MAX_DEPTH => self.object(depth),
            Some('[') if depth < MAX_DEPTH => self.array(depth),
            Some('"') => Value::String(self.string()),
            Some(_) => scalar(&self.bare_word()),
            None => Value::Null,
        }
    }

    fn object(&mut self, depth: usize) -> Value {
        self.advance();
        self.skip_noise();
        // An object cannot open with another: `"Items": { {...}, {...} ]` is a list whose `[` was
        // written `{`; its end is whichever bracket comes.
        if self.peek() == Some('{') {
            return Value::Array(self.items(depth, &['}', ']']));
        }
        let mut map = Map::new();
        loop {
            self.skip_noise();
            match self.peek() {
                None => break,
                Some('}') => {
                    self.advance();
                    break;
                }
                Some(']') => {
                    self.advance();
                    continue;
                }
                _ => {}
            }
            let before = self.at;
            let line = self.line;
            // A wire name never starts or ends with a space; a published key sometimes does (`" Bandwidths"`).
            let key = if self.peek() == Some('"') { self.string().trim().to_string() } else { self.bare_word() };
            self.skip_space();
            if matches!(self.peek(), Some(':' | '：')) {
                self.advance();
                self.skip_space();
                let outer = self.path.len();
                if !self.path.is_empty() {
                    self.path.push('.');
                }
                self.path.push_str(&key);
                self.lines.entry(self.path.clone()).or_insert(line);
                let value = self.value(depth + 1);
                self.path.truncate(outer);
                map.insert(key, value);
            }
            if self.at == before {
                self.advance();
            }
        }
        Value::Object(map)
    }

    fn array(&mut self, depth: usize) -> Value {
        self.advance();
        Value::Array(self.items(depth, &[']']))
    }

    /// A list's items, up to one of `closers`; another closing bracket in between is stray.
    fn items(&mut self, depth: usize, closers: &[char]) -> Vec<Value> {
        let mut items = Vec::new();
        let outer = self.path.len();
        self.path.push_str("[]");
        loop {
            self.skip_noise();
            match self.peek() {
                None => break,
                Some(c) if closers.contains(&c) => {
                    self.advance();
                    break;
                }
                Some(']' | '}') => {
                    self.advance();
                    continue;
                }
                _ => {}
            }
            let before = self.at;
            items.push(self.value(depth + 1));
            if self.at == before {
                self.advance();
            }
        }
        self.path.truncate(outer);
        items
    }

    /// A quoted string; a line break ends it too (JSON strings have none: the quote was stray).
    fn string(&mut self) -> String {
        self.advance();
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.advance();
            match c {
                '\\' => {
                    if let Some(next) = self.peek() {
                        out.push(next);
                        self.advance();
                    }
                }
                '"' => break,
                _ => out.push(c),
            }
        }
        out
    }

    /// An unquoted key or value; a quote ends it too (the next key, after a missing comma).
    fn bare_word(&mut self) -> String {
        let start = self.at;
        while self.peek().is_some_and(|c| !matches!(c, ',' | '}' | ']' | ':' | '：' | '\n' | '"')) {
            self.advance();
        }
        self.chars[start..self.at].iter().collect::<String>().trim().to_string()
    }
}

fn scalar(word: &str) -> Value {
    match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" | "" => Value::Null,
        _ => serde_json::from_str::<serde_json::Number>(word).map(Value::Number).unwrap_or_else(|_| Value::String(word.to_string())),
    }
}

/// The structure of an XML sample, leniently (a `<? xml ... ? >` prolog with spaces, a closing
/// tag misspelt, attributes): the root element's content, an element that repeats under one
/// parent an array, an element with children an object, else a scalar. With the line of each
/// key, as for JSON but without `[]` (arrays show only where elements repeat).
pub fn xml_tree(text: &str, first_line: usize) -> (Value, HashMap<String, usize>) {
    let mut lines = HashMap::new();
    let mut reader = Xml { text, at: 0, line: first_line, last_empty: false };
    // Open elements: tag, children in order, text. The first is the document itself.
    let mut stack: Vec<OpenElement> = vec![(String::new(), Vec::new(), String::new())];
    let close = |stack: &mut Vec<OpenElement>| {
        let (tag, children, text) = stack.pop().expect("checked by the caller");
        let value = element_value(children, &text);
        stack.last_mut().expect("the document").1.push((tag, value));
    };
    while let Some(token) = reader.next() {
        match token {
            XmlToken::Open(tag, line) | XmlToken::Empty(tag, line) if stack.len() < MAX_DEPTH => {
                // Paths start below the document element (`<QueryProductListResponse>`).
                if stack.len() >= 2 {
                    let mut path: Vec<&str> = stack[2..].iter().map(|(t, ..)| t.as_str()).collect();
                    path.push(&tag);
                    lines.entry(path.join(".")).or_insert(line);
                }
                stack.push((tag, Vec::new(), String::new()));
                if reader.last_empty {
                    close(&mut stack);
                }
            }
            XmlToken::Open(..) | XmlToken::Empty(..) => {}
            XmlToken::Close => {
                if stack.len() > 1 {
                    close(&mut stack);
                }
            }
            XmlToken::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.2.push_str(&t);
                }
            }
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    let (_, mut top, _) = stack.pop().expect("the document");
    let tree = match (top.len(), top.pop()) {
        (1, Some((_, Value::Object(map)))) => Value::Object(map),
        _ => Value::Null,
    };
    (tree, lines)
}

/// An element being read: its tag, its children in order, its text.
type OpenElement = (String, Vec<(String, Value)>, String);

/// An element's value from its children (an element repeated under it is an array) or its text.
fn element_value(children: Vec<(String, Value)>, text: &str) -> Value {
    if children.is_empty() {
        return scalar(text.trim());
    }
    let mut map = Map::new();
    let mut repeated: Vec<String> = Vec::new();
    for (tag, value) in children {
        match map.get_mut(&tag) {
            Some(Value::Array(items)) if repeated.contains(&tag) => items.push(value),
            Some(existing) => {
                let first = std::mem::take(existing);
                *existing = Value::Array(vec![first, value]);
                repeated.push(tag);
            }
            None => {
                map.insert(tag, value);
            }
        }
    }
    Value::Object(map)
}

enum XmlToken {
    Open(String, usize),
    Empty(String, usize),
    Close,
    Text(String),
}

struct Xml<'a> {
    text: &'a str,
    at: usize,
    line: usize,
    /// The last tag read was self-closing (`<Data/>`).
    last_empty: bool,
}

impl Xml<'_> {
    fn next(&mut self) -> Option<XmlToken> {
        loop {
            let rest = &self.text[self.at..];
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                let text = &rest[..end];
                self.line += text.matches('\n').count();
                self.at += end;
                return Some(XmlToken::Text(text.to_string()));
            }
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            let line = self.line;
            self.line += tag.matches('\n').count();
            self.at += end;
            let inner = tag.trim_start_matches('<').trim_end_matches('>').trim();
            // Prologs (`<?xml`, `<? xml ... ? >`), comments and doctypes.
            if inner.starts_with('?') || inner.starts_with('!') {
                continue;
            }
            if inner.starts_with('/') {
                return Some(XmlToken::Close);
            }
            let empty = inner.ends_with('/');
            let name = inner.trim_end_matches('/').split_whitespace().next().unwrap_or("");
            if name.is_empty() {
                continue;
            }
            self.last_empty = empty;
            return Some(if empty { XmlToken::Empty(name.to_string(), line) } else { XmlToken::Open(name.to_string(), line) });
        }
    }
}

/// The parameters a page's sample request sends (`?Action=X&IotId.1=a&Device.1.ProductKey=b`,
/// one per line or run together; `Device. 1. ProductKey` with spaces as some pages print it): the
/// page's own witness of request wire names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestSample {
    /// Every name sent, spaces removed, with its page line: `IotId.1`, `Device.1.ProductKey`.
    pub names: Vec<(String, usize)>,
}

impl RequestSample {
    /// The line where the sample sends `base` as a list (`base.1`, `base.N`, `base.1.Field`).
    pub fn list_line(&self, base: &str) -> Option<usize> {
        self.names.iter().find(|(n, _)| list_base(n).is_some_and(|(b, _)| b == base)).map(|(_, l)| *l)
    }

    /// The fields the sample sends for the elements of the list `base` (`base.1.Field`).
    pub fn list_fields(&self, base: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (name, _) in &self.names {
            if let Some((b, Some(field))) = list_base(name)
                && b == base
                && !out.iter().any(|f| f == field)
            {
                out.push(field.to_string());
            }
        }
        out
    }

    /// The list names the sample sends (`IotId` for `IotId.1`), with their line.
    pub fn lists(&self) -> Vec<(&str, usize)> {
        let mut out: Vec<(&str, usize)> = Vec::new();
        for (name, line) in &self.names {
            if let Some((base, _)) = list_base(name)
                && !out.iter().any(|(b, _)| *b == base)
            {
                out.push((base, *line));
            }
        }
        out
    }
}

/// `IotId.1` -> (`IotId`, None); `Device.2.ProductKey` -> (`Device`, Some(`ProductKey`)).
fn list_base(name: &str) -> Option<(&str, Option<&str>)> {
    let (base, rest) = name.split_once('.')?;
    let (index, field) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    (index == "N" || index == "n" || !index.is_empty() && index.chars().all(|c| c.is_ascii_digit())).then_some((base, field))
}

/// The sample request of a page: the code or text that sends `Action=`.
pub fn request_sample(blocks: &[(Section, &Block)]) -> RequestSample {
    let mut names = Vec::new();
    for (_, block) in blocks {
        let (Block::Code { line, text } | Block::Paragraph { line, text }) = block else { continue };
        if !text.contains("Action=") {
            continue;
        }
        for (offset, text_line) in text.lines().enumerate() {
            for part in text_line.split(['&', '?']) {
                let Some((name, _)) = part.split_once('=') else { continue };
                let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
                let name = name.rsplit('/').next().unwrap_or(&name).to_string();
                let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
                // The protocol's own parameters, which a sample request may show too.
                let common = aliyun_rpc_runtime::protocol::COMMON_PARAMETERS.contains(&name.as_str());
                if valid && !common && !names.iter().any(|(n, _)| *n == name) {
                    names.push((name, line + offset));
                }
            }
        }
    }
    RequestSample { names }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::{self, sectioned};
    use serde_json::json;

    #[test]
    fn broken_samples_still_give_their_structure() {
        let text = "{\n  \"RequestId\":8AE9,\n  \"Success\": true\n  \"Data\"：{\"List\": {\"deviceInfo\": [{\"IotId\": \"x\",}]}}\n}";
        let tree = lenient(text);
        assert_eq!(tree["RequestId"], json!("8AE9"));
        assert_eq!(tree["Success"], json!(true));
        assert_eq!(tree["Data"]["List"]["deviceInfo"], json!([{"IotId": "x"}]));
        // A comma missing between two pairs on one line; an unquoted value.
        assert_eq!(lenient("{\"A\":1 \"B\":2, \"Type\": REPUBLISH}"), json!({"A": 1, "B": 2, "Type": "REPUBLISH"}));
        // A list opened with `{` (the next `{` shows it), closed with `]` or `}`.
        let opened_as_object = "{\"KeyPairs\": {\"KeyPair\":{\n {\"KeyPairName\": \"a\"}, {\"KeyPairName\": \"b\"}\n]}, \"PageSize\": 2}";
        assert_eq!(lenient(opened_as_object), json!({"KeyPairs": {"KeyPair": [{"KeyPairName": "a"}, {"KeyPairName": "b"}]}, "PageSize": 2}));
        assert_eq!(lenient("{\"A\": { {\"B\": 1} }, \"C\": 2}"), json!({"A": [{"B": 1}], "C": 2}));
    }

    #[test]
    fn the_json_sample_is_chosen_by_label_over_earlier_blocks() {
        let md = "## Examples\n\nSample requests\n\n```\n{\"not\": \"this\"}\n```\n\nSample success responses\n\n`XML` format\n\n```\n<R><RequestId>1</RequestId></R>\n```\n\n`JSON` format\n\n```\n{\"RequestId\": \"1\",\n \"Success\": true,}\n```\n";
        let page = layout::read(md);
        let sample = pick(&sectioned(&page), &[]).unwrap();
        assert_eq!(sample.line, 20);
        assert!(sample.text.starts_with("{\"RequestId\""));
        let (line, column, _) = sample.error.unwrap();
        assert_eq!((line, column), (2, 18));
    }

    #[test]
    fn keys_keep_their_page_lines() {
        let (tree, lines) = lenient_with_lines("{\n  \"Data\": {\n    \"List\": [\n      {\"Key\": 1}\n    ]\n  }\n}", 10);
        assert_eq!(tree["Data"]["List"][0]["Key"], json!(1));
        assert_eq!(lines.get("Data"), Some(&11));
        assert_eq!(lines.get("Data.List"), Some(&12));
        assert_eq!(lines.get("Data.List[].Key"), Some(&13));
    }

    #[test]
    fn xml_samples_give_their_structure() {
        let xml = "<? xml version='1.0' encoding='utf-8'? >\n<QueryResponse>\n  <RequestId>1</RequestId>\n  <Data>\n    <List>\n      <Item><Key>a</Key></Item>\n      <Item><Key>b</Key></Item>\n    </List>\n    <Total>2</Total>\n    <GmtActive>x</GmtActve>\n    <Empty/>\n  </Data>\n</QueryResponse>";
        let (tree, lines) = xml_tree(xml, 1);
        assert_eq!(tree["Data"]["List"]["Item"], json!([{"Key": "a"}, {"Key": "b"}]));
        assert_eq!(tree["Data"]["Total"], json!(2));
        assert_eq!(tree["Data"]["GmtActive"], json!("x"));
        assert_eq!(tree["Data"]["Empty"], Value::Null);
        assert_eq!(lines.get("Data.List.Item.Key"), Some(&6));
        assert_eq!(lines.get("Data.Total"), Some(&9));
        let _ = xml_tree(&"<a>".repeat(100_000), 1);
        let _ = xml_tree("<<<>>></></x", 1);
    }

    #[test]
    fn hostile_nesting_does_not_overflow() {
        let deep = "[".repeat(100_000);
        let _ = lenient(&deep);
        let _ = lenient("{\"a\": [1, }, ] \"b\" \"c\": :::");
    }
}
