//! The command line's help in Russian when that is the user's language. clap's own words
//! (`Usage:`, its error phrases) stay English: clap has no translations.

use clap::{Command, CommandFactory};

use super::Cli;
use crate::core::Lang;

/// `(subcommand path, about)`; the empty path is `myscihub` itself.
const ABOUT: &[(&str, &str)] = &[
    ("", "MySciHub Desktop: аккаунты Zoom ваших научных мероприятий"),
    ("profile", "Профили на этом компьютере"),
    ("profile list", "Список профилей"),
    ("profile create", "Создать профиль"),
    ("event", "Мероприятия, которые вы администрируете"),
    ("event list", "Список ваших мероприятий"),
    ("event create", "Создать мероприятие; вы станете его администратором"),
    ("admin", "Администраторы мероприятия"),
    ("admin list", "Список администраторов мероприятия"),
    ("admin add", "Дать профилю право администратора мероприятия"),
    ("admin remove", "Забрать право (последнего администратора не удалить)"),
    ("connection", "Zoom подключения мероприятия"),
    ("connection list", "Список Zoom подключений мероприятия"),
    ("connection add", "Добавить Zoom подключение (пока не подключено)"),
    ("connection connect", "Подключить аккаунт Zoom: вход в браузере, который вернётся сюда"),
    ("connection disconnect", "Отключить аккаунт Zoom"),
    ("meeting", "Встречи аккаунтов Zoom мероприятия"),
    ("meeting list", "Расписание мероприятия по всем подключениям (с повторениями и пересечениями) или одного подключения"),
    ("sync", "Обновить встречи мероприятия из Zoom сейчас"),
    ("team", "Работать с общей базой PostgreSQL команды вместо базы этого компьютера"),
    ("team init", "Создать команду в пустой базе; вы станете её владельцем и первым участником"),
    ("team invite", "Сделать человека участником и вывести его одноразовый код приглашения (это секрет)"),
    ("team join", "Присоединиться к команде по коду от владельца; после этого код не работает"),
    ("team status", "С какой базой работает этот компьютер, под какой ролью и отвечает ли она"),
    ("team leave", "Вернуться к базе этого компьютера (она сохранена как была)"),
];

/// `(argument id, help)`, wherever the argument appears.
const ARGUMENTS: &[(&str, &str)] = &[
    ("profile", "Почта профиля, от имени которого действовать (нужна, когда профилей несколько)"),
    ("json", "Вывести результат в JSON на стандартный вывод"),
    ("id", "ID мероприятия (см. myscihub event list)"),
    ("connection", "ID подключения (см. myscihub connection list)"),
    ("time_zone", "Часовой пояс IANA, например Europe/Moscow"),
    ("start", "Первый день, ГГГГ-ММ-ДД"),
    ("end", "Последний день, ГГГГ-ММ-ДД"),
    ("force", "И аккаунты, обновлённые меньше минуты назад"),
    ("name", "Название"),
    ("email", "Почта"),
    ("title", "Название мероприятия"),
    ("database_url", "postgres://РОЛЬ@СЕРВЕР:ПОРТ/БАЗА (пароль в адресе или в PGPASSWORD)"),
    ("role", "Роль владельца, если в адресе её нет"),
    ("import_local", "Перенести в команду и мероприятия, подключения, токены и встречи этого компьютера"),
    ("existing", "Роль для входа, которую создал администратор базы, вместо новой"),
    ("code", "Код приглашения (MSH1-…)"),
    ("format", "table (таблица, по умолчанию), ics (файл календаря) или csv (таблица для Excel)"),
    ("from", "Первый день, ГГГГ-ММ-ДД, в часовом поясе мероприятия"),
    ("to", "Последний день, ГГГГ-ММ-ДД, в часовом поясе мероприятия"),
    ("include_passcodes", "Записать в файл коды доступа встреч (Zoom спрашивается о каждой встрече); с --format ics или csv"),
];

/// The command line as clap parses it, its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let command = Cli::command();
    match lang {
        Lang::En => command,
        Lang::Ru => ABOUT.iter().fold(command, |command, (path, about)| {
            let path: Vec<&str> = path.split_whitespace().collect();
            at(command, &path, &|c| c.about(*about))
        }),
    }
    .mut_args(russian_help_if(lang))
    .mut_subcommands(|c| translate_arguments(c, lang))
}

fn at(command: Command, path: &[&str], change: &dyn Fn(Command) -> Command) -> Command {
    match path.split_first() {
        None => change(command),
        Some((first, rest)) => command.mut_subcommand(*first, |sub| at(sub, rest, change)),
    }
}

fn translate_arguments(command: Command, lang: Lang) -> Command {
    command.mut_args(russian_help_if(lang)).mut_subcommands(|c| translate_arguments(c, lang))
}

fn russian_help_if(lang: Lang) -> impl FnMut(clap::Arg) -> clap::Arg {
    move |arg| match ARGUMENTS.iter().find(|(id, _)| arg.get_id() == *id) {
        Some((_, help)) if lang == Lang::Ru => arg.help(*help),
        _ => arg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subcommand_and_argument_has_its_russian_help() {
        fn walk(command: &Command, path: String, missing: &mut Vec<String>) {
            if command.get_about().is_none_or(|a| !a.to_string().chars().any(|c| ('а'..='я').contains(&c))) {
                missing.push(format!("about of `{path}`"));
            }
            for arg in command.get_arguments().filter(|a| !["help", "version"].contains(&a.get_id().as_str())) {
                if arg.get_help().is_none_or(|h| !h.to_string().chars().any(|c| ('а'..='я').contains(&c))) {
                    missing.push(format!("help of `{path} --{}`", arg.get_id()));
                }
            }
            for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
                walk(sub, format!("{path} {}", sub.get_name()).trim().to_owned(), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&command(Lang::Ru), String::new(), &mut missing);
        assert!(missing.is_empty(), "{missing:?}");
    }
}
