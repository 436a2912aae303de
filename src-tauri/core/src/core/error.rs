use serde::Serialize;
use ts_rs::TS;

use super::Lang;
use crate::store::{DiskTrouble, StoreError, TeamError, VaultError};
use crate::zoom::ZoomError;

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
    ConnectionName,
    ClientId,
    OauthUrl,
    ApiUrl,
    BounceUrl,
    ReminderMinutes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong(usize),
    Malformed,
    /// Not one of Zoom's own https hosts.
    NotZoom,
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
    #[error("the Zoom connection does not exist")]
    ConnectionNotFound,
    #[error("the event already has a connection with this name")]
    ConnectionNameTaken,
    #[error("the connection is not connected")]
    NotConnected,
    #[error("no Zoom app is configured")]
    ZoomNotConfigured,
    #[error("the browser could not be opened: {0}")]
    Browser(String),
    #[error("the folder could not be opened: {0}")]
    FolderNotOpened(String),
    #[error("no profile was named, and this computer has none or several")]
    ProfileNeeded { several: bool },
    #[error("cancelled")]
    Cancelled,
    #[error("the callback link is malformed")]
    BadCallback,
    #[error("a callback without a state this app issued")]
    MarketplaceInstall,
    #[error("a callback whose state is unknown or already used")]
    UnknownAuthorization,
    #[error("the authorization waited too long")]
    AuthorizationExpired,
    #[error("access was denied in Zoom")]
    AuthorizationDenied,
    #[error("Zoom refused the authorization: {0}")]
    AuthorizationFailed(String),
    #[error("the Zoom account must be connected again")]
    ReconnectNeeded,
    #[error("Zoom revoked the app's access: it was removed in the Zoom Marketplace")]
    AppRemovedInZoom,
    #[error("the meeting has no link the app may open")]
    NotJoinable,
    #[error("the data folder cannot be used: {0}")]
    DataFolder(String),
    #[error("this computer does not work in a team database")]
    NotInTeam,
    #[error("this computer already works in a team database")]
    AlreadyInTeam,
    #[error("in team mode the acting administrator is the database role")]
    TeamMode,
    #[error("team.json in the data folder is damaged")]
    TeamConfigDamaged,
    #[error("the team's password and key are missing from this computer")]
    TeamSecretsMissing,
    #[error("no role to sign in to the team database with")]
    TeamRoleNeeded,
    #[error("no password to sign in to the team database with")]
    TeamPasswordNeeded,
    #[error("the meeting is not in the stored list")]
    MeetingNotFound,
    #[error("the account was connected without the scope {0}")]
    ScopeMissing(String),
    #[error("the file could not be saved: {0}")]
    NotSaved(String),
    #[error("not a join code")]
    JoinCodeInvalid,
    #[error("the join code was used already")]
    JoinCodeUsed,
    #[error(transparent)]
    Team(TeamError),
    #[error(transparent)]
    Zoom(#[from] ZoomError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        match error {
            // A secret that no longer decrypts is a key problem, not a disk problem.
            StoreError::Vault(e) => Error::Vault(e),
            StoreError::Team(e) => Error::Team(e),
            other => Error::Store(other),
        }
    }
}

/// Every code a `Fault` can carry: the UI matches on these, so they are generated for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FaultCode {
    NotSignedIn,
    Forbidden,
    NotFound,
    InvalidInput,
    EmailTaken,
    LastAdministrator,
    ConnectionNameTaken,
    NotConnected,
    ZoomNotConfigured,
    Browser,
    FolderNotOpened,
    ProfileNeeded,
    Cancelled,
    BadCallback,
    MarketplaceInstall,
    UnknownAuthorization,
    AuthorizationExpired,
    AuthorizationDenied,
    AuthorizationFailed,
    NotInTeam,
    AlreadyInTeam,
    TeamMode,
    TeamSecretsMissing,
    JoinCodeInvalid,
    JoinCodeUsed,
    NotSaved,
    ScopeMissing,
    TeamUnreachable,
    TeamSignInRefused,
    TeamRefused,
    ReconnectNeeded,
    AppRemovedInZoom,
    NotJoinable,
    DataFolder,
    Secrets,
    Storage,
    ZoomUnreachable,
    ZoomInvalidGrant,
    ZoomInvalidToken,
    ZoomRateLimited,
    ZoomServerError,
    ZoomRejected,
    ZoomMalformed,
    ZoomBadPaging,
    KeychainUnavailable,
    TokenKeyMissing,
    TokenKeyMismatch,
}

