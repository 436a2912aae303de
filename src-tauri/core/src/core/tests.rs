use super::events::{self, NewEvent};
use super::profiles::{self, NewProfile};
use super::*;
use crate::store::Store;

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    anna: i64,
    boris: i64,
    event: i64,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    let anna = profile(&store, "Anna", "anna@example.org").await;
    let boris = profile(&store, "Boris", "boris@example.org").await;
    let event = events::create(&store, anna, new_event("Conf")).await.unwrap().id;
    World { _dir: dir, store, anna, boris, event }
}

async fn profile(store: &Store, name: &str, email: &str) -> i64 {
    profiles::create(store, NewProfile { name: name.into(), email: email.into() }).await.unwrap().id
}

fn new_event(title: &str) -> NewEvent {
    NewEvent { title: title.into(), time_zone: "Europe/Moscow".into(), starts_on: "2027-03-01".into(), ends_on: "2027-03-03".into() }
}

async fn row_counts(store: &Store) -> (i64, i64, i64) {
    let count = |table: &'static str| async move {
        sqlx::query_scalar::<_, i64>(&format!("SELECT count(*) FROM {table}")).fetch_one(store.pool()).await.unwrap()
    };
    (count("users").await, count("events").await, count("event_admins").await)
}

#[tokio::test]
async fn a_non_administrator_is_refused_every_event_scoped_operation() {
    let w = world().await;
    let before = row_counts(&w.store).await;
    let (s, b, e) = (&w.store, w.boris, w.event);

    // Every event-scoped use case takes an `Admin`, and the check is the only way to one.
    assert_eq!(Admin::check(s, b, e).await.unwrap_err().code(), "forbidden");
    assert_eq!(row_counts(&w.store).await, before, "a refused call changes nothing");
    assert!(events::list_administered(s, b).await.unwrap().is_empty(), "Boris sees no event of Anna's");
}

#[tokio::test]
async fn the_creator_administers_the_event_and_can_share_it() {
    let w = world().await;
    let anna = Admin::check(&w.store, w.anna, w.event).await.unwrap();
    let event = events::open(&w.store, anna).await.unwrap();
    assert_eq!((event.title.as_str(), event.time_zone.as_str()), ("Conf", "Europe/Moscow"));

    let admins = events::add_administrator(&w.store, anna, " BORIS@example.org ").await.unwrap();
    assert_eq!(admins.len(), 2);
    let boris = Admin::check(&w.store, w.boris, w.event).await.unwrap();
    assert_eq!(events::open(&w.store, boris).await.unwrap(), event, "both see the same event");

    events::remove_administrator(&w.store, boris, w.anna).await.unwrap();
    assert_eq!(Admin::check(&w.store, w.anna, w.event).await.unwrap_err().code(), "forbidden");
    let last = events::remove_administrator(&w.store, boris, w.boris).await.unwrap_err();
    assert_eq!(last.code(), "last_administrator");
}

#[tokio::test]
async fn an_unknown_event_or_profile_is_not_found() {
    let w = world().await;
    assert_eq!(Admin::check(&w.store, w.anna, 999).await.unwrap_err().code(), "not_found");
    let anna = Admin::check(&w.store, w.anna, w.event).await.unwrap();
    let error = events::add_administrator(&w.store, anna, "nobody@example.org").await.unwrap_err();
    assert!(matches!(error, Error::ProfileNotFound));
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let w = world().await;
    let before = row_counts(&w.store).await;
    let long = "x".repeat(101);
    let cases: Vec<(NewProfile, Field, &str)> = vec![
        (NewProfile { name: "  ".into(), email: "a@b.org".into() }, Field::Name, "invalid_input"),
        (NewProfile { name: long.clone(), email: "a@b.org".into() }, Field::Name, "invalid_input"),
        (NewProfile { name: "Vera".into(), email: "vera.example.org".into() }, Field::Email, "invalid_input"),
        (NewProfile { name: "Vera".into(), email: "vera@localhost".into() }, Field::Email, "invalid_input"),
    ];
    for (input, field, code) in cases {
        let error = profiles::create(&w.store, input).await.unwrap_err();
        assert_eq!(error.code(), code);
        assert_eq!(error.fault(Lang::En).field, Some(field));
    }
    let taken = profiles::create(&w.store, NewProfile { name: "Other".into(), email: "Anna@Example.org".into() }).await;
    assert_eq!(taken.unwrap_err().code(), "email_taken");

    let bad_events = [
        (NewEvent { title: "".into(), ..new_event("") }, Field::Title),
        (NewEvent { time_zone: "Mars/Olympus".into(), ..new_event("T") }, Field::TimeZone),
        (NewEvent { starts_on: "2027-02-30".into(), ..new_event("T") }, Field::StartsOn),
        (NewEvent { ends_on: "2027-02-01".into(), ..new_event("T") }, Field::EndsOn),
        (NewEvent { starts_on: "".into(), ..new_event("T") }, Field::StartsOn),
        (NewEvent { ends_on: " ".into(), ..new_event("T") }, Field::EndsOn),
    ];
    for (input, field) in bad_events {
        let error = events::create(&w.store, w.anna, input).await.unwrap_err();
        assert_eq!(error.fault(Lang::Ru).field, Some(field));
    }
    assert_eq!(row_counts(&w.store).await, before);
}

