//! The report `cargo xtask import` prints: per page, the action, how much it found, and every
//! warning with its page line.

use super::{Imported, PageError, Warning};
use crate::spec::{Action, Member};
use std::fmt::Write;

/// Request parameters and response fields, counting nested ones.
pub fn counts(action: &Action) -> (usize, usize) {
    (count(&action.request), count(&action.response))
}

fn count(members: &[Member]) -> usize {
    members.iter().map(|m| 1 + count(&m.fields) + m.items.as_ref().map_or(0, |items| count(&items.fields))).sum()
}

pub fn imported(page: &str, result: &Imported) -> String {
    let (params, fields) = counts(&result.action);
    let warnings = match result.warnings.len() {
        1 => "1 warning".to_string(),
        n => format!("{n} warnings"),
    };
    let mut out = format!("{page}: {} ({params} parameters, {fields} response fields, {warnings})\n", result.action.action);
    for w in &result.warnings {
        match w.line {
            0 => writeln!(out, "  warning: {page}: {}", w.message),
            line => writeln!(out, "  warning: {page}:{line}: {}", w.message),
        }
        .expect("writing to a String");
    }
    out
}

/// What the import settled from the page's second witness, each at the page line of its row.
pub fn notes(page: &str, notes: &[Warning]) -> String {
    let mut out = String::new();
    for n in notes {
        match n.line {
            0 => writeln!(out, "  note: {page}: {}", n.message),
            line => writeln!(out, "  note: {page}:{line}: {}", n.message),
        }
        .expect("writing to a String");
    }
    out
}

pub fn failed(page: &str, error: &PageError) -> String {
    format!("{page}:{}: error: {}\n", error.line, error.message)
}
