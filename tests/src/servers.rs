//! Real object-store servers for the remote tests, started on 127.0.0.1 and stopped when
//! dropped: nginx with WebDAV (`NGINX_BIN` and `NGINX_DAV_MODULE`, Debian's packages unpacked by
//! `scripts/tools.sh`, run as the invoking user) and Garage,
//! an S3-compatible store (`GARAGE_BIN`, built by `scripts/tools.sh`). Also a TCP relay that
//! dies after passing a given number of bytes, for "the server died mid-transfer".

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{what} did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Kills a server's whole process group (nginx's workers, say) and reaps it.
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// nginx serving WebDAV from a temporary folder.
pub struct Nginx {
    dir: tempfile::TempDir,
    /// Its port.
    pub port: u16,
    child: Option<Child>,
}

impl Nginx {
    /// Starts nginx (`NGINX_BIN`, default `/usr/sbin/nginx`) on a free port.
    pub fn start() -> Nginx {
        Nginx::start_with(None)
    }

    /// Starts nginx asking for HTTP Basic credentials `(user, password)`.
    pub fn start_with_auth(user: &str, password: &str) -> Nginx {
        Nginx::start_with(Some((user, password)))
    }

    fn start_with(auth: Option<(&str, &str)>) -> Nginx {
        let dir = tempfile::tempdir().expect("nginx dir");
        let port = free_port();
        let d = dir.path().display();
        for sub in ["dav", "body"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("nginx folders");
        }
        let module = std::env::var("NGINX_DAV_MODULE")
            .unwrap_or_else(|_| "/usr/lib/nginx/modules/ngx_http_dav_ext_module.so".into());
        assert!(
            Path::new(&module).is_file(),
            "{module} missing: run scripts/test.sh, which fetches nginx and libnginx-mod-http-dav-ext \
             under .tools/ (or set NGINX_BIN and NGINX_DAV_MODULE)"
        );
        // `user root;` only as root: workers would otherwise run as nobody and fail to write.
        let user = if is_root() { "user root;" } else { "" };
        let auth = match auth {
            None => String::new(),
            Some((user, password)) => {
                let out = Command::new("openssl")
                    .args(["passwd", "-apr1", password])
                    .output()
                    .expect("openssl passwd");
                let hash = String::from_utf8_lossy(&out.stdout).trim().to_string();
                std::fs::write(dir.path().join("htpasswd"), format!("{user}:{hash}\n"))
                    .expect("htpasswd");
                format!("auth_basic \"uvcache\"; auth_basic_user_file {d}/htpasswd;")
            }
        };
        let config = format!(
            "load_module {module};\n{user} daemon off; pid {d}/nginx.pid; error_log {d}/error.log;\n\
             events {{}}\n\
             http {{ client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;\n\
               fastcgi_temp_path {d}/fastcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
               access_log {d}/access.log;\n\
               server {{ listen 127.0.0.1:{port}; root {d}/dav;\n\
                 location / {{ dav_methods PUT DELETE MKCOL COPY MOVE; dav_ext_methods PROPFIND OPTIONS;\n\
                   create_full_put_path on; client_max_body_size 0; {auth} }} }} }}\n"
        );
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, config).expect("nginx.conf");
        let bin = std::env::var("NGINX_BIN").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        // `-p` and `-e`: nothing under the packaged prefix or /var/log is touched (no root).
        let child = Command::new(&bin)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {bin}: {e} (run scripts/test.sh, which fetches it)")
            });
        wait_for_port(port, "nginx");
        Nginx {
            dir,
            port,
            child: Some(child),
        }
    }

    /// The remote URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("webdav+http://127.0.0.1:{}/{path}", self.port)
    }

    /// The folder it serves (what a remote holds, on disk).
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("dav")
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            kill_group(&mut child);
        }
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A single-node Garage with one bucket and one key.
pub struct Garage {
    dir: tempfile::TempDir,
    child: Option<Child>,
    s3_port: u16,
    /// The bucket.
    pub bucket: String,
    key_id: String,
    secret: String,
}

impl Garage {
    fn bin() -> PathBuf {
        let bin = std::env::var_os("GARAGE_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("garage"));
        assert!(
            Command::new(&bin)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success()),
            "{} missing: cargo install garage --version 2.5.0 --locked, set GARAGE_BIN, or run scripts/test.sh",
            bin.display()
        );
        bin
    }

