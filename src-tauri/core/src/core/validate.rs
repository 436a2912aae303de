//! Input checks shared by the use cases: trimmed, bounded, well-formed.

use chrono::NaiveDate;

use super::{Error, Field, Problem, Result};

pub fn text(field: Field, value: &str, max_chars: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, Problem::Required));
    }
    if value.chars().count() > max_chars {
        return Err(Error::invalid(field, Problem::TooLong(max_chars)));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, Problem::Malformed));
    }
    Ok(value.to_owned())
}

/// Deliberately loose: one `@`, something on each side, a dot in the domain, no spaces.
pub fn email(value: &str) -> Result<String> {
    let value = text(Field::Email, value, 254)?;
    let well_formed = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if well_formed {
        Ok(value)
    } else {
        Err(Error::invalid(Field::Email, Problem::Malformed))
    }
}

pub fn time_zone(value: &str) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(Field::TimeZone, Problem::Required));
    }
    value.parse::<chrono_tz::Tz>().map(|tz| tz.name().to_owned()).map_err(|_| Error::invalid(Field::TimeZone, Problem::Malformed))
}

pub fn date(field: Field, value: &str) -> Result<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, Problem::Required));
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| Error::invalid(field, Problem::Malformed))
}
