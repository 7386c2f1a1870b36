//! Cleaning the inline markup of doc pages into plain text: markdown escapes, links, bold, DITA
//! heading anchors and invisible characters. Both the markdown and the web-text readers use it.

/// One cell or paragraph line as plain text: escapes undone, links reduced to their text, bold
/// markers and zero-width characters removed. Line breaks are kept; each line is trimmed.
pub(super) fn clean(raw: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in raw.split('\n') {
        lines.push(clean_line(line));
    }
    join_paragraphs(&lines)
}

/// Keeps the page's line structure: adjacent lines stay adjacent (`\n`), any run of blank lines
/// becomes one paragraph break (`\n\n`), and blank lines at either end go.
pub(in crate::import) fn join_paragraphs<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    let mut pending_break = false;
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            pending_break = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_break { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        pending_break = false;
    }
    out
}

/// The plain text of a web page, cleaned: it has no markup (`a1uctKe****` is a masked value, not
/// bold), so only invisible characters go and no-break spaces become spaces.
pub(super) fn clean_web(raw: &str) -> String {
    // A converter's `<br>` inside a cell is a line break of the cell.
    let raw = if raw.contains("<br") { raw.replace("<br>", "\n").replace("<br/>", "\n").replace("<br />", "\n") } else { raw.to_string() };
    let lines: Vec<String> = raw.split('\n').map(|line| without_invisibles(&line.replace("\u{c2}\u{a0}", "\u{a0}"))).collect();
    join_paragraphs(&lines)
}

fn without_invisibles(line: &str) -> String {
    let kept = line.chars().filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'));
    kept.map(|c| if c == '\u{a0}' { ' ' } else { c }).collect::<String>().trim().to_string()
}

fn clean_line(line: &str) -> String {
    // `Â` before a no-break space is that space decoded twice (UTF-8 read as Latin-1).
    let without_links = strip_links(&line.replace("\u{c2}\u{a0}", "\u{a0}"));
    let mut out = String::with_capacity(without_links.len());
    let mut chars = without_links.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                // `\*`, `\_`, `\>`, `\(`: markdown escapes of punctuation.
                Some(&next) if next.is_ascii_punctuation() => {
                    out.push(next);
                    chars.next();
                }
                _ => out.push(c),
            },
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
            }
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {}
            '\u{a0}' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// `[text](target)` -> `text`, and a bare `<br>` -> nothing. Escaped brackets (`\[`) are not links.
fn strip_links(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        if bytes[i] == b'['
            && (i == 0 || bytes[i - 1] != b'\\')
            && let Some((text, end)) = link_at(line, i)
        {
            out.push_str(text);
            i = end;
            continue;
        }
        if line[i..].starts_with("<br>") || line[i..].starts_with("<br/>") {
            i += if line[i..].starts_with("<br>") { 4 } else { 5 };
            out.push(' ');
            continue;
        }
        let c = line[i..].chars().next().expect("inside the line");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The link starting at `start` (a `[`): its text and the index after its `)`.
fn link_at(line: &str, start: usize) -> Option<(&str, usize)> {
    let close = start + line[start..].find("](")?;
    let text = &line[start + 1..close];
    if text.contains('[') {
        return None;
    }
    let target_end = close + 2 + line[close + 2..].find(')')?;
    Some((text, target_end + 1))
}

/// `Request parameters {#section_vyp_zpf_xdb .section}` -> `Request parameters`; also drops a
/// trailing colon (`Request parameters:`).
pub(super) fn heading_text(raw: &str) -> String {
    // A trailing attribute block (`{#section_x .section}`, `{ .section}`) is markup, not text.
    let text = match raw.rfind('{') {
        Some(i) if raw.trim_end().ends_with('}') && raw[i + 1..].trim_start().starts_with(['#', '.']) => &raw[..i],
        _ => raw,
    };
    let text = clean(text);
    text.trim_end_matches([':', '：']).trim().to_string()
}

/// The first sentence of a paragraph: up to the first `. ` (or a final `.`), or the first `。`.
pub(in crate::import) fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let mut end = text.len();
    if let Some(i) = text.find(". ") {
        end = end.min(i + 1);
    }
    if let Some(i) = text.find('。') {
        end = end.min(i + '。'.len_utf8());
    }
    text[..end].trim()
}

/// Words of a name that is not an identifier (`Group ID`) glued into one (`GroupId`); `None` if
/// nothing usable is left.
pub(in crate::import) fn identifier_from(name: &str) -> Option<String> {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        let first = chars.next()?;
        out.push(first.to_ascii_uppercase());
        let rest: String = chars.collect();
        // `ID` -> `Id`, but `deviceName` keeps its inner capitals.
        if rest.chars().all(|c| c.is_ascii_uppercase()) { out.push_str(&rest.to_ascii_lowercase()) } else { out.push_str(&rest) }
    }
    let out = out.trim_start_matches(|c: char| c.is_ascii_digit()).to_string();
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_links_bold_and_invisible_characters_go() {
        assert_eq!(clean(r"a1uctKe\*\*\*\*"), "a1uctKe****");
        assert_eq!(clean(r"IN\_PROGRESS"), "IN_PROGRESS");
        assert_eq!(clean(r"List<String\>"), "List<String>");
        assert_eq!(clean("Boolean\u{200b}"), "Boolean");
        assert_eq!(clean("\u{a0}"), "");
        assert_eq!(clean("\u{c2}\u{a0}"), "");
        assert_eq!(clean("[List<RuleActionInfo\\>](#table_yp5_b51_ydb)"), "List<RuleActionInfo>");
        assert_eq!(clean("**true**: The call was successful."), "true: The call was successful.");
        assert_eq!(clean(r"\[DEFAULT\_GROUP\]"), "[DEFAULT_GROUP]");
    }

    #[test]
    fn multi_line_cells_keep_paragraphs() {
        let cell = " The edition. Value options:\n\n iothub: Basic.\n\n\n **Note:** x\n\n ";
        assert_eq!(clean(cell), "The edition. Value options:\n\niothub: Basic.\n\nNote: x");
    }

    #[test]
    fn dita_anchors_and_colons_leave_headings() {
        assert_eq!(heading_text("Request parameters {#section_vyp_zpf_xdb .section}"), "Request parameters");
        assert_eq!(heading_text("Request parameters:"), "Request parameters");
    }

    #[test]
    fn first_sentences() {
        assert_eq!(first_sentence("Queries all OTA modules. More."), "Queries all OTA modules.");
        assert_eq!(first_sentence("调用该接口查看所有产品列表。其他"), "调用该接口查看所有产品列表。");
    }

    #[test]
    fn names_with_spaces_become_identifiers() {
        assert_eq!(identifier_from("Group ID").as_deref(), Some("GroupId"));
        assert_eq!(identifier_from("device Name").as_deref(), Some("DeviceName"));
        assert_eq!(identifier_from("中文"), None);
    }
}
