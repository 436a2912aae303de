//! «Поддержка»: a diagnostics report an administrator can attach to a support request.
//! It names states and error codes, never a token, code, verifier or meeting passcode.

use std::fmt::Write;

use super::zoom::ZoomIntegration;
use super::{events, Result};

/// What the report says about the app itself, given by the shell.
pub struct AppFacts {
    pub version: String,
    pub os: String,
    pub data_dir: String,
    pub log_dir: String,
    pub lang: String,
}

pub async fn report(zoom: &ZoomIntegration, actor: i64, app: &AppFacts, log_lines: &[String]) -> Result<String> {
    let store = zoom.store();
    let settings = zoom.settings().await?;
    let mut out = String::new();
    let _ = writeln!(out, "MySciHub Desktop {}", app.version);
    let _ = writeln!(out, "OS: {}", app.os);
    let _ = writeln!(out, "Language: {}; data folder: {}", app.lang, app.data_dir);
    let _ = writeln!(out, "Log folder: {}", app.log_dir);
    let _ = writeln!(
        out,
        "Zoom: OAuth {}, API {}, redirect {:?}, client id {}, token key in {:?}",
        settings.oauth_url,
        settings.api_url,
        settings.redirect_mode,
        if settings.client_id.is_empty() { "not set" } else { "set" },
        settings.key_storage
    );
    for event in events::list_administered(store, actor).await? {
        let _ = writeln!(out, "\nEvent #{} ({})", event.id, event.time_zone);
        let admin = zoom.admin(actor, event.id).await?;
        for connection in zoom.connections(admin).await? {
            let _ = write!(out, "  connection #{}: {:?}", connection.id, connection.status);
            if let Some(notice) = connection.notice {
                let _ = write!(out, ", notice {notice:?}");
            }
            if let Some(account) = store.account_of_connection(event.id, connection.id).await? {
                if let Some(sync) = store.sync_record(account).await? {
                    let _ = write!(
                        out,
                        ", account #{account}: last sync {:?}, last attempt {:?}, problem {:?}, retry at {:?}",
                        sync.last_synced_at, sync.last_attempt_at, sync.sync_problem, sync.retry_at
                    );
                }
            }
            let _ = writeln!(out);
        }
    }
    let _ = writeln!(out, "\nRecent log lines:");
    for line in log_lines {
        let _ = writeln!(out, "{}", redact(line));
    }
    Ok(out)
}

/// Belt and braces: nothing secret is logged, but a line that looks like it carries a
/// secret-bearing parameter loses its value.
pub fn redact(line: &str) -> String {
    const KEYS: [&str; 8] = ["access_token", "refresh_token", "token", "code", "state", "code_verifier", "pwd", "password"];
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    'scan: while !rest.is_empty() {
        for key in KEYS {
            for separator in ["=", "\":\"", ": "] {
                let pattern = format!("{key}{separator}");
                if rest.starts_with(&pattern) && out.chars().last().is_none_or(|c| !c.is_alphanumeric() && c != '_') {
                    out.push_str(&pattern);
                    out.push_str("[redacted]");
                    let value = &rest[pattern.len()..];
                    // tracing writes `key="value"` for strings and Debug values: the quotes go too.
                    let value_len = match value.strip_prefix('"') {
                        Some(quoted) if separator == "=" => quoted_len(quoted).map_or(value.len(), |n| n + 2),
                        _ => value.find(|c: char| c == '&' || c == '"' || c.is_whitespace() || c == ',').unwrap_or(value.len()),
                    };
                    rest = &value[value_len..];
                    continue 'scan;
                }
            }
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a quoted value up to its closing quote, `\"` escapes included.
fn quoted_len(quoted: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in quoted.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn secret_bearing_parameters_lose_their_values() {
        assert_eq!(redact("GET /cb?code=abc&state=xyz done"), "GET /cb?code=[redacted]&state=[redacted] done");
        assert_eq!(redact(r#"{"access_token":"zsbx_at_1","x":1}"#), r#"{"access_token":"[redacted]","x":1}"#);
        assert_eq!(redact("join https://zoom.us/j/1?pwd=secret"), "join https://zoom.us/j/1?pwd=[redacted]");
        assert_eq!(redact("encode=fine barcode=1"), "encode=fine barcode=1");
        assert_eq!(redact(r#"x code="a b\"c" state=s"#), "x code=[redacted] state=[redacted]");
    }
}
