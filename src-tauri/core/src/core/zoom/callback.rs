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

#[cfg(test)]
mod tests {
    use super::*;

    fn code(state: Option<&str>, code: &str) -> Result<Callback, Refusal> {
        Ok(Callback { state: state.map(str::to_owned), answer: Answer::Code(code.to_owned()) })
    }

    #[test]
    fn a_zoom_return_is_read() {
        assert_eq!(parse("myscihub://oauth/zoom/callback?code=abc&state=xyz", false), code(Some("xyz"), "abc"));
        assert_eq!(parse("myscihub://oauth/zoom/callback?state=x%2By&code=a+b", false), code(Some("x+y"), "a b"));
        assert_eq!(
            parse("myscihub://oauth/zoom/callback?error=access_denied&state=xyz", false),
            Ok(Callback { state: Some("xyz".into()), answer: Answer::Error("access_denied".into()) })
        );
        assert_eq!(parse("myscihub://oauth/zoom/callback?code=abc", false), code(None, "abc"), "a Marketplace install");
        assert_eq!(parse("http://127.0.0.1:49152/oauth/zoom/callback?code=abc&state=xyz", true), code(Some("xyz"), "abc"));
    }

    #[test]
    fn anything_else_is_refused() {
        let long = format!("myscihub://oauth/zoom/callback?code=abc&state={}", "s".repeat(MAX_LEN));
        let cases = [
            ("", Refusal::NotAUrl),
            ("not a url", Refusal::NotAUrl),
            (long.as_str(), Refusal::TooLong),
            ("https://oauth/zoom/callback?code=a&state=b", Refusal::WrongTarget),
            ("myscihub://evil/zoom/callback?code=a&state=b", Refusal::WrongTarget),
            ("myscihub://oauth/zoom/other?code=a&state=b", Refusal::WrongTarget),
            ("myscihub://oauth:8080/zoom/callback?code=a&state=b", Refusal::WrongTarget),
            ("myscihub://user@oauth/zoom/callback?code=a&state=b", Refusal::WrongTarget),
            ("myscihub://oauth/zoom/callback?code=a&state=b#frag", Refusal::WrongTarget),
            ("myscihub://oauth/zoom/callback?code=a&state=b&state=c", Refusal::Repeated("state")),
            ("myscihub://oauth/zoom/callback?code=a&code=c&state=b", Refusal::Repeated("code")),
            ("myscihub://oauth/zoom/callback?code=a&error=x&state=b", Refusal::Unexpected),
            ("myscihub://oauth/zoom/callback?code=a&state=b&redirect=evil", Refusal::Unexpected),
            ("myscihub://oauth/zoom/callback?code=&state=b", Refusal::Unexpected),
            ("myscihub://oauth/zoom/callback?code=a%0Ab&state=b", Refusal::Unexpected),
            ("myscihub://oauth/zoom/callback?state=b", Refusal::Missing),
            ("myscihub://oauth/zoom/callback?code=%FF%FE&state=b", Refusal::NotUtf8),
            ("http://localhost:49152/oauth/zoom/callback?code=a&state=b", Refusal::WrongTarget),
            ("http://192.168.1.2:49152/oauth/zoom/callback?code=a&state=b", Refusal::WrongTarget),
        ];
        for (link, refusal) in cases {
            let loopback = link.starts_with("http:");
            assert_eq!(parse(link, loopback), Err(refusal), "{link}");
        }
        assert_eq!(parse("http://127.0.0.1:1/oauth/zoom/callback?code=a&state=b", false), Err(Refusal::WrongTarget));
    }
}
