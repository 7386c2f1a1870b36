//! `cargo xtask fetch-metadata CODE VERSION`: downloads a product's API documentation metadata
//! (`api-docs.json`) from the API portal, the input of `cargo xtask import` and `cargo xtask
//! add-product`.
//!
//! The Chinese edition (the default) comes from `https://api.aliyun.com`, the English one from
//! `https://api.alibabacloud.com` with `?language=EN_US`, both at
//! `/meta/v1/products/<Code>/versions/<version>/api-docs.json`. The file is written only when the
//! answer is a 200 whose body is RPC metadata (parsed as `import` parses it) for the product and
//! version asked for, and through a temporary file renamed into place: a failed download leaves
//! neither half a file nor a clobbered previous one.

use crate::flags;
use codegen::import::metadata::Metadata;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What the portal's metadata path is served under, and what it sends back.
const PATH_PREFIX: &str = "/meta/v1/products";
const USER_AGENT: &str = "aliyun-rust-xtask";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest products' metadata is tens of MB.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// How much of an unexpected body an error quotes.
const BODY_START: usize = 200;

/// The edition of the documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    En,
    Zh,
}

/// `--lang`.
impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(text: &str) -> Result<Lang, String> {
        match text {
            "en" => Ok(Lang::En),
            "zh" => Ok(Lang::Zh),
            other => Err(format!("expected en or zh, not `{other}`")),
        }
    }
}

impl Lang {
    /// The portal that serves this edition.
    pub(crate) fn base_url(self) -> &'static str {
        match self {
            Lang::En => "https://api.alibabacloud.com",
            Lang::Zh => "https://api.aliyun.com",
        }
    }

    /// The file name of this edition, as in `../shared/api-docs/<code>-<version>/`.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Lang::En => "api-docs.en.json",
            Lang::Zh => "api-docs.json",
        }
    }

    fn query(self) -> &'static str {
        match self {
            Lang::En => "?language=EN_US",
            Lang::Zh => "",
        }
    }
}

/// What a successful fetch wrote.
#[derive(Debug)]
pub(crate) struct Fetched {
    pub path: PathBuf,
    pub product: String,
    pub version: String,
    pub actions: usize,
    pub bytes: usize,
}

pub(crate) fn run(flags: flags::FetchMetadata) -> Result<(), String> {
    let flags::FetchMetadata { code, version, lang, out, base_url } = flags;
    // The default the help states.
    let lang = lang.unwrap_or(Lang::Zh);
    let out = match out {
        Some(out) => out,
        None => {
            // Checked here too: the code and version name the default file's directory.
            check_code(&code)?;
            check_version(&version)?;
            default_out(&crate::workspace_root(), &code, &version, lang)
        }
    };
    let base_url = base_url.as_deref().unwrap_or(lang.base_url());
    let fetched = fetch(&code, &version, lang, base_url, &out)?;
    println!("wrote {} ({} {}, {} actions, {} bytes)", fetched.path.display(), fetched.product, fetched.version, fetched.actions, fetched.bytes);
    println!("next: `cargo xtask add-product {}` creates or refreshes the product crate from it", fetched.path.display());
    Ok(())
}

/// `<root>/target/api-docs/<code lower-case>-<version>/<edition's file name>`.
pub(crate) fn default_out(root: &Path, code: &str, version: &str, lang: Lang) -> PathBuf {
    root.join("target").join("api-docs").join(format!("{}-{version}", code.to_ascii_lowercase())).join(lang.file_name())
}

/// The metadata's URL on the portal at `base_url` (a scheme and host).
pub(crate) fn url(base_url: &str, code: &str, version: &str, lang: Lang) -> String {
    format!("{}{PATH_PREFIX}/{code}/versions/{version}/api-docs.json{}", base_url.trim_end_matches('/'), lang.query())
}

