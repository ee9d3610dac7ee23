//! The one source of "now". Tests shift it to move presence windows and dates without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Clone, Default)]
pub struct Clock {
    offset_secs: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    /// Unix seconds.
    pub fn now(&self) -> i64 {
        chrono::Utc::now().timestamp() + self.offset_secs.load(Ordering::Relaxed)
    }

    pub fn today(&self) -> chrono::NaiveDate {
        chrono::DateTime::from_timestamp(self.now(), 0)
            .map(|d| d.date_naive())
            .unwrap_or_default()
    }

    /// Moves this clock (and every clone of it) forward by `secs`.
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, Ordering::Relaxed);
    }
}
