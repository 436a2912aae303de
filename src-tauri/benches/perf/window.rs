//! Figures of the real window: start-up (4), memory (5), idle (6), rendering (7). The release
//! app and the blank example are started here, as children of this process, in the display and
//! D-Bus session `make bench` provides; the Zoom sandbox they talk to runs in this process.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use zoom_sandbox::Sandbox;

pub const APP_MARKER: &str = "first view with data rendered";
pub const BLANK_MARKER: &str = "page loaded";
const RUNS: usize = 10;
const FIRST_PAINT_TIMEOUT: Duration = Duration::from_secs(20);
const IDLE_SETTLE: Duration = Duration::from_secs(5);
const IDLE_WINDOW: Duration = Duration::from_secs(60);

pub struct Programs {
    pub app: PathBuf,
    pub blank: PathBuf,
    pub root: PathBuf,
    pub work: PathBuf,
}

/// A started program, its stderr collected line by line with the time each line arrived.
struct Running {
    child: Child,
    pid: u32,
    spawned: SystemTime,
    lines: Arc<Mutex<Vec<String>>>,
    log_file: PathBuf,
}

impl Running {
    async fn start(program: &Path, env: &[(String, String)], log_file: PathBuf) -> Running {
        let mut command = Command::new(program);
        command.envs(env.iter().map(|(k, v)| (k, v))).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).kill_on_drop(true);
        let spawned = SystemTime::now();
        let mut child = command.spawn().unwrap_or_else(|e| panic!("{}: {e}", program.display()));
        let pid = child.id().expect("a pid");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let stderr = child.stderr.take().unwrap();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                sink.lock().unwrap().push(line);
            }
        });
        Running { child, pid, spawned, lines, log_file }
    }

    /// Seconds from spawn to the time stamp of the first line containing `marker`.
    async fn wait_for(&self, marker: &str, timeout: Duration) -> Option<f64> {
        let until = Instant::now() + timeout;
        loop {
            if let Some(line) = self.lines.lock().unwrap().iter().find(|l| l.contains(marker)) {
                let stamp = line.split_whitespace().next().unwrap_or_default();
                let at = chrono::DateTime::parse_from_rfc3339(stamp).ok()?;
                let at = SystemTime::UNIX_EPOCH + Duration::from_nanos(at.timestamp_nanos_opt()? as u64);
                return Some(at.duration_since(self.spawned).ok()?.as_secs_f64());
            }
            if Instant::now() > until {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn tree(&self) -> Vec<u32> {
        tree(self.pid)
    }

    /// SIGTERM, then SIGKILL for whatever of the tree is left after a few seconds.
    async fn stop(mut self) {
        let pids = self.tree();
        signal("TERM", self.pid);
        let exited = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await.is_ok();
        if !exited {
            let _ = self.child.start_kill();
            let _ = self.child.wait().await;
        }
        for _ in 0..50 {
            if pids.iter().all(|&p| !alive(p)) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        for &p in &pids {
            if alive(p) {
                signal("KILL", p);
            }
        }
        let _ = std::fs::write(&self.log_file, self.lines.lock().unwrap().join("\n"));
    }
}

fn signal(name: &str, pid: u32) {
    let _ = std::process::Command::new("kill").arg(format!("-{name}")).arg(pid.to_string()).stderr(Stdio::null()).status();
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map(|s| !s.contains(") Z ")).unwrap_or(false)
}

/// `pid` and all its descendants, from /proc.
pub fn tree(pid: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(p) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        if let Some((ppid, _, _)) = stat(p) {
            children.entry(ppid).or_default().push(p);
        }
    }
    let mut out = vec![pid];
    let mut i = 0;
    while i < out.len() {
        if let Some(c) = children.get(&out[i]) {
            out.extend(c);
        }
        i += 1;
    }
    out
}

/// (ppid, utime + stime in ticks, comm)
fn stat(pid: u32) -> Option<(u32, u64, String)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text[open + 1..close].to_owned();
    let fields: Vec<&str> = text[close + 2..].split_whitespace().collect();
    // After the comm: state(0) ppid(1) … utime(11) stime(12).
    Some((fields.get(1)?.parse().ok()?, fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?, comm))
}

fn pss_kb(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    text.lines().find(|l| l.starts_with("Pss:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// PSS of each process of the tree, by name.
fn tree_pss(pids: &[u32]) -> (u64, Vec<(String, u64)>) {
    let mut parts = Vec::new();
    for &p in pids {
        if let (Some(kb), Some((_, _, comm))) = (pss_kb(p), stat(p)) {
            parts.push((comm, kb));
        }
    }
    (parts.iter().map(|(_, kb)| kb).sum(), parts)
}

fn ticks(pids: &[u32]) -> HashMap<u32, u64> {
    pids.iter().filter_map(|&p| Some((p, stat(p)?.1))).collect()
}

fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

async fn freshen(dir: &Path) {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.join("myscihub.db"));
    let mut db = sqlx::SqliteConnection::connect_with(&options).await.expect("the copied database opens");
    let now = chrono::Utc::now().timestamp_millis();
    sqlx::query("UPDATE zoom_accounts SET last_synced_at = ?1, last_attempt_at = ?1").bind(now).execute(&mut db).await.unwrap();
    db.close().await.unwrap();
}

/// The demo event runs from today; the generated meetings are all in March 2027, which
/// «Только даты мероприятия» (on by default) would hide: the event is moved to that month.
async fn event_in_march(dir: &Path, event: i64) {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.join("myscihub.db"));
    let mut db = sqlx::SqliteConnection::connect_with(&options).await.expect("the copied database opens");
    sqlx::query("UPDATE events SET starts_on = '2027-03-01', ends_on = '2027-03-31' WHERE id = ?1").bind(event).execute(&mut db).await.unwrap();
    db.close().await.unwrap();
}

fn copy_folder(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Waits until the sandbox has seen no request for `quiet` (at most `max`).
async fn sandbox_quiet(sandbox: &Sandbox, quiet: Duration, max: Duration) -> usize {
    let until = Instant::now() + max;
    let mut last = sandbox.requests().len();
    let mut since = Instant::now();
    while Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let n = sandbox.requests().len();
        if n != last {
            last = n;
            since = Instant::now();
        } else if since.elapsed() >= quiet {
            break;
        }
    }
    last
}

pub struct AppSetup<'a> {
    pub sandbox: &'a Sandbox,
    pub conference: PathBuf,
    pub conference_ids: (i64, i64),
    pub big: PathBuf,
    pub big_ids: (i64, i64),
}

impl Programs {
    fn common_env(&self) -> Vec<(String, String)> {
        let xdg = self.work.join("xdg");
        vec![
            ("XDG_DATA_HOME".into(), xdg.join("data").display().to_string()),
            ("XDG_CACHE_HOME".into(), xdg.join("cache").display().to_string()),
            ("XDG_CONFIG_HOME".into(), xdg.join("config").display().to_string()),
            ("NO_AT_BRIDGE".into(), "1".into()),
        ]
    }

    fn app_env(&self, setup: &AppSetup<'_>, data_dir: &Path, ids: (i64, i64)) -> Vec<(String, String)> {
        let base = setup.sandbox.base_url();
        let mut env = self.common_env();
        env.extend([
            ("MYSCIHUB_DATA_DIR".into(), data_dir.display().to_string()),
            ("MYSCIHUB_DEMO".into(), "1".into()),
            ("MYSCIHUB_OPEN".into(), format!("#/events/{}/integrations/zoom/{}", ids.0, ids.1)),
            ("MYSCIHUB_LOG".into(), "info".into()),
            ("MYSCIHUB_KEYCHAIN".into(), "0".into()),
            ("MYSCIHUB_LANG".into(), "en".into()),
            ("MYSCIHUB_ZOOM_OAUTH_URL".into(), base.clone()),
            ("MYSCIHUB_ZOOM_API_URL".into(), format!("{base}/v2")),
            ("MYSCIHUB_ZOOM_CLIENT_ID".into(), "test-public".into()),
            ("MYSCIHUB_ZOOM_REDIRECT_URI".into(), "myscihub://oauth/zoom/callback".into()),
        ]);
        env
    }

    async fn start_app(&self, setup: &AppSetup<'_>, name: &str) -> Running {
        self.start_app_with(setup, name, false).await
    }

    /// `fresh`: the cache marked as fetched just now, so the app asks Zoom nothing at start.
    async fn start_app_with(&self, setup: &AppSetup<'_>, name: &str, fresh: bool) -> Running {
        let data = self.work.join("runs").join(name);
        copy_folder(&setup.conference, &data);
        if fresh {
            freshen(&data).await;
        }
        let env = self.app_env(setup, &data, setup.conference_ids);
        Running::start(&self.app, &env, self.work.join("logs").join(format!("{name}.log"))).await
    }

    async fn start_blank(&self, name: &str) -> Running {
        Running::start(&self.blank, &self.common_env(), self.work.join("logs").join(format!("{name}.log"))).await
    }

    /// Figure 4: 10 cold starts of each, interleaved (blank, app, blank, app…) after one unmeasured
    /// start of each, so both see the same page cache and the same background load.
    pub async fn start_up(&self, setup: &AppSetup<'_>) -> Value {
        std::fs::create_dir_all(self.work.join("logs")).unwrap();
        let mut app_runs = Vec::new();
        let mut blank_runs = Vec::new();
        let mut fresh_runs = Vec::new();
        let mut app_started = Vec::new();
        let mut blank_started = Vec::new();
        let mut app_missing = 0;
        for run in 0..=RUNS {
            let blank = self.start_blank(&format!("blank-{run}")).await;
            let b = blank.wait_for(BLANK_MARKER, FIRST_PAINT_TIMEOUT).await;
            let b_started = blank.wait_for("blank: started", Duration::ZERO).await;
            blank.stop().await;
            let app = self.start_app(setup, &format!("app-{run}")).await;
            let a = app.wait_for(APP_MARKER, FIRST_PAINT_TIMEOUT).await;
            let a_started = app.wait_for("MySciHub started", Duration::ZERO).await;
            // Let the start-up sync finish before the next start, as the sandbox is shared.
            sandbox_quiet(setup.sandbox, Duration::from_millis(500), Duration::from_secs(10)).await;
            app.stop().await;
            // The same start with nothing to ask Zoom: what the start-up sync costs the first paint.
            let fresh = self.start_app_with(setup, &format!("app-fresh-{run}"), true).await;
            let f = fresh.wait_for(APP_MARKER, FIRST_PAINT_TIMEOUT).await;
            fresh.stop().await;
            eprintln!(
                "  start {run}: blank {b:?} s, app {a:?} s, app with a fresh cache {f:?} s{}",
                if run == 0 { " (warm-up, not counted)" } else { "" }
            );
            if run == 0 {
                continue;
            }
            blank_runs.extend(b);
            fresh_runs.extend(f);
            app_started.extend(a_started);
            blank_started.extend(b_started);
            match a {
                Some(a) => app_runs.push(a),
                None => app_missing += 1,
            }
            if app_runs.is_empty() && app_missing >= 2 {
                eprintln!("  the app does not log \"{APP_MARKER}\": start-up runs stopped");
                break;
            }
        }
        let app = median(app_runs.clone());
        let blank = median(blank_runs.clone());
        json!({
            "app_s": app,
            "blank_s": blank,
            "ratio": app.zip(blank).map(|(a, b)| a / b),
            "app_runs_s": app_runs,
            "fresh_s": median(fresh_runs.clone()),
            "fresh_runs_s": fresh_runs,
            "app_process_started_s": median(app_started),
            "blank_process_started_s": median(blank_started),
            "blank_runs_s": blank_runs,
            "app_runs_without_marker": app_missing,
        })
    }

    /// Figures 5 and 6: one more start of each; the tree's PSS once idle; then the app left alone,
    /// unfocused (no window manager runs on the display, so no focus is given), for 60 s.
    pub async fn memory_and_idle(&self, setup: &AppSetup<'_>) -> (Value, Value) {
        let blank = self.start_blank("blank-memory").await;
        blank.wait_for(BLANK_MARKER, FIRST_PAINT_TIMEOUT).await;
        let focus = x11::unfocus();
        tokio::time::sleep(IDLE_SETTLE).await;
        let (blank_kb, blank_parts) = sample_pss(&blank).await;
        blank.stop().await;

        let before = setup.sandbox.requests().len();
        let app = self.start_app(setup, "app-memory").await;
        let painted = app.wait_for(APP_MARKER, FIRST_PAINT_TIMEOUT).await;
        let after_start = sandbox_quiet(setup.sandbox, Duration::from_secs(2), Duration::from_secs(30)).await;
        let app_focus = x11::unfocus();
        tokio::time::sleep(IDLE_SETTLE).await;
        let (app_kb, app_parts) = sample_pss(&app).await;

        // Figure 6, in the same run: the app left alone.
        let pids = app.tree();
        let requests_before = setup.sandbox.requests().len();
        let t0 = ticks(&pids);
        let clock = Instant::now();
        tokio::time::sleep(IDLE_WINDOW).await;
        let seconds = clock.elapsed().as_secs_f64();
        let now_pids = app.tree();
        let t1 = ticks(&now_pids);
        let requests = setup.sandbox.requests().len() - requests_before;
        let used: u64 = t1.iter().map(|(p, t)| t - t0.get(p).copied().unwrap_or(0)).sum();
        let cpu_s = used as f64 / clock_ticks_per_second();
        let new_processes: HashSet<_> = now_pids.iter().filter(|p| !pids.contains(p)).collect();
        app.stop().await;
        let idle = json!({
            "seconds": seconds,
            "cpu_s": cpu_s,
            "cpu_percent_of_one_core": cpu_s / seconds * 100.0,
            "requests": requests,
            "processes": now_pids.len(),
            "new_processes": new_processes.len(),
            // The display's focus before the benchmark first took it away, and while the app idled.
            "x_focus_at_first": focus.map(|f| f.0),
            "x_focus": app_focus.map(|f| f.1),
        });
        eprintln!("  figure 6: {idle}");

        // Where the memory goes: the same start with a fresh cache (no sync runs in the process),
        // and the app on its first screen without data (the profile picker), fresh cache too.
        let fresh = self.start_app_with(setup, "app-memory-fresh", true).await;
        fresh.wait_for(APP_MARKER, FIRST_PAINT_TIMEOUT).await;
        x11::unfocus();
        tokio::time::sleep(IDLE_SETTLE).await;
        let (fresh_kb, fresh_parts) = sample_pss(&fresh).await;
        fresh.stop().await;
        let data = self.work.join("runs").join("app-memory-picker");
        copy_folder(&setup.conference, &data);
        freshen(&data).await;
        let env: Vec<(String, String)> =
            self.app_env(setup, &data, setup.conference_ids).into_iter().filter(|(k, _)| k != "MYSCIHUB_DEMO" && k != "MYSCIHUB_OPEN").collect();
        let picker = Running::start(&self.app, &env, self.work.join("logs").join("app-memory-picker.log")).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        x11::unfocus();
        tokio::time::sleep(IDLE_SETTLE).await;
        let (picker_kb, picker_parts) = sample_pss(&picker).await;
        picker.stop().await;

        let memory = json!({
            "app_mb": app_kb as f64 / 1024.0,
            "blank_mb": blank_kb as f64 / 1024.0,
            "ratio": app_kb as f64 / blank_kb as f64,
            "app_processes": parts_json(&app_parts),
            "blank_processes": parts_json(&blank_parts),
            "fresh_mb": fresh_kb as f64 / 1024.0,
            "fresh_processes": parts_json(&fresh_parts),
            "picker_mb": picker_kb as f64 / 1024.0,
            "picker_processes": parts_json(&picker_parts),
            "first_paint_logged": painted.is_some(),
            "start_up_requests": after_start - before,
        });
        eprintln!("  figure 5: {memory}");
        (memory, idle)
    }

    /// Figure 7 through WebDriver (tests/bench/render.mjs), in the release app's real window.
    pub async fn rendering(&self, setup: &AppSetup<'_>) -> Value {
        let data = self.work.join("runs").join("render");
        copy_folder(&setup.big, &data);
        let route = format!("#/events/{}/integrations/zoom/{}", setup.big_ids.0, setup.big_ids.1);
        self.render(setup, &data, setup.big_ids, "meetings", &route, crate::data::BIG_MEETINGS).await
    }

    /// Figure 10's window half: the conference's schedule, 20 accounts × 1,000 meetings.
    pub async fn schedule_rendering(&self, setup: &AppSetup<'_>) -> Value {
        let data = self.work.join("runs").join("schedule");
        copy_folder(&setup.conference, &data);
        event_in_march(&data, setup.conference_ids.0).await;
        let route = format!("#/events/{}/integrations/schedule", setup.conference_ids.0);
        self.render(setup, &data, setup.conference_ids, "schedule", &route, crate::data::ACCOUNTS * crate::data::MEETINGS_PER_ACCOUNT).await
    }

    /// tests/bench/render.mjs on one view (`meetings` or `schedule`) of the app started on `data`.
    async fn render(&self, setup: &AppSetup<'_>, data: &Path, ids: (i64, i64), view: &str, route: &str, meetings: usize) -> Value {
        let mut env = self.app_env(setup, data, ids);
        env.retain(|(k, _)| k != "MYSCIHUB_OPEN");
        env.extend([
            ("MYSCIHUB_OPEN".into(), route.to_owned()),
            ("BENCH_APP".into(), self.app.display().to_string()),
            ("BENCH_SANDBOX".into(), setup.sandbox.base_url()),
            ("BENCH_VIEW".into(), view.to_owned()),
            ("BENCH_ROUTE".into(), route.to_owned()),
            ("BENCH_WORD".into(), crate::data::FILTER_WORD.into()),
            ("BENCH_MEETINGS".into(), meetings.to_string()),
        ]);
        let script = self.root.join("tests/bench/render.mjs");
        let mut command = Command::new("node");
        command.arg(&script).envs(env).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::inherit()).kill_on_drop(true);
        let child = command.spawn().expect("node runs");
        match tokio::time::timeout(Duration::from_secs(240), child.wait_with_output()).await {
            Ok(Ok(out)) => {
                let text = String::from_utf8_lossy(&out.stdout);
                let last = text.lines().rev().find(|l| l.trim_start().starts_with('{')).unwrap_or("{}");
                let mut value: Value = serde_json::from_str(last).unwrap_or_else(|_| json!({ "error": text.trim() }));
                if !out.status.success() && value.get("error").is_none() {
                    value["error"] = json!(format!("render.mjs exited with {}", out.status));
                }
                eprintln!("  {view}: {value}");
                value
            }
            Ok(Err(e)) => json!({ "error": e.to_string() }),
            Err(_) => json!({ "error": "render.mjs did not finish within 240 s" }),
        }
    }
}