/// Downloads the metadata of `code` `version` from the portal at `base_url` into `out`, once it is
/// known to be RPC metadata of that product and version. Arguments are checked before any I/O.
pub(crate) fn fetch(code: &str, version: &str, lang: Lang, base_url: &str, out: &Path) -> Result<Fetched, String> {
    check_code(code)?;
    check_version(version)?;
    let loopback = check_base_url(base_url)?;
    let url = url(base_url, code, version, lang);

    let mut client = reqwest::blocking::Client::builder().connect_timeout(CONNECT_TIMEOUT).timeout(REQUEST_TIMEOUT).user_agent(USER_AGENT);
    if loopback {
        // A proxy from the environment cannot reach this machine's loopback server.
        client = client.no_proxy();
    }
    let client = client.build().map_err(|e| format!("cannot set up the HTTP client: {}", chain(&e)))?;
    // The URL is in the message already.
    let response = client.get(&url).send().map_err(|e| format!("GET {url}: {}", chain(&e.without_url())))?;
    let status = response.status();
    let body = response.bytes().map_err(|e| format!("GET {url}: HTTP {status}, reading the body: {}", chain(&e.without_url())))?;
    if status != reqwest::StatusCode::OK {
        return Err(format!("GET {url}: HTTP {status}, expected 200 OK; the body starts with: {}", body_start(&body)));
    }

    let text = std::str::from_utf8(&body).map_err(|e| format!("GET {url}: the body is not UTF-8 ({e}); it starts with: {}", body_start(&body)))?;
    // The importer's own parser, so what is written here is what `import` and `add-product` accept.
    let metadata = Metadata::parse(text).map_err(|e| format!("GET {url}: not RPC API metadata: {e}; the body starts with: {}", body_start(&body)))?;
    if !metadata.product.eq_ignore_ascii_case(code) || metadata.version != version {
        return Err(format!("GET {url}: the metadata is for product `{}` version {}, not `{code}` {version}", metadata.product, metadata.version));
    }

    write_atomically(out, &body)?;
    Ok(Fetched {
        path: out.to_path_buf(),
        product: metadata.product.clone(),
        version: metadata.version.clone(),
        actions: metadata.actions().len(),
        bytes: body.len(),
    })
}

/// A product code as the portal spells it; it is a path segment of the URL and of the default file.
fn check_code(code: &str) -> Result<(), String> {
    let valid = code.starts_with(|c: char| c.is_ascii_alphanumeric()) && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid { Ok(()) } else { Err(format!("CODE `{code}` is not a product code (letters, digits, `-` and `_`, such as Ecs or alikafka)")) }
}

/// An API version: a date, YYYY-MM-DD.
fn check_version(version: &str) -> Result<(), String> {
    let bytes = version.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = version.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) { part.parse().ok() } else { None }
    };
    let valid = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && number(0..4).is_some()
        && number(5..7).is_some_and(|month| (1..=12).contains(&month))
        && number(8..10).is_some_and(|day| (1..=31).contains(&day));
    if valid { Ok(()) } else { Err(format!("VERSION `{version}` is not an API version: expected a date YYYY-MM-DD, such as 2014-05-26")) }
}

/// A base URL is a scheme and a host (and port); whether its host is this machine's loopback.
fn check_base_url(base_url: &str) -> Result<bool, String> {
    let invalid = |why: &str| format!("--base-url `{base_url}` {why}: give a scheme and host, such as https://api.aliyun.com");
    let parsed = reqwest::Url::parse(base_url).map_err(|e| invalid(&format!("is not a URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("is not http or https"));
    }
    if parsed.path() != "/" || parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("has a path, query or fragment"));
    }
    let host = parsed.host_str().ok_or_else(|| invalid("has no host"))?;
    let loopback = host == "localhost" || host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    Ok(loopback)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| format!("{}: not a file name", path.display()))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let temp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| {
            std::io::Write::write_all(&mut file, bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("{}: {e}", path.display())
    })
}

/// The first characters of a body, on one line, for an error message.
fn body_start(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_START * 4)]);
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return "(empty)".into();
    }
    let mut start: String = line.chars().take(BODY_START).collect();
    if start.len() < line.len() {
        start.push_str("...");
    }
    format!("`{start}`")
}

