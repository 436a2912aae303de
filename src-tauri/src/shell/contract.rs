//! The IPC contract, declared once (`ipc_contract!` in `commands.rs`) and made into three things
//! that cannot drift apart: Tauri's handler, the list of commands the access test walks, and
//! `ui/src/lib/bindings/commands.ts`, the typed functions the page calls. The compiler checks each
//! declared signature against its command, so the TypeScript says what Rust takes and answers.
//!
//! Why ts-rs and a table rather than tauri-specta: the IPC types were ts-rs types already, ts-rs
//! is a stable release line, and tauri-specta is still a release candidate; the table is small.

use std::collections::BTreeMap;

use ts_rs::TS;

/// One command as the page calls it.
pub struct Command {
    pub name: &'static str,
    /// Argument names as Rust declares them (snake case) with their TypeScript types.
    pub args: &'static [Arg],
    pub result: fn() -> TsType,
    pub doc: &'static str,
}

/// An argument's name and its TypeScript type.
pub type Arg = (&'static str, fn() -> TsType);

/// A TypeScript type and the generated files it needs.
pub struct TsType {
    pub name: String,
    pub imports: Vec<(String, String)>,
}

/// How an argument or result type is written in TypeScript. Ids and counts are numbers (the
/// page never sees an id past 2^53), not ts-rs's `bigint`.
pub trait Ts {
    fn ts() -> TsType;
}

macro_rules! plain {
    ($($ty:ty => $name:literal),*) => {$(
        impl Ts for $ty {
            fn ts() -> TsType {
                TsType { name: $name.into(), imports: Vec::new() }
            }
        }
    )*};
}
plain!(i64 => "number", usize => "number", bool => "boolean", String => "string", () => "null");

impl<T: Ts> Ts for Option<T> {
    fn ts() -> TsType {
        let inner = T::ts();
        TsType { name: format!("{} | null", inner.name), ..inner }
    }
}

impl<T: Ts> Ts for Vec<T> {
    fn ts() -> TsType {
        let inner = T::ts();
        TsType { name: format!("Array<{}>", inner.name), ..inner }
    }
}

impl<T: TS> Ts for tauri::ipc::Channel<T> {
    fn ts() -> TsType {
        let mut inner = exported::<T>();
        inner.imports.push(("Channel".into(), "@tauri-apps/api/core".into()));
        TsType { name: format!("Channel<{}>", inner.name), ..inner }
    }
}

/// A type ts-rs exports to its own file next to `commands.ts`.
pub fn exported<T: TS>() -> TsType {
    let name = T::name(&ts_rs::Config::from_env());
    TsType { imports: vec![(name.clone(), format!("./{name}"))], name }
}

/// The contents of `commands.ts`.
pub fn typescript(commands: &[Command]) -> String {
    let mut imports: BTreeMap<String, String> = BTreeMap::new();
    let mut body = String::new();
    for command in commands {
        let args: Vec<(String, TsType)> = command.args.iter().map(|(name, ts)| (camel(name), ts())).collect();
        let result = (command.result)();
        for ty in args.iter().map(|(_, t)| t).chain([&result]) {
            imports.extend(ty.imports.iter().cloned());
        }
        let params = args.iter().map(|(name, ty)| format!("{name}: {}", ty.name)).collect::<Vec<_>>().join(", ");
        let names = match args.is_empty() {
            true => "{}".to_owned(),
            false => format!("{{ {} }}", args.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ")),
        };
        let doc = command.doc.split_whitespace().collect::<Vec<_>>().join(" ");
        if !doc.is_empty() {
            body.push_str(&format!("    /** {} */\n", doc.replace("*/", "* /")));
        }
        body.push_str(&format!("    {}: ({params}) => invoke<{}>('{}', {names}),\n", camel(command.name), result.name, command.name));
    }
    let mut out = String::from("// Generated from src-tauri/src/shell/commands.rs by `cargo test`. Do not edit.\n");
    for (name, path) in &imports {
        out.push_str(&format!("import type {{ {name} }} from '{path}';\n"));
    }
    out.push_str("\n/** Sends one command to the app; rejects with its fault. */\n");
    out.push_str("export type Invoke = <T>(command: string, args: Record<string, unknown>) => Promise<T>;\n\n");
    out.push_str("/** Every command of the app, as a typed function over `invoke`. */\n");
    out.push_str("export function commands(invoke: Invoke) {\n  return {\n");
    out.push_str(&body);
    out.push_str("  };\n}\n\n");
    let names = commands.iter().map(|c| format!("'{}'", c.name)).collect::<Vec<_>>().join(" | ");
    out.push_str(&format!("export type CommandName = {names};\n"));
    out
}

pub fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// Declares the commands: `name(arg: Type, …) -> Answer;`, each an `async fn name(app, args…)`
/// in scope that answers `Reply<Answer>`.
macro_rules! ipc_contract {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty; )*) => {
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// Every command, in declaration order.
        pub const COMMANDS: &[$crate::shell::contract::Command] = &[$(
            $crate::shell::contract::Command {
                name: stringify!($name),
                args: &[$((stringify!($arg), <$ty as $crate::shell::contract::Ts>::ts)),*],
                result: <$ret as $crate::shell::contract::Ts>::ts,
                doc: concat!($($doc),*),
            }
        ),*];

        // Never called: it only makes the compiler hold each declaration to its command.
        #[allow(dead_code, unreachable_code, unused_variables, clippy::diverging_sub_expression)]
        fn declared_signatures(app: tauri::AppHandle<tauri::Wry>) {
            fn answers<T, F: std::future::Future<Output = Reply<T>>>(_: F) {}
            $( answers::<$ret, _>($name(app.clone() $(, unreachable!() as $ty)*)); )*
        }
    };
}
pub(crate) use ipc_contract;

/// Types ts-rs exports whose TypeScript name is their Rust name.
macro_rules! exported_types {
    ($($ty:ty),*) => {$(
        impl $crate::shell::contract::Ts for $ty {
            fn ts() -> $crate::shell::contract::TsType {
                $crate::shell::contract::exported::<$ty>()
            }
        }
    )*};
}
pub(crate) use exported_types;
