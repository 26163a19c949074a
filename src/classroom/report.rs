//! `class report`: aggregates exam attempts. Attempts are grouped by quiz and quiz version (the
//! hash of the quiz file), never mixed; each group has a row per attempt (student, score, time),
//! a row per question (success rate, the most chosen wrong option with its mistake or `why`,
//! median time) and the catalog mistakes the class made most. Rendered as a text table, CSV
//! (one table, chosen by `Table`) or JSON.

use super::results::{Answer, Attempt};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// All attempts of one version of one quiz.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub quiz: String,
    pub quiz_title: String,
    pub quiz_hash: String,
    pub students: Vec<StudentRow>,
    pub questions: Vec<QuestionRow>,
    pub mistakes: Vec<MistakeRow>,
}

/// One attempt.
#[derive(Debug, Clone, Serialize)]
pub struct StudentRow {
    pub student: String,
    pub file: String,
    pub right: usize,
    pub answered: usize,
    pub total: usize,
    pub seconds: f64,
    pub ended_by: String,
}

/// One question over the attempts that answered it.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionRow {
    pub id: String,
    pub answered: usize,
    pub right: usize,
    /// right / answered (0 when nobody answered).
    pub success_rate: f64,
    pub median_seconds: Option<f64>,
    pub top_wrong: Option<WrongPick>,
}

/// The wrong option chosen most often (ties: the one written first in the quiz).
#[derive(Debug, Clone, Serialize)]
pub struct WrongPick {
    /// Its position in the quiz file.
    pub source: usize,
    /// Its text as the first student who chose it saw it (variants change numbers).
    pub text: String,
    pub count: usize,
    pub mistake: Option<String>,
    pub why: Option<String>,
}

/// A catalog mistake and how many wrong answers showed it.
#[derive(Debug, Clone, Serialize)]
pub struct MistakeRow {
    pub mistake: String,
    pub count: usize,
}

/// Which table CSV output holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Questions,
    Students,
    Mistakes,
}

/// Groups attempts (with the file each came from) by quiz and version, and aggregates them.
/// Groups are ordered by quiz id, then most attempts first, then hash.
pub fn build(attempts: &[(String, Attempt)]) -> Vec<Group> {
    let mut keys: Vec<(&str, &str)> = Vec::new();
    let mut members: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, (_, a)) in attempts.iter().enumerate() {
        let key = (a.quiz.as_str(), a.quiz_hash.as_str());
        let list = members.entry(key).or_default();
        if list.is_empty() {
            keys.push(key);
        }
        list.push(i);
    }
    let size = |k: &(&str, &str)| members.get(k).map_or(0, Vec::len);
    keys.sort_by(|a, b| (a.0, size(b), a.1).cmp(&(b.0, size(a), b.1)));
    keys.iter()
        .map(|k| {
            let list: Vec<(&str, &Attempt)> = members
                .get(k)
                .map(|v| {
                    v.iter()
                        .map(|&i| (attempts[i].0.as_str(), &attempts[i].1))
                        .collect()
                })
                .unwrap_or_default();
            group(&list)
        })
        .collect()
}

fn group(list: &[(&str, &Attempt)]) -> Group {
    let first = list[0].1;
    let mut students: Vec<StudentRow> = list
        .iter()
        .map(|(file, a)| StudentRow {
            student: a.student.clone().unwrap_or_else(|| "(no name)".to_string()),
            file: file.to_string(),
            right: a.score.right,
            answered: a.score.answered,
            total: a.score.total,
            seconds: a.seconds,
            ended_by: a.ended_by.clone(),
        })
        .collect();
    students.sort_by(|a, b| (&a.student, &a.file).cmp(&(&b.student, &b.file)));
    Group {
        quiz: first.quiz.clone(),
        quiz_title: first.quiz_title.clone(),
        quiz_hash: first.quiz_hash.clone(),
        students,
        questions: {
            // Each attempt's answers by question, in one pass over the attempts.
            let mut by_id: HashMap<&str, Vec<&Answer>> = HashMap::new();
            for (_, a) in list {
                for q in a.questions.iter().filter(|q| q.answered) {
                    by_id.entry(q.id.as_str()).or_default().push(q);
                }
            }
            question_ids(list)
                .iter()
                .map(|id| question(id, by_id.get(id.as_str()).map_or(&[], Vec::as_slice)))
                .collect()
        },
        mistakes: mistakes(list),
    }
}

