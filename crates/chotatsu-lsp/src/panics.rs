//! Surviving a panic. tower-lsp-server polls every handler's future on the task that serves the
//! connection and catches nothing, so a panic in any handler would unwind through
//! `tower_lsp_server::Server::serve` and end the session. [`CatchPanic`] wraps the whole
//! `LspService`: a request whose handler panics is answered with an `InternalError` (-32603) naming
//! the method and the panic, a notification's panic is dropped, and both are [reported](Reporter).
//! Background lint runs go through [`Reporter::guard`]; [`blocking`] hands a panic on a blocking
//! thread back to the handler or run that waits for it, so it is caught and reported there.
//!
//! The default panic hook stays: it writes the panic and its location to stderr (stdout carries only
//! LSP messages). What a panicking handler leaves behind: the session mutex recovers from poisoning
//! (`Session::lock`), a lint run is redone from the current text on the next request; only
//! tower-lsp-server's cancellation entry for the request's id stays, which matters only to a client
//! that reuses ids. All of this needs `panic = "unwind"`, the default, which no profile changes.

use futures::FutureExt as _;
use futures::future::BoxFuture;
use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Request, Response};
use tower_lsp_server::lsp_types as lsp;
use tower_service::Service;

/// Longest panic message passed on to the client (an `assert_eq!` can print a whole document).
const MAX_MESSAGE_BYTES: usize = 1000;

/// The text of a panic payload (`panic!` gives a `&str` or a `String`), cut to a readable length.
pub(crate) fn message(payload: &(dyn Any + Send)) -> &str {
    let text = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    &text[..text.floor_char_boundary(MAX_MESSAGE_BYTES)]
}

/// Tells about caught panics: each one on stderr and as a `window/logMessage`, the first one of the
/// session also as a `window/showMessage`, so that the user learns that something went wrong without
/// being interrupted on every keystroke by the same bug.
#[derive(Clone, Debug)]
pub(crate) struct Reporter {
    client: Client,
    shown: Arc<AtomicBool>,
}

impl Reporter {
    pub(crate) fn new(client: Client) -> Self {
        Self { client, shown: Arc::new(AtomicBool::new(false)) }
    }

    /// Report a panic that happened while doing `during` (a method name, or what a background run
    /// was doing).
    pub(crate) async fn report(&self, during: &str, message: &str) {
        crate::log(&format!("caught a panic in {during}, still serving: {message}"));
        self.client.log_message(lsp::MessageType::ERROR, format!("chotatsu-lsp: panic in {during}: {message}")).await;
        if !self.shown.swap(true, Ordering::Relaxed) {
            self.client
                .show_message(
                    lsp::MessageType::ERROR,
                    format!(
                        "chotatsu-lsp の内部エラー（{during}）: {message}。この処理は中断しましたが、サーバーは動作を続けます。詳しくはログを見てください。"
                    ),
                )
                .await;
        }
    }

    /// Run a background future, reporting its panic (which would otherwise end only its task,
    /// noticed only on stderr). `None` if it panicked.
    pub(crate) async fn guard<T>(&self, during: impl FnOnce() -> String, fut: impl Future<Output = T>) -> Option<T> {
        match AssertUnwindSafe(fut).catch_unwind().await {
            Ok(v) => Some(v),
            Err(payload) => {
                // Owned: the payload is not `Sync`, so no borrow of it may live across an `.await`.
                let message = message(&*payload).to_owned();
                self.report(&during(), &message).await;
                None
            }
        }
    }
}

/// Run `f` on a blocking thread. Its panic is resumed in the caller, so that it is caught and
/// reported with the request or background run that waited for it; `None` if the task was
/// cancelled (the runtime is shutting down).
pub(crate) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => Some(v),
        Err(e) => match e.try_into_panic() {
            Ok(payload) => std::panic::resume_unwind(payload),
            Err(_) => None,
        },
    }
}

/// The `InternalError` that answers a request whose handler panicked.
fn internal_error(method: &str, message: &str) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: format!("chotatsu-lsp panicked while handling {method}: {message}").into(),
        data: None,
    }
}

/// The language service with every call's panic caught (see the module documentation).
#[derive(Debug)]
pub(crate) struct CatchPanic<S> {
    inner: S,
    reporter: Reporter,
}

impl<S> CatchPanic<S> {
    pub(crate) fn new(inner: S, reporter: Reporter) -> Self {
        Self { inner, reporter }
    }
}

impl<S> Service<Request> for CatchPanic<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let method = req.method().to_owned();
        let id = req.id().cloned();
        let reporter = self.reporter.clone();
        // `call` itself only decodes the parameters; the handler runs when the future is polled.
        let called = std::panic::catch_unwind(AssertUnwindSafe(|| self.inner.call(req)));
        async move {
            let outcome = match called {
                Ok(handler) => AssertUnwindSafe(handler).catch_unwind().await,
                Err(payload) => Err(payload),
            };
            match outcome {
                Ok(response) => response,
                Err(payload) => {
                    let message = message(&*payload).to_owned();
                    reporter.report(&method, &message).await;
                    Ok(id.map(|id| Response::from_error(id, internal_error(&method, &message))))
                }
            }
        }
        .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_of_payloads() {
        let text: Box<dyn Any + Send> = Box::new("静的な文");
        assert_eq!(message(&*text), "静的な文");
        let formatted: Box<dyn Any + Send> = Box::new(format!("index {} out of range", 7));
        assert_eq!(message(&*formatted), "index 7 out of range");
        let other: Box<dyn Any + Send> = Box::new(42_u8);
        assert_eq!(message(&*other), "(no message)");
        // Cut on a character boundary: 瑕 is 3 bytes, so 333 of them fill 999 bytes.
        let long: Box<dyn Any + Send> = Box::new("瑕".repeat(1000));
        assert_eq!(message(&*long), "瑕".repeat(333));
    }

    #[tokio::test]
    async fn a_panic_on_a_blocking_thread_is_resumed_in_the_waiting_future() {
        let outcome = AssertUnwindSafe(blocking(|| -> u8 { panic!("lint run failed") })).catch_unwind().await;
        let payload = outcome.expect_err("the panic comes back");
        assert_eq!(message(&*payload), "lint run failed");
        assert_eq!(blocking(|| 7).await, Some(7));
    }
}
