//! Writing a re-imported spec over its file in the file's own form: what the import did not
//! change keeps its text (order, quoting, comments, blank lines); what changed is written the way
//! the importer writes specs. An unchanged page leaves the file byte-identical.
//!
//! The unit of change is a top-level key (`summary`, `qps`, ...) and, in `request` and
//! `response`, one member (by wire name). Members the file lists keep their order; new ones
//! follow the member the page lists before them ([`keep_order`]). The result is checked: if it
//! does not load back to the imported spec, the importer's own rendering is written instead.

use crate::spec::{Action, Member, load};
use std::path::Path;

/// Puts the members in the order of the previous spec: members both have keep the previous
/// order, a new member follows the one the import lists before it (or leads). Nested fields too.
pub fn keep_order(members: &mut Vec<Member>, previous: &[Member]) {
    if previous.is_empty() || members.is_empty() {
        return;
    }
    for m in members.iter_mut() {
        if let Some(p) = previous.iter().find(|p| p.name == m.name) {
            keep_order(&mut m.fields, &p.fields);
            if let (Some(items), Some(p_items)) = (&mut m.items, &p.items) {
                keep_order(&mut items.fields, &p_items.fields);
            }
        }
    }
    let imported = std::mem::take(members);
    // Members the previous spec has, in its order; each new one after the last member before it
    // in the import that the previous spec has (or first).
    let mut kept: Vec<(usize, Member)> = Vec::new();
    let mut new: Vec<(Option<usize>, Member)> = Vec::new();
    let mut anchor = None;
    for m in imported {
        match previous.iter().position(|p| p.name == m.name) {
            Some(at) => {
                anchor = Some(at);
                kept.push((at, m));
            }
            None => new.push((anchor, m)),
        }
    }
    kept.sort_by_key(|(at, _)| *at);
    let mut ordered: Vec<Member> = Vec::with_capacity(kept.len() + new.len());
    let mut followers = |after: Option<usize>, ordered: &mut Vec<Member>| {
        let (these, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut new).into_iter().partition(|(a, _)| *a == after);
        new = rest;
        ordered.extend(these.into_iter().map(|(_, m)| m));
    };
    followers(None, &mut ordered);
    for (at, m) in kept {
        ordered.push(m);
        followers(Some(at), &mut ordered);
    }
    *members = ordered;
}

/// The text to write for `new` over a file holding `old_text` (which loads as `previous`), or
/// `None` when the file already says exactly that. `fresh` is the importer's rendering of `new`.
pub fn rewrite(file: &Path, old_text: &str, previous: &Action, new: &Action, fresh: &str) -> Option<String> {
    if same(previous, new) {
        return None;
    }
    let patched = patch(old_text, previous, new, fresh);
    match patched.as_deref().map(|text| load::action(file, text)) {
        Some(Ok(loaded)) if same(&loaded, new) => patched,
        _ => Some(fresh.to_string()),
    }
}

/// Whether two specs (or members) say the same, wherever their files put them.
pub fn same<T: serde::Serialize>(a: &T, b: &T) -> bool {
    serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
}

/// A top-level block of a spec file: its key (`None` for text before the first key) and lines.
struct Block<'t> {
    key: Option<&'t str>,
    lines: Vec<&'t str>,
}

/// The file's lines by top-level key; comments and blank lines go with the key after them.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out: Vec<Block> = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    for line in text.lines() {
        let top = !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty();
        if top && let Some((key, _)) = line.split_once(':') {
            let mut lines = std::mem::take(&mut pending);
            lines.push(line);
            out.push(Block { key: Some(key.trim()), lines });
        } else if line.trim().is_empty() || line.starts_with('#') {
            pending.push(line);
        } else if let Some(last) = out.last_mut() {
            last.lines.append(&mut pending);
            last.lines.push(line);
        } else {
            pending.push(line);
        }
    }
    if !pending.is_empty() {
        out.push(Block { key: None, lines: pending });
    }
    out
}

