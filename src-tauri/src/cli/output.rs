//! What the command line prints: aligned plain text in the user's language, or JSON on standard
//! output with `--json`. Notes and reasons go to standard error, so a script reads stdout alone.

use chrono::{DateTime, Utc};
use serde::Serialize;

use secrecy::ExposeSecret;

use crate::core::team::{Invitation, TeamStatus};
use crate::core::zoom::{Meeting, ScheduleWindow, SyncOutcome};
use crate::core::{Fault, Lang};
use crate::store::{Administrator, ConnectionStatus, Event, Profile, ZoomConnection};

pub struct Out {
    pub json: bool,
    pub lang: Lang,
}

/// A row type the command line lists: its columns and how one row reads.
pub trait Shown: Serialize {
    fn head(out: &Out) -> Vec<&'static str>;
    /// What an empty list says, on standard error.
    fn none(out: &Out) -> &'static str;
    fn row(&self, out: &Out) -> Vec<String>;
}

impl Shown for Profile {
    fn none(out: &Out) -> &'static str {
        out.t("На этом компьютере ещё нет профилей.", "This computer has no profiles yet.")
    }
    fn head(out: &Out) -> Vec<&'static str> {
        vec!["ID", out.t("ИМЯ", "NAME"), out.t("ПОЧТА", "EMAIL")]
    }
    fn row(&self, _: &Out) -> Vec<String> {
        vec![self.id.to_string(), self.name.clone(), self.email.clone()]
    }
}

impl Shown for Event {
    fn none(out: &Out) -> &'static str {
        out.t("Вы не администрируете ни одного мероприятия.", "You administer no event.")
    }
    fn head(out: &Out) -> Vec<&'static str> {
        vec!["ID", out.t("НАЗВАНИЕ", "TITLE"), out.t("ЧАСОВОЙ ПОЯС", "TIME ZONE"), out.t("ДАТЫ", "DATES")]
    }
    fn row(&self, _: &Out) -> Vec<String> {
        let dates = match (&self.starts_on, &self.ends_on) {
            (Some(start), Some(end)) => format!("{start} — {end}"),
            _ => "—".into(),
        };
        vec![self.id.to_string(), self.title.clone(), self.time_zone.clone(), dates]
    }
}

impl Shown for Administrator {
    fn none(out: &Out) -> &'static str {
        out.t("У мероприятия нет администраторов.", "The event has no administrators.")
    }
    fn head(out: &Out) -> Vec<&'static str> {
        vec!["ID", out.t("ИМЯ", "NAME"), out.t("ПОЧТА", "EMAIL")]
    }
    fn row(&self, _: &Out) -> Vec<String> {
        vec![self.user_id.to_string(), self.name.clone(), self.email.clone()]
    }
}

impl Shown for ZoomConnection {
    fn none(out: &Out) -> &'static str {
        out.t("У мероприятия нет Zoom подключений.", "The event has no Zoom connections.")
    }
    fn head(out: &Out) -> Vec<&'static str> {
        vec!["ID", out.t("НАЗВАНИЕ", "NAME"), out.t("СОСТОЯНИЕ", "STATUS"), out.t("АККАУНТ ZOOM", "ZOOM ACCOUNT")]
    }
    fn row(&self, out: &Out) -> Vec<String> {
        let account = self.account.as_ref().map(|a| format!("{} <{}>", a.display_name, a.email)).unwrap_or_default();
        vec![self.id.to_string(), self.name.clone(), out.status(self.status).into(), account]
    }
}

impl Out {
    /// A list: a table, or a JSON array.
    pub fn list<T: Shown>(&self, items: &[T]) {
        if items.is_empty() && !self.json {
            return self.note(T::none(self));
        }
        self.print(items, || table(&T::head(self), items.iter().map(|i| i.row(self))));
    }

    /// What a command made or changed: a one-row table, or a JSON object.
    pub fn one<T: Shown>(&self, item: &T) {
        self.print(item, || table(&T::head(self), std::iter::once(item.row(self))));
    }