/// An error and its sources: reqwest's own message leaves out the cause (refused, timed out, TLS).
fn chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{ErrorKind, Read, Write};
    use std::net::TcpListener;
    use std::thread::{self, JoinHandle};
    use std::time::Instant;

    const ECS_PATH: &str = "/meta/v1/products/Ecs/versions/2014-05-26/api-docs.json";
    const RPC_BODY: &str =
        r#"{"version":"1.0","info":{"style":"RPC","product":"Ecs","version":"2014-05-26"},"apis":{"DescribeRegions":{},"DescribeZones":{}}}"#;

    /// A server on 127.0.0.1 that answers one request with `status` and `body`; its handle gives
    /// the request's head (request line and headers).
    fn serve_once(status: &str, content_type: &str, body: &str) -> (String, JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let response =
            format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        let handle = thread::spawn(move || {
            let mut stream = accept_within(&listener, Duration::from_secs(30)).expect("a request within 30 s");
            stream.set_nonblocking(false).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let mut head = Vec::new();
            let mut buffer = [0; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = stream.read(&mut buffer).expect("read the request");
                assert!(n > 0, "the client closed before the end of its request");
                head.extend_from_slice(&buffer[..n]);
            }
            stream.write_all(response.as_bytes()).expect("write the response");
            String::from_utf8(head).expect("a UTF-8 request head")
        });
        (base_url, handle)
    }

    /// Accepts one connection, or none within `limit` (so no test can hang on a server).
    fn accept_within(listener: &TcpListener, limit: Duration) -> Option<std::net::TcpStream> {
        listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => return Some(stream),
                Err(e) if e.kind() == ErrorKind::WouldBlock => thread::sleep(Duration::from_millis(10)),
                Err(e) => panic!("accept: {e}"),
            }
        }
        None
    }

    /// A fresh empty directory of this test's own.
    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-fetch-metadata-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    fn request_line(head: &str) -> &str {
        head.lines().next().unwrap_or_default()
    }

    #[test]
    fn english_success_writes_the_body_as_received() {
        let (base_url, server) = serve_once("200 OK", "application/json", RPC_BODY);
        let dir = temp_dir("en-success");
        let out = dir.join("nested").join("api-docs.en.json");
        let fetched = fetch("Ecs", "2014-05-26", Lang::En, &base_url, &out).expect("fetched");
        let head = server.join().unwrap();
        assert_eq!(request_line(&head), format!("GET {ECS_PATH}?language=EN_US HTTP/1.1"));
        assert!(head.to_ascii_lowercase().contains("user-agent: aliyun-rust-xtask\r\n"), "{head}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), RPC_BODY);
        assert_eq!((fetched.product.as_str(), fetched.version.as_str(), fetched.actions, fetched.bytes), ("Ecs", "2014-05-26", 2, RPC_BODY.len()));
        assert_eq!(entries(out.parent().unwrap()), ["api-docs.en.json"], "no temporary file is left");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn chinese_edition_has_no_language_query_and_the_code_matches_in_any_case() {
        let body = RPC_BODY.replace(r#""product":"Ecs""#, r#""product":"ECS""#);
        let (base_url, server) = serve_once("200 OK", "application/json;charset=utf-8", &body);
        let dir = temp_dir("zh-success");
        let out = dir.join("api-docs.json");
        // A previous file is replaced whole.
        std::fs::write(&out, "old").unwrap();
        fetch("Ecs", "2014-05-26", Lang::Zh, &format!("{base_url}/"), &out).expect("fetched");
        assert_eq!(request_line(&server.join().unwrap()), format!("GET {ECS_PATH} HTTP/1.1"));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), body);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Runs a fetch expected to fail over a previous good file; its error, after checking that the
    /// previous file is untouched and nothing else was written.
    fn failing_fetch(name: &str, code: &str, status: &str, content_type: &str, body: &str) -> String {
        let (base_url, server) = serve_once(status, content_type, body);
        let dir = temp_dir(name);
        let previous = dir.join("api-docs.json");
        std::fs::write(&previous, RPC_BODY).unwrap();
        let error = fetch(code, "2014-05-26", Lang::Zh, &base_url, &previous).expect_err("refused");
        server.join().unwrap();
        assert_eq!(std::fs::read_to_string(&previous).unwrap(), RPC_BODY, "the previous file is kept");
        assert_eq!(entries(&dir), ["api-docs.json"], "nothing else is written");
        let fresh = dir.join("fresh").join("api-docs.json");
        let (base_url, server) = serve_once(status, content_type, body);
        fetch(code, "2014-05-26", Lang::Zh, &base_url, &fresh).expect_err("refused");
        server.join().unwrap();
        assert!(!fresh.exists() && !fresh.parent().unwrap().exists(), "no file (nor directory) without a good download");
        std::fs::remove_dir_all(&dir).unwrap();
        error
    }

    #[test]
    fn not_found_is_an_error_naming_the_url_and_status() {
        let error = failing_fetch("404", "Ecs", "404 Not Found", "text/html", "<html><body>No such product</body></html>");
        assert!(error.contains("HTTP 404 Not Found"), "{error}");
        assert!(error.contains(ECS_PATH), "{error}");
        assert!(error.contains("No such product"), "{error}");
    }

    #[test]
    fn a_body_that_is_not_json_is_refused() {
        let error = failing_fetch("not-json", "Ecs", "200 OK", "text/html", "<!DOCTYPE html><html>maintenance</html>");
        assert!(error.contains("not RPC API metadata") && error.contains("not JSON"), "{error}");
        assert!(error.contains("<!DOCTYPE html>"), "{error}");
    }

    #[test]
    fn a_roa_product_is_refused() {
        let body = r#"{"version":"1.0","info":{"style":"ROA","product":"CS","version":"2015-12-15"},"apis":{"DescribeClusters":{}}}"#;
        let error = failing_fetch("roa", "CS", "200 OK", "application/json", body);
        assert!(error.contains("`ROA`") && error.contains("only RPC"), "{error}");
    }

    #[test]
    fn json_that_is_not_metadata_is_refused() {
        let error = failing_fetch("no-apis", "Ecs", "200 OK", "application/json", r#"{"code":"NotFound","message":"no such version"}"#);
        assert!(error.contains("no `apis`"), "{error}");
    }

    #[test]
    fn another_product_or_version_is_refused() {
        let error = failing_fetch("product", "Vpc", "200 OK", "application/json", RPC_BODY);
        assert!(error.contains("for product `Ecs` version 2014-05-26, not `Vpc` 2014-05-26"), "{error}");
        let body = RPC_BODY.replace(r#""version":"2014-05-26""#, r#""version":"2016-03-14""#);
        let error = failing_fetch("version", "Ecs", "200 OK", "application/json", &body);
        assert!(error.contains("for product `Ecs` version 2016-03-14, not `Ecs` 2014-05-26"), "{error}");
    }

    #[test]
    fn bad_arguments_are_refused_before_any_io() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let dir = temp_dir("bad-arguments");
        let out = dir.join("sub").join("api-docs.json");
        for version in ["2014-5-26", "20140526", "2014-13-01", "2014-05-32", "2014-05-2x", "latest", "", "２０１４-05-26"] {
            let error = fetch("Ecs", version, Lang::En, &base_url, &out).expect_err(version);
            assert!(error.contains("YYYY-MM-DD") && error.contains(&format!("`{version}`")), "{error}");
        }
        for code in ["", "../Ecs", "Ecs/x", "Ecs?x", "-Ecs"] {
            let error = fetch(code, "2014-05-26", Lang::En, &base_url, &out).expect_err(code);
            assert!(error.contains("not a product code"), "{error}");
        }
        for base in ["api.aliyun.com", "ftp://api.aliyun.com", "https://api.aliyun.com/meta", "https://api.aliyun.com?x=1"] {
            let error = fetch("Ecs", "2014-05-26", Lang::En, base, &out).expect_err(base);
            assert!(error.contains("--base-url"), "{error}");
        }
        assert!(accept_within(&listener, Duration::from_millis(100)).is_none(), "no request was made");
        assert!(!out.parent().unwrap().exists(), "nothing was written");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn urls_and_default_files() {
        assert_eq!(url(Lang::En.base_url(), "Ecs", "2014-05-26", Lang::En), format!("https://api.alibabacloud.com{ECS_PATH}?language=EN_US"));
        assert_eq!(
            url(Lang::Zh.base_url(), "alikafka", "2019-09-16", Lang::Zh),
            "https://api.aliyun.com/meta/v1/products/alikafka/versions/2019-09-16/api-docs.json"
        );
        let root = Path::new("/ws");
        assert_eq!(default_out(root, "Ecs", "2014-05-26", Lang::Zh), Path::new("/ws/target/api-docs/ecs-2014-05-26/api-docs.json"));
        assert_eq!(default_out(root, "Iot", "2018-01-20", Lang::En), Path::new("/ws/target/api-docs/iot-2018-01-20/api-docs.en.json"));
    }

    #[test]
    fn body_start_is_one_short_line() {
        assert_eq!(body_start(b""), "(empty)");
        assert_eq!(body_start(b"  <html>\n  <p>gone</p>\n"), "`<html> <p>gone</p>`");
        let long = "x".repeat(1000);
        assert_eq!(body_start(long.as_bytes()), format!("`{}...`", "x".repeat(BODY_START)));
    }
}
