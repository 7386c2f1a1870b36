use super::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh directory to act as HOME, removed on drop.
struct TempHome(PathBuf);

impl TempHome {
    fn new() -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!("rpc-runtime-home-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path).unwrap();
        TempHome(path)
    }

    fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// An environment with HOME set to this directory plus `vars`.
    fn env(&self, vars: &[(&str, &str)]) -> Env {
        let home = self.0.to_str().unwrap().to_string();
        Env::from_vars(vars.iter().map(|&(k, v)| (k.to_string(), v.to_string())).chain([("HOME".to_string(), home)]))
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const CLI_CONFIG: &str = r#"{
  "current": "default",
  "profiles": [
    {"name": "default", "mode": "AK", "access_key_id": "cli-id", "access_key_secret": "cli-secret", "region_id": "cn-beijing"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "sts-id", "access_key_secret": "sts-secret", "sts_token": "sts-token", "region_id": "ap-southeast-1"},
    {"name": "role", "mode": "RamRoleArn", "access_key_id": "role-id", "access_key_secret": "role-secret", "ram_role_arn": "acs:ram::1:role/x"}
  ],
  "meta_path": ""
}"#;

const INI: &str = "\
# shared credentials
[default]
enable = true
type = access_key            # or ecs_ram_role
access_key_id = ini-id
access_key_secret = ini-secret

[other]
type = access_key
access_key_id = other-id
access_key_secret = other-secret

[role]
type = ecs_ram_role
role_name = x
";

#[test]
fn environment_comes_first() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", CLI_CONFIG);
    let env = home.env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token"),
    ]);
    assert_eq!(Credentials::from_chain(&env).unwrap(), Credentials::new("env-id", "env-secret").with_security_token("env-token"));
}

#[test]
fn cli_profile_current_named_and_overridden_path() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", CLI_CONFIG);
    // A half-set environment is reported but does not stop the chain.
    let current = home.env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "only-id")]);
    assert_eq!(Credentials::from_chain(&current).unwrap(), Credentials::new("cli-id", "cli-secret"));
    assert_eq!(files::cli_profile_region(&current).as_deref(), Some("cn-beijing"));

    let named = home.env(&[("ALIBABA_CLOUD_PROFILE", "sts")]);
    assert_eq!(Credentials::from_chain(&named).unwrap(), Credentials::new("sts-id", "sts-secret").with_security_token("sts-token"));
    assert_eq!(files::cli_profile_region(&named).as_deref(), Some("ap-southeast-1"));

    let elsewhere = TempHome::new();
    let path = elsewhere.write("custom/aliyun.json", CLI_CONFIG);
    let overridden = TempHome::new().env(&[("ALIBABA_CLOUD_CONFIG_FILE", path.to_str().unwrap())]);
    assert_eq!(Credentials::from_chain(&overridden).unwrap().access_key_id(), "cli-id");
}

#[test]
fn credentials_file_default_named_and_overridden_path() {
    let home = TempHome::new();
    home.write(".alibabacloud/credentials", INI);
    assert_eq!(Credentials::from_chain(&home.env(&[])).unwrap(), Credentials::new("ini-id", "ini-secret"));
    let named = home.env(&[("ALIBABA_CLOUD_PROFILE", "other")]);
    assert_eq!(Credentials::from_chain(&named).unwrap(), Credentials::new("other-id", "other-secret"));

    let elsewhere = TempHome::new();
    let path = elsewhere.write("creds.ini", INI);
    let overridden = TempHome::new().env(&[("ALIBABA_CLOUD_CREDENTIALS_FILE", path.to_str().unwrap())]);
    assert_eq!(Credentials::from_chain(&overridden).unwrap().access_key_id(), "ini-id");
}

#[test]
fn unsupported_profile_falls_through_to_the_credentials_file() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", CLI_CONFIG);
    home.write(".alibabacloud/credentials", "[role]\ntype = access_key\naccess_key_id = ini-role-id\naccess_key_secret = s\n");
    let env = home.env(&[("ALIBABA_CLOUD_PROFILE", "role")]);
    assert_eq!(Credentials::from_chain(&env).unwrap().access_key_id(), "ini-role-id");
}

#[test]
fn cli_profile_can_be_disabled() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", CLI_CONFIG);
    let env = home.env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")]);
    let error = Credentials::from_chain(&env).unwrap_err();
    assert!(error.to_string().contains("disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED"), "{error}");
    assert_eq!(files::cli_profile_region(&env), None);
}

#[test]
fn a_failed_chain_says_what_it_tried_without_secrets() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", CLI_CONFIG);
    home.write(".alibabacloud/credentials", INI);
    let env = home.env(&[("ALIBABA_CLOUD_PROFILE", "role"), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret")]);
    let error = Credentials::from_chain(&env).unwrap_err();
    let sources: Vec<&str> = error.tried().iter().map(|a| a.source.as_str()).collect();
    assert_eq!(sources.len(), 3, "{sources:?}");
    assert_eq!(sources[0], "environment");
    assert!(sources[1].starts_with("aliyun CLI config") && sources[1].ends_with("config.json"), "{sources:?}");
    assert!(sources[2].starts_with("credentials file") && sources[2].ends_with("credentials"), "{sources:?}");
    let message = error.to_string();
    for expected in [
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not",
        "mode `RamRoleArn` is not supported",
        "type `ecs_ram_role` is not supported",
    ] {
        assert!(message.contains(expected), "{message}");
    }
    for secret in ["env-secret", "role-secret", "cli-secret", "ini-secret"] {
        assert!(!message.contains(secret) && !format!("{error:?}").contains(secret), "{message}");
    }
}

#[test]
fn missing_and_broken_files_are_reported() {
    let home = TempHome::new();
    let error = Credentials::from_chain(&home.env(&[])).unwrap_err();
    assert!(error.tried()[1].reason == "file not found" && error.tried()[2].reason == "file not found", "{error}");

    home.write(".aliyun/config.json", r#"{"current": "default", "profiles": [{"name": "default", "access_key_secret": 12345}]}"#);
    home.write(".alibabacloud/credentials", "[default]\ntype = access_key\naccess_key_id = id\n");
    let error = Credentials::from_chain(&home.env(&[])).unwrap_err();
    assert!(error.tried()[1].reason.starts_with("not a valid config (line 1"), "{error}");
    assert!(!error.to_string().contains("12345"), "{error}");
    assert!(error.tried()[2].reason.contains("needs access_key_id and access_key_secret"), "{error}");

    let error = Credentials::from_chain(&Env::from_vars([("X", "y")])).unwrap_err();
    assert!(error.to_string().contains("no home directory"), "{error}");
}

#[test]
fn debug_output_redacts_secrets() {
    let credentials = Credentials::new("visible-id", "the-secret").with_security_token("the-token");
    let debug = format!("{credentials:?}");
    assert!(debug.contains("visible-id") && !debug.contains("the-secret") && !debug.contains("the-token"), "{debug}");
    let env = Env::from_vars([("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "the-secret")]);
    let debug = format!("{env:?}");
    assert!(debug.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET") && !debug.contains("the-secret"), "{debug}");
}