async fn sample_pss(running: &Running) -> (u64, Vec<(String, u64)>) {
    let mut samples = Vec::new();
    for _ in 0..3 {
        samples.push(tree_pss(&running.tree()));
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    samples.sort_by_key(|(kb, _)| *kb);
    samples.swap_remove(1)
}

fn parts_json(parts: &[(String, u64)]) -> Value {
    Value::Array(parts.iter().map(|(name, kb)| json!({ "name": name, "mb": *kb as f64 / 1024.0 })).collect())
}

/// The display's keyboard focus, through libX11 (loaded at run time: GTK brings it).
mod x11 {
    use std::ffi::{c_char, c_int, c_void, CStr};

    extern "C" {
        fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
        fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    }

    type Open = unsafe extern "C" fn(*const c_char) -> *mut c_void;
    type GetFocus = unsafe extern "C" fn(*mut c_void, *mut u64, *mut c_int) -> c_int;
    type SetFocus = unsafe extern "C" fn(*mut c_void, u64, c_int, u64) -> c_int;
    type Sync = unsafe extern "C" fn(*mut c_void, c_int) -> c_int;
    type Close = unsafe extern "C" fn(*mut c_void) -> c_int;

    /// Gives the keyboard focus to no window (`XSetInputFocus(None)`): without a window manager
    /// the focus otherwise follows the pointer, which rests over the window. Returns the focus
    /// before and after, as X window ids (1 is "the window under the pointer").
    pub fn unfocus() -> Option<(u64, u64)> {
        // SAFETY: Xlib's documented signatures; the display is opened and closed here only.
        unsafe {
            let lib = dlopen(c"libX11.so.6".as_ptr(), 2);
            if lib.is_null() {
                return None;
            }
            let sym = |name: &CStr| {
                let f = dlsym(lib, name.as_ptr());
                (!f.is_null()).then_some(f)
            };
            let open: Open = std::mem::transmute(sym(c"XOpenDisplay")?);
            let get: GetFocus = std::mem::transmute(sym(c"XGetInputFocus")?);
            let set: SetFocus = std::mem::transmute(sym(c"XSetInputFocus")?);
            let sync: Sync = std::mem::transmute(sym(c"XSync")?);
            let close: Close = std::mem::transmute(sym(c"XCloseDisplay")?);
            let display = open(std::ptr::null());
            if display.is_null() {
                return None;
            }
            let (mut before, mut after, mut revert) = (0u64, 0u64, 0);
            get(display, &mut before, &mut revert);
            set(display, 0, 0, 0);
            sync(display, 0);
            get(display, &mut after, &mut revert);
            close(display);
            Some((before, after))
        }
    }
}
