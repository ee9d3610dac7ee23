//! Storage: the only module that knows rusqlite. Functions take a `&Connection` (a `Transaction`
//! derefs to one) and hold short, parameterised SQL; no user string is ever formatted into SQL text.

pub mod accounts;
pub mod agents;
pub mod avatars;
pub mod contact_export;
pub mod contact_inboxes;
pub mod contacts;
pub mod conversations;
pub mod custom_attributes;
pub mod imports;
pub mod inboxes;
pub mod labels;
pub mod list_cache;
pub mod merge;
pub mod notes;
pub mod public;
pub mod seed;

use crate::error::{Error, Result};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use rusqlite::Connection as Conn;

mod embedded {
    refinery::embed_migrations!("migrations");
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::internal(format!("sqlite: {e}"))
    }
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error::internal(format!("connection pool: {e}"))
    }
}

/// A pool of connections to one SQLite file.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<SqliteConnectionManager>,
    path: PathBuf,
    list_cache: list_cache::ListCache,
    /// Writers of this process queue here rather than in SQLite's busy handler, which polls with sleeps
    /// of up to 100 ms: under 16 concurrent creates that polling, not the inserts, set the pace.
    writer: Arc<Mutex<()>>,
}

/// Page cache per connection, in MiB.
pub const CACHE_MIB: i64 = 16;

/// Changes this connection's page cache size (bulk loads want a larger one for a while).
pub fn set_cache_mib(conn: &Connection, mib: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", -(mib * 1024))?;
    Ok(())
}

/// Pragmas every pooled connection runs when it is opened.
fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;",
    )?;
    conn.pragma_update(None, "cache_size", -(CACHE_MIB * 1024))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

impl Db {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub fn open(path: &Path, pool_size: u32) -> Result<Db> {
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::internal(format!("cannot open {}: {e}", path.display())))?;
        configure(&mut conn)?;
        // WAL lets readers run beside the single writer; it is a property of the file, set once.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        let report = embedded::migrations::runner().run(&mut conn).map_err(|e| {
            Error::internal(format!("migrations failed on {}: {e}", path.display()))
        })?;
        for m in report.applied_migrations() {
            log::info!("applied migration {}", m);
        }
        // Planner statistics: without them SQLite takes `account_id = ?` for a selective condition and
        // walks the whole account instead of the few ids an IN-list (search, active, filter) names.
        conn.execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")?;
        drop(conn);
        let manager = SqliteConnectionManager::file(path).with_init(configure);
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.max(2))
            // r2d2_sqlite's check runs `SELECT 1` (a prepare and a finalize) on every checkout: 7% of a
            // show request. A connection to a local file does not go stale the way a socket does.
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(30))
            .build(manager)?;
        Ok(Db {
            pool,
            path: path.to_path_buf(),
            list_cache: list_cache::ListCache::default(),
            writer: Arc::default(),
        })
    }

    /// Counts and page anchors shared by every reader of this database.
    pub fn list_cache(&self) -> &list_cache::ListCache {
        &self.list_cache
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Re-gathers planner statistics (sampled, so a few seconds at a million contacts). Run after
    /// bulk loads, which change the shape of the data at once.
    pub fn analyze(&self) -> Result<()> {
        let conn = self.pool.get()?;
        conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
        Ok(())
    }

    /// Runs `f` on a pooled connection inside one read transaction: a count, the page it describes and
    /// the rows rendered with it all come from the same snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.pool.get()?;
        // Cached statements rather than rusqlite's Transaction, which parses BEGIN and COMMIT anew on
        // every call: on a show request that parsing was a visible share of the work.
        conn.prepare_cached("BEGIN")?.execute([])?;
        let mut open = ReadTx::new(&conn);
        let out = f(&conn)?;
        conn.prepare_cached("COMMIT")?.execute([])?;
        open.0 = None;
        Ok(out)
    }

    /// Runs `f` inside one write transaction, committed only if `f` succeeds. `IMMEDIATE` takes the
    /// write lock up front, so two writers queue on `busy_timeout` instead of failing to upgrade.
    pub fn write<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        // Taken before a connection, so queued writers do not hold pooled connections readers need. A
        // poisoned lock means a writer panicked; its transaction rolled back, so the lock is still good.
        let _turn = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut conn = self.pool.get()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Ends a read transaction left open by an error or a panic, so the connection goes back to the pool clean.
struct ReadTx<'a>(Option<&'a Connection>);

impl<'a> ReadTx<'a> {
    fn new(conn: &'a Connection) -> Self {
        ReadTx(Some(conn))
    }
}

impl Drop for ReadTx<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.0
            && !conn.is_autocommit()
        {
            let _ = conn.execute_batch("ROLLBACK");
        }
    }
}

/// `?, ?, ?` for an `IN (...)` list of `n` bound values.
pub(crate) fn placeholders(n: usize) -> String {
    let mut s = String::with_capacity(n * 3);
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('?');
    }
    s
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A migrated database in a temp dir; the dir lives as long as the returned guard.
    pub fn temp_db() -> (Db, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("t.sqlite3"), 2).expect("open");
        (db, dir)
    }
}
