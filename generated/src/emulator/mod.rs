//! A local IoT Platform emulator, generated from the same specs as the client (feature `emulator`).
//!
//! It serves every action of [`crate::operations::OPERATIONS`] over plain HTTP on loopback, the
//! way the real gateway does: it verifies V3 (`ACS3-HMAC-SHA256`) and V1 (`HMAC-SHA1`) signatures
//! against its credentials, refuses expired timestamps, reused nonces, unknown AccessKeys, unknown
//! actions, unsupported methods, missing and mistyped parameters, enforces each action's documented
//! QPS, and answers valid calls with the action's sample response (in the documented shape, with a
//! fresh `RequestId`). Tests script answers and faults per action and read a journal of requests.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use aliyun_iot::emulator::{Emulator, Fault};
//! let emu = Emulator::start().await?;
//! let client = emu.client();
//! emu.fail_next("QueryProductList", Fault::business("iot.prod.NotExistedProduct", "no such product"));
//! let error = client.query_product_list().current_page(1).page_size(10).send().await.unwrap_err();
//! assert_eq!(error.code(), Some("iot.prod.NotExistedProduct"));
//! let page = client.query_product_list().current_page(1).page_size(10).send().await?;
//! assert_eq!(page.data.unwrap().list.len(), 2);
//! assert_eq!(emu.requests().len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! Enable it with `aliyun-iot = { ..., features = ["emulator"] }` (usually in `[dev-dependencies]`).
//! Outside Rust tests: `cargo xtask emulate --addr 127.0.0.1:8790`.

mod faults;
mod gateway;
mod incoming;
mod journal;
mod rejection;
mod replay;
mod responses;
mod server;
mod throttle;
mod validate;
mod verify;

pub use faults::{Fault, Reply};
pub use journal::RecordedRequest;

use crate::credentials::{Credentials, Env};
use crate::{Client, ClientBuilder};
use gateway::{Gateway, lock};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;

/// The AccessKey pair an emulator accepts when none is configured.
pub const DEFAULT_ACCESS_KEY_ID: &str = "LTAIEmulatorAccessKey";
/// The secret of [`DEFAULT_ACCESS_KEY_ID`].
pub const DEFAULT_ACCESS_KEY_SECRET: &str = "emulator-access-key-secret";

/// A running emulator. It stops serving when dropped.
#[derive(Debug)]
pub struct Emulator {
    gateway: Arc<Gateway>,
    local_addr: SocketAddr,
    /// The first configured credentials: what [`Emulator::client`] signs with.
    credentials: Credentials,
    /// Dropping it stops the accept loop and closes connections after their request in flight.
    _shutdown: watch::Sender<()>,
}

/// Configures an [`Emulator`]: address, accepted credentials, QPS enforcement.
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    addr: SocketAddr,
    credentials: Vec<Credentials>,
    enforce_qps: bool,
    journal_limit: Option<usize>,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder { addr: SocketAddr::from(([127, 0, 0, 1], 0)), credentials: Vec::new(), enforce_qps: true, journal_limit: None }
    }
}

impl EmulatorBuilder {
    /// Where to listen (default `127.0.0.1:0`: loopback, a free port).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Accepts this AccessKey pair; call again to accept several. Without any, the emulator
    /// accepts [`DEFAULT_ACCESS_KEY_ID`] / [`DEFAULT_ACCESS_KEY_SECRET`].
    pub fn credentials(mut self, access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        self.credentials.push(Credentials::new(access_key_id, access_key_secret));
        self
    }

    /// Accepts this temporary (STS) AccessKey: requests must also carry its security token
    /// (`SecurityToken` in V1, `x-acs-security-token` in V3), as the real gateway requires.
    pub fn temporary_credentials(
        mut self,
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        self.credentials.push(Credentials::new(access_key_id, access_key_secret).with_security_token(security_token));
        self
    }

    /// Whether each action's documented QPS is enforced per AccessKey (default `true`); turn it
    /// off for load tests.
    pub fn enforce_qps(mut self, enforce: bool) -> Self {
        self.enforce_qps = enforce;
        self
    }

