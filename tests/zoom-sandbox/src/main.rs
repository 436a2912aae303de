use clap::Parser;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use zoom_sandbox::{Options, Sandbox, Scenario};

/// Local Zoom emulator (OAuth + REST API) for MySciHub Desktop's tests and demo mode.
#[derive(Parser)]
#[command(name = "zoom-sandbox", version)]
struct Args {
    /// Scenario file (JSON): clients, users, meetings, latency.
    #[arg(long)]
    scenario: PathBuf,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Skip the consent page and sign in as the login_hint user (or the first one).
    #[arg(long)]
    auto_approve: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let scenario = match Scenario::from_file(&args.scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("zoom-sandbox: cannot load scenario: {e}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match Sandbox::start(scenario, Options { port: args.port, auto_approve: args.auto_approve }).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("zoom-sandbox: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::from(1);
        }
    };
    // Listen for SIGTERM before announcing, so a stop sent right after the line is graceful.
    let stop = stop_requested();
    // Tools wait for this exact first line to learn the port.
    println!("zoom-sandbox listening on {}", sandbox.base_url());
    let _ = std::io::stdout().flush();
    stop.await;
    sandbox.shutdown().await;
    eprintln!("zoom-sandbox: stopped");
    ExitCode::SUCCESS
}

/// Registers the handlers at once (not on first poll); resolves on SIGTERM or Ctrl-C.
#[cfg(unix)]
fn stop_requested() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let term = signal(SignalKind::terminate());
    let int = signal(SignalKind::interrupt());
    async move {
        match (term, int) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

#[cfg(not(unix))]
fn stop_requested() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
