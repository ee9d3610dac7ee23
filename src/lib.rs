//! contactd: a Chatwoot-compatible contacts API backed by one SQLite file.
//!
//! `main.rs` only parses the command line and calls in here. See ARCHITECTURE.md for the map.

/// HTTP handlers, request parsing and Chatwoot's JSON views (the only module that knows actix-web).
pub mod api;
/// The command line: subcommands and flags.
pub mod cli;
/// The one source of "now", shiftable in tests.
pub mod clock;
/// `contactd import` / `contactd export`: progress and summaries around the shared import and export code.
pub mod csv_cli;
/// CSV in and out of contacts: import header and row mapping, file checks, export cells.
pub mod csv_io;
/// Storage: pool, migrations and SQL (the only module that knows rusqlite).
pub mod db;
/// Pure product rules: contacts, validation, sorting, paging, channels, the filter DSL.
pub mod domain;
/// The one error type and the bodies it renders.
pub mod error;
/// The fixture file format and its transactional loader.
pub mod fixtures;
/// The server's background import worker.
pub mod import_worker;
/// Server construction: bind, then serve.
pub mod startup;
