//! `hearth serve` as a real process for the tests: started on a free port
//! (`--port 0`, the address read from its output), stopped when dropped.
//! Every wait polls against a deadline; none sleeps to synchronise.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before a test gives up: generous, since the
/// tests run beside other builds on small machines.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// A running `hearth serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub url: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

/// One answer of the server.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn collect_output(reader: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            let mut text = sink.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    text
}

/// Polls `check` until it gives a value or `DEADLINE` passes.
pub fn poll<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Server {
    /// Starts `hearth serve --port 0 <args>` in `root` and waits until it
    /// prints its address.
    pub fn start(root: &Path, args: &[&str]) -> Server {
        Server::start_with_env(root, args, &[])
    }

    /// [`Server::start`] with extra environment variables.
    pub fn start_with_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start hearth serve");
        let stdout = collect_output(child.stdout.take().expect("stdout"));
        let stderr = collect_output(child.stderr.take().expect("stderr"));
        let mut server = Server {
            child,
            url: String::new(),
            stdout,
            stderr,
        };
        server.url = poll("the server's address", || {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "hearth serve exited with {status}\nstdout:\n{}\nstderr:\n{}",
                    server.stdout(),
                    server.stderr()
                );
            }
            let stdout = server.stdout();
            let line = stdout
                .lines()
                .find(|l| l.starts_with("Serving the site at "))?;
            let url = line
                .trim_start_matches("Serving the site at ")
                .split_whitespace()
                .next()?;
            Some(url.trim_end_matches('/').to_string())
        });
        server
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end by itself; its exit code.
    pub fn wait_for_exit(&mut self) -> i32 {
        poll("hearth serve to stop", || {
            self.child
                .try_wait()
                .expect("wait")
                .map(|status| status.code().unwrap_or(-1))
        })
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into()
    }

    fn reply(response: ureq::http::Response<ureq::Body>) -> Reply {
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let body = response
            .into_body()
            .with_config()
            .limit(100_000_000)
            .read_to_string()
            .unwrap_or_default();
        Reply {
            status,
            headers,
            body,
        }
    }

    /// GET `path`, redirects not followed.
    pub fn get(&self, path: &str) -> Reply {
        let response = Self::agent()
            .get(&format!("{}{path}", self.url))
            .call()
            .expect("GET");
        Self::reply(response)
    }

    /// HEAD `path`.
    pub fn head(&self, path: &str) -> Reply {
        let response = Self::agent()
            .head(&format!("{}{path}", self.url))
            .call()
            .expect("HEAD");
        Self::reply(response)
    }

    /// Polls `path` until its body holds `needle`; the last reply.
    pub fn wait_for_text(&self, path: &str, needle: &str) -> Reply {
        poll(&format!("{path} to show {needle:?}"), || {
            let reply = self.get(path);
            reply.body.contains(needle).then_some(reply)
        })
    }

    /// Polls `path` until it answers `status`.
    pub fn wait_for_status(&self, path: &str, status: u16) -> Reply {
        poll(&format!("{path} to answer {status}"), || {
            let reply = self.get(path);
            (reply.status == status).then_some(reply)
        })
    }

    /// Sends `request_target` exactly as written, so that no client
    /// normalises `..` or encoded characters away; the status and body.
    pub fn raw_get(&self, request_target: &str) -> (u16, String) {
        let address = self.url.trim_start_matches("http://").to_string();
        self.raw_get_for_host(request_target, Some(&address))
    }

    /// [`Server::raw_get`] with this `Host` header (`None`: none at all, as
    /// HTTP/1.0 allows); the status and the whole response.
    pub fn raw_get_for_host(&self, request_target: &str, host: Option<&str>) -> (u16, String) {
        let address = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let request = match host {
            Some(host) => format!(
                "GET {request_target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            ),
            None => format!("GET {request_target} HTTP/1.0\r\n\r\n"),
        };
        stream.write_all(request.as_bytes()).expect("send");
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, response)
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|port| port.parse().ok())
            .expect("a port in the address")
    }

    /// Opens the reload event stream and waits for its `hello`.
    pub fn events(&self) -> Events {
        let response = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent()
            .get(&format!("{}/__hearth/events", self.url))
            .call()
            .expect("open the event stream");
        assert_eq!(response.status().as_u16(), 200);
        assert!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/event-stream"))
        );
        let reader = response.into_body().into_reader();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            let mut data = String::new();
            for line in BufReader::new(reader).lines() {
                let Ok(line) = line else { break };
                if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim().to_string();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push_str(value.trim_start());
                } else if line.is_empty() && !name.is_empty() {
                    let event = Event {
                        name: std::mem::take(&mut name),
                        data: std::mem::take(&mut data),
                    };
                    if sender.send(event).is_err() {
                        break;
                    }
                }
            }
        });
        let events = Events { receiver };
        let hello = events.next();
        assert_eq!(hello.name, "hello", "{}", hello.data);
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One server-sent event.
#[derive(Debug)]
pub struct Event {
    pub name: String,
    pub data: String,
}

/// The reload events, read on a thread of their own.
pub struct Events {
    receiver: mpsc::Receiver<Event>,
}

impl Events {
    /// The next event, within the deadline.
    pub fn next(&self) -> Event {
        self.receiver
            .recv_timeout(DEADLINE)
            .expect("an event before the deadline")
    }

    /// The next event named `name`, skipping others.
    pub fn next_named(&self, name: &str) -> Event {
        self.next_where(&format!("`{name}` event"), |event| event.name == name)
    }

    /// The next `built` event whose changed files include `path`.
    pub fn built_with(&self, path: &str) -> Event {
        let quoted = format!("\"{path}\"");
        self.next_where(&format!("`built` event listing {path}"), |event| {
            event.name == "built" && event.data.contains(&quoted)
        })
    }

    /// The next event that `wanted` accepts, skipping others, before the
    /// deadline; `what` names it when none comes.
    fn next_where(&self, what: &str, wanted: impl Fn(&Event) -> bool) -> Event {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let event = self
                .receiver
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {what} before the deadline"));
            if wanted(&event) {
                return event;
            }
        }
    }
}