#[tokio::test]
async fn an_event_has_both_dates_or_none_yet() {
    let w = world().await;
    let undated = events::create(&w.store, w.anna, NewEvent { starts_on: " ".into(), ends_on: "".into(), ..new_event("Later") }).await.unwrap();
    assert_eq!((undated.starts_on, undated.ends_on), (None, None));
    let dated = events::create(&w.store, w.anna, new_event("Now")).await.unwrap();
    assert_eq!((dated.starts_on.as_deref(), dated.ends_on.as_deref()), (Some("2027-03-01"), Some("2027-03-03")));
    let one_date =
        sqlx::query("INSERT INTO events (title, time_zone, starts_on, created_by, created_at) VALUES ('x', 'UTC', '2027-01-01', ?, 'now')")
            .bind(w.anna)
            .execute(w.store.pool())
            .await;
    assert!(one_date.is_err(), "the database refuses an event with one date");
}

#[test]
fn faults_carry_a_stable_code_and_a_message_in_the_users_language() {
    let fault = Error::Forbidden.fault(Lang::Ru);
    assert_eq!(
        serde_json::to_value(&fault).unwrap(),
        serde_json::json!({"code": "forbidden", "message": "Нет доступа: это доступно только администраторам мероприятия."})
    );
    assert_eq!(Error::Forbidden.fault(Lang::En).code, "forbidden");
    let ends = Error::invalid(Field::EndsOn, Problem::EndsBeforeStart).fault(Lang::En);
    assert_eq!(ends.message, "The end date cannot be before the start date.");
}

#[test]
fn the_language_comes_from_the_override_then_the_os_locale() {
    assert_eq!(Lang::detect(Some("ru"), Some("en-US")), Lang::Ru);
    assert_eq!(Lang::detect(Some("en"), Some("ru-RU")), Lang::En);
    assert_eq!(Lang::detect(None, Some("ru-RU")), Lang::Ru);
    assert_eq!(Lang::detect(Some(""), Some("ru_RU.UTF-8")), Lang::Ru);
    assert_eq!(Lang::detect(None, Some("de-DE")), Lang::En);
    assert_eq!(Lang::detect(None, None), Lang::En);
}

#[tokio::test]
async fn demo_mode_seeds_an_empty_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    let (profile, event) = demo::prepare(&store).await.unwrap().unwrap();
    let event = event.unwrap();
    assert_eq!((profile.name.as_str(), event.title.as_str()), (demo::PROFILE_NAME, demo::EVENT_TITLE));
    Admin::check(&store, profile.id, event.id).await.unwrap();

    let (again, same_event) = demo::prepare(&store).await.unwrap().unwrap();
    assert_eq!((again, same_event), (profile, Some(event)));
    assert_eq!(row_counts(&store).await, (1, 1, 1));
}

#[tokio::test]
async fn demo_mode_leaves_a_database_without_the_demo_profile_alone() {
    let w = world().await;
    let before = row_counts(&w.store).await;
    assert!(demo::prepare(&w.store).await.unwrap().is_none());
    assert_eq!(row_counts(&w.store).await, before);
}
