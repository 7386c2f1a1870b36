//! `aliyun-iot-emulator [--addr ADDR] [--access-key-id ID --access-key-secret SECRET] [--no-qps-limit] [--seed FILE] [--samples-only]`
//! (also `cargo xtask emulate ...`): serves the emulator of every product of the workspace until Ctrl-C, for SDKs and
//! tools in other languages. It prints the base URL and the credentials to configure them with.

use aliyun_iot_emulator::iot::Seed;
use aliyun_iot_emulator::products::PRODUCTS;
use aliyun_iot_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator};
use std::net::SocketAddr;
use std::process::ExitCode;

/// A fixed port by default, so a tool's configuration survives restarts; loopback only.
const DEFAULT_ADDR: &str = "127.0.0.1:8790";

/// Recent requests the journal keeps (the command does not read them; bounded memory matters more).
const JOURNAL_LIMIT: usize = 1000;

const USAGE: &str =
    "usage: aliyun-iot-emulator [--addr ADDR] [--access-key-id ID --access-key-secret SECRET] [--no-qps-limit] [--seed FILE] [--samples-only]

  --addr ADDR                 where to listen (default 127.0.0.1:8790; port 0 picks a free one)
  --access-key-id ID          the AccessKey pair requests must be signed with
  --access-key-secret SECRET  (default: LTAIEmulatorAccessKey / emulator-access-key-secret)
  --no-qps-limit              do not enforce the documented per-action QPS
  --seed FILE                 start with the IoT products, devices and groups of this JSON file
  --samples-only              keep no state: every action answers its documented sample";

#[derive(Debug, PartialEq)]
struct Options {
    addr: SocketAddr,
    access_key_id: String,
    access_key_secret: String,
    enforce_qps: bool,
    seed: Option<String>,
    stateful: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut addr = None;
    let (mut id, mut secret) = (None, None);
    let mut enforce_qps = true;
    let (mut seed, mut stateful) = (None, true);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().cloned().ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"));
        match arg.as_str() {
            "--addr" => addr = Some(value("--addr")?),
            "--access-key-id" => id = Some(value("--access-key-id")?),
            "--access-key-secret" => secret = Some(value("--access-key-secret")?),
            "--no-qps-limit" => enforce_qps = false,
            "--seed" => seed = Some(value("--seed")?),
            "--samples-only" => stateful = false,
            "--help" | "-h" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    let addr_text = addr.unwrap_or_else(|| DEFAULT_ADDR.to_string());
    let addr = addr_text.parse().map_err(|e| format!("--addr `{addr_text}`: {e} (expected IP:PORT)"))?;
    let (access_key_id, access_key_secret) = match (id, secret) {
        (Some(id), Some(secret)) => (id, secret),
        (None, None) => (DEFAULT_ACCESS_KEY_ID.to_string(), DEFAULT_ACCESS_KEY_SECRET.to_string()),
        _ => return Err("--access-key-id and --access-key-secret go together".to_string()),
    };
    Ok(Options { addr, access_key_id, access_key_secret, enforce_qps, seed, stateful })
}

/// The seed file's resources, or an error naming the file and where in it.
fn read_seed(path: &str) -> Result<Seed, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("--seed {path}: {e}"))?;
    Seed::from_json(&text).map_err(|e| format!("--seed {path}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let seed = options.seed.as_deref().map(read_seed).transpose()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let mut builder = Emulator::builder();
        if !options.stateful {
            builder = builder.samples_only();
        }
        let emulator = builder
            .addr(options.addr)
            .credentials(&options.access_key_id, &options.access_key_secret)
            .enforce_qps(options.enforce_qps)
            // It may serve for days: keep recent requests, not all.
            .journal_limit(JOURNAL_LIMIT)
            .start()
            .await
            .map_err(|e| format!("cannot serve on {}: {e}", options.addr))?;
        if let (Some(seed), Some(path)) = (&seed, &options.seed) {
            emulator.iot().seed(seed).map_err(|e| format!("--seed {path}: {e}"))?;
            println!("seeded from {path}: {} products, {} devices, {} groups", seed.products.len(), seed.devices.len(), seed.groups.len());
        }
        for table in PRODUCTS {
            let product = table.product;
            println!("serving {} {}: {} actions", product.code, product.version, table.actions.len());
        }
        println!("base URL:          {}", emulator.base_url());
        println!("access key id:     {}", options.access_key_id);
        println!("access key secret: {}", options.access_key_secret);
        println!("qps limits:        {}", if options.enforce_qps { "enforced" } else { "off" });
        println!("IoT state:         {}", if options.stateful { "kept (reset, seed, messages: /_emulator/iot/...)" } else { "none (samples only)" });
        println!("Ctrl-C stops it.");
        tokio::signal::ctrl_c().await.map_err(|e| format!("cannot wait for Ctrl-C: {e}"))?;
        println!("stopped after {} requests", emulator.requests_received());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn defaults_are_loopback_and_the_default_pair() {
        let options = parse(&[]).unwrap();
        assert_eq!(options.addr, DEFAULT_ADDR.parse().unwrap());
        assert_eq!((options.access_key_id.as_str(), options.enforce_qps), (DEFAULT_ACCESS_KEY_ID, true));
    }

    #[test]
    fn every_option_is_read() {
        let options =
            parse(&args("--addr 127.0.0.1:0 --access-key-id ID --access-key-secret S --no-qps-limit --seed s.json --samples-only")).unwrap();
        assert_eq!(
            options,
            Options {
                addr: "127.0.0.1:0".parse().unwrap(),
                access_key_id: "ID".into(),
                access_key_secret: "S".into(),
                enforce_qps: false,
                seed: Some("s.json".into()),
                stateful: false
            }
        );
    }

    #[test]
    fn bad_arguments_are_explained() {
        assert!(parse(&args("--addr")).unwrap_err().starts_with("--addr needs a value"));
        assert!(parse(&args("--addr localhost")).unwrap_err().contains("IP:PORT"));
        assert!(parse(&args("--access-key-id ID")).unwrap_err().contains("go together"));
        assert!(parse(&args("--port 1")).unwrap_err().starts_with("unknown argument"));
        assert!(parse(&args("--seed")).unwrap_err().starts_with("--seed needs a value"));
    }

    #[test]
    fn a_bad_seed_file_is_named_with_where_it_is_wrong() {
        let dir = std::env::temp_dir().join(format!("emulator-seed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("seed.json");
        std::fs::write(&path, "{\"Products\": [\n  {\"ProductName\": 7}]}").unwrap();
        let error = read_seed(path.to_str().unwrap()).unwrap_err();
        assert!(error.starts_with(&format!("--seed {}: line 2", path.display())), "{error}");
        assert!(read_seed("/nonexistent/seed.json").unwrap_err().starts_with("--seed /nonexistent/seed.json: "));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