/// Question ids in quiz order, merged from attempts that may each hold a subset: a question
/// not seen before goes after the last known one its attempt asked before it.
fn question_ids(list: &[(&str, &Attempt)]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut known: HashSet<&str> = HashSet::new();
    for (_, a) in list {
        // The last known id of this attempt so far, and where the next new id goes once found.
        let (mut prev, mut at): (Option<&str>, Option<usize>) = (None, Some(0));
        for q in &a.questions {
            if known.contains(q.id.as_str()) {
                (prev, at) = (Some(q.id.as_str()), None);
                continue;
            }
            let pos = at.unwrap_or_else(|| {
                prev.and_then(|p| ids.iter().position(|x| x == p))
                    .map_or(0, |i| i + 1)
            });
            ids.insert(pos, q.id.clone());
            known.insert(q.id.as_str());
            at = Some(pos + 1);
        }
    }
    ids
}

fn question(id: &str, answers: &[&Answer]) -> QuestionRow {
    let (mut answered, mut right, mut times) = (0, 0, Vec::new());
    // Wrong picks by the option's place in the quiz: (count, first pick seen).
    let mut wrong: Vec<(usize, usize, &super::results::Shown)> = Vec::new();
    for q in answers.iter().copied() {
        answered += 1;
        right += usize::from(q.correct);
        times.extend(q.seconds);
        for o in q
            .options
            .iter()
            .filter(|o| !o.correct && q.chosen.contains(&o.letter))
        {
            match wrong.iter_mut().find(|w| w.0 == o.source) {
                Some(w) => w.1 += 1,
                None => wrong.push((o.source, 1, o)),
            }
        }
    }
    wrong.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    QuestionRow {
        id: id.to_string(),
        answered,
        right,
        success_rate: if answered == 0 {
            0.0
        } else {
            right as f64 / answered as f64
        },
        median_seconds: median(&mut times),
        top_wrong: wrong.first().map(|&(source, count, o)| WrongPick {
            source,
            text: o.text.clone(),
            count,
            mistake: o.mistake.clone(),
            why: o.why.clone(),
        }),
    }
}

/// The middle value (the mean of the two middle ones for an even count).
pub fn median(xs: &mut [f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    })
}

/// Catalog mistakes of the wrong options chosen, most seen first (ties by id).
fn mistakes(list: &[(&str, &Attempt)]) -> Vec<MistakeRow> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, a) in list {
        for q in a.questions.iter().filter(|q| q.answered) {
            let picked = q
                .options
                .iter()
                .filter(|o| !o.correct && q.chosen.contains(&o.letter));
            for m in picked.filter_map(|o| o.mistake.as_deref()) {
                *counts.entry(m).or_default() += 1;
            }
        }
    }
    let mut rows: Vec<MistakeRow> = counts
        .into_iter()
        .map(|(m, count)| MistakeRow {
            mistake: m.to_string(),
            count,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.mistake.cmp(&b.mistake)));
    rows
}

/// A field as CSV writes it (RFC 4180): quoted when it holds a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt_num(x: Option<f64>) -> String {
    x.map_or(String::new(), |x| x.to_string())
}

