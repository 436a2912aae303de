//! The link Zoom's redirect brings back: `myscihub://oauth/zoom/callback?code=…&state=…`
//! (or `?error=…&state=…`). Anything else is refused before it touches the database.

use url::Url;

/// Deep links are short; anything bigger is not from Zoom.
pub const MAX_LEN: usize = 8 * 1024;
const MAX_VALUE_LEN: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Code(String),
    Error(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub state: Option<String>,
    pub answer: Answer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooLong,
    NotAUrl,
    WrongTarget,
    NotUtf8,
    Repeated(&'static str),
    Unexpected,
    Missing,
}

/// Parses a deep link (`myscihub://oauth/zoom/callback?…`) or a loopback request target
/// (`http://127.0.0.1:{port}/oauth/zoom/callback?…`, when `loopback` is true).
pub fn parse(raw: &str, loopback: bool) -> Result<Callback, Refusal> {
    if raw.len() > MAX_LEN {
        return Err(Refusal::TooLong);
    }
    let url = Url::parse(raw).map_err(|_| Refusal::NotAUrl)?;
    let target_ok = if loopback {
        url.scheme() == "http" && super::settings::is_loopback(&url) && url.path() == super::settings::LOOPBACK_PATH
    } else {
        url.scheme() == "myscihub" && url.host_str() == Some("oauth") && url.path() == "/zoom/callback" && url.port().is_none()
    };
    if !target_ok || !url.username().is_empty() || url.password().is_some() || url.fragment().is_some() {
        return Err(Refusal::WrongTarget);
    }

    let (mut code, mut state, mut error) = (None, None, None);
    for (key, value) in pairs(url.query().unwrap_or(""))? {
        let slot = match key.as_str() {
            "code" => &mut code,
            "state" => &mut state,
            "error" => &mut error,
            // Zoom and the bounce page may add harmless context; nothing else is read.
            "error_description" | "error_uri" | "reason" => continue,
            _ => return Err(Refusal::Unexpected),
        };
        if slot.replace(value).is_some() {
            return Err(Refusal::Repeated(match key.as_str() {
                "code" => "code",
                "state" => "state",
                _ => "error",
            }));
        }
    }
    let answer = match (code, error) {
        (Some(code), None) => Answer::Code(code),
        (None, Some(error)) => Answer::Error(error),
        (Some(_), Some(_)) => return Err(Refusal::Unexpected),
        (None, None) => return Err(Refusal::Missing),
    };
    Ok(Callback { state, answer })
}

/// `application/x-www-form-urlencoded` pairs, refusing bytes that are not UTF-8 (which
/// `Url::query_pairs` would quietly replace) and values no OAuth server would send.
fn pairs(query: &str) -> Result<Vec<(String, String)>, Refusal> {
    let decode = |part: &str| -> Result<String, Refusal> {
        let bytes: Vec<u8> = percent_encoding::percent_decode(part.replace('+', " ").as_bytes()).collect();
        String::from_utf8(bytes).map_err(|_| Refusal::NotUtf8)
    };
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let (key, value) = (decode(key)?, decode(value)?);
            if value.is_empty() || value.len() > MAX_VALUE_LEN || value.chars().any(char::is_control) {
                return Err(Refusal::Unexpected);
            }
            Ok((key, value))
        })
        .collect()
}
