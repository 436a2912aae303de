use serde::Serialize;
use ts_rs::TS;

/// The user's language: Russian labels are the seed's own, English is their rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// `MYSCIHUB_LANG=ru|en` wins over the OS locale; anything but Russian falls back to English.
    pub fn detect(override_value: Option<&str>, os_locale: Option<&str>) -> Lang {
        let chosen = override_value.filter(|v| !v.trim().is_empty()).or(os_locale).unwrap_or("en");
        if chosen.trim().to_ascii_lowercase().starts_with("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    pub fn pick<'a>(self, ru: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }
}
