//! What the pages read: a connection's details and its stored meetings, sorted and filtered,
//! from the database alone, so a page shows at once whatever the network does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use ts_rs::TS;
use url::Url;

use super::overlaps::Timeline;
use super::sync::{FRESH_FOR, RETRY_AFTER_CAP};
use super::{rfc3339, ZoomIntegration};
use crate::core::{settings, Admin, Error, Fault, Lang, Result};
use crate::store::{AccountProfile, StoredMeeting, SyncRecord, ZoomConnection};

/// What a sync needs, each as its granular scope or the classic one that covers it.
const NEEDED_SCOPES: [(&str, &str); 4] = [
    ("user:read:user", "user:read"),
    ("meeting:read:list_meetings", "meeting:read"),
    // A meeting's details and its invitation.
    super::details::DETAILS_SCOPES,
    super::details::INVITATION_SCOPES,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum UserType {
    Basic,
    Licensed,
    None,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ZoomAccountDetails {
    pub display_name: String,
    pub email: String,
    pub user_type: UserType,
    pub timezone: Option<String>,
    pub zoom_account_id: Option<String>,
    pub granted_scopes: Vec<String>,
    /// Scopes the app needs that Zoom did not grant.
    pub missing_scopes: Vec<String>,
}

/// A scheduled meeting as the connection page shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Meeting {
    #[ts(type = "number")]
    pub id: i64,
    pub topic: String,
    #[ts(type = "number")]
    pub meeting_type: i64,
    /// RFC 3339, UTC; none for a recurring meeting without fixed time.
    pub start_time: Option<String>,
    #[ts(type = "number | null")]
    pub duration_minutes: Option<i64>,
    /// The meeting's own time zone.
    pub timezone: Option<String>,
    pub join_url: Option<String>,
    /// The join URL is https on zoom.us or zoomgov.com, so the app may open it.
    pub joinable: bool,
    pub recurring: bool,
    pub fixed_time: bool,
    /// One occurrence of a recurring meeting with a fixed time: the time is this occurrence's.
    pub occurrence_id: Option<String>,
    /// Another meeting of the same Zoom user at the same time, if there is one.
    pub overlaps: Option<Overlap>,
}

/// The meeting another one overlaps with: the same Zoom user cannot host both at once.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Overlap {
    #[ts(type = "number")]
    pub id: i64,
    pub topic: String,
    /// RFC 3339, UTC.
    pub start_time: String,
    pub end_time: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncState {
    /// The last complete list from Zoom (RFC 3339).
    pub last_synced_at: Option<String>,
    /// The list shown is older than a minute, or the last attempt to refresh it failed.
    pub stale: bool,
    /// Why the last attempt failed.
    pub fault: Option<Fault>,
    /// Zoom's rate limit: no request before this (RFC 3339).
    pub retry_at: Option<String>,
    /// Zoom gave the account a new sign-in that the disk did not take yet: it is held in memory
    /// and written again, and lost if the app is closed before.
    pub tokens_unsaved: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionDetails {
    pub connection: ZoomConnection,
    pub event_time_zone: String,
    pub account: Option<ZoomAccountDetails>,
    /// How many meetings the stored list has; `zoom_meetings` gives them a window at a time.
    #[ts(type = "number")]
    pub meeting_count: usize,
    pub sync: SyncState,
}

/// The most meetings one `zoom_meetings` call returns: the view asks only for what it shows.
pub const MEETING_WINDOW_MAX: usize = 500;

/// A slice of the stored meetings, sorted (fixed start times first, by time), filtered by topic.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MeetingWindow {
    /// Meetings that match the filter.
    #[ts(type = "number")]
    pub matching: usize,
    #[ts(type = "number")]
    pub offset: usize,
    pub meetings: Vec<Meeting>,
}

/// Each account's stored meetings, sorted, with their overlaps, as of the snapshot digest they came
/// from: a keystroke in the filter costs a scan in memory, not a read and a sort of the table.
#[derive(Default)]
pub(super) struct SortedMeetings(Mutex<HashMap<i64, Arc<Sorted>>>);

/// An account's meetings in the order the pages show them, and for each another it overlaps.
pub(super) struct Sorted {
    /// Of the snapshot the list was read from.
    digest: Option<String>,
    timeline: Timeline,
    topics: Topics,
}

/// Every topic in lower case, one after the other in one string: a keystroke in the filter is
/// one substring search (memchr's memmem) over the list, not one search per meeting.
struct Topics {
    text: String,
    /// Where each topic ends in `text`; the next one starts there.
    ends: Vec<usize>,
}

impl Topics {
    fn new<'a>(topics: impl Iterator<Item = &'a str>) -> Self {
        let mut text = String::new();
        let mut ends = Vec::new();
        for topic in topics {
            text.push_str(&topic.to_lowercase());
            ends.push(text.len());
        }
        Topics { text, ends }
    }

    /// The indices of the topics that contain `needle` (in lower case; empty: all), in order.
    fn containing(&self, needle: &str) -> Vec<usize> {
        if needle.is_empty() {
            return (0..self.ends.len()).collect();
        }
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let text = self.text.as_bytes();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = finder.find(&text[from..]).map(|hit| hit + from) {
            let topic = self.ends.partition_point(|&end| end <= at);
            if at + needle.len() <= self.ends[topic] {
                found.push(topic);
            }
            // One hit is enough for a topic, and a hit that runs on into the next topic is in
            // neither: later hits in this topic would run on too.
            from = self.ends[topic];
        }
        found
    }
}

