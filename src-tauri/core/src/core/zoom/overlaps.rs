//! Meetings of one Zoom user that overlap in time. Zoom lets one user host one meeting at a time
//! (unless the account has Zoom's concurrent meetings option, which the API does not tell), so the
//! second of two overlapping sessions cannot start while the first runs.

use chrono::{DateTime, Duration, Utc};

use crate::store::StoredMeeting;

/// The conflict scan of one Zoom user's meetings: sorts them (fixed start times first, in order,
/// then those without one; stable, so Zoom's order breaks ties) and gives each meeting another it
/// overlaps with, by its new index. O(n log n).
pub fn scan(meetings: &mut [StoredMeeting]) -> Vec<Option<usize>> {
    meetings.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    overlaps(meetings)
}

fn sort_key(m: &StoredMeeting) -> (bool, Option<&str>) {
    let fixed = m.meeting_type != 3 && m.start_time.is_some();
    // RFC 3339 in UTC sorts as text.
    (!fixed, if fixed { m.start_time.as_deref() } else { None })
}

/// For each meeting of `sorted` (fixed start times first, in order), another meeting it overlaps
/// with, by index. One pass over the sorted list, keeping the meeting that ends last so far:
/// O(n) here, O(n log n) with the sort.
fn overlaps(sorted: &[StoredMeeting]) -> Vec<Option<usize>> {
    let mut partner = vec![None; sorted.len()];
    let mut latest: Option<(DateTime<Utc>, usize)> = None;
    for (i, meeting) in sorted.iter().enumerate() {
        let Some((start, end)) = interval(meeting) else { continue };
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

/// When a meeting with a fixed time runs; none for one without a time or a length.
pub(super) fn interval(meeting: &StoredMeeting) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if meeting.meeting_type == 3 {
        return None;
    }
    let start: DateTime<Utc> = meeting.start_time.as_deref()?.parse().ok()?;
    let minutes = meeting.duration.filter(|d| *d > 0)?;
    Some((start, start + Duration::minutes(minutes)))
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

    #[test]
    fn overlapping_meetings_point_at_each_other_and_touching_ones_do_not() {
        let sorted = [
            meeting(1, "2027-03-01T07:00:00Z", 60),
            meeting(2, "2027-03-01T07:30:00Z", 60), // inside 1's hour
            meeting(3, "2027-03-01T08:30:00Z", 30), // starts as 2 ends: touching only
            meeting(4, "2027-03-01T10:00:00Z", 240),
            meeting(5, "2027-03-01T13:00:00Z", 10), // inside 4's long session
            meeting(6, "2027-03-01T14:00:00Z", 0),  // no length: cannot be placed
        ];
        assert_eq!(overlaps(&sorted), [Some(1), Some(0), None, Some(4), Some(3), None]);
    }

    #[test]
    fn a_meeting_without_a_fixed_time_overlaps_nothing() {
        let mut unfixed = meeting(2, "2027-03-01T07:00:00Z", 60);
        unfixed.meeting_type = 3;
        assert_eq!(overlaps(&[meeting(1, "2027-03-01T07:00:00Z", 60), unfixed]), [None, None]);
    }
}
