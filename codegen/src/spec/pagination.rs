//! How an action pages: which request parameter asks for the next page (a page number or a token),
//! and where the response says what it holds (the items, a total, a page count, the next token).
//! The importer infers it from what parameters and fields mean ([`infer`]); a spec can say it.

use super::model::{Action, Member, Pagination, Type};

/// Request parameters that hold the number of the page to return.
const PAGE_PARAMS: [&str; 6] = ["CurrentPage", "PageNumber", "PageNo", "PageNum", "PageIndex", "Page"];
/// Request parameters that hold the number of items per page.
const SIZE_PARAMS: [&str; 3] = ["PageSize", "MaxResults", "Limit"];
/// Request parameters (and response fields) that hold the position to continue from.
const TOKEN_NAMES: [&str; 2] = ["NextToken", "Cursor"];
/// Response fields that count all items.
const TOTAL_FIELDS: [&str; 2] = ["Total", "TotalCount"];
/// Response fields that count all pages.
const PAGE_COUNT_FIELDS: [&str; 2] = ["PageCount", "TotalPage"];

/// The pagination the action's parameters and fields show, if they show one: a page number or a
/// token parameter, and exactly one list in the response. A token wins over a page number when
/// the response returns the next token (the API's own way to page deeply).
pub(crate) fn infer(action: &Action) -> Option<Pagination> {
    let param = |names: &[&str], ty: fn(Type) -> bool| {
        names.iter().find_map(|n| action.request.iter().find(|m| m.name == *n && m.encoding.is_none() && ty(m.ty))).map(|m| m.name.clone())
    };
    let fields = paths(&action.response, "");
    let lists: Vec<&(String, &Member)> = fields.iter().filter(|(_, m)| m.ty == Type::Array).collect();
    let [(items, _)] = lists.as_slice() else { return None };
    let parent = items.rsplit_once('.').map_or("", |(p, _)| p);
    // Counts and tokens next to the list first, else anywhere.
    let field = |names: &[&str], ty: fn(Type) -> bool| {
        let found = |same_parent: bool| {
            fields.iter().find(|(path, m)| {
                let (p, name) = path.rsplit_once('.').unwrap_or(("", path));
                names.contains(&name) && ty(m.ty) && (!same_parent || p == parent)
            })
        };
        found(true).or_else(|| found(false)).map(|(path, _)| path.clone())
    };
    let size = param(&SIZE_PARAMS, is_integer);
    if let (Some(token), Some(next_token)) = (param(&TOKEN_NAMES, is_text), field(&TOKEN_NAMES, is_text)) {
        return Some(Pagination {
            page: None,
            token: Some(token),
            size,
            items: items.clone(),
            total: None,
            page_count: None,
            next_token: Some(next_token),
        });
    }
    let page = param(&PAGE_PARAMS, is_integer)?;
    Some(Pagination {
        page: Some(page),
        token: None,
        size,
        items: items.clone(),
        total: field(&TOTAL_FIELDS, is_integer),
        page_count: field(&PAGE_COUNT_FIELDS, is_integer),
        next_token: None,
    })
}

fn is_integer(ty: Type) -> bool {
    matches!(ty, Type::Integer | Type::Long)
}

fn is_text(ty: Type) -> bool {
    ty == Type::String
}

/// Every response member by its path (`Data.List`), objects entered, lists not.
pub(crate) fn paths<'a>(members: &'a [Member], prefix: &str) -> Vec<(String, &'a Member)> {
    let mut out = Vec::new();
    for m in members {
        let path = if prefix.is_empty() { m.name.clone() } else { format!("{prefix}.{}", m.name) };
        if m.ty == Type::Object {
            out.extend(paths(&m.fields, &path));
        }
        out.push((path, m));
    }
    out
}

/// What is wrong with `p` for an action's `request` and `response`, if anything: each message
/// names the key.
pub(crate) fn problems(p: &Pagination, request: &[Member], response: &[Member]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let fields = paths(response, "");
    let field = |path: &str| fields.iter().find(|(p, _)| p == path).map(|(_, m)| m.ty);
    let param = |name: &str| request.iter().find(|m| m.name == name).map(|m| m.ty);
    match (&p.page, &p.token) {
        (Some(_), Some(_)) | (None, None) => out.push(("page", "exactly one of `page` (a page number) and `token` is needed".to_string())),
        _ => {}
    }
    let mut check_param = |key: &'static str, name: &Option<String>, ok: fn(Type) -> bool, what: &str| {
        if let Some(name) = name {
            match param(name) {
                Some(ty) if ok(ty) => {}
                Some(ty) => out.push((key, format!("`{name}` is {ty}, not {what}"))),
                None => out.push((key, format!("no request parameter `{name}`"))),
            }
        }
    };
    check_param("page", &p.page, is_integer, "an integer");
    check_param("token", &p.token, is_text, "a String");
    check_param("size", &p.size, is_integer, "an integer");
    let mut check_field = |key: &'static str, path: Option<&String>, ok: fn(Type) -> bool, what: &str| {
        if let Some(path) = path {
            match field(path) {
                Some(ty) if ok(ty) => {}
                Some(ty) => out.push((key, format!("`{path}` is {ty}, not {what}"))),
                None => out.push((key, format!("no response field `{path}` (a path of wire names, `Data.List`)"))),
            }
        }
    };
    check_field("items", Some(&p.items), |t| t == Type::Array, "an Array");
    check_field("total", p.total.as_ref(), is_integer, "an integer");
    check_field("page-count", p.page_count.as_ref(), is_integer, "an integer");
    check_field("next-token", p.next_token.as_ref(), is_text, "a String");
    if p.token.is_some() && p.next_token.is_none() {
        out.push(("next-token", "token paging needs the response field of the next token".to_string()));
    }
    out
}