/// One CSV table over every group (the first two columns say which quiz version a row is of).
pub fn csv(groups: &[Group], table: Table) -> String {
    let header = match table {
        Table::Questions => {
            "quiz,version,question,answered,right,success_rate,median_seconds,top_wrong_option,top_wrong_count,top_wrong_mistake,top_wrong_why"
        }
        Table::Students => "quiz,version,student,file,right,answered,total,seconds,ended_by",
        Table::Mistakes => "quiz,version,mistake,count",
    };
    let mut out = format!("{header}\n");
    for g in groups {
        let rows: Vec<Vec<String>> = match table {
            Table::Questions => g.questions.iter().map(question_cells).collect(),
            Table::Students => g
                .students
                .iter()
                .map(|s| {
                    vec![
                        s.student.clone(),
                        s.file.clone(),
                        s.right.to_string(),
                        s.answered.to_string(),
                        s.total.to_string(),
                        s.seconds.to_string(),
                        s.ended_by.clone(),
                    ]
                })
                .collect(),
            Table::Mistakes => g
                .mistakes
                .iter()
                .map(|m| vec![m.mistake.clone(), m.count.to_string()])
                .collect(),
        };
        for row in rows {
            let mut cells = vec![g.quiz.clone(), g.quiz_hash.clone()];
            cells.extend(row);
            let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
    }
    out
}

fn question_cells(q: &QuestionRow) -> Vec<String> {
    let w = q.top_wrong.as_ref();
    vec![
        q.id.clone(),
        q.answered.to_string(),
        q.right.to_string(),
        format!("{:.3}", q.success_rate),
        opt_num(q.median_seconds),
        w.map_or(String::new(), |w| w.text.clone()),
        w.map_or(String::new(), |w| w.count.to_string()),
        w.and_then(|w| w.mistake.clone()).unwrap_or_default(),
        w.and_then(|w| w.why.clone()).unwrap_or_default(),
    ]
}

/// The report for a terminal: per group, the students, the questions and the mistakes.
pub fn text(groups: &[Group]) -> String {
    let mut out = String::new();
    if groups.len() > 1 {
        out.push_str(&format!(
            "{} quiz versions, reported separately.\n\n",
            groups.len()
        ));
    }
    for g in groups {
        out.push_str(&format!(
            "{} ({}), version {}: {} attempt{}\n\n",
            g.quiz_title,
            g.quiz,
            g.quiz_hash,
            g.students.len(),
            if g.students.len() == 1 { "" } else { "s" }
        ));
        let students: Vec<Vec<String>> = g
            .students
            .iter()
            .map(|s| {
                vec![
                    s.student.clone(),
                    format!("{} of {}", s.right, s.total),
                    format!("{} s", s.seconds),
                    s.ended_by.clone(),
                ]
            })
            .collect();
        out.push_str(&table(&["student", "score", "time", "ended"], &students));
        let questions: Vec<Vec<String>> = g
            .questions
            .iter()
            .map(|q| {
                let w = q.top_wrong.as_ref();
                vec![
                    q.id.clone(),
                    format!(
                        "{}/{} ({:.0}%)",
                        q.right,
                        q.answered,
                        q.success_rate * 100.0
                    ),
                    q.median_seconds
                        .map_or("-".to_string(), |s| format!("{s} s")),
                    w.map_or("-".to_string(), |w| {
                        format!("{} ×{}", short(&w.text), w.count)
                    }),
                    w.map_or(String::new(), |w| {
                        w.mistake
                            .clone()
                            .or_else(|| w.why.as_deref().map(short))
                            .unwrap_or_default()
                    }),
                ]
            })
            .collect();
        out.push('\n');
        out.push_str(&table(
            &[
                "question",
                "right",
                "median",
                "most chosen wrong",
                "mistake / why",
            ],
            &questions,
        ));
        out.push_str("\nMistakes seen most:\n");
        if g.mistakes.is_empty() {
            out.push_str("  (none)\n");
        }
        for m in g.mistakes.iter().take(10) {
            out.push_str(&format!("  {:>4} × {}\n", m.count, m.mistake));
        }
        out.push('\n');
    }
    out
}

/// At most 40 characters of one line.
fn short(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    if line.chars().count() <= 40 {
        return line.to_string();
    }
    let cut: String = line.chars().take(39).collect();
    format!("{cut}…")
}

/// Columns padded to their widest cell.
fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([head[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..head.len()).map(width).collect();
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        format!("  {}\n", padded.join("  ").trim_end())
    };
    let mut out = line(head.to_vec());
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{csv_field, median};

    #[test]
    fn medians_and_csv_fields() {
        let table: [(&[f64], Option<f64>); 4] = [
            (&[], None),
            (&[3.0], Some(3.0)),
            (&[4.0, 1.0, 3.0], Some(3.0)),
            (&[4.0, 1.0, 3.0, 2.0], Some(2.5)),
        ];
        for (xs, want) in table {
            assert_eq!(median(&mut xs.to_vec()), want, "{xs:?}");
        }
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