impl FaultCode {
    pub fn as_str(self) -> &'static str {
        match self {
            FaultCode::NotSignedIn => "not_signed_in",
            FaultCode::Forbidden => "forbidden",
            FaultCode::NotFound => "not_found",
            FaultCode::InvalidInput => "invalid_input",
            FaultCode::EmailTaken => "email_taken",
            FaultCode::LastAdministrator => "last_administrator",
            FaultCode::ConnectionNameTaken => "connection_name_taken",
            FaultCode::NotConnected => "not_connected",
            FaultCode::ZoomNotConfigured => "zoom_not_configured",
            FaultCode::Browser => "browser",
            FaultCode::FolderNotOpened => "folder_not_opened",
            FaultCode::ProfileNeeded => "profile_needed",
            FaultCode::Cancelled => "cancelled",
            FaultCode::BadCallback => "bad_callback",
            FaultCode::MarketplaceInstall => "marketplace_install",
            FaultCode::UnknownAuthorization => "unknown_authorization",
            FaultCode::AuthorizationExpired => "authorization_expired",
            FaultCode::AuthorizationDenied => "authorization_denied",
            FaultCode::AuthorizationFailed => "authorization_failed",
            FaultCode::NotInTeam => "not_in_team",
            FaultCode::AlreadyInTeam => "already_in_team",
            FaultCode::TeamMode => "team_mode",
            FaultCode::TeamSecretsMissing => "team_secrets_missing",
            FaultCode::JoinCodeInvalid => "join_code_invalid",
            FaultCode::NotSaved => "not_saved",
            FaultCode::ScopeMissing => "scope_missing",
            FaultCode::JoinCodeUsed => "join_code_used",
            FaultCode::TeamUnreachable => "team_unreachable",
            FaultCode::TeamSignInRefused => "team_sign_in_refused",
            FaultCode::TeamRefused => "team_refused",
            FaultCode::ReconnectNeeded => "reconnect_needed",
            FaultCode::AppRemovedInZoom => "app_removed_in_zoom",
            FaultCode::NotJoinable => "not_joinable",
            FaultCode::DataFolder => "data_folder",
            FaultCode::Secrets => "secrets",
            FaultCode::Storage => "storage",
            FaultCode::ZoomUnreachable => "zoom_unreachable",
            FaultCode::ZoomInvalidGrant => "zoom_invalid_grant",
            FaultCode::ZoomInvalidToken => "zoom_invalid_token",
            FaultCode::ZoomRateLimited => "zoom_rate_limited",
            FaultCode::ZoomServerError => "zoom_server_error",
            FaultCode::ZoomRejected => "zoom_rejected",
            FaultCode::ZoomMalformed => "zoom_malformed",
            FaultCode::ZoomBadPaging => "zoom_bad_paging",
            FaultCode::KeychainUnavailable => "keychain_unavailable",
            FaultCode::TokenKeyMissing => "token_key_missing",
            FaultCode::TokenKeyMismatch => "token_key_mismatch",
        }
    }
}

impl std::fmt::Display for FaultCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for FaultCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// An error as the front end receives it: a stable code and a message in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Fault {
    pub code: FaultCode,
    pub message: String,
    /// The form field at fault, when there is one.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// The language of `message`, given with a start-up failure: the window does not know it
    /// yet then, since `app_info` failed.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

