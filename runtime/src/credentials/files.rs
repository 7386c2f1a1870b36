//! Steps 4 and 5 of the chain: the aliyun CLI's JSON config and the shared ini credentials file,
//! read into a [`Source`]: what to fetch, not yet fetched. Failure reasons name files, profiles
//! and keys, never values.

use super::chain::{OidcSpec, RoleSpec, Source};
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
    #[serde(default)]
    sts_region: String,
    #[serde(default)]
    ram_role_arn: String,
    #[serde(default)]
    ram_session_name: String,
    #[serde(default)]
    external_id: String,
    #[serde(default)]
    expired_seconds: i64,
    #[serde(default)]
    source_profile: String,
    #[serde(default)]
    ram_role_name: String,
    #[serde(default)]
    oidc_provider_arn: String,
    #[serde(default)]
    oidc_token_file: String,
    #[serde(default)]
    credentials_uri: String,
}

pub(super) const CLI_CONFIG: &str = "aliyun CLI config";
pub(super) const CREDENTIALS_FILE: &str = "credentials file";

/// The CLI modes the chain supports, for messages.
const CLI_MODES: &str = "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI";
/// The credentials file types the chain supports, for messages.
const INI_TYPES: &str = "access_key, ecs_ram_role, ram_role_arn";
/// How deep `ChainableRamRoleArn` profiles may chain through `source_profile`.
const MAX_PROFILE_CHAIN: usize = 8;
/// STS refuses sessions shorter than this.
const MIN_DURATION_SECONDS: u64 = 900;

/// What a file step found: its source (`aliyun CLI config <path>`), what the profile or section
/// is (``profile `x`: mode `RamRoleArn` ``), and the credentials source it describes.
pub(super) struct Found {
    pub(super) step: String,
    pub(super) what: String,
    pub(super) source: Source,
}

fn attempt(step: &str, path: Option<&Path>, reason: impl Into<String>) -> ChainAttempt {
    ChainAttempt { source: step_name(step, path), reason: reason.into() }
}

fn step_name(step: &str, path: Option<&Path>) -> String {
    match path {
        Some(path) => format!("{step} {}", path.display()),
        None => step.to_string(),
    }
}

fn read_file(step: &str, path: &Path) -> Result<String, ChainAttempt> {
    std::fs::read_to_string(path).map_err(|e| {
        let reason = if e.kind() == std::io::ErrorKind::NotFound { "file not found".to_string() } else { format!("cannot read it: {e}") };
        attempt(step, Some(path), reason)
    })
}

/// The CLI config and the name of the selected profile, or why there are none.
fn load_cli_config(env: &Env) -> Result<(PathBuf, CliConfig, String), ChainAttempt> {
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
    let name = env.var("ALIBABA_CLOUD_PROFILE").unwrap_or_else(|| config.current.clone());
    if name.is_empty() {
        return Err(attempt(CLI_CONFIG, Some(&path), "no current profile and ALIBABA_CLOUD_PROFILE is not set"));
    }
    if !config.profiles.iter().any(|p| p.name == name) {
        return Err(attempt(CLI_CONFIG, Some(&path), format!("profile `{name}` not found")));
    }
    Ok((path, config, name))
}

/// Step 4: the selected CLI profile as a credentials source.
pub(super) fn from_cli_config(env: &Env) -> Result<Found, ChainAttempt> {
    let (path, config, name) = load_cli_config(env)?;
    let step = step_name(CLI_CONFIG, Some(&path));
    match profile_source(&config.profiles, &name, &mut Vec::new()) {
        Ok((mode, source)) => Ok(Found { step, what: format!("profile `{name}`: mode `{mode}`"), source }),
        Err(reason) => Err(ChainAttempt { source: step, reason: format!("profile `{name}`: {reason}") }),
    }
}

/// `region_id` of the selected CLI profile, if the config can be read and sets one.
pub(crate) fn cli_profile_region(env: &Env) -> Option<String> {
    let (_, config, name) = load_cli_config(env).ok()?;
    config.profiles.into_iter().find(|p| p.name == name).map(|p| p.region_id).filter(|r| !r.is_empty())
}

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

/// The keys of `required` whose value is empty, as an error listing them.
fn require(required: &[(&str, &str)]) -> Result<(), String> {
    let missing: Vec<&str> = required.iter().filter(|(_, value)| value.is_empty()).map(|(key, _)| *key).collect();
    if missing.is_empty() { Ok(()) } else { Err(format!("missing {}", missing.join(", "))) }
}

fn duration_seconds(key: &str, value: i64) -> Result<Option<u64>, String> {
    match u64::try_from(value) {
        Ok(seconds) if seconds >= MIN_DURATION_SECONDS => Ok(Some(seconds)),
        Ok(seconds) if seconds > 0 => Err(format!("{key} must be at least {MIN_DURATION_SECONDS}")),
        // 0 (what the CLI writes when unset) or negative: the default.
        _ => Ok(None),
    }
}

