//! The review schedule: one FSRS card per answered question (the `rs-fsrs` crate, long-term
//! scheduler, no fuzz, so the same answers always give the same dates). A wrong answer is Again,
//! a right one Good unless the learner rated it Hard or Easy in review.
//!
//! A missed question comes back the next day at the latest (a one-day relearning step, as
//! FSRS-based apps run before the post-lapse interval): FSRS alone may set a lapsed card of long
//! stability a week or more out, too late for a learner who just got it wrong.

use super::model::{Answer, Card, Millis, Rating};
use chrono::{DateTime, Utc};
use rs_fsrs::{FSRS, Parameters};

/// The scheduler lrtutor uses: intervals in whole days from the first answer (short-term
/// learning steps of minutes suit flash cards drilled in one sitting, not a course's quizzes).
pub fn scheduler() -> FSRS {
    FSRS::new(Parameters {
        enable_short_term: false,
        enable_fuzz: false,
        ..Parameters::default()
    })
}

/// How soon a missed question comes back.
const RELEARN: Millis = super::clock::DAY;

/// The card after `answer`, from the card before it (`None`: never answered).
pub fn next(fsrs: &FSRS, card: Option<&Card>, answer: &Answer) -> Card {
    let before = card.map_or_else(|| new_card(answer.at), to_fsrs);
    let rating = answer.effective_rating();
    let info = fsrs.next(before, time(answer.at), self::rating(rating));
    let mut card = from_fsrs(&info.card);
    if rating == Rating::Again && card.due > answer.at + RELEARN {
        card.due = answer.at + RELEARN;
        card.scheduled_days = 1;
    }
    card
}

/// The card a question's whole answer history gives (answers in time order).
pub fn replay(fsrs: &FSRS, answers: &[Answer]) -> Option<Card> {
    answers
        .iter()
        .fold(None, |card, a| Some(next(fsrs, card.as_ref(), a)))
}

/// Whether a card read from a file can be trusted (a hand-edited one may hold NaN or nonsense);
/// one that cannot is rebuilt from the answers.
pub fn plausible(card: &Card) -> bool {
    card.stability.is_finite()
        && card.stability >= 0.0
        && (0.0..=10.0).contains(&card.difficulty)
        && card.state <= 3
        && card.reps >= 0
        && card.lapses >= 0
}

/// The days between the last review and the due date (the interval FSRS chose).
pub fn interval_days(card: &Card) -> f64 {
    (card.due - card.last_review) as f64 / super::clock::DAY as f64
}

fn rating(r: Rating) -> rs_fsrs::Rating {
    match r {
        Rating::Again => rs_fsrs::Rating::Again,
        Rating::Hard => rs_fsrs::Rating::Hard,
        Rating::Good => rs_fsrs::Rating::Good,
        Rating::Easy => rs_fsrs::Rating::Easy,
    }
}

fn time(t: Millis) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t).unwrap_or(DateTime::UNIX_EPOCH)
}

fn new_card(now: Millis) -> rs_fsrs::Card {
    rs_fsrs::Card {
        due: time(now),
        last_review: time(now),
        ..rs_fsrs::Card::default()
    }
}

fn to_fsrs(c: &Card) -> rs_fsrs::Card {
    rs_fsrs::Card {
        due: time(c.due),
        stability: c.stability,
        difficulty: c.difficulty,
        elapsed_days: c.elapsed_days,
        scheduled_days: c.scheduled_days,
        reps: c.reps,
        lapses: c.lapses,
        state: match c.state {
            1 => rs_fsrs::State::Learning,
            2 => rs_fsrs::State::Review,
            3 => rs_fsrs::State::Relearning,
            _ => rs_fsrs::State::New,
        },
        last_review: time(c.last_review),
    }
}

fn from_fsrs(c: &rs_fsrs::Card) -> Card {
    Card {
        due: c.due.timestamp_millis(),
        stability: c.stability,
        difficulty: c.difficulty,
        elapsed_days: c.elapsed_days,
        scheduled_days: c.scheduled_days,
        reps: c.reps,
        lapses: c.lapses,
        state: c.state as u8,
        last_review: c.last_review.timestamp_millis(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::clock::DAY;

    fn answer(at: Millis, right: bool) -> Answer {
        Answer {
            id: format!("a{at}"),
            at,
            chosen: vec![],
            right,
            rating: None,
        }
    }

    #[test]
    fn intervals_grow_after_good_and_reset_after_again() {
        let fsrs = scheduler();
        let mut now = 1_800_000_000_000;
        let mut card: Option<Card> = None;
        let mut intervals = Vec::new();
        for _ in 0..5 {
            let c = next(&fsrs, card.as_ref(), &answer(now, true));
            intervals.push(interval_days(&c));
            now = c.due; // review exactly when due
            card = Some(c);
        }
        for w in intervals.windows(2) {
            assert!(w[1] > w[0], "intervals after Good must grow: {intervals:?}");
        }
        let lapsed = next(&fsrs, card.as_ref(), &answer(now, false));
        let last = intervals[intervals.len() - 1];
        assert!(interval_days(&lapsed) <= 1.0, "{lapsed:?}");
        assert!(last > 30.0, "{intervals:?}");
        assert_eq!(lapsed.lapses, 1);
        assert!(lapsed.due <= now + DAY);
        // Then it grows again from the post-lapse stability, not from the old interval.
        let again = next(&fsrs, Some(&lapsed), &answer(lapsed.due, true));
        assert!(
            interval_days(&again) > 1.0 && interval_days(&again) < last,
            "{again:?}"
        );
    }

    #[test]
    fn replay_equals_the_answers_applied_one_by_one() {
        let fsrs = scheduler();
        let answers: Vec<Answer> = (0..6)
            .map(|i| answer(1_800_000_000_000 + i * 3 * DAY, i % 3 != 1))
            .collect();
        let mut card = None;
        for a in &answers {
            card = Some(next(&fsrs, card.as_ref(), a));
        }
        assert_eq!(replay(&fsrs, &answers), card);
    }
}
