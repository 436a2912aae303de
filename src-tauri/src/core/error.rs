use serde::Serialize;
use ts_rs::TS;

use super::Lang;
use crate::store::StoreError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Field {
    Name,
    Email,
    Title,
    TimeZone,
    StartsOn,
    EndsOn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong(usize),
    Malformed,
    EndsBeforeStart,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no profile is signed in")]
    NotSignedIn,
    #[error("the profile is not an administrator of this event")]
    Forbidden,
    #[error("the event does not exist")]
    EventNotFound,
    #[error("the profile does not exist")]
    ProfileNotFound,
    #[error("invalid {field:?}: {problem:?}")]
    Invalid { field: Field, problem: Problem },
    #[error("the e-mail is taken by another profile")]
    EmailTaken,
    #[error("an event keeps at least one administrator")]
    LastAdministrator,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An error as the front end receives it: a stable code and a message in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Fault {
    pub code: String,
    pub message: String,
    /// The form field at fault, when there is one.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
}

impl Error {
    pub fn invalid(field: Field, problem: Problem) -> Self {
        Error::Invalid { field, problem }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Error::NotSignedIn => "not_signed_in",
            Error::Forbidden => "forbidden",
            Error::EventNotFound | Error::ProfileNotFound => "not_found",
            Error::Invalid { .. } => "invalid_input",
            Error::EmailTaken => "email_taken",
            Error::LastAdministrator => "last_administrator",
            Error::Store(_) => "storage",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let text = match self {
            Error::NotSignedIn => lang.pick("Сначала выберите профиль.", "Choose a profile first."),
            Error::Forbidden => lang.pick(
                "Нет доступа: это доступно только администраторам мероприятия.",
                "Access denied: only the event's administrators can see this.",
            ),
            Error::EventNotFound => lang.pick("Мероприятие не найдено.", "The event was not found."),
            Error::ProfileNotFound => lang.pick(
                "На этом компьютере нет профиля с таким адресом.",
                "There is no profile with this e-mail on this computer.",
            ),
            Error::Invalid { field, problem } => return invalid_message(lang, *field, *problem),
            Error::EmailTaken => lang.pick(
                "Профиль с таким адресом уже есть.",
                "A profile with this e-mail already exists.",
            ),
            Error::LastAdministrator => lang.pick(
                "У мероприятия должен остаться хотя бы один администратор.",
                "An event must keep at least one administrator.",
            ),
            Error::Store(_) => lang.pick(
                "Не удалось сохранить или прочитать данные на этом компьютере. Попробуйте ещё раз.",
                "Could not read or save data on this computer. Please try again.",
            ),
        };
        text.to_owned()
    }

    pub fn fault(&self, lang: Lang) -> Fault {
        if let Error::Store(e) = self {
            tracing::error!(error = %e, "storage failure");
        }
        let field = match self {
            Error::Invalid { field, .. } => Some(*field),
            _ => None,
        };
        Fault { code: self.code().to_owned(), message: self.message(lang), field }
    }
}

fn invalid_message(lang: Lang, field: Field, problem: Problem) -> String {
    let name = match field {
        Field::Name => lang.pick("Имя", "Name"),
        Field::Email => lang.pick("E-mail", "E-mail"),
        Field::Title => lang.pick("Название", "Title"),
        Field::TimeZone => lang.pick("Часовой пояс", "Time zone"),
        Field::StartsOn => lang.pick("Дата начала", "Start date"),
        Field::EndsOn => lang.pick("Дата окончания", "End date"),
    };
    match problem {
        Problem::Required => format!("{name}: {}", lang.pick("заполните поле.", "this field is required.")),
        Problem::TooLong(max) => match lang {
            Lang::Ru => format!("{name}: не длиннее {max} символов."),
            Lang::En => format!("{name}: at most {max} characters."),
        },
        Problem::Malformed => match field {
            Field::Email => lang.pick("Введите e-mail вида name@example.org.", "Enter an e-mail like name@example.org.").to_owned(),
            Field::TimeZone => lang.pick("Выберите часовой пояс из списка.", "Choose a time zone from the list.").to_owned(),
            _ => format!("{name}: {}", lang.pick("неверный формат.", "the format is wrong.")),
        },
        Problem::EndsBeforeStart => lang
            .pick("Дата окончания не может быть раньше даты начала.", "The end date cannot be before the start date.")
            .to_owned(),
    }
}