impl Sorted {
    fn new(digest: Option<String>, meetings: Vec<StoredMeeting>) -> Self {
        let timeline = super::overlaps::scan(meetings);
        let topics = Topics::new(timeline.meetings.iter().map(|m| m.topic.as_str()));
        Sorted { digest, timeline, topics }
    }

    /// How many meetings overlap another.
    pub(super) fn overlapping(&self) -> usize {
        self.timeline.overlaps.iter().filter(|o| o.is_some()).count()
    }

    /// The meetings whose topic contains `needle` (in lower case; empty: all), by index, in order.
    pub(super) fn matching(&self, needle: &str) -> Vec<usize> {
        self.topics.containing(needle)
    }

    pub(super) fn len(&self) -> usize {
        self.topics.ends.len()
    }

    /// A meeting's fixed start in Unix seconds; none for one without a fixed time.
    pub(super) fn start(&self, index: usize) -> Option<i64> {
        self.timeline.starts[index]
    }

    pub(super) fn overlaps(&self, index: usize) -> bool {
        self.timeline.overlaps[index].is_some()
    }

    /// Where a meeting (or one occurrence of a series) is in the list.
    pub(super) fn find(&self, meeting_id: i64, occurrence_id: Option<&str>) -> Option<usize> {
        self.timeline.meetings.iter().position(|m| m.id == meeting_id && (occurrence_id.is_none() || m.occurrence_id.as_deref() == occurrence_id))
    }

    pub(super) fn view(&self, index: usize) -> Meeting {
        let overlap = self.timeline.overlaps[index].and_then(|other| {
            let m = &self.timeline.meetings[other];
            let (start, end) = super::overlaps::interval(m)?;
            let time = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            Some(Overlap { id: m.id, topic: m.topic.clone(), start_time: time(start), end_time: time(end) })
        });
        meeting_view(self.timeline.meetings[index].clone(), self.start(index).is_some(), overlap)
    }
}

impl ZoomIntegration {
    /// The connection page from the database alone: instant, whatever the network does.
    pub async fn details(&self, admin: Admin, connection_id: i64, lang: Lang) -> Result<ConnectionDetails> {
        let connection = self.connection(admin, connection_id).await?;
        let event_id = admin.event();
        let event = self.store.event(event_id).await?.ok_or(Error::EventNotFound)?;
        let account_id = self.store.account_of_connection(event_id, connection_id).await?;
        let (account, meeting_count, record) = match account_id {
            Some(id) => {
                (self.store.account_profile(id).await?.map(account_details), self.store.meeting_count(id).await?, self.store.sync_record(id).await?)
            }
            None => (None, 0, None),
        };
        Ok(ConnectionDetails {
            connection,
            event_time_zone: event.time_zone,
            account,
            meeting_count,
            sync: match (record, account_id) {
                (Some(record), Some(id)) => self.sync_state(id, &record, lang),
                _ => SyncState { last_synced_at: None, stale: false, fault: None, retry_at: None, tokens_unsaved: false },
            },
        })
    }

    /// Meetings `offset..offset + limit` of the sorted list whose topic contains `filter`
    /// (any case); a view of thousands of meetings receives only the rows it shows.
    pub async fn meetings(&self, admin: Admin, connection_id: i64, filter: &str, offset: usize, limit: usize) -> Result<MeetingWindow> {
        self.find(admin, connection_id).await?;
        let Some(account_id) = self.store.account_of_connection(admin.event(), connection_id).await? else {
            return Ok(MeetingWindow { matching: 0, offset, meetings: Vec::new() });
        };
        let sorted = self.sorted_meetings(account_id).await?;
        let needle = filter.trim().to_lowercase();
        let found = sorted.matching(&needle);
        let matching = found.len();
        let window = found.into_iter().skip(offset).take(limit.min(MEETING_WINDOW_MAX)).map(|i| sorted.view(i)).collect();
        Ok(MeetingWindow { matching, offset, meetings: window })
    }

    pub(super) async fn sorted_meetings(&self, account_id: i64) -> Result<Arc<Sorted>> {
        let digest = self.store.sync_record(account_id).await?.and_then(|r| r.meetings_digest);
        self.sorted_meetings_as_of(account_id, digest).await
    }