impl Error {
    pub fn invalid(field: Field, problem: Problem) -> Self {
        Error::Invalid { field, problem }
    }

    pub fn code(&self) -> FaultCode {
        match self {
            Error::NotSignedIn => FaultCode::NotSignedIn,
            Error::Forbidden => FaultCode::Forbidden,
            Error::EventNotFound | Error::ProfileNotFound => FaultCode::NotFound,
            Error::Invalid { .. } => FaultCode::InvalidInput,
            Error::EmailTaken => FaultCode::EmailTaken,
            Error::LastAdministrator => FaultCode::LastAdministrator,
            Error::ConnectionNotFound => FaultCode::NotFound,
            Error::ConnectionNameTaken => FaultCode::ConnectionNameTaken,
            Error::NotConnected => FaultCode::NotConnected,
            Error::ZoomNotConfigured => FaultCode::ZoomNotConfigured,
            Error::Browser(_) => FaultCode::Browser,
            Error::FolderNotOpened(_) => FaultCode::FolderNotOpened,
            Error::ProfileNeeded { .. } => FaultCode::ProfileNeeded,
            Error::Cancelled => FaultCode::Cancelled,
            Error::BadCallback => FaultCode::BadCallback,
            Error::MarketplaceInstall => FaultCode::MarketplaceInstall,
            Error::UnknownAuthorization => FaultCode::UnknownAuthorization,
            Error::AuthorizationExpired => FaultCode::AuthorizationExpired,
            Error::AuthorizationDenied => FaultCode::AuthorizationDenied,
            Error::AuthorizationFailed(_) => FaultCode::AuthorizationFailed,
            Error::ReconnectNeeded => FaultCode::ReconnectNeeded,
            Error::AppRemovedInZoom => FaultCode::AppRemovedInZoom,
            Error::NotJoinable => FaultCode::NotJoinable,
            Error::DataFolder(_) => FaultCode::DataFolder,
            Error::NotInTeam => FaultCode::NotInTeam,
            Error::AlreadyInTeam => FaultCode::AlreadyInTeam,
            Error::TeamMode => FaultCode::TeamMode,
            Error::TeamConfigDamaged | Error::TeamSecretsMissing => FaultCode::TeamSecretsMissing,
            Error::TeamRoleNeeded | Error::TeamPasswordNeeded => FaultCode::InvalidInput,
            Error::JoinCodeInvalid => FaultCode::JoinCodeInvalid,
            Error::NotSaved(_) => FaultCode::NotSaved,
            Error::MeetingNotFound => FaultCode::NotFound,
            Error::ScopeMissing(_) => FaultCode::ScopeMissing,
            Error::JoinCodeUsed => FaultCode::JoinCodeUsed,
            Error::Team(TeamError::Unreachable(_)) => FaultCode::TeamUnreachable,
            Error::Team(TeamError::SignInRefused) => FaultCode::TeamSignInRefused,
            Error::Team(TeamError::BadUrl(_) | TeamError::TlsRequired) => FaultCode::InvalidInput,
            Error::Team(_) => FaultCode::TeamRefused,
            Error::Zoom(e) => zoom_code(e),
            Error::Vault(VaultError::KeychainUnavailable(_)) => FaultCode::KeychainUnavailable,
            Error::Vault(VaultError::KeyMissing { .. }) => FaultCode::TokenKeyMissing,
            Error::Vault(VaultError::KeyMismatch { .. } | VaultError::BadKey) => FaultCode::TokenKeyMismatch,
            Error::Vault(_) => FaultCode::Secrets,
            Error::Store(_) => FaultCode::Storage,
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
            Error::ConnectionNotFound => lang.pick("Подключение не найдено.", "The connection was not found."),
            Error::ConnectionNameTaken => lang.pick(
                "В этом мероприятии уже есть подключение с таким названием.",
                "This event already has a connection with this name.",
            ),
            Error::NotConnected => lang.pick("Это подключение не подключено к Zoom.", "This connection is not connected to Zoom."),
            Error::ZoomNotConfigured => lang.pick(
                "Приложение Zoom не настроено: укажите Client ID и адрес возврата в Настройках → Zoom.",
                "No Zoom app is configured: set the Client ID and the return address in Settings → Zoom.",
            ),
            Error::Browser(_) => lang.pick(
                "Не удалось открыть браузер. Проверьте, что в системе выбран браузер по умолчанию.",
                "Could not open the browser. Check that the system has a default browser.",
            ),
            Error::ProfileNeeded { several: false } => lang.pick(
                "На этом компьютере ещё нет профиля: создайте его — myscihub profile create --name ИМЯ --email ПОЧТА.",
                "This computer has no profile yet: create one with myscihub profile create --name NAME --email EMAIL.",
            ),
            Error::ProfileNeeded { several: true } => lang.pick(
                "На этом компьютере несколько профилей: укажите, от чьего имени действовать, — --profile ПОЧТА.",
                "This computer has several profiles: say which one acts with --profile EMAIL.",
            ),
            Error::Cancelled => lang.pick("Отменено: подключение не изменилось.", "Cancelled: the connection is unchanged."),
            Error::FolderNotOpened(_) => lang.pick(
                "Не удалось открыть папку. Её адрес указан выше: откройте её в файловом менеджере.",
                "Could not open the folder. Its path is shown above: open it in your file manager.",
            ),
            Error::BadCallback => lang.pick(
                "Ссылка возврата из Zoom повреждена. Нажмите «Подключить» ещё раз.",
                "The link back from Zoom is damaged. Click «Connect» again.",
            ),
            Error::MarketplaceInstall => lang.pick(
                "Приложение установлено из Zoom Marketplace, но аккаунт не привязан к мероприятию. \
                 Откройте мероприятие → Панель управления → Интеграции → Zoom, добавьте подключение и нажмите «Подключить».",
                "The app was installed from the Zoom Marketplace, but no event is linked to the account yet. \
                 Open the event → Control panel → Integrations → Zoom, add a connection and click «Connect».",
            ),
            Error::UnknownAuthorization => lang.pick(
                "Эта ссылка авторизации уже использована или выдана не этим приложением. Нажмите «Подключить» ещё раз.",
                "This authorization link was already used or was not issued by this app. Click «Connect» again.",
            ),
            Error::AuthorizationExpired => lang.pick(
                "Авторизация ждала слишком долго (больше 10 минут). Нажмите «Подключить» ещё раз.",
                "The authorization waited too long (over 10 minutes). Click «Connect» again.",
            ),
            Error::AuthorizationDenied => lang.pick(
                "Доступ не предоставлен: в Zoom нажали «Отклонить». Подключение не изменилось.",
                "Access was not granted: «Deny» was chosen in Zoom. The connection is unchanged.",
            ),
            Error::AuthorizationFailed(_) => lang.pick(
                "Zoom не подтвердил авторизацию. Нажмите «Подключить» ещё раз.",
                "Zoom did not confirm the authorization. Click «Connect» again.",
            ),
            Error::ReconnectNeeded => lang.pick(
                "Zoom больше не принимает вход MySciHub в этот аккаунт: приложение удалили в Zoom Marketplace или вход потерян. Нажмите «Подключить», чтобы подключить аккаунт снова: встречи и подключения сохранятся.",
                "Zoom no longer accepts MySciHub's sign-in to this account: the app was removed in the Zoom Marketplace, or its sign-in was lost. Click «Connect» to connect the account again: its meetings and connections are kept.",
            ),
            Error::AppRemovedInZoom => lang.pick(
                "Приложение MySciHub удалено в Zoom Marketplace: аккаунт отключён от всех мероприятий.",
                "The MySciHub app was removed in the Zoom Marketplace: the account left every event.",
            ),
            Error::NotJoinable => lang.pick(
                "Эта ссылка не ведёт на zoom.us, поэтому приложение её не открывает.",
                "This link does not lead to zoom.us, so the app does not open it.",
            ),
            Error::DataFolder(reason) => {
                return match lang {
                    Lang::Ru => format!("Папка данных недоступна, приложение не может открыть свои данные ({reason})."),
                    Lang::En => format!("The data folder cannot be used, so the app cannot open its data ({reason})."),
                }
            }
            Error::NotInTeam => lang.pick(
                "Этот компьютер работает с локальной базой, а не с базой команды.",
                "This computer works with its local database, not a team's.",
            ),
            Error::AlreadyInTeam => lang.pick(
                "Этот компьютер уже работает с базой команды. Сначала выйдите из неё: Настройки → «Команда» → «Выйти из команды» (или myscihub team leave).",
                "This computer already works with a team database. Leave it first: Settings → «Команда» → «Выйти из команды» (or myscihub team leave).",
            ),
            Error::TeamMode => lang.pick(
                "В режиме команды вы действуете под своей ролью в базе данных; профиль выбирать не нужно.",
                "In team mode you act as your own database role; there is no profile to choose.",
            ),
            Error::TeamConfigDamaged => lang.pick(
                "Файл team.json в папке данных повреждён. Выйдите из команды (myscihub team leave) и присоединитесь снова по новому коду.",
                "team.json in the data folder is damaged. Leave the team (myscihub team leave) and join again with a new code.",
            ),
            Error::TeamSecretsMissing => lang.pick(
                "На этом компьютере нет пароля и ключа команды (их нет в связке ключей). Попросите владельца команды о новом коде; затем myscihub team leave и myscihub team join КОД.",
                "This computer lacks the team's password and key (they are not in the keychain). Ask the team's owner for a new code; then myscihub team leave and myscihub team join CODE.",
            ),
            Error::TeamRoleNeeded => lang.pick(
                "Укажите роль владельца в адресе базы (postgres://РОЛЬ@сервер/база).",
                "Give the owner's role in the database address (postgres://ROLE@host/database).",
            ),
            Error::TeamPasswordNeeded => lang.pick(
                "Укажите пароль роли владельца (в адресе или в переменной PGPASSWORD).",
                "Give the owner role's password (in the address or in PGPASSWORD).",
            ),
            Error::MeetingNotFound => lang.pick(
                "Этой встречи нет в сохранённом списке: возможно, её удалили в Zoom. Обновите страницу.",
                "This meeting is not in the stored list: it may have been deleted in Zoom. Reload the page.",
            ),
            Error::ScopeMissing(scope) => {
                return match lang {
                    Lang::Ru => format!("Аккаунт подключён без права {scope}, которое для этого нужно. Подключите его заново («Подключить»): встречи и подключения сохранятся."),
                    Lang::En => format!("The account was connected without the scope {scope}, which this needs. Connect it again («Connect»): its meetings and connections are kept."),
                }
            }
            Error::NotSaved(_) => lang.pick(
                "Не удалось сохранить файл: проверьте, что в выбранную папку можно писать и на диске есть место.",
                "The file could not be saved: check that the folder chosen can be written to and the disk has room.",
            ),
            Error::JoinCodeInvalid => lang.pick(
                "Это не код приглашения MySciHub. Скопируйте код целиком, он начинается с MSH1-.",
                "This is not a MySciHub join code. Copy the whole code; it starts with MSH1-.",
            ),
            Error::JoinCodeUsed => lang.pick(
                "Этот код приглашения уже использован (или устарел). Попросите у владельца команды новый.",
                "This join code was used already (or is out of date). Ask the team's owner for a new one.",
            ),
            Error::Team(e) => return team_message(lang, e),
            Error::Zoom(e) => return zoom_message(lang, e),
            Error::Vault(e @ (VaultError::KeychainUnavailable(_) | VaultError::KeyMissing { .. } | VaultError::KeyMismatch { .. } | VaultError::BadKey)) => {
                return token_key_message(lang, e)
            }
            Error::Vault(_) => lang.pick(
                "Не удалось расшифровать сохранённый доступ к Zoom на этом компьютере. Подключите аккаунт снова.",
                "The saved Zoom access could not be decrypted on this computer. Connect the account again.",
            ),
            Error::Store(StoreError::Migrate(_)) => lang.pick(
                "Не удалось обновить базу данных до этой версии приложения. Данные не изменены: их открывает предыдущая версия. Обратитесь в поддержку.",
                "The database could not be upgraded to this version of the app. Nothing was changed: the previous version still opens it. Please contact support.",
            ),
            Error::Store(e) => match e.disk_trouble() {
                Some(DiskTrouble::Full) => lang.pick(
                    "На диске нет места: изменения не сохранены. Освободите место и повторите — сохранённые данные не пострадали.",
                    "The disk is full: the change was not saved. Free some space and try again; the saved data is intact.",
                ),
                Some(DiskTrouble::ReadOnly) => lang.pick(
                    "Папка данных доступна только для чтения: изменения не сохранены. Сохранённые данные не пострадали.",
                    "The data folder is read-only: the change was not saved. The saved data is intact.",
                ),
                None => lang.pick(
                    "Не удалось сохранить или прочитать данные на этом компьютере. Попробуйте ещё раз.",
                    "Could not read or save data on this computer. Please try again.",
                ),
            },
        };
        text.to_owned()
    }