    /// Keeps only the most recent `limit` requests in the journal (default: all), for emulators
    /// that serve for long.
    pub fn journal_limit(mut self, limit: usize) -> Self {
        self.journal_limit = Some(limit);
        self
    }

    /// Binds and starts serving on the current Tokio runtime.
    pub async fn start(self) -> std::io::Result<Emulator> {
        let mut accepted = self.credentials;
        if accepted.is_empty() {
            accepted.push(Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET));
        }
        let credentials = accepted[0].clone();
        let by_id: HashMap<String, Credentials> = accepted.into_iter().map(|c| (c.access_key_id().to_string(), c)).collect();
        let gateway = Gateway::new(crate::operations::OPERATIONS, by_id, self.enforce_qps, self.journal_limit).map_err(std::io::Error::other)?;
        let gateway = Arc::new(gateway);
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let local_addr = listener.local_addr()?;
        let (shutdown, stop) = watch::channel(());
        tokio::spawn(server::serve(listener, Arc::clone(&gateway), stop));
        Ok(Emulator { gateway, local_addr, credentials, _shutdown: shutdown })
    }
}

impl Emulator {
    /// An emulator on a free loopback port with the default credentials and QPS enforcement.
    pub async fn start() -> std::io::Result<Emulator> {
        EmulatorBuilder::default().start().await
    }

    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// `http://127.0.0.1:PORT`: the endpoint to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The (first) credentials the emulator accepts, security token included if temporary.
    pub fn credentials(&self) -> Credentials {
        self.credentials.clone()
    }

    pub fn access_key_id(&self) -> &str {
        self.credentials.access_key_id()
    }

    pub fn access_key_secret(&self) -> &str {
        self.credentials.access_key_secret()
    }

    /// A client builder pointed at the emulator with its credentials, isolated from the process
    /// environment (no region, profile or endpoint variables leak in); adjust and `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder().env(Env::from_vars(std::iter::empty::<(String, String)>())).endpoint(self.base_url()).credentials(self.credentials())
    }

    /// A client with default settings (V3 signatures, retries, rate limiting) pointed at the emulator.
    pub fn client(&self) -> Client {
        self.client_builder().build().expect("an http://127.0.0.1 endpoint with static credentials is a valid configuration")
    }

    /// Answers the next valid calls of `action` with `replies`, in order, after any already queued.
    ///
    /// Panics if the emulator does not serve `action`: a misspelt name would otherwise be a
    /// script that silently never plays.
    pub fn script(&self, action: &str, replies: impl IntoIterator<Item = Reply>) {
        self.assert_served(action);
        lock(&self.gateway.scripts).enqueue(action, replies);
    }

    /// Answers the next valid call of `action` with `fault`.
    pub fn fail_next(&self, action: &str, fault: Fault) {
        self.script(action, [Reply::Fault(fault)]);
    }

    /// Answers every valid call of `action` with `reply` once its queue is empty (`None`: the sample again).
    pub fn set_standing_reply(&self, action: &str, reply: Option<Reply>) {
        self.assert_served(action);
        lock(&self.gateway.scripts).set_standing(action, reply);
    }

    fn assert_served(&self, action: &str) {
        let actions: Vec<&str> = crate::operations::OPERATIONS.iter().map(|op| op.action).collect();
        assert!(actions.contains(&action), "the emulator serves no action `{action}`; it serves {}", actions.join(", "));
    }

    /// Forgets every queued and standing reply.
    pub fn clear_scripts(&self) {
        lock(&self.gateway.scripts).clear();
    }

    /// Every request received so far (the most recent ones under a
    /// [`journal_limit`](EmulatorBuilder::journal_limit)), in order of arrival, refused ones included.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.gateway.journal).entries().cloned().collect()
    }

    /// The journaled requests that named `action`.
    pub fn requests_for(&self, action: &str) -> Vec<RecordedRequest> {
        lock(&self.gateway.journal).entries().filter(|r| r.action.as_deref() == Some(action)).cloned().collect()
    }

    /// How many requests arrived since the start, whether or not the journal still holds them.
    pub fn requests_received(&self) -> u64 {
        lock(&self.gateway.journal).received()
    }

    /// Empties the journal (the count of requests received stays).
    pub fn clear_requests(&self) {
        lock(&self.gateway.journal).clear();
    }
}
