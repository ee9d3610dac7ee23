//! The command line (`shared/spec/fixtures.md`): every flag documented, each with a CONTACTD_* fallback.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "contactd",
    version,
    about = "A Chatwoot-compatible contacts API in one binary, backed by one SQLite file",
    long_about = "A Chatwoot-compatible contacts API in one binary, backed by one SQLite file.\n\n\
                  Start with: contactd serve --fixtures fixtures/demo.json"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create/migrate the database, load fixtures, and serve the HTTP API.
    Serve(ServeArgs),
    /// Load fixture files into a database (creating and migrating it if needed) without serving.
    Seed(SeedArgs),
    /// Import contacts from a CSV file into an account, as `POST .../contacts/import` does. Running the
    /// same file again after an interruption resumes where it stopped.
    Import(ImportArgs),
    /// Export an account's contacts as CSV, as `POST .../contacts/export` does.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// SQLite database file; created if missing.
    #[arg(long, env = "CONTACTD_DB", default_value = "./contactd.sqlite3")]
    pub db: PathBuf,
    /// Address to listen on; port 0 picks a free port (the chosen address is printed).
    #[arg(long, env = "CONTACTD_BIND", default_value = "127.0.0.1:3000")]
    pub bind: String,
    /// Fixture file to load before serving; repeat for several (loaded in order, each in one
    /// transaction). In CONTACTD_FIXTURES, separate files with commas.
    #[arg(long = "fixtures", env = "CONTACTD_FIXTURES", value_delimiter = ',')]
    pub fixtures: Vec<PathBuf>,
    /// Seconds a presence heartbeat keeps a contact online (availability_status, /contacts/active).
    #[arg(long, env = "CONTACTD_PRESENCE_TTL", default_value_t = 20, value_parser = clap::value_parser!(i64).range(1..))]
    pub presence_ttl: i64,
    /// Delete the database file (and its -wal/-shm) first, so the fixtures load into an empty database.
    #[arg(long)]
    pub fresh: bool,
    /// HTTP worker threads; 0 means one per CPU core.
    #[arg(long, env = "CONTACTD_WORKERS", default_value_t = 0)]
    pub workers: usize,
    /// Let `avatar_url` downloads reach loopback, private, link-local and other non-public addresses.
    /// Off by default, so API users cannot make the server fetch from its own network; turn it on
    /// when avatars are served from an internal host.
    #[arg(long, env = "CONTACTD_ALLOW_PRIVATE_AVATAR_URLS", value_parser = clap::builder::BoolishValueParser::new())]
    pub allow_private_avatar_urls: bool,
}

#[derive(Debug, clap::Args)]
pub struct SeedArgs {
    /// SQLite database file; created if missing.
    #[arg(long, env = "CONTACTD_DB", default_value = "./contactd.sqlite3")]
    pub db: PathBuf,
    /// Delete the database file (and its -wal/-shm) first.
    #[arg(long)]
    pub fresh: bool,
    /// Fixture files to load, in order, each in one transaction.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// SQLite database file; created if missing.
    #[arg(long, env = "CONTACTD_DB", default_value = "./contactd.sqlite3")]
    pub db: PathBuf,
    /// Account to import into.
    #[arg(long, env = "CONTACTD_ACCOUNT")]
    pub account: i64,
    /// CSV file with a header row (identifier, email, phone_number, name, company, city, labels; any other
    /// column becomes a custom attribute). Rows that fail go to FILE.failed.csv.
    pub file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// SQLite database file; created if missing.
    #[arg(long, env = "CONTACTD_DB", default_value = "./contactd.sqlite3")]
    pub db: PathBuf,
    /// Account to export from.
    #[arg(long, env = "CONTACTD_ACCOUNT")]
    pub account: i64,
    /// Columns, in order, comma separated (default id,name,email,phone_number). Known: id, name, email,
    /// phone_number, account_id, created_at, updated_at, additional_attributes, identifier,
    /// custom_attributes, last_activity_at, contact_type, location, country_code, blocked.
    #[arg(long, value_delimiter = ',')]
    pub columns: Vec<String>,
    /// JSON file with a filter (the body of `POST .../contacts/filter`, or just its `payload` array).
    #[arg(long)]
    pub filter: Option<PathBuf>,
    /// Only contacts with this label (ignored when --filter is given).
    #[arg(long)]
    pub label: Option<String>,
    /// Write the CSV here instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}