    /// Start times in the event's time zone.
    /// The schedule as a table, or with `--json` one object per row: the meeting, its
    /// connection and Zoom account, and the meeting it overlaps (`conflictsWith`).
    pub fn schedule(&self, schedule: &ScheduleWindow) {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Row<'a> {
            connection_id: i64,
            connection_names: &'a [String],
            zoom_email: &'a str,
            #[serde(flatten)]
            meeting: &'a Meeting,
            conflicts_with: Option<i64>,
        }
        let rows: Vec<Row> = schedule
            .rows
            .iter()
            .map(|r| Row {
                connection_id: r.connection_id,
                connection_names: &r.connection_names,
                zoom_email: &r.zoom_email,
                meeting: &r.meeting,
                conflicts_with: r.meeting.overlaps.as_ref().map(|o| o.id),
            })
            .collect();
        if rows.is_empty() && !self.json {
            return self.note(self.t("Сохранённых встреч нет.", "No meetings are stored."));
        }
        let zone: chrono_tz::Tz = schedule.event_time_zone.parse().unwrap_or(chrono_tz::UTC);
        self.print(&rows, || {
            let head = [
                self.t("ПОДКЛЮЧЕНИЕ", "CONNECTION"),
                self.t("НАЧАЛО", "START"),
                self.t("МИН", "MIN"),
                self.t("ID ВСТРЕЧИ", "MEETING ID"),
                self.t("ТЕМА", "TOPIC"),
                self.t("ССЫЛКА", "JOIN LINK"),
                self.t("ПЕРЕСЕКАЕТСЯ С", "OVERLAPS"),
            ];
            table(
                &head,
                schedule.rows.iter().map(|r| {
                    let m = &r.meeting;
                    let start = match m.start_time.as_deref().and_then(|t| t.parse::<DateTime<Utc>>().ok()) {
                        Some(t) if m.fixed_time => t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
                        _ => self.t("без фиксированного времени", "no fixed time").into(),
                    };
                    let minutes = m.duration_minutes.map(|d| d.to_string()).unwrap_or_default();
                    // A link the window would not open is not offered here either.
                    let link = if m.joinable { m.join_url.clone().unwrap_or_default() } else { String::new() };
                    let overlaps = m.overlaps.as_ref().map(|o| o.id.to_string()).unwrap_or_default();
                    vec![r.connection_id.to_string(), start, minutes, m.id.to_string(), one_line(&m.topic), link, overlaps]
                }),
            )
        });
    }

    pub fn sync(&self, accounts: &[(i64, String, &SyncOutcome)]) {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Line<'a> {
            account_id: i64,
            email: &'a str,
            outcome: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            meetings: Option<usize>,
            #[serde(skip_serializing_if = "Option::is_none")]
            code: Option<String>,
            message: String,
        }
        let lines: Vec<Line> = accounts
            .iter()
            .map(|(account_id, email, outcome)| {
                let (kind, meetings, code, message) = self.outcome(outcome);
                Line { account_id: *account_id, email, outcome: kind, meetings, code, message }
            })
            .collect();
        self.print(&lines, || {
            if lines.is_empty() {
                return format!("{}\n", self.t("У мероприятия нет подключённых аккаунтов Zoom.", "The event has no connected Zoom accounts."));
            }
            lines.iter().map(|l| format!("{}: {}\n", l.email, l.message)).collect()
        });
    }

    fn outcome(&self, outcome: &SyncOutcome) -> (&'static str, Option<usize>, Option<String>, String) {
        match outcome {
            SyncOutcome::Synced { meetings, changed: true } => {
                ("synced", Some(*meetings), None, format!("{} ({} {meetings})", self.t("обновлено", "synced"), self.t("встреч:", "meetings:")))
            }
            SyncOutcome::Synced { meetings, changed: false } => (
                "unchanged",
                Some(*meetings),
                None,
                format!("{} ({} {meetings})", self.t("без изменений", "unchanged"), self.t("встреч:", "meetings:")),
            ),
            SyncOutcome::Fresh => {
                ("unchanged", None, None, self.t("без изменений: обновлено меньше минуты назад", "unchanged: synced under a minute ago").into())
            }
            SyncOutcome::Waiting { until } => {
                let at = DateTime::from_timestamp_millis(*until).unwrap_or_default().with_timezone(&chrono::Local).format("%H:%M");
                let message = match self.lang {
                    Lang::Ru => format!("не обновлено: лимит запросов Zoom, следующая попытка после {at}"),
                    Lang::En => format!("not synced: Zoom's request limit, next try after {at}"),
                };
                ("failed", None, Some("zoom_rate_limited".into()), message)
            }
            SyncOutcome::Purged { .. } => (
                "removed",
                None,
                None,
                self.t(
                    "приложение удалено в Zoom Marketplace: аккаунт отключён от всех мероприятий",
                    "the app was removed in the Zoom Marketplace: the account left every event",
                )
                .into(),
            ),
            SyncOutcome::Failed(error) => {
                let fault = error.fault(self.lang);
                ("failed", None, Some(fault.code.as_str().to_owned()), format!("{}: {}", self.t("не обновлено", "not synced"), fault.message))
            }
        }
    }

    /// Which database, as whom; with `--json`, the status as the window gets it.
    pub fn team_status(&self, status: &TeamStatus) {
        self.print(status, || {
            let mut rows = Vec::new();
            if !status.team {
                rows.push(vec![self.t("База", "Database").into(), self.t("локальная, на этом компьютере", "local, on this computer").into()]);
            } else {
                let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
                rows.push(vec![self.t("База", "Database").into(), or_dash(&status.database)]);
                rows.push(vec![self.t("Роль", "Role").into(), or_dash(&status.role)]);
                let member = match (&status.member_name, &status.member_email) {
                    (Some(name), Some(email)) => format!("{name} <{email}>"),
                    _ => "—".into(),
                };
                rows.push(vec![self.t("Участник", "Member").into(), member]);
                rows.push(vec![self.t("Версия схемы", "Schema version").into(), status.schema_version.map_or("—".into(), |v| v.to_string())]);
                let reachable = if status.reachable {
                    self.t("да", "yes").to_owned()
                } else {
                    format!("{}: {}", self.t("нет", "no"), or_dash(&status.problem))
                };
                rows.push(vec![self.t("Отвечает", "Reachable").into(), reachable]);
            }
            table(&["", ""], rows.into_iter()).lines().skip(1).map(|l| format!("{l}\n")).collect()
        });
    }

    /// The join code on standard output, alone on its line so a script can take it; what it is, on
    /// standard error.
    pub fn invitation(&self, invitation: &Invitation) {
        let code = invitation.code.expose_secret();
        let m = &invitation.member;
        self.print(&serde_json::json!({ "member": m, "code": code }), || format!("{code}\n"));
        self.note(&match self.lang {
            Lang::Ru => format!(
                "Код приглашения для {} <{}> (роль {}). Это секрет: по нему входят в базу команды как этот участник. \
                 Передайте его лично или по защищённому каналу; он сработает один раз: myscihub team join КОД.",
                m.name, m.email, m.role
            ),
            Lang::En => format!(
                "The join code for {} <{}> (role {}). It is a secret: it signs in to the team's database as this member. \
                 Hand it over in person or over a secure channel; it works once: myscihub team join CODE.",
                m.name, m.email, m.role
            ),
        });
    }

    /// A note for the person at the terminal, never part of the result.
    pub fn note(&self, text: &str) {
        eprintln!("{text}");
    }

    fn print<T: Serialize + ?Sized>(&self, value: &T, text: impl FnOnce() -> String) {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).expect("results serialise"));
        } else {
            print!("{}", text());
        }
    }

    fn status(&self, status: ConnectionStatus) -> &'static str {
        match status {
            ConnectionStatus::NotConnected => self.t("Не подключен", "Not connected"),
            ConnectionStatus::Authorizing => self.t("Ожидание авторизации", "Waiting for authorization"),
            ConnectionStatus::Connected => self.t("Подключен", "Connected"),
            ConnectionStatus::NeedsReauth => self.t("Требуется повторное подключение", "Reconnect needed"),
        }
    }

    fn t(&self, ru: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(ru, en)
    }
}

