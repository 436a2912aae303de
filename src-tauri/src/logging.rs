//! Logs: to a daily file in the log folder (a Windows release build has no standard error) and to
//! standard error, with the last lines kept in memory for the support report. Nothing secret is
//! logged; every line still passes `redact` on its way out, belt and braces.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::writer::{BoxMakeWriter, MakeWriterExt};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

use crate::core::support::redact;

const KEPT_LINES: usize = 200;
/// Daily files; a week of them is kept.
const KEPT_FILES: usize = 7;
pub const LOG_FILE_PREFIX: &str = "myscihub";

#[derive(Clone, Default)]
pub struct LogTail(Arc<Mutex<VecDeque<String>>>);

impl LogTail {
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().expect("log tail").iter().cloned().collect()
    }
}

impl io::Write for LogTail {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut lines = self.0.lock().expect("log tail");
        for line in String::from_utf8_lossy(buf).lines().filter(|l| !l.trim().is_empty()) {
            if lines.len() == KEPT_LINES {
                lines.pop_front();
            }
            lines.push_back(line.to_owned());
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for LogTail {
    type Writer = LogTail;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Each formatted event, redacted, then handed on whole.
struct Redacted<M>(M);

struct RedactedWriter<W>(W);

impl<W: Write> Write for RedactedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(redact(&String::from_utf8_lossy(buf)).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacted<M> {
    type Writer = RedactedWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactedWriter(self.0.make_writer())
    }
}

/// The window's logging: the file, standard error and the tail. `MYSCIHUB_LOG` filters
/// (default `info`).
pub fn init_for_window(log_dir: Option<&Path>) -> LogTail {
    let tail = LogTail::default();
    let writer = match log_dir.and_then(file) {
        Some(file) => BoxMakeWriter::new(io::stderr.and(tail.clone()).and(file)),
        None => BoxMakeWriter::new(io::stderr.and(tail.clone())),
    };
    init(writer);
    tail
}

/// The command line's logging: the file only, so that standard error says what the user needs
/// to read and nothing else.
pub fn init_for_command_line(log_dir: Option<&Path>) {
    if let Some(file) = log_dir.and_then(file) {
        init(BoxMakeWriter::new(file));
    }
}

fn init(writer: BoxMakeWriter) {
    let filter = EnvFilter::try_from_env("MYSCIHUB_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(Redacted(writer)).try_init();
}

fn file(dir: &Path) -> Option<RollingFileAppender> {
    myscihub_core::store::files::create_private_dir(dir).ok()?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(dir)
        .map_err(|error| eprintln!("MySciHub cannot write its log in {}: {error}", dir.display()))
        .ok()
}

pub fn os_description() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| text.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=").map(|v| v.trim_matches('"').to_owned())));
    format!("{} {} ({})", std::env::consts::OS, std::env::consts::ARCH, pretty.unwrap_or_else(|| "unknown release".into()))
}
