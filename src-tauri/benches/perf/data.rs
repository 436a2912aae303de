//! The benchmark's world: a conference's Zoom accounts and their meetings, generated the same
//! way on every run (a fixed seed), as raw Zoom objects for the sandbox and as the app's rows.

use myscihub_lib::store::StoredMeeting;
use serde_json::{json, Value};

/// 20 accounts × 1,000 meetings: the conference of figures 1, 2 and 4-6.
pub const ACCOUNTS: usize = 20;
pub const MEETINGS_PER_ACCOUNT: usize = 1_000;
/// The one large account of figures 7 and 8.
pub const BIG_MEETINGS: usize = 5_000;
pub const LATENCY_MS: u64 = 100;
/// Zoom's largest page, which the app asks for.
pub const PAGE_SIZE: usize = 300;
/// The word typed into the filter of figure 7; about one topic in eight contains it.
pub const FILTER_WORD: &str = "plenary";

pub struct User {
    pub id: String,
    pub email: String,
    pub meetings: usize,
}

pub fn users() -> Vec<User> {
    let mut users: Vec<User> = (0..ACCOUNTS)
        .map(|i| User { id: format!("uBenchHost{i:02}xxxxxxxxx"), email: format!("host{i:02}@bench.example.org"), meetings: MEETINGS_PER_ACCOUNT })
        .collect();
    users.push(User { id: "uBenchBigxxxxxxxxxxxxxx".into(), email: "big@bench.example.org".into(), meetings: BIG_MEETINGS });
    users
}

/// A small deterministic generator (xorshift64*): the same data on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const KINDS: &[&str] = &["Plenary", "Session", "Workshop", "Panel", "Tutorial", "Keynote", "Poster session", "Round table"];
const SUBJECTS: &[&str] = &[
    "quantum materials",
    "protein folding",
    "climate models",
    "graph algorithms",
    "exoplanet atmospheres",
    "Машинное обучение в биологии",
    "neutrino physics",
    "soil microbiology",
    "cryo-EM methods",
    "Сверхпроводимость",
    "open science infrastructure",
    "computational linguistics",
];
const ZONES: &[&str] = &["Europe/Moscow", "Asia/Novosibirsk", "UTC", "America/New_York", "Asia/Tokyo"];

/// One meeting as Zoom's list call returns it (the sandbox serves these objects as given).
pub fn raw_meeting(rng: &mut Rng, host: &str, index: usize) -> Value {
    let id = 81_000_000_000u64 + rng.below(9_000_000_000);
    let kind = match rng.below(20) {
        0 => 3,
        1 | 2 => 8,
        _ => 2,
    };
    let topic = format!("{} {}: {}", rng.pick(KINDS), index + 1, rng.pick(SUBJECTS));
    let day = 1 + rng.below(28);
    let hour = 6 + rng.below(12);
    let minute = [0, 15, 30, 45][rng.below(4) as usize];
    let pwd: String =
        (0..32).map(|_| char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[rng.below(62) as usize])).collect();
    let duration = [30, 45, 60, 90, 120][rng.below(5) as usize];
    let zone = rng.pick(ZONES);
    let mut meeting = json!({
        "uuid": format!("{:016x}{:08x}==", rng.next(), index),
        "id": id,
        "host_id": host,
        "topic": topic,
        "type": kind,
        "duration": duration,
        "timezone": zone,
        "agenda": "",
        "created_at": "2026-11-01T10:00:00Z",
        "join_url": format!("https://us05web.zoom.us/j/{id}?pwd={pwd}.1"),
    });
    if kind != 3 {
        meeting["start_time"] = json!(format!("2027-03-{day:02}T{hour:02}:{minute:02}:00Z"));
    }
    meeting
}

pub fn raw_meetings(seed: u64, host: &str, count: usize) -> Vec<Value> {
    let mut rng = Rng::new(seed);
    (0..count).map(|i| raw_meeting(&mut rng, host, i)).collect()
}

/// The meetings Zoom lists for the `i`th user of `users()`.
pub fn listed_meetings(i: usize, user: &User) -> Vec<Value> {
    raw_meetings(1_000 + i as u64, &user.id, user.meetings)
}

/// The same meetings as the app stores them (for the store figures that need no Zoom).
pub fn meetings(seed: u64, host: &str, count: usize) -> Vec<StoredMeeting> {
    raw_meetings(seed, host, count).iter().map(app_meeting).collect()
}

fn app_meeting(m: &Value) -> StoredMeeting {
    let text = |key: &str| m.get(key).and_then(Value::as_str).map(str::to_owned);
    StoredMeeting {
        id: m["id"].as_i64().expect("id"),
        topic: text("topic").unwrap_or_default(),
        meeting_type: m["type"].as_i64().unwrap_or(2),
        start_time: text("start_time"),
        duration: m.get("duration").and_then(Value::as_i64),
        timezone: text("timezone"),
        join_url: text("join_url"),
        occurrence_id: None,
        series: None,
    }
}

/// The sandbox scenario: the app's public client and every user with their meetings, 100 ms
/// on every answer, Zoom's rate limits on (pro and business plans, an account each).
pub fn scenario_json() -> String {
    let users: Vec<Value> = users()
        .iter()
        .enumerate()
        .map(|(i, u)| {
            json!({
                "id": u.id,
                "email": u.email,
                "first_name": format!("Host {i:02}"),
                "last_name": "Bench",
                "type": 2,
                "timezone": "Europe/Moscow",
                "account_id": format!("acctBench{i:02}xxxxxxxxxxxx"),
                "plan": if i % 2 == 0 { "pro" } else { "business" },
                "meetings": listed_meetings(i, u),
            })
        })
        .collect();
    json!({
        "clients": [{
            "client_id": "test-public",
            "client_secret": null,
            "name": "MySciHub Desktop (benchmark)",
            "redirect_uris": ["myscihub://oauth/zoom/callback"]
        }],
        "users": users,
        "latency_ms": LATENCY_MS,
        "rate_limits": true
    })
    .to_string()
}
