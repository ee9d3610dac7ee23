//! The built binary, run as a user would: flags, environment, stdout/stderr and exit codes.
//! On failure each assertion prints the command, its status, stdout and stderr.

use crate::helpers::*;
use contactd::db::Db;
use serde_json::json;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ENV_VARS: &[&str] = &[
    "CONTACTD_DB",
    "CONTACTD_BIND",
    "CONTACTD_FIXTURES",
    "CONTACTD_PRESENCE_TTL",
    "CONTACTD_WORKERS",
];

/// The binary with a clean environment (no CONTACTD_* from the caller), run inside `dir`.
fn contactd(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_contactd"));
    cmd.args(args).current_dir(dir);
    for v in ENV_VARS {
        cmd.env_remove(v);
    }
    cmd.env("CONTACTD_WORKERS", "1");
    cmd
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            s = format!("{}={} {s}", k.to_string_lossy(), v.to_string_lossy());
        }
    }
    s
}

/// A finished run.
struct Run {
    command: String,
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "\ncommand: {}\nstatus: {}\n\nstdout:\n{}\n\nstderr:\n{}\n",
            self.command, self.status, self.stdout, self.stderr
        )
    }
}

fn run(mut cmd: Command) -> Run {
    let command = describe(&cmd);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command}: {e}"));
    Run {
        command,
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A running `serve`. Dropping it kills the process.
struct Server {
    command: String,
    child: Child,
    lines: Receiver<String>,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    url: String,
    /// One client for the server's life, so a keep-alive connection is open when it is stopped.
    client: reqwest::Client,
}

impl Server {
    /// Starts the command and waits for `listening on http://...`. `Err` holds the failed run.
    fn start(mut cmd: Command) -> Result<Server, Run> {
        let command = describe(&cmd);
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {command}: {e}"));
        let (tx, lines) = channel();
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let out = child.stdout.take().expect("stdout");
        let out_buf = stdout.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                out_buf.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = tx.send(line);
            }
        });
        let mut err = child.stderr.take().expect("stderr");
        let err_buf = stderr.clone();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = err.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                err_buf
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        });
        let mut server = Server {
            command,
            child,
            lines,
            stdout,
            stderr,
            url: String::new(),
            client: reqwest::Client::new(),
        };
        match server.next_line(Duration::from_secs(30)) {
            Some(line) if line.starts_with("listening on http://127.0.0.1:") => {
                server.url = line["listening on ".len()..].to_string();
                Ok(server)
            }
            Some(line) => panic!("unexpected first line {line:?}{}", server.report()),
            None => {
                let status = server.wait(Duration::from_secs(10));
                Err(server.into_run(status))
            }
        }
    }

    fn next_line(&self, timeout: Duration) -> Option<String> {
        self.lines.recv_timeout(timeout).ok()
    }

    /// Waits up to `timeout` for the process to exit.
    fn wait(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    fn sigterm(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed{}", self.report());
    }

    fn report(&self) -> String {
        // Give the reader threads a moment to collect what the process wrote last.
        std::thread::sleep(Duration::from_millis(100));
        format!(
            "\ncommand: {}\n\nstdout:\n{}\n\nstderr:\n{}\n",
            self.command,
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }

    fn into_run(self, status: Option<ExitStatus>) -> Run {
        std::thread::sleep(Duration::from_millis(100));
        Run {
            command: self.command.clone(),
            status: status.unwrap_or_else(|| panic!("did not exit{}", self.report())),
            stdout: self.stdout.lock().unwrap().clone(),
            stderr: self.stderr.lock().unwrap().clone(),
        }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        let mut req = self.client.get(format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.header("api_access_token", t);
        }
        TestApp::finish(req).await
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn started(cmd: Command) -> Server {
    Server::start(cmd).unwrap_or_else(|run| panic!("serve did not start{run}"))
}

fn base() -> String {
    fixture_path("base.json").display().to_string()
}

fn write(dir: &Path, name: &str, v: &serde_json::Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).expect("write fixture");
    p
}

fn count(db_path: &Path, sql: &str) -> i64 {
    let db = Db::open(db_path, 2).expect("open db");
    scalar(&db, sql)
}

/// A fixture whose first entries are valid and whose second contact repeats the first one's email.
fn bad_fixture() -> serde_json::Value {
    json!({
        "accounts": [{"id": 5, "name": "Fifth"}],
        "contacts": [
            {"id": 500, "account_id": 5, "email": "dup@fifth.test"},
            {"id": 501, "account_id": 5, "email": "DUP@fifth.test"}
        ]
    })
}

#[actix_web::test]
async fn serve_reports_its_address_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("serve.sqlite3");
    let cmd = contactd(
        dir.path(),
        &[
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--bind",
            "127.0.0.1:0",
            "--fixtures",
            &base(),
        ],
    );
    let mut server = started(cmd);
    let port: u16 = server.url["http://127.0.0.1:".len()..]
        .parse()
        .unwrap_or_else(|_| panic!("no port in {}{}", server.url, server.report()));
    assert_ne!(port, 0);
    let hint = server.next_line(Duration::from_secs(5));
    assert_eq!(
        hint.as_deref(),
        Some(
            format!(
                "try: curl -H 'api_access_token: tok-admin' {}/api/v1/accounts/1/contacts",
                server.url
            )
            .as_str()
        ),
        "{}",
        server.report()
    );

    let res = server.get("/api", None).await;
    assert_eq!(res.status, 200, "{}", server.report());
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.json()["name"], json!("contactd"));

    let res = server
        .get("/api/v1/accounts/1/contacts", Some("tok-admin"))
        .await;
    assert_eq!(res.status, 200, "{}{}", res.text, server.report());
    assert_eq!(res.json()["meta"], json!({"count": 1, "current_page": 1}));
    assert_eq!(res.json()["payload"][0]["email"], json!("john@example.com"));
    let res = server.get("/api/v1/accounts/1/contacts", None).await;
    assert_eq!(res.status, 401);

    let started_at = Instant::now();
    server.sigterm();
    let status = server.wait(Duration::from_secs(10));
    assert!(
        status.is_some_and(|s| s.success()),
        "after SIGTERM: {status:?} in {:?}{}",
        started_at.elapsed(),
        server.report()
    );
    assert!(db.exists());
}

