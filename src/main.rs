//! The `contactd` binary: parse the command line, set up logging, hand over to the library.

use clap::Parser;
use contactd::cli::{Cli, Command};
use contactd::clock::Clock;
use contactd::csv_cli;
use contactd::db::Db;
use contactd::fixtures;
use contactd::startup::{Application, Settings};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("contactd: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let clock = Clock::system();
    match cli.command {
        Command::Seed(args) => {
            if args.fresh {
                remove_db(&args.db)?;
            }
            let db = Db::open(&args.db, 2).map_err(|e| e.to_string())?;
            for file in &args.files {
                load(&db, file, &clock)?;
            }
            Ok(())
        }
        Command::Import(args) => {
            println!("{}", csv_cli::import(&args, &clock)?);
            Ok(())
        }
        Command::Export(args) => {
            eprintln!("{}", csv_cli::export(&args, &clock)?);
            Ok(())
        }
        Command::Serve(args) => {
            if args.fresh {
                remove_db(&args.db)?;
            }
            let db = Db::open(&args.db, 8).map_err(|e| e.to_string())?;
            let mut hint = None;
            for file in &args.fixtures {
                hint = load(&db, file, &clock)?.or(hint);
            }
            let settings = Settings {
                db: args.db.clone(),
                bind: args.bind,
                presence_ttl: args.presence_ttl,
                workers: args.workers,
                allow_private_avatar_urls: args.allow_private_avatar_urls,
            };
            actix_web::rt::System::new().block_on(async move {
                let app = Application::build(&settings, db, clock).map_err(|e| e.to_string())?;
                let url = app.url();
                println!("listening on {url}");
                if let Some((account_id, token)) = hint {
                    println!("try: curl -H 'api_access_token: {token}' {url}/api/v1/accounts/{account_id}/contacts");
                }
                let _ = std::io::stdout().flush();
                app.run_until_stopped().await.map_err(|e| e.to_string())
            })
        }
    }
}

/// Removes a database file and its WAL companions, if present.
fn remove_db(path: &std::path::Path) -> Result<(), String> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => log::info!("removed {}", std::path::Path::new(&p).display()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(format!(
                    "cannot remove {}: {e}",
                    std::path::Path::new(&p).display()
                ));
            }
        }
    }
    Ok(())
}

/// Loads one fixture file; returns an (account, token) a user can try requests with.
fn load(db: &Db, file: &std::path::Path, clock: &Clock) -> Result<Option<(i64, String)>, String> {
    let summary = fixtures::load_file(db, file, clock.now()).map_err(|e| e.to_string())?;
    log::info!(
        "loaded {}: {} accounts, {} users, {} inboxes, {} contacts, {} conversations, {} notes",
        file.display(),
        summary.accounts,
        summary.users,
        summary.inboxes,
        summary.contacts,
        summary.conversations,
        summary.notes
    );
    Ok(summary.example)
}
