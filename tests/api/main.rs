//! The integration-test crate: each test starts the real app on port 0 with its own temp database,
//! loaded from `tests/fixtures/base.json` (plus any extra fixture the test gives), and talks HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod binary;
mod contacts;
mod csv_cli;
mod exports;
mod imports;
