//! Steps 3 and 4 of the chain: the aliyun CLI's JSON config and the shared ini credentials file.
//! Failure reasons name files, profiles and keys, never values.

use super::{ChainAttempt, Credentials, Env};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct CliConfig {
    #[serde(default)]
    current: String,
    #[serde(default)]
    profiles: Vec<CliProfile>,
}

#[derive(Deserialize)]
struct CliProfile {
    #[serde(default)]
    name: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    access_key_secret: String,
    #[serde(default)]
    sts_token: String,
    #[serde(default)]
    region_id: String,
}

const CLI_CONFIG: &str = "aliyun CLI config";
const CREDENTIALS_FILE: &str = "credentials file";

fn attempt(step: &str, path: Option<&Path>, reason: impl Into<String>) -> ChainAttempt {
    let source = match path {
        Some(path) => format!("{step} {}", path.display()),
        None => step.to_string(),
    };
    ChainAttempt { source, reason: reason.into() }
}

fn read_file(step: &str, path: &Path) -> Result<String, ChainAttempt> {
    std::fs::read_to_string(path).map_err(|e| {
        let reason = if e.kind() == std::io::ErrorKind::NotFound { "file not found".to_string() } else { format!("cannot read it: {e}") };
        attempt(step, Some(path), reason)
    })
}

/// The selected profile of the CLI config, or why there is none.
fn load_cli_profile(env: &Env) -> Result<(PathBuf, CliProfile), ChainAttempt> {
    if env.is_true("ALIBABA_CLOUD_CLI_PROFILE_DISABLED") {
        return Err(attempt(CLI_CONFIG, None, "disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED"));
    }
    let path = match env.var("ALIBABA_CLOUD_CONFIG_FILE") {
        Some(path) => PathBuf::from(path),
        None => env
            .home_dir()
            .ok_or_else(|| attempt(CLI_CONFIG, None, "no home directory (HOME) and ALIBABA_CLOUD_CONFIG_FILE is not set"))?
            .join(".aliyun/config.json"),
    };
    let text = read_file(CLI_CONFIG, &path)?;
    // serde_json messages can quote the offending value, which may be a secret: report the position only.
    let config: CliConfig = serde_json::from_str(&text)
        .map_err(|e| attempt(CLI_CONFIG, Some(&path), format!("not a valid config (line {}, column {})", e.line(), e.column())))?;
    let name = env.var("ALIBABA_CLOUD_PROFILE").unwrap_or(config.current);
    if name.is_empty() {
        return Err(attempt(CLI_CONFIG, Some(&path), "no current profile and ALIBABA_CLOUD_PROFILE is not set"));
    }
    match config.profiles.into_iter().find(|p| p.name == name) {
        Some(profile) => Ok((path, profile)),
        None => Err(attempt(CLI_CONFIG, Some(&path), format!("profile `{name}` not found"))),
    }
}

pub(super) fn from_cli_config(env: &Env) -> Result<Credentials, ChainAttempt> {
    let (path, profile) = load_cli_profile(env)?;
    let fail = |reason: String| attempt(CLI_CONFIG, Some(&path), format!("profile `{}`: {reason}", profile.name));
    let needs_token = match profile.mode.as_str() {
        // Configs written by old CLI versions have no mode; they hold AccessKeys.
        "AK" | "" => false,
        "StsToken" => true,
        other => return Err(fail(format!("mode `{other}` is not supported (supported: AK, StsToken)"))),
    };
    let missing: Vec<&str> = [
        ("access_key_id", profile.access_key_id.is_empty()),
        ("access_key_secret", profile.access_key_secret.is_empty()),
        ("sts_token", needs_token && profile.sts_token.is_empty()),
    ]
    .into_iter()
    .filter_map(|(key, is_missing)| is_missing.then_some(key))
    .collect();
    if !missing.is_empty() {
        return Err(fail(format!("missing {}", missing.join(", "))));
    }
    let credentials = Credentials::new(profile.access_key_id, profile.access_key_secret);
    Ok(if needs_token { credentials.with_security_token(profile.sts_token) } else { credentials })
}

/// `region_id` of the selected CLI profile, if the config can be read and sets one.
pub(crate) fn cli_profile_region(env: &Env) -> Option<String> {
    load_cli_profile(env).ok().map(|(_, profile)| profile.region_id).filter(|r| !r.is_empty())
}

pub(super) fn from_credentials_file(env: &Env) -> Result<Credentials, ChainAttempt> {
    let path = match env.var("ALIBABA_CLOUD_CREDENTIALS_FILE") {
        Some(path) => PathBuf::from(path),
        None => env
            .home_dir()
            .ok_or_else(|| attempt(CREDENTIALS_FILE, None, "no home directory (HOME) and ALIBABA_CLOUD_CREDENTIALS_FILE is not set"))?
            .join(".alibabacloud/credentials"),
    };
    let text = read_file(CREDENTIALS_FILE, &path)?;
    let section_name = env.var("ALIBABA_CLOUD_PROFILE").unwrap_or_else(|| "default".to_string());
    let fail = |reason: String| attempt(CREDENTIALS_FILE, Some(&path), reason);
    let section = ini_section(&text, &section_name).ok_or_else(|| fail(format!("section [{section_name}] not found")))?;
    let get = |key: &str| section.iter().find(|(k, _)| *k == key).map(|(_, v)| *v).filter(|v| !v.is_empty());
    if get("enable").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
        return Err(fail(format!("section [{section_name}] has enable = false")));
    }
    match get("type") {
        Some("access_key") => {}
        Some(other) => return Err(fail(format!("section [{section_name}]: type `{other}` is not supported (supported: access_key)"))),
        None => return Err(fail(format!("section [{section_name}] has no type"))),
    }
    match (get("access_key_id"), get("access_key_secret")) {
        (Some(id), Some(secret)) => Ok(Credentials::new(id, secret)),
        _ => Err(fail(format!("section [{section_name}] needs access_key_id and access_key_secret"))),
    }
}

/// The `key = value` lines of one `[section]`. `#`/`;` start comments, also after a value.
fn ini_section<'a>(text: &'a str, wanted: &str) -> Option<Vec<(&'a str, &'a str)>> {
    let mut section: Option<Vec<(&str, &str)>> = None;
    let mut in_wanted = false;
    for line in text.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_wanted = name.trim() == wanted;
            if in_wanted {
                section.get_or_insert_with(Vec::new);
            }
            continue;
        }
        if !in_wanted || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let (Some(entries), Some((key, value))) = (section.as_mut(), line.split_once('=')) {
            entries.push((key.trim(), strip_inline_comment(value)));
        }
    }
    section
}

fn strip_inline_comment(value: &str) -> &str {
    let comment = value.char_indices().find(|&(i, c)| matches!(c, '#' | ';') && value[..i].ends_with([' ', '\t']));
    value[..comment.map_or(value.len(), |(i, _)| i)].trim()
}
