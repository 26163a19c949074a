//! The [`Outline`] of a loaded course: lessons in order, each with its quiz (named by the
//! lesson's `quiz` or by the quiz's `lesson`), then quizzes that belong to no lesson.

use super::summary::{LessonOutline, Outline, QuestionOutline, QuizOutline};
use crate::content::quiz::{Kind, Quiz};
use crate::content::{Course, clean};

/// The outline of `course`.
pub fn outline(course: &Course) -> Outline {
    let mut lessons: Vec<_> = course.lessons.iter().collect();
    lessons.sort_by_key(|l| l.meta.order);
    let mut used = vec![false; course.quizzes.len()];
    let mut out = Outline::default();
    for l in lessons {
        let id = &l.meta.id.value;
        let named = l.meta.quiz.as_ref().map(|q| q.value.as_str());
        let found = course.quizzes.iter().position(|f| {
            Some(f.quiz.id.value.as_str()) == named
                || (named.is_none() && f.quiz.lesson.as_ref().is_some_and(|x| &x.value == id))
        });
        if let Some(i) = found {
            used[i] = true;
        }
        out.lessons.push(LessonOutline {
            id: id.clone(),
            title: clean(&l.meta.title),
            lesson: true,
            quiz: found.map(|i| quiz(&course.quizzes[i].quiz)),
        });
    }
    for (f, _) in course.quizzes.iter().zip(used).filter(|(_, u)| !u) {
        out.lessons.push(LessonOutline {
            id: f.quiz.id.value.clone(),
            title: clean(&f.quiz.title),
            lesson: false,
            quiz: Some(quiz(&f.quiz)),
        });
    }
    out
}

fn quiz(q: &Quiz) -> QuizOutline {
    QuizOutline {
        id: q.id.value.clone(),
        questions: q
            .questions
            .iter()
            .map(|x| QuestionOutline {
                id: x.id.value.clone(),
                title: clean(x.prompt.trim().lines().next().unwrap_or("")),
                exercise: x.kind.value == Kind::Exercise,
            })
            .collect(),
    }
}
