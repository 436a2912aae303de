//! The running sandbox: routes, the edge every emulated request passes (latency, faults,
//! request log), and a hyper accept loop that can drop a single connection on purpose.

use crate::faults::{self, FaultSpec};
use crate::scenario::Scenario;
use crate::state::{rfc3339_ms, App, RequestRecord};
use crate::{api, control, oauth};
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinHandle;
use tower::ServiceExt;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// 0 picks a free port.
    pub port: u16,
    /// Skip the consent page: `/oauth/authorize` redirects at once with a code.
    pub auto_approve: bool,
}

/// A sandbox serving on 127.0.0.1 until `shutdown` (or drop).
pub struct Sandbox {
    addr: SocketAddr,
    app: Arc<App>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    pub async fn start(scenario: Scenario, options: Options) -> io::Result<Sandbox> {
        let listener = TcpListener::bind(("127.0.0.1", options.port)).await?;
        let addr = listener.local_addr()?;
        let app = Arc::new(App::new(scenario, options.auto_approve, format!("http://127.0.0.1:{}", addr.port())));
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(listener, router(app.clone()), stopped));
        Ok(Sandbox { addr, app, stop: Some(stop), task: Some(task) })
    }

    pub fn base_url(&self) -> String {
        self.app.base_url.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.app.lock().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.app.lock().requests.clear();
    }

    /// Same as `POST /_sandbox/clock/advance`.
    pub fn advance_clock(&self, seconds: i64) {
        self.app.lock().clock_offset += time::Duration::seconds(seconds.max(0));
    }

    /// Same as `POST /_sandbox/users/{id}/uninstall`; returns how many tokens died.
    pub fn uninstall(&self, user_id: &str) -> usize {
        self.app.lock().revoke_grants(user_id, None)
    }

    /// Same as `POST /_sandbox/faults`. Panics on a fault that could never apply (see
    /// `FaultSpec::problem`), so a test does not pass by accident.
    pub fn add_fault(&self, spec: FaultSpec) {
        if let Some(problem) = spec.problem() {
            panic!("zoom-sandbox: {problem}");
        }
        let remaining = spec.count.max(1);
        self.app.lock().faults.push(faults::ActiveFault { spec, remaining });
    }

    /// Same as `DELETE /_sandbox/faults`: ends every pending fault, however large its count.
    pub fn clear_faults(&self) {
        self.app.lock().faults.clear();
    }

    /// How many requests to exactly this path the log holds (any method, any answer).
    pub fn requests_to(&self, path: &str) -> usize {
        self.app.lock().requests.iter().filter(|r| r.path == path).count()
    }

    /// Stops accepting, lets requests in flight finish (at most 5 s), then returns.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn router(app: Arc<App>) -> Router {
    let emulated = Router::new()
        .route("/oauth/authorize", get(oauth::authorize))
        .route("/oauth/authorize/decision", post(oauth::decision))
        .route("/oauth/token", post(oauth::token))
        .route("/oauth/revoke", post(oauth::revoke))
        .route("/oauth/bounce", get(oauth::bounce))
        .route("/v2/users/{user_id}", get(api::get_user))
        .route("/v2/users/{user_id}/meetings", get(api::list_meetings))
        .route("/v2/meetings/{meeting_id}", get(api::get_meeting))
        .route("/v2/meetings/{meeting_id}/invitation", get(api::get_invitation))
        .fallback(|| async { api::zoom_error(axum::http::StatusCode::NOT_FOUND, 404, "Not Found") })
        .layer(middleware::from_fn_with_state(app.clone(), edge));
    emulated.merge(control::router()).with_state(app)
}

/// Lets a handler close its own connection without answering (the `drop` fault).
#[derive(Clone)]
struct ConnKill(Arc<Notify>);

/// Every emulated request passes here: scenario latency, injected faults, the request log.
async fn edge(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let kill = req.extensions().get::<ConnKill>().cloned();
    let bearer =
        req.headers().get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).map(str::to_owned);
    let (arrived, latency, fault, user_id) = {
        let mut st = app.lock();
        let user_id = bearer.and_then(|t| st.access_tokens.get(&t)).map(|t| t.user_id.clone());
        let fault = faults::take(&mut st.faults, &method, &path, user_id.as_deref());
        (st.now(), st.scenario.latency_ms, fault, user_id)
    };
    // The meeting list pages as a broken Zoom would while a pagination fault lasts.
    if let Some(p) = fault.as_ref().and_then(|f| f.pagination) {
        req.extensions_mut().insert(p);
    }
    // A client that gives up (a timeout) cancels this future: the request is logged all the
    // same, as 499 like nginx does, so tests can count every try.
    let mut abandoned = Abandoned {
        app: Some(app.clone()),
        record: RequestRecord {
            method: method.to_string(),
            path: path.clone(),
            query: query.clone(),
            status: 499,
            time: rfc3339_ms(arrived),
            elapsed_ms: 0,
            fault: fault.as_ref().map(FaultSpec::label),
            user_id: user_id.clone(),
        },
        started,
    };
    let delay = latency + fault.as_ref().and_then(|f| f.delay_ms).unwrap_or(0);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let mut response = match fault.as_ref().and_then(|f| f.status.map(|s| f.status_response(s))) {
        Some(r) => r,
        None => next.run(req).await,
    };
    if let Some(f) = &fault {
        let now = app.lock().now();
        f.rewrite_retry_after(&mut response, now);
        if let Some(kind) = f.body {
            response = faults::mangle_body(kind, response, kill.as_ref().map(|k| k.0.clone())).await;
        }
    }
    abandoned.app = None;
    app.lock().log(RequestRecord {
        method: method.to_string(),
        path,
        query,
        status: response.status().as_u16(),
        time: rfc3339_ms(arrived),
        elapsed_ms: started.elapsed().as_millis() as u64,
        fault: fault.as_ref().map(FaultSpec::label),
        user_id,
    });
    if let (Some(true), Some(kill)) = (fault.as_ref().map(|f| f.drop), kill) {
        // The work is done (a refresh has rotated); the answer is lost on the way.
        kill.0.notify_one();
        std::future::pending::<()>().await;
    }
    response
}

/// Logs a request whose client went away before the answer was ready.
struct Abandoned {
    app: Option<Arc<App>>,
    record: RequestRecord,
    started: Instant,
}

impl Drop for Abandoned {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            let mut record = self.record.clone();
            record.elapsed_ms = self.started.elapsed().as_millis() as u64;
            app.lock().log(record);
        }
    }
}

async fn serve(listener: TcpListener, router: Router, mut stop: oneshot::Receiver<()>) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = &mut stop => break,
        };
        let kill = ConnKill(Arc::new(Notify::new()));
        let handle = kill.clone();
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(handle.clone());
            router.clone().oneshot(req)
        });
        let conn = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            tokio::select! {
                _ = conn => {}
                _ = kill.0.notified() => {}
            }
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
}