/// The profile `name` as its mode and source; `chain` holds the profiles being resolved, to stop
/// `source_profile` loops.
fn profile_source<'a>(profiles: &'a [CliProfile], name: &str, chain: &mut Vec<&'a str>) -> Result<(&'a str, Source), String> {
    let Some(profile) = profiles.iter().find(|p| p.name == name) else {
        return Err(format!("profile `{name}` not found"));
    };
    let p = profile;
    let role = |source: Source| -> Result<Source, String> {
        Ok(Source::AssumeRole(RoleSpec {
            source: Box::new(source),
            role_arn: p.ram_role_arn.clone(),
            session_name: non_empty(&p.ram_session_name),
            duration_seconds: duration_seconds("expired_seconds", p.expired_seconds)?,
            policy: None,
            external_id: non_empty(&p.external_id),
            sts_region: non_empty(&p.sts_region),
        }))
    };
    let access_key = || {
        let credentials = Credentials::new(&p.access_key_id, &p.access_key_secret);
        if p.sts_token.is_empty() { credentials } else { credentials.with_security_token(&p.sts_token) }
    };
    let source = match p.mode.as_str() {
        // Configs written by old CLI versions have no mode; they hold AccessKeys.
        "AK" | "" => {
            require(&[("access_key_id", &p.access_key_id), ("access_key_secret", &p.access_key_secret)])?;
            Source::Static(Credentials::new(&p.access_key_id, &p.access_key_secret))
        }
        "StsToken" => {
            require(&[("access_key_id", &p.access_key_id), ("access_key_secret", &p.access_key_secret), ("sts_token", &p.sts_token)])?;
            Source::Static(access_key())
        }
        "RamRoleArn" => {
            require(&[("access_key_id", &p.access_key_id), ("access_key_secret", &p.access_key_secret), ("ram_role_arn", &p.ram_role_arn)])?;
            role(Source::Static(access_key()))?
        }
        "ChainableRamRoleArn" => {
            require(&[("source_profile", &p.source_profile), ("ram_role_arn", &p.ram_role_arn)])?;
            chain.push(&p.name);
            if chain.contains(&p.source_profile.as_str()) || chain.len() > MAX_PROFILE_CHAIN {
                return Err(format!("source_profile `{}` loops back or chains too deep", p.source_profile));
            }
            let (_, source) =
                profile_source(profiles, &p.source_profile, chain).map_err(|reason| format!("source_profile `{}`: {reason}", p.source_profile))?;
            role(source)?
        }
        "EcsRamRole" => Source::Ecs { role_name: non_empty(&p.ram_role_name) },
        "OIDC" => {
            require(&[("ram_role_arn", &p.ram_role_arn), ("oidc_provider_arn", &p.oidc_provider_arn), ("oidc_token_file", &p.oidc_token_file)])?;
            Source::Oidc(OidcSpec {
                role_arn: p.ram_role_arn.clone(),
                provider_arn: p.oidc_provider_arn.clone(),
                token_file: PathBuf::from(&p.oidc_token_file),
                session_name: non_empty(&p.ram_session_name),
                duration_seconds: duration_seconds("expired_seconds", p.expired_seconds)?,
                sts_region: non_empty(&p.sts_region),
            })
        }
        "CredentialsURI" => {
            require(&[("credentials_uri", &p.credentials_uri)])?;
            Source::Uri(p.credentials_uri.clone())
        }
        other => return Err(format!("mode `{other}` is not supported (supported: {CLI_MODES})")),
    };
    Ok((p.mode.as_str(), source))
}

/// Step 5: the selected section of the shared credentials file as a credentials source.
pub(super) fn from_credentials_file(env: &Env) -> Result<Found, ChainAttempt> {
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
    let kind = match get("type") {
        Some(kind) => kind,
        None => return Err(fail(format!("section [{section_name}] has no type"))),
    };
    let access_key = || match (get("access_key_id"), get("access_key_secret")) {
        (Some(id), Some(secret)) => Ok(Credentials::new(id, secret)),
        _ => Err(fail(format!("section [{section_name}] needs access_key_id and access_key_secret"))),
    };
    let source = match kind {
        "access_key" => Source::Static(access_key()?),
        "ecs_ram_role" => Source::Ecs { role_name: get("role_name").map(str::to_string) },
        "ram_role_arn" => {
            let source = access_key()?;
            let role_arn = get("role_arn").ok_or_else(|| fail(format!("section [{section_name}] needs role_arn")))?;
            Source::AssumeRole(RoleSpec {
                source: Box::new(Source::Static(source)),
                role_arn: role_arn.to_string(),
                session_name: get("role_session_name").map(str::to_string),
                duration_seconds: None,
                policy: get("policy").map(str::to_string),
                external_id: None,
                sts_region: None,
            })
        }
        other => return Err(fail(format!("section [{section_name}]: type `{other}` is not supported (supported: {INI_TYPES})"))),
    };
    Ok(Found { step: step_name(CREDENTIALS_FILE, Some(&path)), what: format!("section [{section_name}]: type `{kind}`"), source })
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
