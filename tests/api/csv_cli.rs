//! `contactd import` and `contactd export`, run as the built binary, including an import killed mid-way.

use crate::helpers::*;
use crate::imports::wait_import;
use contactd::clock::Clock;
use contactd::db::Db;
use contactd::startup::{Application, Settings};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A seeded database in a temp dir.
struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    let handle = Db::open(&db, 2).unwrap();
    contactd::fixtures::load_file(&handle, &fixture_path("base.json"), Clock::system().now())
        .unwrap();
    Env { dir, db }
}

impl Env {
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_contactd"));
        c.args(args)
            .env("CONTACTD_DB", &self.db)
            .env("RUST_LOG", "warn");
        c
    }

    fn import(&self, file: &Path) -> Command {
        self.cmd(&["import", "--account", "1", file.to_str().unwrap()])
    }

    fn handle(&self) -> Db {
        Db::open(&self.db, 2).unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.handle()
            .read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
            .unwrap()
    }
}

/// Runs to the end; on an unexpected exit status, shows the command's output.
fn run(mut cmd: Command, ok: bool) -> (String, String) {
    let out: Output = cmd.output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(
        out.status.success(),
        ok,
        "{cmd:?}\nstatus: {}\nstdout: {stdout}\nstderr: {stderr}",
        out.status
    );
    (stdout, stderr)
}

#[test]
fn import_prints_a_summary_and_writes_failed_rows_next_to_the_file() {
    let env = env();
    let csv = env.file(
        "contacts.csv",
        "email,name,plan\nann@x.io,Ann,free\nbad,Bad,\nJOHN@example.com,John Again,\n",
    );
    let (stdout, stderr) = run(env.import(&csv), true);
    let failed = env.dir.path().join("contacts.csv.failed.csv");
    assert_eq!(
        stdout,
        format!(
            "import #1 completed: 3 rows, 1 created, 1 updated, 1 failed; failed rows written to {}\n",
            failed.display()
        )
    );
    assert!(stderr.contains("row 3: Email Invalid email"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&failed).unwrap(),
        "email,name,plan,errors\nbad,Bad,,Email Invalid email\n"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM contacts WHERE name = 'John Again'"),
        1
    );
    // A second run of a finished file is a new import: its rows update what the first one created.
    let (stdout, _) = run(env.import(&csv), true);
    assert!(
        stdout.starts_with("import #2 completed: 3 rows, 0 created, 2 updated, 1 failed"),
        "{stdout}"
    );
}

#[test]
fn import_refuses_malformed_files_and_unknown_accounts() {
    let env = env();
    let csv = env.file("plans.csv", "plan,seats\npro,3\n");
    let (_, stderr) = run(env.import(&csv), false);
    assert!(
        stderr.contains("contactd: import #1 failed: No header row: the first row must name"),
        "{stderr}"
    );
    let (_, stderr) = run(
        env.cmd(&["import", "--account", "9", csv.to_str().unwrap()]),
        false,
    );
    assert!(stderr.contains("account 9 does not exist"), "{stderr}");
    let (_, stderr) = run(
        env.cmd(&["import", "--account", "1", "/nonexistent/file.csv"]),
        false,
    );
    assert!(
        stderr.contains("cannot open /nonexistent/file.csv"),
        "{stderr}"
    );
    assert_eq!(env.count("SELECT count(*) FROM contacts"), 1);
}

