//! `myscihub` on the command line: nouns then verbs (`myscihub connection list --event 1`), over
//! the same core and data folder as the window, without starting Tauri. Exit status: 0 done, 1
//! refused or failed (the reason on standard error), 2 a usage error.

mod output;
mod run;
mod russian;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Whether the arguments ask for the command line rather than the window: anything but nothing
/// at all, or a `myscihub://` link the OS hands over.
pub fn wanted() -> bool {
    wanted_for(std::env::args_os().skip(1))
}

fn wanted_for(args: impl IntoIterator<Item = OsString>) -> bool {
    match args.into_iter().next() {
        None => false,
        Some(first) => {
            let first = first.to_string_lossy();
            // macOS may add a process serial number when Finder opens an app.
            !(first.starts_with("myscihub://") || first.starts_with("-psn_"))
        }
    }
}

#[derive(Debug, Parser)]
#[command(name = "myscihub", version, about = "MySciHub Desktop: Zoom accounts of your scientific events", propagate_version = true)]
pub struct Cli {
    /// The e-mail of the profile acting (needed when this computer has several)
    #[arg(long, global = true, value_name = "EMAIL")]
    pub profile: Option<String>,
    /// Print the result as JSON on standard output
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Profiles on this computer
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Events you administer
    #[command(subcommand)]
    Event(EventCommand),
    /// An event's administrators
    #[command(subcommand)]
    Admin(AdminCommand),
    /// An event's Zoom connections
    #[command(subcommand)]
    Connection(ConnectionCommand),
    /// Meetings of an event's Zoom accounts
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Work with the team's shared PostgreSQL database instead of this computer's own
    #[command(subcommand)]
    Team(TeamCommand),
    /// Fetch the event's meetings from Zoom now
    Sync {
        #[command(flatten)]
        event: EventArg,
        /// Also the accounts synced under a minute ago
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Set a team up on an empty database; you become its owner and first member
    Init {
        /// postgres://ROLE@HOST:PORT/DATABASE (the password in it, or in PGPASSWORD)
        #[arg(long, value_name = "URL")]
        database_url: String,
        /// The owner role, when the address names none
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// Also bring this computer's events, connections, tokens and meetings into the team
        #[arg(long)]
        import_local: bool,
    },
    /// Make someone a member and print their one-time join code (a secret)
    Invite {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// A login role a database administrator made, instead of a new one
        #[arg(long = "role", value_name = "EXISTING")]
        existing: Option<String>,
    },
    /// Join a team with the code its owner gave you; the code then stops working
    Join {
        /// The join code (MSH1-…)
        code: String,
    },
    /// Which database this computer works with, as whom, and whether it answers
    Status,
    /// Go back to this computer's own database (kept as it was)
    Leave,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// List the profiles
    List,
    /// Create a profile
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// List the events you administer
    List,
    /// Create an event; you become its administrator
    Create {
        #[arg(long)]
        title: String,
        /// An IANA time zone, e.g. Europe/Moscow
        #[arg(long, value_name = "TZ")]
        time_zone: String,
        /// The first day, YYYY-MM-DD
        #[arg(long, value_name = "YYYY-MM-DD", requires = "end")]
        start: Option<String>,
        /// The last day, YYYY-MM-DD
        #[arg(long, value_name = "YYYY-MM-DD", requires = "start")]
        end: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// List the event's administrators
    List(EventArg),
    /// Give a profile the Event Administrator right
    Add {
        #[command(flatten)]
        event: EventArg,
        #[arg(long)]
        email: String,
    },
    /// Take the right away (never from the last administrator)
    Remove {
        #[command(flatten)]
        event: EventArg,
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConnectionCommand {
    /// List the event's Zoom connections
    List(EventArg),
    /// Add a Zoom connection (not yet connected)
    Add {
        #[command(flatten)]
        event: EventArg,
        #[arg(long)]
        name: String,
    },
    /// Connect a Zoom account: sign in in the browser, which returns here
    Connect(ConnectionArgs),
    /// Disconnect the Zoom account
    Disconnect(ConnectionArgs),
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// The event's schedule across its connections (occurrences and overlaps included), or one connection's
    List {
        #[command(flatten)]
        event: EventArg,
        #[arg(long, value_name = "ID")]
        connection: Option<i64>,
        /// table (default), ics (a calendar file) or csv (a spreadsheet)
        #[arg(long, value_enum, default_value_t = MeetingFormat::Table)]
        format: MeetingFormat,
        /// The first day, YYYY-MM-DD, in the event's time zone
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<chrono::NaiveDate>,
        /// The last day, YYYY-MM-DD, in the event's time zone
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<chrono::NaiveDate>,
        /// Put each meeting's passcode in the file (asked of Zoom, meeting by meeting); with --format ics or csv
        #[arg(long)]
        include_passcodes: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MeetingFormat {
    Table,
    Ics,
    Csv,
}

#[derive(Debug, Args)]
pub struct EventArg {
    /// The event's id (see `myscihub event list`)
    #[arg(long = "event", value_name = "ID")]
    pub id: i64,
}

#[derive(Debug, Args)]
pub struct ConnectionArgs {
    #[command(flatten)]
    pub event: EventArg,
    /// The connection's id (see `myscihub connection list`)
    #[arg(long, value_name = "ID")]
    pub connection: i64,
}

impl Cli {
    /// What clap's attributes cannot say: a table has no passcodes to include.
    fn checked(self, lang: crate::core::Lang) -> Result<Self, clap::Error> {
        if let Command::Meeting(MeetingCommand::List { format: MeetingFormat::Table, include_passcodes: true, .. }) = &self.command {
            let why = "--include-passcodes goes with --format ics or --format csv";
            return Err(russian::command(lang).error(clap::error::ErrorKind::ArgumentConflict, why));
        }
        Ok(self)
    }
}

pub fn main() -> ExitCode {
    #[cfg(windows)]
    attach_console();
    let lang = crate::lang();
    let parsed = russian::command(lang)
        .try_get_matches()
        .and_then(|matches| <Cli as clap::FromArgMatches>::from_arg_matches(&matches))
        .and_then(|cli| cli.checked(lang));
    let cli = match parsed {
        Ok(cli) => cli,
        // clap prints help and version to stdout with status 0, usage errors to stderr with 2.
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    crate::logging::init_for_command_line(crate::folders::log_dir().as_deref());
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("the async runtime starts");
    match runtime.block_on(run::run(&cli, lang)) {
        Ok(run::Done::All) => ExitCode::SUCCESS,
        Ok(run::Done::Partly) => ExitCode::from(1),
        Err(fault) => {
            output::fault(&fault, cli.json);
            ExitCode::from(1)
        }
    }
}

/// A release build on Windows is a window app, with no console of its own: write to the one the
/// command line was typed in.
#[cfg(windows)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    // SAFETY: takes no pointers; failing (no parent console) leaves the process as it was.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_or_nothing_opens_the_window() {
        assert!(!wanted_for(Vec::<OsString>::new()));
        assert!(!wanted_for(["myscihub://oauth/zoom/callback?code=x".into()]));
        assert!(wanted_for(["event".into(), "list".into()]));
        assert!(wanted_for(["--help".into()]));
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
