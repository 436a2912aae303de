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
    let sandbox = match Sandbox::start(
        scenario,
        Options {
            port: args.port,
            auto_approve: args.auto_approve,
        },
    )
    .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "zoom-sandbox: cannot listen on 127.0.0.1:{}: {e}",
                args.port
            );
            return ExitCode::from(1);
        }
    };
    // Tools wait for this exact first line to learn the port.
    println!("zoom-sandbox listening on {}", sandbox.base_url());
    let _ = std::io::stdout().flush();
    stop_requested().await;
    sandbox.shutdown().await;
    eprintln!("zoom-sandbox: stopped");
    ExitCode::SUCCESS
}

async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
