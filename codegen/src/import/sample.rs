//! The sample success response: picked by its label (`Sample success responses`, `JSON format`,
//! `正常返回示例`), not by the first code block, since pages also carry request URLs, Maven snippets
//! and config JSON. Samples are often broken JSON, so their structure is read leniently.

use super::page::{Block, Section};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Page line of the sample's first line.
    pub line: usize,
    /// As published.
    pub text: String,
    /// Where strict JSON parsing fails: (line within the sample, column, message).
    pub error: Option<(usize, usize, String)>,
    /// The structure, read leniently (missing or trailing commas, bare words, `：`).
    pub tree: Value,
}

/// The JSON response sample, or else the first response sample of another format (XML), or `None`.
pub fn pick(blocks: &[(Section, &Block)]) -> Option<Sample> {
    let mut in_response = false;
    let mut json_label = false;
    let mut best: Option<(u8, usize, &str)> = None;
    for (section, block) in blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } if text.chars().count() < 80 => {
                let lower = text.to_lowercase();
                if lower.contains("request") || lower.contains("请求") {
                    in_response = false;
                } else if lower.contains("response") || lower.contains("返回") {
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
                let looks_json = text.trim_start().starts_with('{');
                let score = match (json_label, looks_json) {
                    (true, true) => 3,
                    (false, true) => 2,
                    (true, false) => 1,
                    (false, false) => 0,
                };
                if best.is_none_or(|(s, ..)| score > s) {
                    best = Some((score, *line, text));
                }
            }
            _ => {}
        }
    }
    let (score, line, text) = best?;
    let is_json = score >= 2;
    let error = if is_json { serde_json::from_str::<Value>(text).err().map(|e| (e.line(), e.column(), e.to_string())) } else { None };
    let tree = if is_json { lenient(text) } else { Value::Null };
    Some(Sample { line, text: text.to_string(), error, tree })
}

/// Parses what JSON samples look like, never failing: keys may be unquoted, commas missing or
/// doubled, colons full-width. Whatever cannot be read is skipped.
pub fn lenient(text: &str) -> Value {
    let chars: Vec<char> = text.chars().collect();
    let mut reader = Lenient { chars: &chars, at: 0 };
    reader.skip_noise();
    reader.value(0)
}

struct Lenient<'a> {
    chars: &'a [char],
    at: usize,
}

/// Deeper than any real sample; bounds recursion on hostile input.
const MAX_DEPTH: usize = 64;

impl Lenient<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_noise(&mut self) {
        while self.peek().is_some_and(|c| c.is_whitespace() || c == ',') {
            self.at += 1;
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
        self.at += 1;
        let mut map = Map::new();
        loop {
            self.skip_noise();
            match self.peek() {
                None => break,
                Some('}') => {
                    self.at += 1;
                    break;
                }
                Some(']') => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.at;
            let key = if self.peek() == Some('"') { self.string() } else { self.bare_word() };
            while self.peek().is_some_and(|c| c.is_whitespace()) {
                self.at += 1;
            }
            if matches!(self.peek(), Some(':' | '：')) {
                self.at += 1;
                while self.peek().is_some_and(|c| c.is_whitespace()) {
                    self.at += 1;
                }
                let value = self.value(depth + 1);
                map.insert(key, value);
            }
            if self.at == before {
                self.at += 1;
            }
        }
        Value::Object(map)
    }

    fn array(&mut self, depth: usize) -> Value {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_noise();
            match self.peek() {
                None => break,
                Some(']') => {
                    self.at += 1;
                    break;
                }
                Some('}') => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.at;
            items.push(self.value(depth + 1));
            if self.at == before {
                self.at += 1;
            }
        }
        Value::Array(items)
    }

    fn string(&mut self) -> String {
        self.at += 1;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '\\' => {
                    if let Some(next) = self.peek() {
                        out.push(next);
                        self.at += 1;
                    }
                }
                '"' => break,
                _ => out.push(c),
            }
        }
        out
    }

    fn bare_word(&mut self) -> String {
        let start = self.at;
        while self.peek().is_some_and(|c| !matches!(c, ',' | '}' | ']' | ':' | '：' | '\n')) {
            self.at += 1;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::page::{self, sectioned};
    use serde_json::json;

    #[test]
    fn broken_samples_still_give_their_structure() {
        let text = "{\n  \"RequestId\":8AE9,\n  \"Success\": true\n  \"Data\"：{\"List\": {\"deviceInfo\": [{\"IotId\": \"x\",}]}}\n}";
        let tree = lenient(text);
        assert_eq!(tree["RequestId"], json!("8AE9"));
        assert_eq!(tree["Success"], json!(true));
        assert_eq!(tree["Data"]["List"]["deviceInfo"], json!([{"IotId": "x"}]));
    }

    #[test]
    fn the_json_sample_is_chosen_by_label_over_earlier_blocks() {
        let md = "## Examples\n\nSample requests\n\n```\n{\"not\": \"this\"}\n```\n\nSample success responses\n\n`XML` format\n\n```\n<R><RequestId>1</RequestId></R>\n```\n\n`JSON` format\n\n```\n{\"RequestId\": \"1\",\n \"Success\": true,}\n```\n";
        let page = page::read(md);
        let sample = pick(&sectioned(&page)).unwrap();
        assert_eq!(sample.line, 20);
        assert!(sample.text.starts_with("{\"RequestId\""));
        let (line, column, _) = sample.error.unwrap();
        assert_eq!((line, column), (2, 18));
    }

    #[test]
    fn hostile_nesting_does_not_overflow() {
        let deep = "[".repeat(100_000);
        let _ = lenient(&deep);
        let _ = lenient("{\"a\": [1, }, ] \"b\" \"c\": :::");
    }
}