#[actix_web::test]
async fn seed_then_serve_sees_the_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("seeded.sqlite3");
    let db_arg = db.to_str().unwrap();
    let run1 = run(contactd(dir.path(), &["seed", "--db", db_arg, &base()]));
    assert!(run1.status.success(), "{run1}");
    assert_eq!(count(&db, "SELECT count(*) FROM contacts"), 1);

    let server = started(contactd(
        dir.path(),
        &["serve", "--db", db_arg, "--bind", "127.0.0.1:0"],
    ));
    let res = server
        .get("/api/v1/accounts/1/contacts/10", Some("tok-admin"))
        .await;
    assert_eq!(res.status, 200, "{}{}", res.text, server.report());
    assert_eq!(res.json()["payload"]["name"], json!("John Doe"));
    drop(server);

    // Seeding the same file again is refused: its ids already exist.
    let run2 = run(contactd(dir.path(), &["seed", "--db", db_arg, &base()]));
    assert!(!run2.status.success(), "{run2}");
    assert!(
        run2.stderr.contains(&format!(
            "{}: $.accounts[0].id: id 1 already exists",
            base()
        )),
        "{run2}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM contacts"), 1);
}

#[actix_web::test]
async fn a_bad_fixture_stops_seed_and_serve_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = write(dir.path(), "bad.json", &bad_fixture());
    let bad_arg = bad.to_str().unwrap();
    let message = format!("{bad_arg}: $.contacts[1]: Email has already been taken");

    let db = dir.path().join("seed.sqlite3");
    let r = run(contactd(
        dir.path(),
        &["seed", "--db", db.to_str().unwrap(), &base(), bad_arg],
    ));
    assert!(!r.status.success(), "{r}");
    assert!(r.stderr.contains(&message), "{r}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM accounts WHERE id = 5"),
        0,
        "{r}"
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM contacts WHERE id >= 500"),
        0,
        "{r}"
    );
    // Files before the bad one stay loaded.
    assert_eq!(count(&db, "SELECT count(*) FROM accounts"), 2, "{r}");

    let db = dir.path().join("serve.sqlite3");
    let cmd = contactd(
        dir.path(),
        &[
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--bind",
            "127.0.0.1:0",
            "--fixtures",
            &base(),
            "--fixtures",
            bad_arg,
        ],
    );
    let r = match Server::start(cmd) {
        Ok(server) => panic!("serve started on a bad fixture{}", server.report()),
        Err(run) => run,
    };
    assert!(!r.status.success(), "{r}");
    assert!(r.stderr.contains(&message), "{r}");
    assert!(!r.stdout.contains("listening"), "{r}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM accounts WHERE id = 5"),
        0,
        "{r}"
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM contacts WHERE id >= 500"),
        0,
        "{r}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM accounts"), 2, "{r}");

    // Invalid JSON names the file and the place too.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"contacts\": [{\"account_id\": 1,}]}").unwrap();
    let r = run(contactd(
        dir.path(),
        &[
            "seed",
            "--db",
            db.to_str().unwrap(),
            broken.to_str().unwrap(),
        ],
    ));
    assert!(!r.status.success(), "{r}");
    assert!(
        r.stderr.contains(&format!(
            "{}: $.contacts[0]: trailing comma",
            broken.display()
        )),
        "{r}"
    );
    // A missing file as well.
    let r = run(contactd(
        dir.path(),
        &["seed", "--db", db.to_str().unwrap(), "nope.json"],
    ));
    assert!(!r.status.success(), "{r}");
    assert!(r.stderr.contains("nope.json: $: cannot read"), "{r}");
}

