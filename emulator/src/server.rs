//! The HTTP/1.1 server: accepts connections, reads each request whole, lets the [`Gateway`] decide,
//! and carries out its answer (respond, respond late, or drop the connection).

use crate::control;
use crate::gateway::{Answer, Gateway};
use crate::incoming::Incoming;
use crate::rejection::Rejection;
use crate::responses::Response;
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Larger bodies are refused: RPC parameters are small, and a test server should not buffer
/// whatever a broken client streams at it.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Returned to hyper to close a connection without a response ([`super::Fault::DropConnection`]).
#[derive(Debug)]
struct DroppedByFault;

impl std::fmt::Display for DroppedByFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DroppedByFault {}

/// Serves connections until `shutdown` changes or its sender is dropped; connections then finish
/// the request in flight and close.
pub(crate) async fn serve(listener: TcpListener, gateway: Arc<Gateway>, shutdown: watch::Receiver<()>) {
    let mut stop = shutdown.clone();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // E.g. out of file descriptors under load: wait rather than spin.
                    tracing::warn!(%error, "emulator: accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = stop.changed() => return,
        };
        // Small request/response exchanges: do not wait to coalesce packets.
        let _ = stream.set_nodelay(true);
        let gateway = Arc::clone(&gateway);
        let mut stop_connection = shutdown.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(Arc::clone(&gateway), request));
            let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stop_connection.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
}

async fn handle(gateway: Arc<Gateway>, request: hyper::Request<hyper::body::Incoming>) -> Result<hyper::Response<Full<Bytes>>, DroppedByFault> {
    let (parts, body) = request.into_parts();
    let (body, too_large) = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => (collected.to_bytes(), false),
        // Over the limit, or the client went away mid-body: either way there is no request to check.
        Err(_) => (Bytes::new(), true),
    };
    if parts.uri.path().starts_with(control::PREFIX) && !too_large {
        return Ok(to_hyper(control::answer(&gateway, parts.method.as_str(), parts.uri.path(), &body)));
    }
    let incoming = Incoming::new(parts.method.as_str(), parts.uri.path(), parts.uri.query(), &parts.headers, body);
    if too_large {
        return Ok(to_hyper(gateway.refuse(&incoming, &Rejection::body_too_large(MAX_BODY_BYTES))));
    }
    match gateway.answer(&incoming) {
        Answer::Respond { delay, response } => {
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
            Ok(to_hyper(response))
        }
        Answer::Drop => Err(DroppedByFault),
    }
}

fn to_hyper(response: Response) -> hyper::Response<Full<Bytes>> {
    let mut builder = hyper::Response::builder().status(response.status);
    for (name, value) in &response.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder.body(Full::new(response.body)).unwrap_or_else(|error| {
        // Only a scripted `Reply::Raw` with an impossible status or header gets here.
        let mut fallback = hyper::Response::new(Full::new(Bytes::from(format!("emulator: cannot send the scripted reply: {error}"))));
        *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}