    fn cli(&self, args: &[&str]) -> String {
        let out = crate::run(
            Command::new(Self::bin())
                .arg("-c")
                .arg(self.dir.path().join("garage.toml"))
                .args(args),
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts Garage, lays out its one node, and creates a bucket and a key.
    pub fn start() -> Garage {
        let dir = tempfile::tempdir().expect("garage dir");
        let (rpc, s3, admin) = (free_port(), free_port(), free_port());
        let d = dir.path().display();
        let secret: String = (0..4)
            .map(|i| {
                format!(
                    "{:016x}",
                    std::process::id() as u64 * 7919 + rpc as u64 * 31 + i
                )
            })
            .collect();
        let config = format!(
            "metadata_dir = \"{d}/meta\"\ndata_dir = \"{d}/data\"\ndb_engine = \"sqlite\"\n\
             replication_factor = 1\nrpc_bind_addr = \"127.0.0.1:{rpc}\"\n\
             rpc_public_addr = \"127.0.0.1:{rpc}\"\nrpc_secret = \"{secret}\"\n\
             [s3_api]\ns3_region = \"garage\"\napi_bind_addr = \"127.0.0.1:{s3}\"\n\
             root_domain = \".s3.garage.localhost\"\n[admin]\napi_bind_addr = \"127.0.0.1:{admin}\"\n"
        );
        std::fs::write(dir.path().join("garage.toml"), config).expect("garage.toml");
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log");
        let child = Command::new(Self::bin())
            .arg("-c")
            .arg(dir.path().join("garage.toml"))
            .arg("server")
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("start garage");
        let mut garage = Garage {
            dir,
            child: Some(child),
            s3_port: s3,
            bucket: "uvcache".into(),
            key_id: String::new(),
            secret: String::new(),
        };
        wait_for_port(s3, "garage");
        let id = garage.cli(&["node", "id", "-q"]);
        let id = id.trim().split('@').next().unwrap_or_default().to_string();
        garage.cli(&["layout", "assign", "-z", "dc1", "-c", "1G", &id]);
        garage.cli(&["layout", "apply", "--version", "1"]);
        garage.cli(&["bucket", "create", "uvcache"]);
        let key = garage.cli(&["key", "create", "uvcache-tests"]);
        let field = |name: &str| {
            key.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_string())
                .unwrap_or_else(|| panic!("no {name} in: {key}"))
        };
        garage.key_id = field("Key ID:");
        garage.secret = field("Secret key:");
        garage.cli(&[
            "bucket",
            "allow",
            "--read",
            "--write",
            "uvcache",
            "--key",
            "uvcache-tests",
        ]);
        garage
    }

    /// The remote URL of `prefix` in the bucket.
    pub fn url(&self, prefix: &str) -> String {
        format!("s3://{}/{prefix}", self.bucket)
    }

    /// The variables a client needs: the key, the endpoint, the region.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID".into(), self.key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY".into(), self.secret.clone()),
            (
                "AWS_ENDPOINT_URL".into(),
                format!("http://127.0.0.1:{}", self.s3_port),
            ),
            ("AWS_REGION".into(), "garage".into()),
        ]
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            kill_group(&mut child);
        }
    }
}

/// A TCP relay to `upstream` that passes `limit` bytes (both directions together) and then
/// dies: every connection is cut and no new one is answered, as a server that crashed.
pub struct DyingRelay {
    /// Its port.
    pub port: u16,
    passed: Arc<AtomicU64>,
    dead: Arc<AtomicBool>,
}

impl DyingRelay {
    /// Starts relaying to `127.0.0.1:upstream`.
    pub fn start(upstream: u16, limit: u64) -> DyingRelay {
        let listener = TcpListener::bind("127.0.0.1:0").expect("relay");
        let port = listener.local_addr().expect("relay addr").port();
        let passed = Arc::new(AtomicU64::new(0));
        let dead = Arc::new(AtomicBool::new(false));
        let (p, d) = (passed.clone(), dead.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if d.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                for (mut from, mut to) in [
                    (
                        client.try_clone().expect("clone"),
                        server.try_clone().expect("clone"),
                    ),
                    (server, client),
                ] {
                    let (p, d) = (p.clone(), d.clone());
                    std::thread::spawn(move || {
                        let mut buffer = [0u8; 8192];
                        loop {
                            let n = match from.read(&mut buffer) {
                                Ok(0) | Err(_) => break,
                                Ok(n) => n,
                            };
                            let total = p.fetch_add(n as u64, Ordering::SeqCst) + n as u64;
                            if total > limit || d.load(Ordering::SeqCst) {
                                d.store(true, Ordering::SeqCst);
                                break;
                            }
                            if to.write_all(&buffer[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = from.shutdown(Shutdown::Both);
                        let _ = to.shutdown(Shutdown::Both);
                    });
                }
            }
        });
        DyingRelay { port, passed, dead }
    }

    /// Whether it has died.
    pub fn died(&self) -> bool {
        self.dead.load(Ordering::SeqCst)
    }

    /// Bytes it passed.
    pub fn passed(&self) -> u64 {
        self.passed.load(Ordering::SeqCst)
    }
}
