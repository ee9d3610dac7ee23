//! The server's background import worker. One thread runs queued imports one after another: imports are
//! all writes, so running two at once would only make them take turns at SQLite's write lock.

use crate::clock::Clock;
use crate::db::{Db, imports};
use crate::error::Result;
use std::sync::mpsc::{Sender, channel};

#[derive(Clone)]
pub struct ImportQueue {
    tx: Sender<i64>,
}

impl ImportQueue {
    /// Starts the worker thread.
    pub fn start(db: Db, clock: Clock) -> std::io::Result<ImportQueue> {
        let (tx, rx) = channel::<i64>();
        std::thread::Builder::new()
            .name("contactd-import".into())
            .spawn(move || {
                for id in rx {
                    match imports::run_stored(&db, id, &clock, &mut |_| {}) {
                        Ok(imp) => log::info!(
                            "import #{id} {}: {} rows, {} created, {} updated, {} failed{}",
                            imp.status,
                            imp.total_records,
                            imp.created_records,
                            imp.updated_records,
                            imp.failed_records,
                            imp.error.map(|e| format!(" ({e})")).unwrap_or_default()
                        ),
                        Err(e) => log::error!("import #{id} stopped: {e}"),
                    }
                }
            })?;
        Ok(ImportQueue { tx })
    }

    pub fn enqueue(&self, id: i64) {
        if self.tx.send(id).is_err() {
            log::error!("import #{id} not queued: the import worker has stopped");
        }
    }

    /// Queues the imports a previous run left pending or half done; they go on from their checkpoint.
    pub fn resume_unfinished(&self, db: &Db) -> Result<()> {
        for id in db.read(imports::unfinished)? {
            log::info!("resuming import #{id}, left unfinished by a previous run");
            self.enqueue(id);
        }
        Ok(())
    }
}
