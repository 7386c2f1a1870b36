//! The one `tracing` span of a call, seen by a subscriber as an OpenTelemetry exporter sees it.
//! Alone in its test binary: a subscriber set for one thread (`set_default`) can miss a span whose
//! callsite another test's thread registers at the same moment.

use aliyun_rpc_runtime::params::Params;
use aliyun_rpc_runtime::{Client, Credentials, Env, Method, Operation, Product, RetryPolicy};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A made-up product: the runtime knows none of its own.
static EXAMPLE: Product = Product::new("Example", "2020-01-01", "example.{region}.aliyuncs.com");
static CREATE_THING: Operation = Operation::new("CreateThing", Method::Post).with_body(&["Name"]);

fn name(value: &str) -> Params {
    let mut params = Params::new();
    params.scalar("", "Name", &Some(value.to_string()), None).unwrap();
    params
}

/// Every span a subscriber sees: its name, the fields it declares, and the values recorded.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<SpanSeen>>>);

struct SpanSeen {
    name: &'static str,
    declared: Vec<&'static str>,
    values: BTreeMap<&'static str, String>,
}

impl Spans {
    /// The `aliyun_rpc.call` spans.
    fn calls(&self) -> Vec<(Vec<&'static str>, BTreeMap<&'static str, String>)> {
        let spans = self.0.lock().unwrap();
        spans.iter().filter(|s| s.name == "aliyun_rpc.call").map(|s| (s.declared.clone(), s.values.clone())).collect()
    }
}

struct Values<'a>(&'a mut BTreeMap<&'static str, String>);

impl tracing::field::Visit for Values<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name(), value.to_string());
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name(), format!("{value:?}"));
    }
}

impl tracing::Subscriber for Spans {
    fn register_callsite(&self, _: &'static tracing::Metadata<'static>) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::always()
    }

    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut seen = SpanSeen {
            name: span.metadata().name(),
            declared: span.metadata().fields().iter().map(|field| field.name()).collect(),
            values: Default::default(),
        };
        span.record(&mut Values(&mut seen.values));
        let mut spans = self.0.lock().unwrap();
        spans.push(seen);
        tracing::span::Id::from_u64(spans.len() as u64)
    }

    fn record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.lock().unwrap();
        values.record(&mut Values(&mut spans[id.into_u64() as usize - 1].values));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, _: &tracing::Event<'_>) {}

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// One span per call, with fields declared up front (what an OpenTelemetry exporter exports) and
/// recorded from the last attempt; none holds a secret.
#[tokio::test]
async fn a_call_is_one_span_with_its_product_action_attempts_status_request_id_and_retry_reason() {
    let spans = Spans::default();
    let _guard = tracing::subscriber::set_default(spans.clone());
    let server = MockServer::start().await;
    let unavailable = ResponseTemplate::new(503).set_body_string(r#"{"Code":"ServiceUnavailable","Message":"busy","RequestId":"R-1"}"#);
    Mock::given(any()).respond_with(unavailable).up_to_n_times(1).with_priority(1).mount(&server).await;
    let not_found = ResponseTemplate::new(404).set_body_string(r#"{"Code":"Thing.NotFound","Message":"no such thing","RequestId":"R-404"}"#);
    Mock::given(wiremock::matchers::body_string_contains("missing")).respond_with(not_found).with_priority(2).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string(r#"{"RequestId":"R-2"}"#)).mount(&server).await;
    let client = Client::builder(&EXAMPLE)
        .endpoint(server.uri())
        .credentials(Credentials::new("LTAI-span-test", "span-test-secret").with_security_token("span-test-token"))
        .env(Env::from_vars::<String, String>([]))
        .retry_policy(RetryPolicy::standard().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    client.execute::<_, serde_json::Value>(&CREATE_THING, &name("a")).await.unwrap();
    client.execute::<_, serde_json::Value>(&CREATE_THING, &name("missing")).await.unwrap_err();

    let calls = spans.calls();
    assert_eq!(calls.len(), 2, "one span per call");
    for (declared, values) in &calls {
        for field in ["product", "action", "attempt", "http_status", "request_id", "retry_reason", "otel.kind", "otel.status_code"] {
            assert!(declared.contains(&field), "`{field}` is not declared: {declared:?}");
        }
        for secret in ["span-test-secret", "span-test-token"] {
            assert!(values.values().all(|value| !value.contains(secret)), "{values:?}");
        }
    }
    let field = |call: usize, name: &str| calls[call].1.get(name).map(String::as_str);
    assert_eq!(
        [field(0, "product"), field(0, "action"), field(0, "attempt"), field(0, "http_status"), field(0, "request_id"), field(0, "otel.kind")],
        [Some("Example"), Some("CreateThing"), Some("2"), Some("200"), Some("R-2"), Some("client")]
    );
    assert_eq!(field(0, "retry_reason"), Some("transient (ServiceUnavailable)"));
    assert_eq!(field(0, "otel.status_code"), None, "a success leaves the status unset");
    assert_eq!([field(1, "attempt"), field(1, "http_status"), field(1, "request_id")], [Some("1"), Some("404"), Some("R-404")]);
    assert_eq!((field(1, "retry_reason"), field(1, "otel.status_code")), (None, Some("ERROR")));
}
