//! Logs: to standard error, and the last lines kept in memory for the support report.

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Mutex};

use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::EnvFilter;

const KEPT_LINES: usize = 200;

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

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogTail {
    type Writer = LogTail;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// `MYSCIHUB_LOG` filters (default `info`).
pub fn init_logging() -> LogTail {
    let tail = LogTail::default();
    let filter = EnvFilter::try_from_env("MYSCIHUB_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(io::stderr.and(tail.clone())).try_init();
    tail
}

pub fn os_description() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| text.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=").map(|v| v.trim_matches('"').to_owned())));
    format!("{} {} ({})", std::env::consts::OS, std::env::consts::ARCH, pretty.unwrap_or_else(|| "unknown release".into()))
}