    pub fn fault(&self, lang: Lang) -> Fault {
        match self {
            Error::Store(e) => tracing::error!(error = %e, "storage failure"),
            Error::Vault(e) => tracing::error!(error = %e, "secret storage failure"),
            _ => {}
        }
        let field = match self {
            Error::Invalid { field, .. } => Some(*field),
            Error::EmailTaken => Some(Field::Email),
            Error::ConnectionNameTaken => Some(Field::ConnectionName),
            _ => None,
        };
        Fault { code: self.code(), message: self.message(lang), field, lang: None }
    }
}

/// What the team database's refusal means for the user, in their language.
fn team_message(lang: Lang, error: &TeamError) -> String {
    let text = match error {
        TeamError::BadUrl(why) => {
            return match lang {
                Lang::Ru => format!("Адрес базы данных не подходит: {why}. Пример: postgres://db.example.org:5432/myscihub"),
                Lang::En => format!("The database address does not work: {why}. For example: postgres://db.example.org:5432/myscihub"),
            }
        }
        TeamError::TlsRequired => lang.pick(
            "База данных не на этом компьютере, а адрес отключает проверку сертификата. С другим сервером приложение соединяется только по TLS с проверкой сертификата (sslmode=verify-full).",
            "The database is not on this computer, and the address turns certificate checks off. The app reaches another server only over TLS with its certificate verified (sslmode=verify-full).",
        ),
        TeamError::AlreadyATeam => lang.pick(
            "В этой базе уже есть команда MySciHub (или её роли). Чтобы присоединиться, попросите у владельца код приглашения.",
            "This database already holds a MySciHub team (or its roles). To join it, ask its owner for a join code.",
        ),
        TeamError::NoTeam => lang.pick(
            "В этой базе нет команды MySciHub, или у роли нет к ней доступа.",
            "This database holds no MySciHub team, or the role has no access to it.",
        ),
        TeamError::NotAMember => lang.pick(
            "Роль, под которой выполнен вход, не участник команды. Попросите владельца команды пригласить вас.",
            "The role that signed in is not a member of the team. Ask the team's owner to invite you.",
        ),
        TeamError::WrongKey => lang.pick(
            "Ключ команды на этом компьютере не совпадает с ключом в базе. Попросите владельца команды о новом коде приглашения.",
            "The team key on this computer does not match the database's. Ask the team's owner for a new join code.",
        ),
        TeamError::MemberExists => lang.pick(
            "Участник с такой ролью или почтой уже есть в команде.",
            "A member with this role or e-mail is in the team already.",
        ),
        TeamError::NotAllowed(_) => lang.pick(
            "У роли нет на это прав в базе данных (нужны права владельца базы и CREATEROLE). Обратитесь к администратору базы.",
            "The role may not do this in the database (it needs to own the database and have CREATEROLE). Ask the database's administrator.",
        ),
        TeamError::SchemaOutdated => lang.pick(
            "База команды устроена по более старой версии MySciHub. Её обновит владелец команды: пусть откроет MySciHub этой версии на своём компьютере.",
            "The team database was set up by an older version of MySciHub. The team's owner upgrades it by opening this version of MySciHub on their computer.",
        ),
        TeamError::AppOutdated => lang.pick(
            "База команды уже обновлена для более новой версии MySciHub: обновите приложение.",
            "The team database has been upgraded for a newer version of MySciHub: update the app.",
        ),
        TeamError::SignInRefused => lang.pick(
            "База данных не приняла роль и пароль.",
            "The database refused the role and password.",
        ),
        TeamError::Unreachable(_) => lang.pick(
            "База данных команды не отвечает. Проверьте сеть и адрес сервера; данные на этом компьютере не изменились. Вернуться к базе этого компьютера: myscihub team leave.",
            "The team database does not answer. Check the network and the server's address; nothing changed on this computer. To go back to this computer's own database: myscihub team leave.",
        ),
    };
    text.to_owned()
}