    /// The same, when the snapshot's digest has been read already.
    pub(super) async fn sorted_meetings_as_of(&self, account_id: i64, digest: Option<String>) -> Result<Arc<Sorted>> {
        if let Some(sorted) = self.meetings.0.lock().expect("sorted meetings").get(&account_id) {
            if sorted.digest == digest {
                return Ok(sorted.clone());
            }
        }
        let sorted = Arc::new(Sorted::new(digest, self.store.meetings(account_id).await?));
        self.meetings.0.lock().expect("sorted meetings").insert(account_id, sorted.clone());
        Ok(sorted)
    }

    /// The join link of a stored meeting, if the app may open it.
    pub async fn join_link(&self, admin: Admin, connection_id: i64, meeting_id: i64) -> Result<Url> {
        self.find(admin, connection_id).await?;
        let url = self.store.meeting_join_url(admin.event(), connection_id, meeting_id).await?.ok_or(Error::NotJoinable)?;
        joinable(&url).ok_or(Error::NotJoinable)
    }

    fn sync_state(&self, account_id: i64, record: &SyncRecord, lang: Lang) -> SyncState {
        let now = self.clock.now_ms();
        let retry_at = record.retry_at.filter(|&t| t > now && t - now <= RETRY_AFTER_CAP.as_millis() as i64);
        SyncState {
            last_synced_at: record.last_synced_at.map(rfc3339),
            stale: record.sync_problem.is_some() || record.last_synced_at.is_none_or(|t| t > now || now - t >= FRESH_FOR.as_millis() as i64),
            fault: record.sync_problem.map(|p| super::sync::problem_error(p).fault(lang)),
            retry_at: retry_at.map(rfc3339),
            tokens_unsaved: self.tokens.has_unsaved(account_id),
        }
    }
}

/// Only https links on Zoom's own domains are opened; anything else is shown as text.
pub fn joinable(url: &str) -> Option<Url> {
    Url::parse(url).ok().filter(settings::is_zoom)
}

/// `fixed_time` comes from the conflict scan's reading of the start, so a start that does not
/// parse is grouped where it sorts: among the meetings without a fixed time.
fn meeting_view(m: StoredMeeting, fixed_time: bool, overlaps: Option<Overlap>) -> Meeting {
    let joinable = m.join_url.as_deref().and_then(joinable).is_some();
    Meeting {
        fixed_time,
        recurring: matches!(m.meeting_type, 3 | 8),
        id: m.id,
        topic: m.topic,
        meeting_type: m.meeting_type,
        start_time: m.start_time,
        duration_minutes: m.duration,
        timezone: m.timezone,
        join_url: m.join_url,
        joinable,
        occurrence_id: m.occurrence_id,
        overlaps,
    }
}

fn account_details(profile: AccountProfile) -> ZoomAccountDetails {
    let granted: Vec<String> = profile.scopes.split_whitespace().map(str::to_owned).collect();
    let missing = NEEDED_SCOPES
        .iter()
        .filter(|(granular, classic)| !granted.iter().any(|g| g == granular || g == classic))
        .map(|(granular, _)| (*granular).to_owned())
        .collect();
    ZoomAccountDetails {
        display_name: profile.display_name,
        email: profile.email,
        user_type: match profile.user_type {
            1 => UserType::Basic,
            2 => UserType::Licensed,
            _ => UserType::None,
        },
        timezone: profile.timezone,
        zoom_account_id: profile.zoom_account_id,
        granted_scopes: granted,
        missing_scopes: missing,
    }
}

#[cfg(test)]
mod tests {
    use super::{joinable, Topics};

    #[test]
    fn only_https_links_on_zoom_domains_are_joinable() {
        for ok in ["https://us05web.zoom.us/j/85512345678?pwd=abc", "https://zoom.us/j/1", "https://x.zoomgov.com/j/1"] {
            assert!(joinable(ok).is_some(), "{ok}");
        }
        for refused in [
            "http://zoom.us/j/1",
            "https://zoom.us.evil.example/j/1",
            "https://evilzoom.us/j/1",
            "https://user@zoom.us/j/1",
            "https://zoom.us:8443/j/1",
            "javascript:alert(1)",
            "zoommtg://zoom.us/join?confno=1",
            "not a url",
        ] {
            assert!(joinable(refused).is_none(), "{refused}");
        }
    }

    #[test]
    fn the_filter_finds_the_topics_that_contain_the_words_and_no_match_across_two_topics() {
        let topics = Topics::new(["Пленарное заседание", "", "ab", "cd пленарное, снова пленарное", "ПЛЕНАРНОЕ"].into_iter());
        assert_eq!(topics.containing("пленарное"), [0, 3, 4]);
        // "b" ends one topic and "c" begins the next: "bc" is in neither.
        assert_eq!(topics.containing("bc"), Vec::<usize>::new());
        assert_eq!(topics.containing("cd"), [3]);
        assert_eq!(topics.containing(""), [0, 1, 2, 3, 4]);
        assert_eq!(topics.containing("нет такого"), Vec::<usize>::new());
    }
}
