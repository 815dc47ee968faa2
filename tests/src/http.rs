//! A real HTTP/1.1 server on 127.0.0.1 for fetch tests: each route answers with the status,
//! headers and body a test sets, and every request is counted and kept (path and headers), so
//! tests can say "no request", "one conditional request" exactly.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    /// Header names in lowercase.
    pub headers: HashMap<String, String>,
}

/// What a route answers.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Send only this many body bytes, then close (a truncated body).
    pub cut_at: Option<usize>,
    /// Pause after each 64 KiB chunk (a slow download).
    pub chunk_pause: Option<Duration>,
    /// Never answer (a timeout).
    pub hang: bool,
}

impl Reply {
    /// 200 with these headers and body.
    pub fn ok(headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.into(),
            ..Reply::default()
        }
    }

    /// A bodiless reply (304 and the like).
    pub fn status(status: u16, headers: &[(&str, &str)]) -> Reply {
        Reply {
            status,
            ..Reply::ok(headers, Vec::new())
        }
    }
}

type Route = Box<dyn Fn(&Seen) -> Reply + Send + Sync>;

/// The server; it stops with the test process.
pub struct Server {
    pub port: u16,
    routes: Arc<Mutex<HashMap<String, Arc<Route>>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Body bytes sent so far, all routes.
    sent: Arc<Mutex<u64>>,
}

impl Server {
    /// Starts listening on an ephemeral port.
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("address").port();
        let server = Server {
            port,
            routes: Arc::default(),
            seen: Arc::default(),
            sent: Arc::default(),
        };
        let (routes, seen, sent) = (
            server.routes.clone(),
            server.seen.clone(),
            server.sent.clone(),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, seen, sent) = (routes.clone(), seen.clone(), sent.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &routes, &seen, &sent);
                });
            }
        });
        server
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Sets what `path` answers.
    pub fn route(&self, path: &str, reply: impl Fn(&Seen) -> Reply + Send + Sync + 'static) {
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), Arc::new(Box::new(reply)));
    }

    /// Requests made to `path` so far.
    pub fn requests(&self, path: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect()
    }

    /// Body bytes sent so far.
    pub fn sent(&self) -> u64 {
        *self.sent.lock().unwrap()
    }
}

fn serve(
    stream: TcpStream,
    routes: &Mutex<HashMap<String, Arc<Route>>>,
    seen: &Mutex<Vec<Seen>>,
    sent: &Mutex<u64>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let request = Seen { path, headers };
    seen.lock().unwrap().push(request.clone());
    let route = routes.lock().unwrap().get(&request.path).cloned();
    let reply = match route {
        Some(route) => route(&request),
        None => Reply::status(404, &[]),
    };
    if reply.hang {
        std::thread::sleep(Duration::from_secs(60));
        return Ok(());
    }
    let mut out = stream;
    let mut head = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
    let has_length = reply
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-length"));
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !has_length && reply.status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    let body = &reply.body[..reply
        .cut_at
        .unwrap_or(reply.body.len())
        .min(reply.body.len())];
    for chunk in body.chunks(64 * 1024) {
        out.write_all(chunk)?;
        *sent.lock().unwrap() += chunk.len() as u64;
        if let Some(pause) = reply.chunk_pause {
            std::thread::sleep(pause);
        }
    }
    out.flush()?;
    Ok(())
}
