//! Headless Chromium driven over the DevTools protocol (a websocket), for
//! tests that need a page to keep running: live reload, the error overlay.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use super::serve::poll;

/// A running headless Chromium with one page open (more with
/// [`Browser::new_tab`]); killed when dropped.
pub struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    /// The DevTools port, for opening more tabs.
    port: u16,
    page: Tab,
}

/// One tab of the browser, driven over its own DevTools connection.
pub struct Tab {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

/// Connects to the tab whose DevTools websocket is at `url`.
fn connect(url: &str) -> Tab {
    let (socket, _) = tungstenite::connect(url).expect("connect to the page");
    if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("read timeout");
    }
    Tab { socket, next_id: 0 }
}

impl Browser {
    /// Starts `browser` on `url` and connects to that page.
    pub fn open(browser: &Path, url: &str) -> Browser {
        let profile = tempfile::tempdir().expect("profile folder");
        let child = Command::new(browser)
            .args(super::CHROMIUM_FLAGS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Killed on drop from here on, even if connecting fails.
        let mut guard = ChildGuard(Some(child));
        let active_port = profile.path().join("DevToolsActivePort");
        let port: u16 = poll("Chromium's DevTools port", || {
            let text = std::fs::read_to_string(&active_port).ok()?;
            text.lines().next()?.trim().parse().ok()
        });
        let list_url = format!("http://127.0.0.1:{port}/json/list");
        let socket_url = poll("the page's DevTools target", || {
            let mut response = ureq::get(&list_url).call().ok()?;
            let body = response.body_mut().read_to_string().ok()?;
            let targets: serde_json::Value = serde_json::from_str(&body).ok()?;
            targets.as_array()?.iter().find_map(|target| {
                (target["type"] == "page")
                    .then(|| target["webSocketDebuggerUrl"].as_str().map(str::to_string))
                    .flatten()
            })
        });
        let page = connect(&socket_url);
        Browser {
            child: guard.0.take().expect("chromium"),
            _profile: profile,
            port,
            page,
        }
    }

    /// Opens another tab on `url` (it loads on its own, like a tab the
    /// user opened) and connects to it.
    pub fn new_tab(&self, url: &str) -> Tab {
        let endpoint = format!("http://127.0.0.1:{}/json/new?{url}", self.port);
        let mut response = ureq::put(&endpoint)
            .send_empty()
            .expect("ask Chromium for a new tab");
        let body = response.body_mut().read_to_string().expect("the new tab");
        let target: serde_json::Value = serde_json::from_str(&body).expect("the new tab as JSON");
        let socket_url = target["webSocketDebuggerUrl"]
            .as_str()
            .unwrap_or_else(|| panic!("no DevTools address for the new tab: {body}"));
        connect(socket_url)
    }

    /// The first tab, the one opened with the browser.
    pub fn tab(&mut self) -> &mut Tab {
        &mut self.page
    }

    /// [`Tab::evaluate`] in the first tab.
    pub fn evaluate(&mut self, expression: &str) -> serde_json::Value {
        self.page.evaluate(expression)
    }

    /// [`Tab::wait_until`] in the first tab.
    pub fn wait_until(&mut self, what: &str, expression: &str) {
        self.page.wait_until(what, expression);
    }

    /// [`Tab::text`] of the first tab.
    pub fn text(&mut self) -> String {
        self.page.text()
    }
}

impl Tab {
    /// Evaluates `expression` in the page; its value as JSON (null when the
    /// page is between documents).
    pub fn evaluate(&mut self, expression: &str) -> serde_json::Value {
        self.next_id += 1;
        let id = self.next_id;
        let request = serde_json::json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": { "expression": expression, "returnByValue": true },
        });
        self.socket
            .send(Message::Text(request.to_string().into()))
            .expect("send to Chromium");
        loop {
            let message = self.socket.read().expect("an answer from Chromium");
            let Message::Text(text) = message else {
                continue;
            };
            let Ok(reply) = serde_json::from_str::<serde_json::Value>(text.as_str()) else {
                continue;
            };
            if reply["id"] == id {
                return reply["result"]["result"]["value"].clone();
            }
        }
    }

    /// Sends one DevTools command and returns its `result`; panics with
    /// Chromium's message when the command fails.
    pub fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.try_call(method, params)
            .unwrap_or_else(|error| panic!("{method} failed: {error}"))
    }

    /// [`Tab::call`], with Chromium's error instead of a panic (a node
    /// can go away while the page loads).
    pub fn try_call(
        &mut self,
        method: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        self.next_id += 1;
        let id = self.next_id;
        let request = serde_json::json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(Message::Text(request.to_string().into()))
            .expect("send to Chromium");
        loop {
            let message = self.socket.read().expect("an answer from Chromium");
            let Message::Text(text) = message else {
                continue;
            };
            let Ok(reply) = serde_json::from_str::<serde_json::Value>(text.as_str()) else {
                continue;
            };
            if reply["id"] == id {
                return match reply.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(reply["result"].clone()),
                };
            }
        }
    }

    /// Closes the tab, as the user would.
    pub fn close(mut self) {
        self.next_id += 1;
        let request = serde_json::json!({ "id": self.next_id, "method": "Page.close" });
        self.socket
            .send(Message::Text(request.to_string().into()))
            .expect("send to Chromium");
        let _ = self.socket.flush();
    }

    /// Polls `expression` until it is `true`.
    pub fn wait_until(&mut self, what: &str, expression: &str) {
        poll(what, || (self.evaluate(expression) == true).then_some(()));
    }

    /// The page's visible text.
    pub fn text(&mut self) -> String {
        self.evaluate("document.body ? document.body.innerText : ''")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct ChildGuard(Option<Child>);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