fn patch(old_text: &str, previous: &Action, new: &Action, fresh: &str) -> Option<String> {
    let old = blocks(old_text);
    let fresh_blocks = blocks(fresh);
    let old_of = |key: &str| old.iter().find(|b| b.key == Some(key));
    let same = |key: &str| -> bool {
        match key {
            "request" => same(&previous.request, &new.request),
            "response" => same(&previous.response, &new.response),
            _ => block_value(previous, key) == block_value(new, key),
        }
    };
    let mut out: Vec<String> = Vec::new();
    // Leading comments of the file.
    for block in old.iter().filter(|b| b.key.is_none()).take(1) {
        if old.first().is_some_and(|f| f.key.is_none()) {
            out.extend(block.lines.iter().map(|l| l.to_string()));
        }
    }
    // The file's keys in its order, with the new keys where the importer puts them.
    let mut order: Vec<&str> = old.iter().filter_map(|b| b.key).collect();
    for (i, b) in fresh_blocks.iter().enumerate() {
        let Some(key) = b.key else { continue };
        if !order.contains(&key) {
            let after = fresh_blocks[..i].iter().rev().filter_map(|b| b.key).find(|k| order.contains(k));
            let at = after.and_then(|a| order.iter().position(|k| *k == a)).map_or(0, |p| p + 1);
            order.insert(at, key);
        }
    }
    for key in order {
        let fresh_block = fresh_blocks.iter().find(|b| b.key == Some(key));
        let old_block = old_of(key);
        match (old_block, fresh_block) {
            (Some(o), _) if same(key) => out.extend(o.lines.iter().map(|l| l.to_string())),
            (Some(o), Some(f)) if matches!(key, "request" | "response") => {
                let (old_members, new_members) =
                    if key == "request" { (&previous.request, &new.request) } else { (&previous.response, &new.response) };
                out.extend(members_block(o, f, old_members, new_members)?);
            }
            (Some(o), Some(f)) => {
                // The comments above the key stay; the key's own lines are the importer's.
                out.extend(o.lines.iter().take_while(|l| l.trim().is_empty() || l.starts_with('#')).map(|l| l.to_string()));
                out.extend(f.lines.iter().skip_while(|l| l.trim().is_empty() || l.starts_with('#')).map(|l| l.to_string()));
            }
            (None, Some(f)) => out.extend(f.lines.iter().map(|l| l.to_string())),
            (Some(_), None) | (None, None) => {}
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    Some(text)
}

/// A top-level value of a spec other than its members, for comparison.
fn block_value(action: &Action, key: &str) -> Option<serde_json::Value> {
    let value = serde_json::to_value(action).ok()?;
    value.get(key).cloned()
}

/// A `request:`/`response:` block: the file's text for members that did not change, in the
/// file's indentation; the importer's for the others.
fn members_block(old: &Block, fresh: &Block, previous: &[Member], new: &[Member]) -> Option<Vec<String>> {
    let old_items = items(&old.lines[1..]);
    let fresh_items = items(&fresh.lines[1..]);
    let old_indent = old_items.first().map(|(indent, ..)| *indent)?;
    let mut out: Vec<String> = old.lines[..1].iter().map(|l| l.to_string()).collect();
    // Text before the first item (comments).
    let first_item = old.lines[1..].iter().position(|l| l.trim_start().starts_with("- ")).unwrap_or(0);
    out.extend(old.lines[1..1 + first_item].iter().map(|l| l.to_string()));
    for m in new {
        let old_text = old_items.iter().find(|(_, name, _)| name.as_deref() == Some(m.name.as_str()));
        let unchanged = previous.iter().any(|p| same(p, m));
        match old_text {
            Some((_, _, lines)) if unchanged => out.extend(lines.iter().map(|l| l.to_string())),
            _ => {
                let (fresh_indent, _, lines) = fresh_items.iter().find(|(_, name, _)| name.as_deref() == Some(m.name.as_str()))?;
                out.extend(lines.iter().map(|l| reindent(l, *fresh_indent, old_indent)));
            }
        }
    }
    Some(out)
}

/// The items of a block sequence: indentation of their `- `, their `name`, their lines.
fn items<'t>(lines: &[&'t str]) -> Vec<(usize, Option<String>, Vec<&'t str>)> {
    let indent = lines.iter().find(|l| l.trim_start().starts_with("- ")).map(|l| l.len() - l.trim_start().len());
    let Some(indent) = indent else { return Vec::new() };
    let mut out: Vec<(usize, Option<String>, Vec<&str>)> = Vec::new();
    for line in lines {
        let starts = line.len() - line.trim_start().len() == indent && line.trim_start().starts_with("- ");
        if starts {
            out.push((indent, None, vec![line]));
        } else if let Some(last) = out.last_mut() {
            last.2.push(line);
        }
    }
    for (indent, name, lines) in &mut out {
        *name = lines.iter().find_map(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            let own_level = l.len() - l.trim_start().len() <= *indent + 2;
            t.strip_prefix("name:").filter(|_| own_level).map(|n| n.trim().trim_matches(['\'', '"']).to_string())
        });
    }
    out
}

fn reindent(line: &str, from: usize, to: usize) -> String {
    let indent = line.len() - line.trim_start().len();
    format!("{}{}", " ".repeat(indent - from.min(indent) + to), line.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Type;

    fn action(text: &str) -> Action {
        load::action(Path::new("A.yaml"), text).unwrap()
    }

    #[test]
    fn unchanged_imports_write_nothing_and_changes_keep_the_rest_of_the_file() {
        let old = "# Kept by hand.\naction: A\nqps: 5   # documented\nrequest:\n  - name: B\n    type: 'String'\n  - name: C\n    type: Integer\nresponse:\n- name: D\n  type: String\n";
        let previous = action(old);
        assert_eq!(rewrite(Path::new("A.yaml"), old, &previous, &previous.clone(), ""), None);
        let mut new = previous.clone();
        new.request[1].ty = Type::Long;
        new.request.push(Member::new("E", Type::String));
        let fresh = serde_yaml::to_string(&new).unwrap();
        let written = rewrite(Path::new("A.yaml"), old, &previous, &new, &fresh).unwrap();
        assert_eq!(
            written,
            "# Kept by hand.\naction: A\nqps: 5   # documented\nrequest:\n  - name: B\n    type: 'String'\n  - name: C\n    type: Long\n  - name: E\n    type: String\nresponse:\n- name: D\n  type: String\n"
        );
    }

    #[test]
    fn members_keep_the_file_order() {
        let previous = vec![Member::new("A", Type::String), Member::new("B", Type::String), Member::new("C", Type::String)];
        let mut members = vec![Member::new("C", Type::String), Member::new("N", Type::String), Member::new("A", Type::String)];
        keep_order(&mut members, &previous);
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["A", "C", "N"]);
    }
}
