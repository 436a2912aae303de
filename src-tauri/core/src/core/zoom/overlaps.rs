//! Meetings of one Zoom user that overlap in time. Zoom lets one user host one meeting at a time
//! (unless the account has Zoom's concurrent meetings option, which the API does not tell), so the
//! second of two overlapping sessions cannot start while the first runs.

use chrono::{DateTime, Duration, Utc};

use crate::store::StoredMeeting;

/// One Zoom user's meetings in time order (fixed start times first, then those without one;
/// stable, so Zoom's order breaks ties), with what the schedule asks of each again and again.
#[derive(Debug, Default)]
pub struct Timeline {
    pub meetings: Vec<StoredMeeting>,
    /// Each meeting's fixed start, in Unix seconds; none for one without a fixed time.
    pub starts: Vec<Option<i64>>,
    /// Another meeting each overlaps with, by index.
    pub overlaps: Vec<Option<usize>>,
}

/// The conflict scan of one Zoom user's meetings: each start is read once, the meetings are
/// sorted by it, and one pass finds the overlaps. O(n log n).
pub fn scan(meetings: Vec<StoredMeeting>) -> Timeline {
    let read: Vec<Option<i64>> = meetings.iter().map(|m| fixed_start(m).map(|t| t.timestamp())).collect();
    // Indices sort faster than whole meetings; the index last keeps Zoom's order among equal starts.
    let mut order: Vec<usize> = (0..meetings.len()).collect();
    order.sort_unstable_by_key(|&i| (read[i].is_none(), read[i].unwrap_or(0), i));
    let mut unsorted: Vec<Option<StoredMeeting>> = meetings.into_iter().map(Some).collect();
    let meetings: Vec<StoredMeeting> = order.iter().map(|&i| unsorted[i].take().expect("each index once")).collect();
    let starts: Vec<Option<i64>> = order.iter().map(|&i| read[i]).collect();
    let ends: Vec<Option<i64>> = starts.iter().zip(&meetings).map(|(start, m)| Some(start.as_ref()? + length(m)?.num_seconds())).collect();
    let overlaps = overlaps(&starts, &ends);
    Timeline { meetings, starts, overlaps }
}

/// For each meeting (sorted by start, fixed ones first), another it overlaps with, by index. One
/// pass, keeping the meeting that ends last so far: O(n), O(n log n) with the sort.
fn overlaps(starts: &[Option<i64>], ends: &[Option<i64>]) -> Vec<Option<usize>> {
    let mut partner = vec![None; starts.len()];
    let mut latest: Option<(i64, usize)> = None;
    for (i, (start, end)) in starts.iter().zip(ends).enumerate() {
        let (Some(start), Some(end)) = (*start, *end) else { continue };
        if let Some((latest_end, j)) = latest {
            if start < latest_end {
                partner[i] = Some(j);
                partner[j].get_or_insert(i);
            }
        }
        if latest.is_none_or(|(latest_end, _)| end > latest_end) {
            latest = Some((end, i));
        }
    }
    partner
}

/// A meeting's start, unless it has no fixed time (a type-3 meeting, or none given).
fn fixed_start(meeting: &StoredMeeting) -> Option<DateTime<Utc>> {
    if meeting.meeting_type == 3 {
        return None;
    }
    let start = DateTime::parse_from_rfc3339(meeting.start_time.as_deref()?).ok()?;
    Some(start.with_timezone(&Utc))
}

/// How long a meeting runs; none without a length.
fn length(meeting: &StoredMeeting) -> Option<Duration> {
    meeting.duration.filter(|d| *d > 0).map(Duration::minutes)
}

/// When a meeting with a fixed time runs; none for one without a time or a length.
pub(super) fn interval(meeting: &StoredMeeting) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = fixed_start(meeting)?;
    Some((start, start + length(meeting)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(id: i64, start: &str, minutes: i64) -> StoredMeeting {
        StoredMeeting {
            id,
            topic: format!("m{id}"),
            meeting_type: 2,
            start_time: Some(start.into()),
            duration: Some(minutes),
            timezone: None,
            join_url: None,
            occurrence_id: None,
            series: None,
        }
    }

    fn ids(timeline: &Timeline) -> Vec<i64> {
        timeline.meetings.iter().map(|m| m.id).collect()
    }

    #[test]
    fn overlapping_meetings_point_at_each_other_and_touching_ones_do_not() {
        let timeline = scan(vec![
            meeting(5, "2027-03-01T13:00:00Z", 10), // inside 4's long session
            meeting(1, "2027-03-01T07:00:00Z", 60),
            meeting(3, "2027-03-01T08:30:00Z", 30), // starts as 2 ends: touching only
            meeting(2, "2027-03-01T07:30:00Z", 60), // inside 1's hour
            meeting(6, "2027-03-01T14:00:00Z", 0),  // no length: cannot be placed
            meeting(4, "2027-03-01T10:00:00Z", 240),
        ]);
        assert_eq!(ids(&timeline), [1, 2, 3, 4, 5, 6]);
        assert_eq!(timeline.overlaps, [Some(1), Some(0), None, Some(4), Some(3), None]);
    }

    #[test]
    fn meetings_without_a_fixed_time_come_last_in_zoom_order_and_overlap_nothing() {
        let mut unfixed = meeting(2, "2027-03-01T07:00:00Z", 60);
        unfixed.meeting_type = 3;
        let mut no_start = meeting(3, "", 60);
        no_start.start_time = None;
        let timeline = scan(vec![unfixed, no_start, meeting(4, "2027-03-01T07:00:00Z", 60), meeting(1, "2027-03-01T07:00:00Z", 30)]);
        // Equal starts keep Zoom's order.
        assert_eq!(ids(&timeline), [4, 1, 2, 3]);
        assert_eq!(timeline.starts[2..], [None, None]);
        assert_eq!(timeline.overlaps, [Some(1), Some(0), None, None]);
    }
}
