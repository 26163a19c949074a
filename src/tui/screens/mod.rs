//! The screens' state and key handling (drawing is in `views/`). Each screen gets a [`Ctx`]
//! with the course and the learner's record, and answers a key with a [`Step`].

pub mod home;
pub mod lesson;
pub mod playground;
pub mod quiz;
pub mod review;
pub mod search;

use super::app::{Screen, Step};
use super::record::{Location, Record};
use super::runner::JobId;
use crate::content::Course;
use crate::content::quiz::Kind;

/// What a screen may use while it handles a key.
pub struct Ctx<'a> {
    pub course: &'a Course,
    pub record: &'a mut dyn Record,
    pub next_job: &'a mut JobId,
    /// The seed of option shuffles.
    pub seed: u64,
    /// A one-line message for the status bar.
    pub status: &'a mut Option<String>,
}

impl Ctx<'_> {
    /// A fresh job id for a run.
    pub fn job(&mut self) -> JobId {
        let j = *self.next_job;
        *self.next_job += 1;
        j
    }

    /// Shows a failed write of the record in the status bar.
    pub fn kept(&mut self, r: Result<(), String>) {
        if let Err(e) = r {
            *self.status = Some(e);
        }
    }

    /// A step that runs `code` and the job id it will come back with.
    pub fn run(&mut self, code: &str) -> (JobId, Step) {
        let job = self.job();
        (
            job,
            Step::Run {
                job,
                code: code.to_string(),
            },
        )
    }
}

/// The screen showing lesson or quiz `id` (a lesson wins if both have it).
pub fn open(id: &str, ctx: &mut Ctx) -> Option<Screen> {
    if let Some(i) = ctx
        .course
        .lessons
        .iter()
        .position(|l| l.meta.id.value == id)
    {
        let line = ctx.record.lesson(id).line;
        return Some(lesson_screen(ctx.course, i, line));
    }
    let q = ctx
        .course
        .quizzes
        .iter()
        .position(|q| q.quiz.id.value == id)?;
    Some(quiz_screen(ctx, q, None))
}

/// The screen of a place the learner was at.
pub fn reopen(at: &Location, ctx: &mut Ctx) -> Option<Screen> {
    let c = ctx.course;
    match at {
        Location::Lesson { id, line } => {
            let i = c.lessons.iter().position(|l| l.meta.id.value == *id)?;
            Some(lesson_screen(c, i, *line))
        }
        Location::Quiz { id, index } => {
            let q = c.quizzes.iter().position(|q| q.quiz.id.value == *id)?;
            Some(quiz_screen(ctx, q, Some(*index)))
        }
        Location::Exercise { quiz, question } => {
            let q = c.quizzes.iter().position(|f| f.quiz.id.value == *quiz)?;
            let x = c.quizzes[q]
                .quiz
                .questions
                .iter()
                .position(|x| x.id.value == *question && x.kind.value == Kind::Exercise)?;
            Some(exercise_screen(ctx, q, x))
        }
        Location::Playground => Some(Screen::Playground(Box::new(playground::Playground::free(
            ctx,
        )))),
    }
}

pub fn lesson_screen(course: &Course, index: usize, line: usize) -> Screen {
    Screen::Lesson(Box::new(lesson::Reader::new(course, index, line)))
}

pub fn quiz_screen(ctx: &mut Ctx, quiz: usize, at: Option<usize>) -> Screen {
    Screen::Quiz(Box::new(quiz::QuizScreen::new(ctx, quiz, at)))
}

/// An exercise question: the playground in exercise mode.
pub fn exercise_screen(ctx: &mut Ctx, quiz: usize, question: usize) -> Screen {
    Screen::Playground(Box::new(playground::Playground::exercise(
        ctx, quiz, question,
    )))
}

/// The message for an id that names no lesson or quiz: the ids there are, and a hint when the
/// file that declares it failed to load.
pub fn unknown_id(course: &Course, id: &str) -> String {
    let id = super::sanitize::line(id);
    if crate::content::Unloaded::may_hold(&course.unloaded.lessons, &id)
        || crate::content::Unloaded::may_hold(&course.unloaded.quizzes, &id)
    {
        let broken = !course.diagnostics.is_empty();
        if broken {
            return format!(
                "no lesson or quiz '{id}' loaded; some course files have errors (`lrtutor check` lists them), it may be in one of them"
            );
        }
    }
    let mut ids: Vec<&str> = course
        .lessons
        .iter()
        .map(|l| l.meta.id.value.as_str())
        .collect();
    ids.extend(course.quizzes.iter().map(|q| q.quiz.id.value.as_str()));
    format!(
        "no lesson or quiz '{id}' in this course; ids: {}",
        super::sanitize::line(&ids.join(", "))
    )
}
