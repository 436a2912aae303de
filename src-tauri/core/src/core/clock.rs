use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// Wall-clock time in unix ms. Tests move it forward to expire things without waiting.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    pub fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis() + self.offset_ms.load(Ordering::Relaxed)
    }

    pub fn advance(&self, by: Duration) {
        self.offset_ms.fetch_add(by.as_millis() as i64, Ordering::Relaxed);
    }

    /// As when a computer clock that was ahead is corrected.
    pub fn set_back(&self, by: Duration) {
        self.offset_ms.fetch_sub(by.as_millis() as i64, Ordering::Relaxed);
    }
}
