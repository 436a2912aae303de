use std::time::Duration;

/// What went wrong talking to Zoom, sorted by what the app does about it.
/// Never carries a token, a code or a URL with a query.
#[derive(Debug, thiserror::Error)]
pub enum ZoomError {
    #[error("Zoom could not be reached: {0}")]
    Unreachable(String),
    #[error("Zoom refused the grant (invalid_grant)")]
    InvalidGrant,
    #[error("Zoom refused the access token (code 124)")]
    InvalidToken,
    #[error("Zoom's rate limit was reached")]
    RateLimited { retry_after: Option<Duration> },
    #[error("Zoom answered HTTP {status}")]
    Server { status: u16 },
    #[error("Zoom refused the request: HTTP {status}, code {code:?}")]
    Rejected { status: u16, code: Option<i64> },
    #[error("Zoom's answer could not be read: {0}")]
    Malformed(String),
    #[error("Zoom's meeting pages do not add up (a repeating page token or more pages than its total)")]
    BadPaging,
}

impl ZoomError {
    pub(super) fn from_reqwest(error: reqwest::Error) -> Self {
        // The URL may carry a page token; what failed is enough.
        let error = error.without_url();
        if error.is_decode() {
            ZoomError::Malformed(error.to_string())
        } else {
            ZoomError::Unreachable(error.to_string())
        }
    }
}
