//! The HTTP client a `Client` sends with: the runtime's own, with the proxies the environment
//! names (read through the builder's `Env`), or one the user gives. Proven through a forward proxy
//! on loopback that notes what it carries.

use aliyun_rpc_runtime::params::Params;
use aliyun_rpc_runtime::{Client, ClientBuilder, Credentials, Env, Error, Method, Operation, Product};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A made-up product: the runtime knows none of its own.
static PRODUCT: Product = Product::new("Example", "2020-01-01", "example.{region}.aliyuncs.com");
static DESCRIBE: Operation = Operation::new("DescribeThings", Method::Post).idempotent();

/// A forward HTTP proxy: for each connection, it notes the first request line (absolute-form,
/// `POST http://host:port/ HTTP/1.1`), connects to the host it names, and relays both ways.
struct Proxy {
    url: String,
    request_lines: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    async fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let request_lines = Arc::new(Mutex::new(Vec::new()));
        let lines = request_lines.clone();
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                tokio::spawn(relay(inbound, lines.clone()));
            }
        });
        Proxy { url, request_lines }
    }

    fn request_lines(&self) -> Vec<String> {
        self.request_lines.lock().unwrap().clone()
    }
}

async fn relay(mut inbound: TcpStream, lines: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut buffer = [0; 4096];
    let line_end = loop {
        let Ok(read @ 1..) = inbound.read(&mut buffer).await else { return };
        head.extend_from_slice(&buffer[..read]);
        if let Some(end) = head.windows(2).position(|pair| pair == b"\r\n") {
            break end;
        }
    };
    let line = String::from_utf8_lossy(&head[..line_end]).into_owned();
    let target = line.split(' ').nth(1).unwrap_or_default();
    let authority = target.strip_prefix("http://").and_then(|rest| rest.split('/').next()).unwrap_or_default().to_string();
    lines.lock().unwrap().push(line);
    // The origin server (hyper, under wiremock) takes the absolute-form request as it is.
    let Ok(mut outbound) = TcpStream::connect(authority).await else { return };
    if outbound.write_all(&head).await.is_ok() {
        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
    }
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string(r#"{"RequestId":"R"}"#)).mount(&server).await;
    server
}

fn builder(server: &MockServer, env: &[(&str, &str)]) -> ClientBuilder {
    Client::builder(&PRODUCT).endpoint(server.uri()).credentials(Credentials::new("id", "secret")).env(Env::from_vars(env.iter().copied()))
}

async fn call(client: &Client) -> Result<serde_json::Value, Error> {
    client.execute(&DESCRIBE, &Params::new()).await
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn the_proxy_the_environment_names_carries_the_requests() {
    for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
        let (server, proxy) = (server().await, Proxy::start().await);
        let client = builder(&server, &[(name, &proxy.url)]).build().unwrap();
        call(&client).await.unwrap();
        assert_eq!(proxy.request_lines(), [format!("POST {}/ HTTP/1.1", server.uri())], "{name}");
        assert_eq!(requests(&server).await, 1, "{name}");
    }
}

#[tokio::test]
async fn no_proxy_another_scheme_s_proxy_and_cgi_leave_requests_direct() {
    let (server, proxy) = (server().await, Proxy::start().await);
    let url = proxy.url.as_str();
    for env in [
        vec![("HTTP_PROXY", url), ("NO_PROXY", "127.0.0.1")],
        vec![("http_proxy", url), ("no_proxy", "example.com, 127.0.0.0/8")],
        // Every host, IP addresses included (as curl has it).
        vec![("ALL_PROXY", url), ("NO_PROXY", "*")],
        // An HTTP endpoint: the HTTPS proxy is not for it.
        vec![("HTTPS_PROXY", url)],
        // In a CGI program, `HTTP_PROXY` may come from a request's `Proxy` header.
        vec![("HTTP_PROXY", url), ("REQUEST_METHOD", "GET")],
    ] {
        let client = builder(&server, &env).build().unwrap();
        call(&client).await.unwrap();
        assert_eq!(proxy.request_lines(), Vec::<String>::new(), "{env:?}");
    }
    assert_eq!(requests(&server).await, 5);
}

#[tokio::test]
async fn a_proxy_variable_that_is_no_url_is_a_configuration_error_that_does_not_quote_it() {
    let server = server().await;
    let error = builder(&server, &[("HTTPS_PROXY", "http://user:pass-word@[::1")]).build().unwrap_err();
    assert!(matches!(&error, Error::Config(message) if message.contains("HTTPS_PROXY") && !message.contains("pass-word")), "{error:?}");
}

/// A client of one's own is used as given: its proxy, not the environment's (here one where
/// nothing listens), and the runtime's `User-Agent` on every request.
#[tokio::test]
async fn an_http_client_of_one_s_own_sends_the_requests() {
    let (server, proxy) = (server().await, Proxy::start().await);
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::http(&proxy.url).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("overridden")
        .build()
        .unwrap();
    let client = builder(&server, &[("HTTP_PROXY", "http://127.0.0.1:9")]).user_agent_suffix("my-app/1.2").http_client(http).build().unwrap();
    assert!(format!("{client:?}").contains(r#"http_client: "given""#), "{client:?}");
    call(&client).await.unwrap();
    call(&client).await.unwrap();
    assert_eq!(proxy.request_lines().len(), 1, "one connection, kept alive");
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    for request in sent {
        let user_agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
        assert!(user_agent.contains("aliyun-rpc-runtime/") && user_agent.ends_with(" my-app/1.2"), "{user_agent}");
    }
}