/// A refusal or failure: the reason on standard error, and with `--json` also `{code, message}`
/// on standard output.
pub fn fault(fault: &Fault, json: bool) {
    eprintln!("{}", fault.message);
    if json {
        println!("{}", serde_json::json!({ "code": fault.code.as_str(), "message": fault.message }));
    }
}

pub fn open_this(lang: Lang, url: &str) -> String {
    match lang {
        Lang::Ru => {
            format!("Войдите в Zoom в браузере. Если он не открылся, откройте этот адрес:\n{url}\nОжидание возврата из браузера… (Ctrl-C — отменить)")
        }
        Lang::En => format!(
            "Sign in to Zoom in your browser. If it did not open, open this address:\n{url}\nWaiting for the browser to come back… (Ctrl-C cancels)"
        ),
    }
}

pub fn team_joined(lang: Lang) -> String {
    lang.pick(
        "Теперь окно и командная строка на этом компьютере работают с базой команды. Локальные данные сохранены: myscihub team leave вернёт к ним.",
        "From now on the window and the command line on this computer work with the team's database. The local data is kept: myscihub team leave goes back to it.",
    )
    .to_owned()
}

pub fn some_failed(lang: Lang, failed: usize, of: usize) -> String {
    match lang {
        Lang::Ru => format!("Не обновлено аккаунтов: {failed} из {of}. Сохранённые встречи не изменились."),
        Lang::En => format!("{failed} of {of} accounts were not synced; their stored meetings are unchanged."),
    }
}

/// Columns padded to their widest cell; the last column is not padded.
fn table(head: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let n = head.len();
    let rows: Vec<Vec<String>> = std::iter::once(head.iter().map(|h| h.to_string()).collect()).chain(rows).collect();
    let mut widths = vec![0usize; n];
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| if i + 1 == n { cell.clone() } else { format!("{cell}{}", " ".repeat(widths[i] - cell.chars().count())) })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// A topic on one line: line breaks and other control characters become spaces.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