/// What a failure to talk to Zoom means for the user, in their language.
fn zoom_message(lang: Lang, error: &ZoomError) -> String {
    match error {
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

/// Why the app does not open its data while the token key cannot be had, and what to do.
/// «Повторить» and «Подключить аккаунты заново» are the buttons under the message.
fn token_key_message(lang: Lang, error: &VaultError) -> String {
    use crate::store::KeyStorage;
    let nothing_changed = lang.pick(
        "Сохранённые подключения Zoom в безопасности: приложение ничего не изменило и не создало новый ключ.",
        "Your saved Zoom connections are safe: the app changed nothing and made no new key.",
    );
    let or_again = lang.pick("— или нажмите «Подключить аккаунты заново».", "or click «Connect the accounts again».");
    match (lang, error) {
        (Lang::Ru, VaultError::KeychainUnavailable(_)) => format!(
            "Системная связка ключей недоступна: она заблокирована или ещё не запущена. В ней хранится ключ, которым зашифрован доступ \
             к аккаунтам Zoom, поэтому приложение пока не открывает свои данные. {nothing_changed} Разблокируйте связку ключей \
             (например, войдите в систему) и нажмите «Повторить»."
        ),
        (Lang::En, VaultError::KeychainUnavailable(_)) => format!(
            "The system keychain is unavailable: it is locked or has not started yet. It holds the key that encrypts the access to \
             your Zoom accounts, so the app does not open its data for now. {nothing_changed} Unlock the keychain (for example, by \
             signing in) and click «Try again»."
        ),
        (Lang::Ru, VaultError::KeyMissing { storage: KeyStorage::File, key_file }) => format!(
            "Пропал файл ключа шифрования {}. Без него сохранённый доступ к аккаунтам Zoom не расшифровать. {nothing_changed} \
             Восстановите файл из резервной копии и нажмите «Повторить» {or_again}",
            key_file.display()
        ),
        (Lang::En, VaultError::KeyMissing { storage: KeyStorage::File, key_file }) => format!(
            "The encryption key file {} is missing. Without it the saved access to your Zoom accounts cannot be decrypted. \
             {nothing_changed} Restore the file from a backup and click «Try again», {or_again}",
            key_file.display()
        ),
        (Lang::Ru, VaultError::KeyMissing { .. }) => format!(
            "В системной связке ключей нет ключа шифрования MySciHub. Без него сохранённый доступ к аккаунтам Zoom не расшифровать. \
             {nothing_changed} Восстановите ключ из резервной копии связки ключей и нажмите «Повторить» {or_again}"
        ),
        (Lang::En, VaultError::KeyMissing { .. }) => format!(
            "The MySciHub encryption key is missing from the system keychain. Without it the saved access to your Zoom accounts \
             cannot be decrypted. {nothing_changed} Restore the key from a backup of the keychain and click «Try again», {or_again}"
        ),
        (Lang::Ru, VaultError::KeyMismatch { storage: KeyStorage::File, key_file }) => format!(
            "В файле {} не тот ключ шифрования, которым зашифрован сохранённый доступ к аккаунтам Zoom. {nothing_changed} \
             Верните прежний файл из резервной копии и нажмите «Повторить» {or_again}",
            key_file.display()
        ),
        (Lang::En, VaultError::KeyMismatch { storage: KeyStorage::File, key_file }) => format!(
            "The file {} holds a different encryption key from the one the saved access to your Zoom accounts was encrypted with. \
             {nothing_changed} Put the previous file back from a backup and click «Try again», {or_again}",
            key_file.display()
        ),
        (Lang::Ru, _) => format!(
            "В системной связке ключей не тот ключ шифрования MySciHub, которым зашифрован сохранённый доступ к аккаунтам Zoom. \
             {nothing_changed} Верните прежний ключ из резервной копии связки ключей и нажмите «Повторить» {or_again}"
        ),
        (Lang::En, _) => format!(
            "The system keychain holds a different MySciHub encryption key from the one the saved access to your Zoom accounts \
             was encrypted with. {nothing_changed} Put the previous key back from a backup of the keychain and click «Try again», {or_again}"
        ),
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
        Field::ConnectionName => lang.pick("Название подключения", "Connection name"),
        Field::ClientId => lang.pick("Client ID", "Client ID"),
        Field::OauthUrl => lang.pick("Адрес OAuth", "OAuth URL"),
        Field::ApiUrl => lang.pick("Адрес API", "API URL"),
        Field::BounceUrl => lang.pick("Адрес страницы-переадресации", "Bounce page URL"),
        Field::ReminderMinutes => lang.pick("Напоминать за (минут)", "Remind minutes before"),
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
            Field::OauthUrl | Field::ApiUrl | Field::BounceUrl => format!(
                "{name}: {}",
                lang.pick("нужен адрес https:// (http:// — только для 127.0.0.1).", "an https:// address is needed (http:// only for 127.0.0.1).")
            ),
            _ => format!("{name}: {}", lang.pick("неверный формат.", "the format is wrong.")),
        },
        Problem::NotZoom => format!(
            "{name}: {}",
            lang.pick(
                "допускаются только адреса Zoom по https (zoom.us, zoomgov.com): на этот адрес приложение отправляет доступ к аккаунтам.",
                "only Zoom's own https addresses are accepted (zoom.us, zoomgov.com): the app sends the accounts' access there."
            )
        ),
        Problem::EndsBeforeStart => {
            lang.pick("Дата окончания не может быть раньше даты начала.", "The end date cannot be before the start date.").to_owned()
        }
    }
}

fn zoom_code(error: &ZoomError) -> FaultCode {
    match error {
        ZoomError::Unreachable(_) => FaultCode::ZoomUnreachable,
        ZoomError::InvalidGrant => FaultCode::ZoomInvalidGrant,
        ZoomError::InvalidToken => FaultCode::ZoomInvalidToken,
        ZoomError::RateLimited { .. } => FaultCode::ZoomRateLimited,
        ZoomError::Server { .. } => FaultCode::ZoomServerError,
        ZoomError::Rejected { .. } => FaultCode::ZoomRejected,
        ZoomError::Malformed(_) => FaultCode::ZoomMalformed,
        ZoomError::BadPaging => FaultCode::ZoomBadPaging,
    }
}
