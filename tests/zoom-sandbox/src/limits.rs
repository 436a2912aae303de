//! Zoom's rate limits: counted per account (shared by every app and user on it), per class,
//! in fixed one-second windows and, for free accounts, per UTC day.

use crate::scenario::Plan;
use std::collections::HashMap;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    Light,
    Medium,
}

impl Class {
    pub fn name(self) -> &'static str {
        match self {
            Class::Light => "Light",
            Class::Medium => "Medium",
        }
    }

    fn per_second(self, plan: Plan) -> u32 {
        match (self, plan) {
            (Class::Light, Plan::Free) => 4,
            (Class::Light, Plan::Pro) => 30,
            (Class::Light, Plan::Business) => 80,
            (Class::Medium, Plan::Free) => 2,
            (Class::Medium, Plan::Pro) => 20,
            (Class::Medium, Plan::Business) => 60,
        }
    }

    fn per_day(self, plan: Plan) -> Option<u32> {
        match (self, plan) {
            (Class::Light, Plan::Free) => Some(6_000),
            (Class::Medium, Plan::Free) => Some(2_000),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitType {
    Qps,
    Daily,
}

impl LimitType {
    pub fn header(self) -> &'static str {
        match self {
            LimitType::Qps => "QPS",
            LimitType::Daily => "Daily-limit",
        }
    }
}

/// What the `X-RateLimit-*` headers say about one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub class: Class,
    pub kind: LimitType,
    pub limit: u32,
    pub remaining: u32,
    /// `Some(seconds)` when the call is refused.
    pub retry_after: Option<i64>,
}

#[derive(Default)]
struct Counter {
    second: i64,
    in_second: u32,
    day: i64,
    in_day: u32,
}

#[derive(Default)]
pub struct RateLimiter {
    counters: HashMap<(String, Class), Counter>,
}

impl RateLimiter {
    /// Counts the call if it is allowed. Refused calls do not use up the quota.
    pub fn check(&mut self, account: &str, plan: Plan, class: Class, now: OffsetDateTime) -> Verdict {
        let second = now.unix_timestamp();
        let day = second.div_euclid(86_400);
        let c = self.counters.entry((account.to_string(), class)).or_default();
        if c.second != second {
            c.second = second;
            c.in_second = 0;
        }
        if c.day != day {
            c.day = day;
            c.in_day = 0;
        }
        let qps = class.per_second(plan);
        if let Some(daily) = class.per_day(plan) {
            if c.in_day >= daily {
                let until_midnight = (day + 1) * 86_400 - second;
                return Verdict { class, kind: LimitType::Daily, limit: daily, remaining: 0, retry_after: Some(until_midnight) };
            }
        }
        if c.in_second >= qps {
            return Verdict { class, kind: LimitType::Qps, limit: qps, remaining: 0, retry_after: Some(1) };
        }
        c.in_second += 1;
        c.in_day += 1;
        match class.per_day(plan) {
            // Free accounts are told about the budget that really bites: the daily one.
            Some(daily) => Verdict { class, kind: LimitType::Daily, limit: daily, remaining: daily - c.in_day, retry_after: None },
            None => Verdict { class, kind: LimitType::Qps, limit: qps, remaining: qps - c.in_second, retry_after: None },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[test]
    fn per_second_window_resets() {
        let mut l = RateLimiter::default();
        let t = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        assert!(l.check("a", Plan::Free, Class::Medium, t).retry_after.is_none());
        assert!(l.check("a", Plan::Free, Class::Medium, t).retry_after.is_none());
        let refused = l.check("a", Plan::Free, Class::Medium, t);
        assert_eq!((refused.kind, refused.limit, refused.retry_after), (LimitType::Qps, 2, Some(1)));
        // Another account and another class have budgets of their own.
        assert!(l.check("b", Plan::Free, Class::Medium, t).retry_after.is_none());
        assert!(l.check("a", Plan::Free, Class::Light, t).retry_after.is_none());
        assert!(l.check("a", Plan::Free, Class::Medium, t + Duration::seconds(1)).retry_after.is_none());
    }

    #[test]
    fn free_daily_limit_until_midnight() {
        let mut l = RateLimiter::default();
        let start = OffsetDateTime::from_unix_timestamp(1_800_000_000 - 1_800_000_000 % 86_400).unwrap();
        for i in 0..2_000 {
            let v = l.check("a", Plan::Free, Class::Medium, start + Duration::seconds(i));
            assert!(v.retry_after.is_none(), "call {i} refused");
            assert_eq!(v.remaining, 1_999 - i as u32);
        }
        let at = start + Duration::seconds(3_000);
        let v = l.check("a", Plan::Free, Class::Medium, at);
        assert_eq!(v.kind, LimitType::Daily);
        assert_eq!(v.retry_after, Some(86_400 - 3_000));
        assert!(l.check("a", Plan::Free, Class::Medium, start + Duration::days(1)).retry_after.is_none());
        // Paid plans have no daily cap.
        for i in 0..3_000 {
            assert!(l.check("p", Plan::Pro, Class::Medium, start + Duration::seconds(i)).retry_after.is_none());
        }
    }
}