#[actix_web::test]
async fn serve_and_seed_read_their_settings_from_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let extra = write(
        dir.path(),
        "extra.json",
        &json!({"contacts": [{"id": 77, "account_id": 1, "name": "From Env", "email": "env@x.io"}]}),
    );
    let db = dir.path().join("env.sqlite3");
    let mut cmd = contactd(dir.path(), &["serve"]);
    cmd.env("CONTACTD_DB", &db)
        .env("CONTACTD_BIND", "127.0.0.1:0")
        .env(
            "CONTACTD_FIXTURES",
            format!("{},{}", base(), extra.display()),
        );
    let server = started(cmd);
    let res = server
        .get("/api/v1/accounts/1/contacts/77", Some("tok-admin"))
        .await;
    assert_eq!(res.status, 200, "{}{}", res.text, server.report());
    assert_eq!(res.json()["payload"]["name"], json!("From Env"));
    drop(server);
    assert!(db.exists(), "CONTACTD_DB was not used");

    // seed: CONTACTD_DB, and the default ./contactd.sqlite3 in the working directory.
    let other = dir.path().join("env2.sqlite3");
    let mut cmd = contactd(dir.path(), &["seed", &base()]);
    cmd.env("CONTACTD_DB", &other);
    let r = run(cmd);
    assert!(r.status.success(), "{r}");
    assert_eq!(count(&other, "SELECT count(*) FROM contacts"), 1);
    let r = run(contactd(dir.path(), &["seed", &base()]));
    assert!(r.status.success(), "{r}");
    assert_eq!(
        count(
            &dir.path().join("contactd.sqlite3"),
            "SELECT count(*) FROM users"
        ),
        3
    );
}

#[test]
fn help_lists_every_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run(contactd(dir.path(), &["serve", "--help"]));
    assert!(r.status.success(), "{r}");
    for flag in [
        "--db",
        "--bind",
        "--fixtures",
        "--presence-ttl",
        "--workers",
    ] {
        assert!(r.stdout.contains(flag), "{flag} missing{r}");
    }
    for var in [
        "CONTACTD_DB",
        "CONTACTD_BIND",
        "CONTACTD_FIXTURES",
        "CONTACTD_PRESENCE_TTL",
    ] {
        assert!(r.stdout.contains(var), "{var} missing{r}");
    }
    let r = run(contactd(dir.path(), &["seed", "--help"]));
    assert!(r.status.success() && r.stdout.contains("--db"), "{r}");
    let r = run(contactd(dir.path(), &["--help"]));
    assert!(
        r.status.success() && r.stdout.contains("serve") && r.stdout.contains("seed"),
        "{r}"
    );
}

#[test]
fn bad_command_lines_are_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [
        vec!["serve", "--nope"],
        vec!["serve", "--presence-ttl", "0"],
        vec!["serve", "--presence-ttl", "soon"],
        vec!["seed"],
        vec!["frobnicate"],
    ] {
        let r = run(contactd(dir.path(), &args));
        assert_eq!(r.status.code(), Some(2), "{r}");
        assert!(r.stderr.starts_with("error: "), "{r}");
    }
    assert!(!dir.path().join("contactd.sqlite3").exists());
}

#[test]
fn serve_on_a_busy_address_fails_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let db = dir.path().join("busy.sqlite3");
    let cmd = contactd(
        dir.path(),
        &["serve", "--db", db.to_str().unwrap(), "--bind", &addr],
    );
    let r = match Server::start(cmd) {
        Ok(server) => panic!("serve started on a busy port{}", server.report()),
        Err(run) => run,
    };
    assert!(!r.status.success(), "{r}");
    assert!(r.stderr.contains(&format!("cannot bind {addr}")), "{r}");
}

#[actix_web::test]
async fn presence_ttl_sets_the_online_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let online = write(
        dir.path(),
        "online.json",
        &json!({"contacts": [{"id": 88, "account_id": 1, "name": "Ona", "email": "ona@x.io", "online": true}]}),
    );
    let db = dir.path().join("ttl.sqlite3");
    let server = started(contactd(
        dir.path(),
        &[
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--bind",
            "127.0.0.1:0",
            "--presence-ttl",
            "2",
            "--fixtures",
            &base(),
            "--fixtures",
            online.to_str().unwrap(),
        ],
    ));
    let status = async || {
        let res = server
            .get("/api/v1/accounts/1/contacts/88", Some("tok-admin"))
            .await;
        assert_eq!(res.status, 200, "{}{}", res.text, server.report());
        res.json()["payload"]["availability_status"].clone()
    };
    // Loaded at T, asked at most a second later: inside a 2 s window.
    assert_eq!(status().await, json!("online"));
    std::thread::sleep(Duration::from_millis(2050));
    assert_eq!(status().await, json!("offline"));
}
