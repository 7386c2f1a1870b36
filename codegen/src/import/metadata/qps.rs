//! The QPS limit an action's description states, in either language:
//! `单个阿里云账号调用该接口的每秒请求数（QPS）最大限制为50。`, `The QPS limit of this operation is 50.`,
//! `... a maximum of 10 queries per second (QPS).`
//!
//! The rule: a sentence that mentions QPS (or queries/requests/calls per second) and a limit
//! (`限制为`, `限流为`, `不超过`, `limit`, `maximum`, `up to`, `no more than`, ...) states the number
//! right after the limit word (`1,000` reads as 1000). A section titled with `QPS` (`## QPS限制`) is
//! read first, as it is where the limit is stated when usage notes mention another one; then the
//! sentences in order, so a later conditional limit (`此时...最大限制为2`) does not win over the
//! general one. Daily quotas (`每天调用该接口次数最大为20次`) do not mention QPS and are not limits
//! per second.

use crate::spec::Qps;

const PER_SECOND: &[&str] = &["qps", "queries per second", "requests per second", "requests/second", "calls per second", "每秒请求数"];
const LIMIT_WORDS: &[&str] = &[
    "最大限制为",
    "限制为",
    "限流为",
    "上限为",
    "最大为",
    "最多为",
    "不超过",
    "limit",
    "maximum",
    "up to",
    "no more than",
    "at most",
    "restricted to",
];

pub(super) fn qps(text: &str) -> Option<Qps> {
    let sections = sections(text);
    let qps_sections = sections.iter().filter(|(heading, _)| heading.to_lowercase().contains("qps"));
    qps_sections.chain(sections.iter()).flat_map(|(_, body)| sentences(body)).find_map(limit).map(Qps)
}

/// `(heading, body)` by markdown headings; the text before the first heading has an empty heading.
fn sections(text: &str) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), String::new())];
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            out.push((trimmed.trim_start_matches('#').trim().to_string(), String::new()));
        } else {
            let body = &mut out.last_mut().expect("one section at least").1;
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// Sentences: split at line ends, `。`, `；`, and a `.` that ends a sentence (not `1.5`).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends = matches!(c, '\n' | '。' | '；' | ';') || (c == '.' && next.is_none_or(char::is_whitespace));
        if ends {
            out.push(&text[start..at]);
            start = at + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// The limit one sentence states, if it states one per second.
fn limit(sentence: &str) -> Option<f64> {
    let lower = sentence.to_lowercase();
    if !PER_SECOND.iter().any(|p| lower.contains(p)) {
        return None;
    }
    LIMIT_WORDS.iter().filter_map(|w| lower.find(w).map(|at| at + w.len())).min().and_then(|after| number(&lower[after..]))
}

/// The first number in `text`: `50`, `0.5`, `1,000` (thousands separators), positive.
fn number(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let mut digits = String::new();
    let rest: Vec<char> = text[start..].chars().collect();
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        let group_follows = |from: usize| rest.len() >= from + 3 && rest[from..from + 3].iter().all(char::is_ascii_digit);
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == ',' && group_follows(i + 1) && !rest.get(i + 4).is_some_and(char::is_ascii_digit) {
            // `1,000`: a separator before exactly three digits.
        } else if c == '.' && rest.get(i + 1).is_some_and(char::is_ascii_digit) && !digits.contains('.') {
            digits.push(c);
        } else {
            break;
        }
        i += 1;
    }
    digits.parse().ok().filter(|q: &f64| *q > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_limit_sentences() {
        assert_eq!(qps("## QPS限制\n\n单个阿里云账号调用该接口的每秒请求数（QPS）最大限制为50。\n> RAM用户共享阿里云账号配额。"), Some(Qps(50.0)));
        assert_eq!(qps("- 单阿里云账号调用该接口的每秒请求数（QPS）最大限制为20。"), Some(Qps(20.0)));
        assert_eq!(qps("单个阿里云账号调用该接口的每秒请求数（QPS）最大限制为1,000。"), Some(Qps(1000.0)));
        assert_eq!(qps("单个阿里云账号调用该接口的QPS限流为5。"), Some(Qps(5.0)));
    }

    #[test]
    fn english_limit_sentences() {
        assert_eq!(qps("The QPS limit of this operation is 50 per Alibaba Cloud account."), Some(Qps(50.0)));
        assert_eq!(qps("Each Alibaba Cloud account can run a maximum of 10 queries per second (QPS). RAM users share it."), Some(Qps(10.0)));
        assert_eq!(qps("Calls are restricted to no more than 0.5 requests/second."), Some(Qps(0.5)));
    }

    #[test]
    fn the_general_limit_wins_over_a_later_conditional_one() {
        let text = "## QPS限制\n\n- 单个阿里云账号调用该接口的每秒请求数（QPS）最大限制为50。\n\n\
                    - 当请求参数**CurrentPage**与**PageSize**的值相乘结果大于或等于100,000时，会降低调用该接口的QPS。\n    \
                    此时，单个阿里云账号调用该接口的每秒请求数（QPS）最大限制为2。";
        assert_eq!(qps(text), Some(Qps(50.0)));
    }

    #[test]
    fn a_qps_section_wins_over_usage_notes() {
        let text = "## 使用说明\n\n- 单个阿里云账号调用该接口的QPS限流为5。\n\n## QPS限制\n单个阿里云账号调用该接口的每秒请求数（QPS）最大限制为10。";
        assert_eq!(qps(text), Some(Qps(10.0)));
    }

    #[test]
    fn no_limit_per_second_no_qps() {
        assert_eq!(qps("## QPS限制\n目前处于公测阶段。\n\n单个阿里云账号每天调用该接口次数最大为20次。"), None);
        assert_eq!(qps("> 您需根据接口的QPS限制，控制重复调用接口的频率。"), None);
        assert_eq!(qps("调用该接口的每秒请求写入数据数，由您购买实例下的规格决定。"), None);
        assert_eq!(qps(""), None);
    }
}
