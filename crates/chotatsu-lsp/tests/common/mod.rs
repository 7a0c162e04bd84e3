//! A small LSP test client: spawns the real `chotatsu-lsp`, speaks Content-Length framed JSON-RPC
//! over its stdio, answers the server's requests, and times out every wait so that a hang fails the
//! test instead of blocking CI.

// Each test binary uses a part of it; `json!` arguments read better passed by value; the server's
// stderr is echoed so that a failing test shows it.
#![allow(dead_code, unreachable_pub, clippy::needless_pass_by_value, clippy::print_stderr)]

use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any single wait may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications and server requests seen while waiting for something else.
    pub backlog: Vec<Value>,
    /// What `workspace/configuration` answers (one value per item).
    pub configuration: Value,
    /// Server → client requests seen, by method.
    pub server_requests: Vec<Value>,
    /// Lines the server wrote to stderr.
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Client {
    /// Start the server.
    pub fn spawn() -> Self {
        Self::spawn_with_env(&[])
    }

    /// Start the server with extra environment variables (the panic test hook is off unless
    /// `CHOTATSU_LSP_TEST_PANIC` is among them).
    pub fn spawn_with_env(env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chotatsu-lsp"))
            .env_remove("CHOTATSU_LSP_TEST_PANIC")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chotatsu-lsp starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        // Drain stderr so that the server never blocks on it; keep it, and echo it for failing tests.
        let stderr_lines = Arc::new(Mutex::new(Vec::new()));
        let keep = stderr_lines.clone();
        std::thread::spawn(move || {
            let r = BufReader::new(stderr);
            for line in r.lines().map_while(Result::ok) {
                eprintln!("server stderr: {line}");
                keep.lock().expect("stderr lines").push(line);
            }
        });
        Self {
            stdin: child.stdin.take(),
            child,
            rx,
            next_id: 1,
            backlog: Vec::new(),
            configuration: Value::Null,
            server_requests: Vec::new(),
            stderr: stderr_lines,
        }
    }

    /// Start the server and initialize it with these client capabilities and options.
    pub fn initialized(capabilities: Value, options: Value, root: Option<&str>) -> (Self, Value) {
        Self::initialized_with_env(&[], capabilities, options, root)
    }

    /// [`Client::initialized`] with extra environment variables.
    pub fn initialized_with_env(
        env: &[(&str, &str)],
        capabilities: Value,
        options: Value,
        root: Option<&str>,
    ) -> (Self, Value) {
        let mut c = Self::spawn_with_env(env);
        let folders = root.map_or(Value::Null, |r| json!([{ "uri": r, "name": "ws" }]));
        let result = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": options,
                "workspaceFolders": folders,
            }),
        );
        c.notify("initialized", json!({}));
        (c, result)
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("serialize");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request and wait for its response (the whole response object).
    pub fn request_full(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_response(&json!(id))
    }

    /// Send a request and return its result; panics on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let resp = self.request_full(method, params);
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp.get("result").cloned().unwrap_or(Value::Null)
    }

    pub fn wait_response(&mut self, id: &Value) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self.recv(deadline).unwrap_or_else(|| {
                panic!("no response to request {id} within {TIMEOUT:?}; backlog: {:#?}", self.backlog)
            });
            if msg.get("method").is_none() && msg.get("id") == Some(id) {
                return msg;
            }
            self.backlog.push(msg);
        }
    }

    /// Next message from the server, answering server requests on the way. `None` on timeout or
    /// when the server closed stdout.
    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = match self.rx.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            if let (Some(method), Some(id)) = (msg.get("method"), msg.get("id")) {
                let result = match method.as_str() {
                    Some("workspace/configuration") => {
                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                        Value::Array(vec![self.configuration.clone(); n])
                    }
                    _ => Value::Null,
                };
                let id = id.clone();
                self.server_requests.push(msg.clone());
                self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                continue;
            }
            return Some(msg);
        }
    }

    /// Wait for a notification of `method` matching `pred` (the backlog is searched first).
    pub fn wait_notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_notification(method, &pred, TIMEOUT)
            .unwrap_or_else(|| panic!("no {method} notification within {TIMEOUT:?}; backlog: {:#?}", self.backlog))
    }

    pub fn try_wait_notification(
        &mut self,
        method: &str,
        pred: &dyn Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(|m| m["method"] == method && pred(&m["params"])) {
            return Some(self.backlog.remove(i)["params"].take());
        }
        let deadline = Instant::now() + timeout;
        loop {
            let mut msg = self.recv(deadline)?;
            if msg["method"] == method && pred(&msg["params"]) {
                return Some(msg["params"].take());
            }
            self.backlog.push(msg);
        }
    }

    /// Wait for the diagnostics of `uri` at `version` (any version if `None`).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let mut p = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && version.is_none_or(|v| p["version"] == v)
        });
        match p["diagnostics"].take() {
            Value::Array(d) => d,
            _ => Vec::new(),
        }
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": version, "text": text } }),
        );
    }

    /// Shut down and exit; returns the exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not exit within {TIMEOUT:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Read one framed message; `None` at end of stream.
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Client capabilities of a typical push-diagnostics client.
pub fn push_caps() -> Value {
    json!({
        "workspace": {
            "workspaceEdit": { "documentChanges": true },
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "configuration": false
        },
        "textDocument": {
            "publishDiagnostics": { "relatedInformation": true, "versionSupport": true },
            "hover": { "contentFormat": ["markdown"] }
        }
    })
}

/// A file URI for a path.
pub fn file_uri(path: &std::path::Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            let _ = write!(s, "%{b:02X}");
        }
    }
    s
}

/// Apply LSP text edits (UTF-16 positions) to a text, last edit first.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| (e["range"]["start"]["line"].as_u64(), e["range"]["start"]["character"].as_u64()));
    let mut out = text.to_string();
    for e in edits.into_iter().rev() {
        let start = utf16_offset(&out, &e["range"]["start"]);
        let end = utf16_offset(&out, &e["range"]["end"]);
        out.replace_range(start..end, e["newText"].as_str().expect("newText"));
    }
    out
}

/// Byte offset of a UTF-16 position (lines split at \n, \r\n, \r).
pub fn utf16_offset(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().expect("line") as usize;
    let col = pos["character"].as_u64().expect("character") as usize;
    let mut starts = vec![0];
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
        i += 1;
    }
    let start = starts[line];
    let mut units = 0;
    for (j, c) in text[start..].char_indices() {
        if units >= col || c == '\n' || c == '\r' {
            return start + j;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The text edits of a code action's workspace edit (documentChanges or changes).
pub fn action_edits(action: &Value) -> Vec<Value> {
    if let Some(dc) = action["edit"]["documentChanges"].as_array() {
        return dc.iter().flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default()).collect();
    }
    action["edit"]["changes"]
        .as_object()
        .map(|m| m.values().flat_map(|v| v.as_array().cloned().unwrap_or_default()).collect())
        .unwrap_or_default()
}
