//! A blank Tauri 2 window, built in this workspace with the app's config and profile: the
//! baseline `make bench` compares the app's start-up and memory with (docs/BENCHMARKS.md).
//!
//! Same window size as the app; the page is a one-line document served through a custom
//! protocol, as the app's own page is through `tauri://`. When it has loaded, the example logs
//! `page loaded` on standard error behind an RFC 3339 UTC time stamp, as the app logs its lines.
//!
//! `cargo build --release -p myscihub --example blank && target/release/examples/blank`

use std::borrow::Cow;

use tauri::webview::PageLoadEvent;
use tauri::{WebviewUrl, WebviewWindowBuilder};

const PAGE: &str = "<!doctype html><meta charset=utf-8><title>Blank</title><p>Blank</p>";

fn stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn main() {
    eprintln!("{}  INFO blank: started", stamp());
    tauri::Builder::default()
        .register_uri_scheme_protocol("blank", |_ctx, _request| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .body(Cow::Borrowed(PAGE.as_bytes()))
                .expect("a static response")
        })
        .setup(|app| {
            let url = "blank://localhost/".parse().expect("a valid URL");
            WebviewWindowBuilder::new(app, "main", WebviewUrl::CustomProtocol(url))
                .title("Blank")
                .inner_size(1100.0, 760.0)
                .on_page_load(|_, payload| {
                    if payload.event() == PageLoadEvent::Finished {
                        eprintln!("{}  INFO blank: page loaded", stamp());
                    }
                })
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the blank window could not start");
}