#[test]
fn export_to_stdout_or_a_file_with_columns_filter_and_label() {
    let env = env();
    run(
        env.import(&env.file(
            "more.csv",
            "email,phone_number,name,labels\nann@x.io,,=Ann,vip\n,15550001,Phone Only,\n",
        )),
        true,
    );
    let (stdout, stderr) = run(env.cmd(&["export", "--account", "1"]), true);
    assert_eq!(
        stdout,
        "id,name,email,phone_number\n10,John Doe,john@example.com,+1234567890\n\
         11,'=Ann,ann@x.io,\n12,Phone Only,,+15550001\n"
    );
    assert!(stderr.contains("exported 3 contacts"), "{stderr}");

    let out = env.dir.path().join("out.csv");
    let filter = env.file(
        "filter.json",
        &json!([{"attribute_key": "name", "filter_operator": "contains", "values": ["o"]}])
            .to_string(),
    );
    let (_, stderr) = run(
        env.cmd(&[
            "export",
            "--account",
            "1",
            "--columns",
            "email,id",
            "--filter",
            filter.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]),
        true,
    );
    assert!(
        stderr.contains(&format!("exported 2 contacts to {}", out.display())),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "email,id\njohn@example.com,10\n,12\n"
    );

    let (stdout, _) = run(
        env.cmd(&[
            "export",
            "--account",
            "1",
            "--columns",
            "id",
            "--label",
            "VIP",
        ]),
        true,
    );
    assert_eq!(stdout, "id\n10\n11\n");

    let (_, stderr) = run(
        env.cmd(&["export", "--account", "1", "--columns", "id,bogus"]),
        false,
    );
    assert!(stderr.contains("unknown column \"bogus\""), "{stderr}");
    let bad = env.file(
        "bad.json",
        r#"{"payload": [{"attribute_key": "nope", "filter_operator": "equal_to", "values": ["x"]}]}"#,
    );
    let (_, stderr) = run(
        env.cmd(&[
            "export",
            "--account",
            "1",
            "--filter",
            bad.to_str().unwrap(),
        ]),
        false,
    );
    assert!(
        stderr.contains("invalid filter: Invalid attribute key - [nope]"),
        "{stderr}"
    );
}

const ROWS: usize = 20_000;

fn big_csv(env: &Env) -> PathBuf {
    let mut text = String::from("email,name,plan\n");
    for i in 0..ROWS {
        text.push_str(&format!("user{i}@big.example,User {i},p{}\n", i % 7));
    }
    env.file("big.csv", &text)
}

/// Starts an import of the big file and SIGKILLs it once its first chunk is committed.
fn kill_after_first_chunk(env: &Env, csv: &Path) {
    let db = env.handle();
    let mut child: Child = env
        .import(csv)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let checkpoint: i64 = db
            .read(|c| {
                Ok(c.query_row(
                    "SELECT coalesce(max(checkpoint_offset), 0) FROM data_imports",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        if checkpoint > 0 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it could be killed"
        );
        assert!(
            Instant::now() < deadline,
            "no checkpoint within two minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // What is committed is whole chunks: the counters and the rows agree.
    let (status, created): (String, i64) = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT status, created_records FROM data_imports WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(status, "processing");
    assert!(created > 0 && created < ROWS as i64, "{created}");
    assert_eq!(created % 5000, 0, "{created}");
    assert_eq!(env.count("SELECT count(*) FROM contacts"), 1 + created);
}

fn assert_every_row_once(env: &Env) {
    let n = ROWS as i64;
    assert_eq!(
        env.count("SELECT count(*) FROM contacts WHERE email LIKE '%@big.example'"),
        n
    );
    assert_eq!(
        env.count("SELECT count(DISTINCT email) FROM contacts WHERE email LIKE '%@big.example'"),
        n
    );
    assert_eq!(
        env.count(
            "SELECT count(*) FROM data_imports WHERE id = 1 AND status = 'completed' AND created_records = 20000
             AND updated_records = 0 AND failed_records = 0 AND total_records = 20000"
        ),
        1
    );
}

#[test]
fn import_killed_mid_way_resumes_on_the_next_run_and_applies_every_row_once() {
    let env = env();
    let csv = big_csv(&env);
    kill_after_first_chunk(&env, &csv);
    let (stdout, stderr) = run(env.import(&csv), true);
    assert_eq!(
        stdout,
        "import #1 completed (resumed): 20000 rows, 20000 created, 0 updated, 0 failed\n"
    );
    assert!(stderr.contains("resuming import #1 of"), "{stderr}");
    assert_every_row_once(&env);
}

#[actix_web::test]
async fn import_killed_mid_way_is_resumed_by_the_server_on_start() {
    let env = env();
    let csv = big_csv(&env);
    kill_after_first_chunk(&env, &csv);
    let settings = Settings {
        db: env.db.clone(),
        bind: "127.0.0.1:0".into(),
        presence_ttl: 20,
        workers: 1,
        allow_private_avatar_urls: true,
    };
    let app = Application::build(&settings, env.handle(), Clock::system()).unwrap();
    let url = app.url();
    actix_web::rt::spawn(app.run_until_stopped());
    let deadline = Instant::now() + Duration::from_secs(120);
    while env.count("SELECT count(*) FROM data_imports WHERE status = 'processing'") > 0 {
        assert!(
            Instant::now() < deadline,
            "the server did not finish the import"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    let done = wait_import(&url, 1).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_every_row_once(&env);
}
