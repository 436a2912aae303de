//! The loopback return (RFC 8252): Zoom sends the browser to `http://127.0.0.1:{port}/oauth/zoom/callback`
//! and the app answers there itself. Only the request that carries this sign-in's `state` ends the
//! wait; every connection is served on its own with a deadline, so a silent or hostile one holds
//! nothing up.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use crate::core::settings::LOOPBACK_PATH;
use crate::core::{Error, Result};

/// How long one connection may take to send its request head.
const REQUEST_DEADLINE: Duration = Duration::from_secs(5);

pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

impl Loopback {
    /// Opens a port on 127.0.0.1 for one sign-in. Call it only once the administrator check passed.
    pub async fn bind() -> Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(|e| Error::Browser(e.to_string()))?;
        let port = listener.local_addr().map_err(|e| Error::Browser(e.to_string()))?.port();
        Ok(Self { listener, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until a request to the callback path carries `state`, and gives back its link
    /// (`http://127.0.0.1:{port}/oauth/zoom/callback?…`); None when `ttl` passes first.
    pub async fn wait_for(self, state: SecretString, ttl: Duration) -> Option<String> {
        let (found, mut matches) = mpsc::channel::<String>(1);
        let serve = async {
            loop {
                tokio::select! {
                    accepted = self.listener.accept() => {
                        let Ok((socket, _)) = accepted else { continue };
                        tokio::spawn(serve_one(socket, state.clone(), found.clone()));
                    }
                    Some(target) = matches.recv() => return format!("http://127.0.0.1:{}{target}", self.port),
                }
            }
        };
        tokio::time::timeout(ttl, serve).await.ok()
    }
}

async fn serve_one(mut socket: TcpStream, state: SecretString, found: mpsc::Sender<String>) {
    let Ok(Some(target)) = tokio::time::timeout(REQUEST_DEADLINE, request_target(&mut socket)).await else { return };
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    let ours = path == LOOPBACK_PATH;
    let this_sign_in = ours && url::form_urlencoded::parse(query.as_bytes()).any(|(k, v)| k == "state" && v == state.expose_secret());
    let page = match (ours, this_sign_in) {
        (_, true) => RETURN_PAGE,
        (true, false) => NOT_THIS_SIGN_IN,
        (false, _) => NOT_FOUND,
    };
    let _ = tokio::time::timeout(REQUEST_DEADLINE, socket.write_all(page.as_bytes())).await;
    let _ = socket.shutdown().await;
    if this_sign_in {
        let _ = found.send(target).await;
    }
}

/// The target of `GET <target> HTTP/1.1`, from at most 8 KiB of request head.
async fn request_target(socket: &mut TcpStream) -> Option<String> {
    let mut head = vec![0u8; super::callback::MAX_LEN];
    let mut len = 0;
    while !head[..len].windows(4).any(|w| w == b"\r\n\r\n") {
        let read = socket.read(&mut head[len..]).await.ok()?;
        if read == 0 || len + read == head.len() {
            return None;
        }
        len += read;
    }
    let line = std::str::from_utf8(&head[..len]).ok()?.lines().next()?;
    match line.split(' ').collect::<Vec<_>>()[..] {
        ["GET", target, version] if version.starts_with("HTTP/1.") && target.starts_with('/') => Some(target.to_owned()),
        _ => None,
    }
}

const RETURN_PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n\
<!doctype html><meta charset=utf-8><title>MySciHub</title>\
<body style=\"font-family:sans-serif;max-width:32rem;margin:4rem auto\">\
<h1>MySciHub</h1><p>Вернитесь в приложение MySciHub: эту вкладку можно закрыть.</p>\
<p>Return to the MySciHub app: you can close this tab.</p></body>";
const NOT_THIS_SIGN_IN: &str =
    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n\
<!doctype html><meta charset=utf-8><title>MySciHub</title>\
<body style=\"font-family:sans-serif;max-width:32rem;margin:4rem auto\">\
<h1>MySciHub</h1><p>Эта ссылка не относится к текущему входу в Zoom. Нажмите «Подключить» в приложении ещё раз.</p>\
<p>This link is not for the current Zoom sign-in. Click «Connect» in the app again.</p></body>";
const NOT_FOUND: &str = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
