//! A tracing layer that watches the real code while a figure is measured: every SQL statement
//! sqlx runs (its own timing and row counts, target `sqlx::query`) and the app's
//! "meetings synced" lines (`written` says whether the snapshot wrote meeting rows).
//! Off between measurements, so sqlx does not even format its log lines then.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};

#[derive(Debug, Default, Clone)]
pub struct Seen {
    pub statements: usize,
    /// Summed execution time of every statement, as sqlx measures it (BEGIN/COMMIT excluded).
    pub statement_secs: f64,
    /// Rows inserted, updated or deleted in `zoom_meetings`.
    pub meeting_rows_written: u64,
    pub meeting_statements: usize,
    /// `written` of each "meetings synced" line.
    pub synced: Vec<bool>,
    pub warnings: Vec<String>,
}

static ON: AtomicBool = AtomicBool::new(false);
static SEEN: Mutex<Option<Seen>> = Mutex::new(None);

pub struct Probe;

pub fn install() {
    use tracing_subscriber::prelude::*;
    let _ = tracing_subscriber::registry().with(Probe).try_init();
}

/// Starts watching; `take` ends it and returns what was seen.
pub fn start() {
    *SEEN.lock().unwrap() = Some(Seen::default());
    ON.store(true, Ordering::SeqCst);
}

pub fn take() -> Seen {
    ON.store(false, Ordering::SeqCst);
    SEEN.lock().unwrap().take().unwrap_or_default()
}

fn watched(meta: &Metadata<'_>) -> bool {
    meta.target() == "sqlx::query" || meta.target().starts_with("myscihub")
}

impl<S: Subscriber> Layer<S> for Probe {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if watched(meta) {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>, _: Context<'_, S>) -> bool {
        watched(meta) && (ON.load(Ordering::Relaxed) || (meta.target().starts_with("myscihub") && *meta.level() <= tracing::Level::WARN))
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let meta = event.metadata();
        if meta.target().starts_with("myscihub") && *meta.level() <= tracing::Level::WARN {
            eprintln!("  app {}: {} {}", meta.level(), fields.message, fields.rest);
        }
        let mut guard = SEEN.lock().unwrap();
        let Some(seen) = guard.as_mut() else { return };
        if meta.target() == "sqlx::query" {
            seen.statements += 1;
            seen.statement_secs += fields.elapsed_secs;
            let sql = fields.statement.to_ascii_lowercase();
            let writes = sql.starts_with("insert") || sql.starts_with("update") || sql.starts_with("delete");
            if writes && sql.contains("zoom_meetings") {
                seen.meeting_statements += 1;
                seen.meeting_rows_written += fields.rows_affected;
            }
        } else if fields.message == "meetings synced" {
            seen.synced.push(fields.written);
        } else if *meta.level() <= tracing::Level::WARN {
            seen.warnings.push(format!("{} {}", fields.message, fields.rest));
        }
    }
}

#[derive(Default)]
struct Fields {
    message: String,
    /// The full statement when sqlx shortened its summary, else the summary.
    statement: String,
    rows_affected: u64,
    elapsed_secs: f64,
    written: bool,
    rest: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" if self.statement.is_empty() => self.statement = value.trim().to_owned(),
            "db.statement" if !value.trim().is_empty() => self.statement = value.trim().to_owned(),
            "message" => self.message = value.to_owned(),
            name => self.rest.push_str(&format!("{name}={value} ")),
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "rows_affected" {
            self.rows_affected = value;
        }
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "elapsed_secs" {
            self.elapsed_secs = value;
        }
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        if field.name() == "written" {
            self.written = value;
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            "elapsed" | "db.statement" | "summary" => {}
            name => self.rest.push_str(&format!("{name}={value:?} ")),
        }
    }
}
