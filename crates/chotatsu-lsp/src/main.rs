//! `chotatsu-lsp`: the chotatsu language server, spoken over stdio.
//!
//! stdout carries only LSP messages; logs go to stderr (and to the client as `window/logMessage`).
//! Incoming frames pass through [`guard_stdin`] first, so that a malformed message is answered or
//! logged instead of ending the session (tower-lsp-server stops reading after a decode error).
//! Likewise a panic in a handler fails that request only (see [`panics`]).

#![deny(clippy::print_stdout, clippy::print_stderr)]

mod config;
mod convert;
mod panics;
mod server;
mod session;

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};

/// Largest message body accepted (a 300 KB spec is about 1 MB of JSON; this leaves room).
const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    if let Some(arg) = args.next() {
        let mut out = std::io::stdout().lock();
        let text = match arg.as_str() {
            "--version" | "-V" => format!("chotatsu-lsp {}\n", env!("CARGO_PKG_VERSION")),
            "--help" | "-h" => format!(
                "chotatsu-lsp {}\nThe chotatsu language server. Speaks LSP over stdio; start it from an editor.\n\nUsage: chotatsu-lsp [--stdio]\n",
                env!("CARGO_PKG_VERSION")
            ),
            "--stdio" => String::new(),
            other => {
                log(&format!("unknown argument `{other}`; usage: chotatsu-lsp [--stdio | --version]"));
                return ExitCode::from(2);
            }
        };
        if !text.is_empty() {
            let _ = out.write_all(text.as_bytes());
            return ExitCode::SUCCESS;
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            log(&format!("cannot start the async runtime: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let clean = runtime.block_on(async {
        let (input, stop) = guard_stdin();
        server::serve(input, stop).await
    });
    // stdin is read on a blocking thread that only returns when the client closes it; do not wait.
    runtime.shutdown_timeout(Duration::from_millis(200));
    if clean { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// Write one line to stderr. Failing to log is not worth failing for.
pub(crate) fn log(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "[chotatsu-lsp] {message}");
}

/// Whether `CHOTATSU_LSP_LOG=debug` asks for per-run timings on stderr.
pub(crate) fn debug_enabled() -> bool {
    static DEBUG: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var("CHOTATSU_LSP_LOG").is_ok_and(|v| v == "debug"))
}

/// Read LSP frames from stdin and pass well-formed JSON-RPC messages on to the server. A message
/// that is not JSON-RPC becomes a request for `$/chotatsu/invalidMessage` (answered with an error
/// under the sender's id, if it had one) or a notification of the same name (logged), never a
/// decode error. The watch turns true when `exit` has been passed on or stdin has ended.
fn guard_stdin() -> (tokio::io::DuplexStream, tokio::sync::watch::Receiver<bool>) {
    let (server_side, mut ours) = tokio::io::duplex(1 << 16);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        let mut stdin = BufReader::new(tokio::io::stdin());
        loop {
            let body = match read_frame(&mut stdin).await {
                Ok(Some(body)) => body,
                Ok(None) => break,
                Err(FrameError::Skip(why)) => {
                    log(&format!("dropped a frame: {why}"));
                    continue;
                }
                Err(FrameError::Io(e)) => {
                    log(&format!("cannot read stdin: {e}"));
                    break;
                }
            };
            let (body, exit) = sanitize(body);
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            if ours.write_all(header.as_bytes()).await.is_err() || ours.write_all(&body).await.is_err() {
                break;
            }
            if exit {
                break;
            }
        }
        let _ = ours.shutdown().await;
        let _ = stop_tx.send(true);
    });
    (server_side, stop_rx)
}

enum FrameError {
    Skip(String),
    Io(std::io::Error),
}

/// One frame's body, `None` at the end of input.
async fn read_frame<R: tokio::io::AsyncBufRead + tokio::io::AsyncRead + Unpin>(
    input: &mut R,
) -> Result<Option<Vec<u8>>, FrameError> {
    let mut length: Option<usize> = None;
    let mut bad_length = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = input.read_until(b'\n', &mut line).await.map_err(FrameError::Io)?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            match value.trim().parse::<usize>() {
                Ok(n) => length = Some(n),
                Err(_) => bad_length = Some(value.trim().to_string()),
            }
        }
    }
    let Some(length) = length else {
        return Err(FrameError::Skip(match bad_length {
            Some(v) => format!("Content-Length `{v}` is not a number"),
            None => "no Content-Length header".into(),
        }));
    };
    if length > MAX_MESSAGE_BYTES {
        let skipped =
            tokio::io::copy(&mut input.take(length as u64), &mut tokio::io::sink()).await.map_err(FrameError::Io)?;
        return Err(FrameError::Skip(format!("message of {skipped} bytes is over the limit of {MAX_MESSAGE_BYTES}")));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).await.map_err(FrameError::Io)?;
    Ok(Some(body))
}

/// The body itself if it is a JSON-RPC message (and whether it is `exit`); otherwise a stand-in
/// that the server answers.
fn sanitize(body: Vec<u8>) -> (Vec<u8>, bool) {
    use tower_lsp_server::jsonrpc::{Request, Response};
    if let Ok(req) = serde_json::from_slice::<Request>(&body) {
        let exit = req.method() == "exit";
        return (body, exit);
    }
    if serde_json::from_slice::<Response>(&body).is_ok() {
        return (body, false);
    }
    let parsed = serde_json::from_slice::<serde_json::Value>(&body);
    let reason = match &parsed {
        Ok(_) => "not a JSON-RPC 2.0 message".to_string(),
        Err(e) => format!("not JSON: {e}"),
    };
    let id = parsed.ok().and_then(|v| v.get("id").cloned()).filter(|id| id.is_string() || id.is_i64());
    let mut stand_in = serde_json::json!({
        "jsonrpc": "2.0",
        "method": server::INVALID_MESSAGE,
        "params": { "reason": reason },
    });
    if let (Some(id), Some(obj)) = (id, stand_in.as_object_mut()) {
        obj.insert("id".into(), id);
    }
    log(&format!("received a message that is not JSON-RPC: {reason}"));
    (serde_json::to_vec(&stand_in).unwrap_or_default(), false)
}
