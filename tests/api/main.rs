//! The integration-test crate: each test starts the real app on port 0 with its own temp database,
//! loaded from `tests/fixtures/base.json` (plus any extra fixture the test gives), and talks HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod active;
mod avatars;
mod binary;
mod contact_actions;
mod contact_inboxes;
mod contacts;
mod conversations;
mod csv_cli;
mod errors;
mod exports;
mod filter;
mod fixtures;
mod imports;
mod labels;
mod merge;
mod notes;
mod public;
mod search;
