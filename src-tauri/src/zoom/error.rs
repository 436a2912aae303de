use std::time::Duration;

use crate::core::Lang;

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
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ZoomError::Unreachable(_) => {
                lang.pick("Нет связи с Zoom. Проверьте подключение к интернету.", "Zoom cannot be reached. Check the internet connection.").into()
            }
            ZoomError::InvalidGrant | ZoomError::InvalidToken => lang
                .pick(
                    "Zoom больше не принимает доступ этого приложения. Подключите аккаунт снова.",
                    "Zoom no longer accepts this app's access. Connect the account again.",
                )
                .into(),
            ZoomError::RateLimited { retry_after } => match (lang, retry_after) {
                (Lang::Ru, Some(d)) => format!("Достигнут лимит запросов Zoom. Повторите через {} с.", d.as_secs().max(1)),
                (Lang::En, Some(d)) => format!("Zoom's request limit was reached. Try again in {} s.", d.as_secs().max(1)),
                _ => lang.pick("Достигнут лимит запросов Zoom. Повторите позже.", "Zoom's request limit was reached. Try again later.").into(),
            },
            ZoomError::Server { .. } => {
                lang.pick("Zoom временно не отвечает. Повторите позже.", "Zoom is not answering right now. Try again later.").into()
            }
            ZoomError::BadPaging => lang
                .pick(
                    "Zoom вернул список встреч, страницы которого не сходятся, поэтому обновление остановлено. Показан последний полный список; повторите позже.",
                    "Zoom returned a meeting list whose pages do not add up, so the refresh stopped. The last complete list is shown; try again later.",
                )
                .into(),
            ZoomError::Rejected { .. } | ZoomError::Malformed(_) => {
                lang.pick("Zoom ответил неожиданно. Повторите позже.", "Zoom answered unexpectedly. Try again later.").into()
            }
        }
    }

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
