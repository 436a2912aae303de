//! `make bench`: the figures of docs/BENCHMARKS.md, measured in one run against the Zoom sandbox.
//!
//! Store and sync figures run the library in this process; window figures start the release app
//! (`target/release/myscihub`) and the blank Tauri window (`target/release/examples/blank`), which
//! `make bench` builds first, inside the Xvfb display and D-Bus session it provides. Everything
//! talks to 127.0.0.1 only. Raw results also go to `target/bench/results.json`.

mod data;
mod probe;
mod report;
mod store;
mod window;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::json;
use zoom_sandbox::{Options, Sandbox, Scenario};

#[tokio::main]
async fn main() {
    let started = Instant::now();
    probe::install();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    // This binary is target/<profile>/deps/perf-…; the app and the example sit in target/<profile>.
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(Path::parent).unwrap().to_path_buf();
    let work = profile_dir.parent().unwrap().join("bench");
    // `MYSCIHUB_BENCH_REPORT=1`: docs/BENCHMARKS.md written again from the last run's results
    // (after a change to its notes), nothing measured.
    if std::env::var_os("MYSCIHUB_BENCH_REPORT").is_some() {
        let results: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(work.join("results.json")).expect("a previous run")).unwrap();
        let machine = report::Machine::from_json(&results["machine"]);
        std::fs::write(root.join("docs/BENCHMARKS.md"), report::markdown(&results, &machine)).unwrap();
        println!("{}", report::table(&results, &machine));
        return;
    }
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let programs = window::Programs {
        app: std::env::var_os("MYSCIHUB_BENCH_APP").map(PathBuf::from).unwrap_or_else(|| profile_dir.join("myscihub")),
        blank: profile_dir.join("examples").join("blank"),
        root: root.clone(),
        work: work.clone(),
    };
    let machine = report::machine();
    let source = report::source(&root);
    eprintln!("MySciHub benchmark on {}", machine.summary());

    eprintln!("Zoom sandbox: {} accounts × {} meetings, {} ms per answer", data::ACCOUNTS, data::MEETINGS_PER_ACCOUNT, data::LATENCY_MS);
    let scenario = Scenario::from_json(&data::scenario_json()).expect("scenario");
    // Zoom's side runs on a runtime of its own, as a server elsewhere would: its work never
    // queues behind the app's tasks (it still shares this machine's cores).
    let zoom_side = tokio::runtime::Builder::new_multi_thread().worker_threads(2).thread_name("zoom-sandbox").enable_all().build().unwrap();
    let sandbox = zoom_side.spawn(Sandbox::start(scenario, Options { port: 0, auto_approve: true })).await.unwrap().expect("sandbox starts");

    eprintln!("Figures 1-2: sync");
    let (fig1, fig2, conference, conference_ids) = store::sync_figures(&sandbox, &work.join("conference")).await;
    // `MYSCIHUB_BENCH_ONLY=schedule`: the schedule's window figure (10b) alone, printed, nothing
    // written: for working on that page (the sync above makes its data).
    if std::env::var("MYSCIHUB_BENCH_ONLY").as_deref() == Ok("schedule") {
        let setup = window::AppSetup { sandbox: &sandbox, conference, conference_ids, big: PathBuf::new(), big_ids: (0, 0) };
        let figure = programs.schedule_rendering(&setup).await;
        zoom_side.spawn(sandbox.shutdown()).await.unwrap();
        zoom_side.shutdown_background();
        println!("{}", serde_json::to_string_pretty(&figure).unwrap());
        return;
    }
    eprintln!("Figure 3: cold write");
    let fig3 = store::cold_write(&work).await;
    eprintln!("Figure 8: IPC");
    let fig8 = store::ipc_bytes(&work).await;
    let (big, big_ids) = store::big_folder(&sandbox, &work.join("big")).await;
    eprintln!("Figure 10: the schedule's conflict scan");
    let scan = store::schedule_figure(&conference, conference_ids.0).await;

    let mut results = json!({ "sync": fig1, "warm_sync": fig2, "cold_write": fig3, "ipc": fig8, "schedule_scan": scan });
    // `MYSCIHUB_BENCH_QUICK=1`: the figures of this process only, nothing written.
    let quick = std::env::var_os("MYSCIHUB_BENCH_QUICK").is_some();
    if !quick {
        window_figures(&mut results, &programs, window::AppSetup { sandbox: &sandbox, conference, conference_ids, big, big_ids }).await;
        results["sizes"] = report::sizes(&programs.app, &profile_dir);
    }
    // Zoom's runtime ends here, not when `main` returns: dropping a runtime inside this one panics.
    zoom_side.spawn(sandbox.shutdown()).await.unwrap();
    zoom_side.shutdown_background();
    if quick {
        println!("{}", serde_json::to_string_pretty(&results).unwrap());
        return;
    }

    let elapsed = started.elapsed().as_secs_f64();
    results["machine"] = machine.json();
    results["source"] = source;
    results["run_seconds"] = json!(elapsed);
    std::fs::write(work.join("results.json"), serde_json::to_string_pretty(&results).unwrap()).unwrap();
    let markdown = report::markdown(&results, &machine);
    std::fs::write(root.join("docs/BENCHMARKS.md"), &markdown).unwrap();
    println!("{}", report::table(&results, &machine));
    eprintln!("docs/BENCHMARKS.md written; the run took {elapsed:.0} s");
}

/// Figures 4-7 and 10b: the release app's window, next to the blank Tauri window.
async fn window_figures(results: &mut serde_json::Value, programs: &window::Programs, setup: window::AppSetup<'_>) {
    let missing: Vec<String> = [&programs.app, &programs.blank].iter().filter(|p| !p.exists()).map(|p| p.display().to_string()).collect();
    if std::env::var_os("DISPLAY").is_none() || !missing.is_empty() {
        let why = if missing.is_empty() { "no display: run through `make bench`".to_owned() } else { format!("not built: {}", missing.join(", ")) };
        eprintln!("Window figures skipped: {why}");
        for key in ["start_up", "memory", "idle", "render", "schedule_render"] {
            results[key] = json!({ "error": why });
        }
    } else {
        eprintln!("Figure 4: cold start ({} against {})", programs.app.display(), programs.blank.display());
        results["start_up"] = programs.start_up(&setup).await;
        eprintln!("Figures 5-6: memory, then 60 s idle");
        let (memory, idle) = programs.memory_and_idle(&setup).await;
        results["memory"] = memory;
        results["idle"] = idle;
        eprintln!("Figure 7: rendering 5,000 meetings");
        results["render"] = programs.rendering(&setup).await;
        eprintln!("Figure 10: the schedule of 20 accounts × 1,000 meetings");
        results["schedule_render"] = programs.schedule_rendering(&setup).await;
    }
}
