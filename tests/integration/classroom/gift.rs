//! GIFT: the round trip of the bundled course and a hand-written file.

use super::{lrtutor, scratch};
use lrtutor::content::quiz::{Kind, Question};
use lrtutor::content::{self, variant};

/// What a question holds that GIFT carries: (id, multi, prompt, code, options (text, correct,
/// why, mistake), solution steps, quick check).
type Carried = (
    String,
    bool,
    String,
    Option<String>,
    Vec<(String, bool, Option<String>, Option<String>)>,
    Vec<(String, String)>,
    Option<String>,
);

fn carried(q: &Question) -> Carried {
    (
        q.id.value.clone(),
        q.kind.value == Kind::Multi,
        q.prompt.trim_end().to_string(),
        q.code.as_ref().map(|c| c.value.trim_end().to_string()),
        q.options
            .iter()
            .map(|o| {
                (
                    o.text.value.trim().to_string(),
                    o.correct,
                    o.why.as_ref().map(|w| w.trim_end().to_string()),
                    o.mistake.as_ref().map(|m| m.value.clone()),
                )
            })
            .collect(),
        q.solution
            .iter()
            .map(|s| (s.title.trim().to_string(), s.text.trim_end().to_string()))
            .collect(),
        q.quick_check.as_ref().map(|c| c.trim_end().to_string()),
    )
}

#[test]
fn gift_round_trip_keeps_every_bundled_choice_question() {
    let dir = scratch("gift");
    let quizzes_dir = dir.join("quizzes");
    std::fs::create_dir_all(&quizzes_dir).expect("dir");
    let course = content::bundled();
    let (mut compared, mut with_rule) = (0, 0);
    for f in &course.quizzes {
        let id = &f.quiz.id.value;
        let gift = dir.join(format!("{id}.gift"));
        let yaml = quizzes_dir.join(format!("{id}.yaml"));
        let (code, _, err) = lrtutor(
            &["export", "--gift", id, "-o", gift.to_str().expect("path")],
            "",
            &[],
        );
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = lrtutor(
            &[
                "import",
                "--gift",
                gift.to_str().expect("path"),
                "-o",
                yaml.to_str().expect("path"),
            ],
            "",
            &[],
        );
        assert_eq!(code, 0, "{id}: {err}");
        let text = std::fs::read_to_string(&yaml).expect("imported");
        let back = content::load(&[(yaml.display().to_string(), text)]);
        assert!(back.diagnostics.is_empty(), "{:?}", back.diagnostics);
        let back = &back.quizzes[0].quiz;
        assert_eq!(back.id.value, *id);
        assert_eq!(back.title, f.quiz.title);
        let limits = lrtutor::sandbox::Limits::default();
        let want: Vec<Carried> = f
            .quiz
            .questions
            .iter()
            .filter(|q| q.kind.value != Kind::Exercise)
            .map(|q| {
                // A question with params is exported as its first variant.
                let v = variant::nth(q, 0);
                let r = variant::render(q, v.as_ref(), &mut |s| {
                    Some(lrtutor::sandbox::run(s, &limits))
                })
                .expect("render");
                carried(&r)
            })
            .collect();
        let got: Vec<Carried> = back.questions.iter().map(carried).collect();
        assert_eq!(got, want, "{id}");
        compared += got.len();
        // The `verify` rules come back too, so `check` proves the imported keys again.
        let rules = |qs: &mut dyn Iterator<Item = &Question>| -> Vec<String> {
            qs.map(|q| {
                let v = q.verify.as_ref().map(|v| &v.value);
                format!(
                    "{:?} {:?} {:?} {:?}",
                    v.and_then(|v| v.output_line),
                    v.and_then(|v| v.after.clone()),
                    v.and_then(|v| v.raises.as_ref().map(|r| r.value.clone())),
                    q.tolerance.as_ref().map(|t| t.value)
                )
            })
            .collect()
        };
        let mut originals = f
            .quiz
            .questions
            .iter()
            .filter(|q| q.kind.value != Kind::Exercise);
        assert_eq!(
            rules(&mut back.questions.iter()),
            rules(&mut originals),
            "{id}"
        );
        with_rule += back.questions.iter().filter(|q| q.verify.is_some()).count();
    }
    assert!(compared >= 90, "{compared}");
    let (code, out, _) = lrtutor(&["check", quizzes_dir.to_str().expect("path")], "", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!("; {with_rule} verified on the engine; 0 errors")),
        "{out}"
    );
}

#[test]
fn gift_import_of_a_hand_written_file() {
    let dir = scratch("hand");
    let yaml = dir.join("07-hand-written.yaml");
    let (code, _, err) = lrtutor(
        &[
            "import",
            "--gift",
            "tests/fixtures/classroom/handwritten.gift",
            "-o",
            yaml.to_str().expect("path"),
        ],
        "",
        &[],
    );
    // Some questions could not be imported: exit 1, each named with its line.
    assert_eq!(code, 1, "{err}");
    let lines = [
        (23, "gives 50% partial credit"),
        (30, "GIFT essay question"),
        (32, "GIFT short answer question"),
        (34, "GIFT numerical question"),
        (36, "GIFT matching question"),
        (41, "GIFT missing word question"),
    ];
    for (line, what) in lines {
        let at = format!("handwritten.gift:{line}: ");
        assert!(
            err.lines().any(|l| l.contains(&at) && l.contains(what)),
            "{line} {what}: {err}"
        );
    }
    let text = std::fs::read_to_string(&yaml).expect("written");
    let course = content::load(&[(yaml.display().to_string(), text)]);
    assert!(course.diagnostics.is_empty(), "{:?}", course.diagnostics);
    let quiz = &course.quizzes[0].quiz;
    assert_eq!(
        (quiz.id.value.as_str(), quiz.title.as_str()),
        ("hand-written", "Hand written")
    );
    let got: Vec<Carried> = quiz.questions.iter().map(carried).collect();
    let o = |t: &str, c: bool, why: Option<&str>| (t.to_string(), c, why.map(str::to_string), None);
    let want: Vec<Carried> = vec![
        (
            "escapes-all-six".into(),
            false,
            "What does {lr} = 0.1 # with gamma~0.5 print: the rate?".into(),
            None,
            vec![
                o("0.05 = half", true, Some("Right: 0.1 ~ 0.5 is 0.05.")),
                o("0.1 {unchanged}", false, Some("No # the rate changed.")),
            ],
            vec![],
            None,
        ),
        (
            "multi-line-question".into(),
            true,
            "Which schedulers\ndecay the learning rate?".into(),
            None,
            vec![
                o("StepLR", true, Some("It decays.")),
                o("ExponentialLR", true, None),
                o("A warm-up with LinearLR", false, Some("It rises.")),
            ],
            vec![("Feedback".into(), "Decay means the rate goes down.".into())],
            None,
        ),
        (
            "partial-credit".into(),
            false,
            "Pick the best factor for halving.".into(),
            None,
            vec![
                o("0.5", true, None),
                o("0.25", false, Some("Close, but a quarter.")),
                o("2.0", false, Some("That doubles.")),
            ],
            vec![],
            None,
        ),
        (
            "is-exponentiallr-s-gamma-applied-every".into(),
            false,
            "Is ExponentialLR's gamma applied every step?".into(),
            None,
            vec![
                o("True", true, None),
                o("False", false, Some("It is applied at every step().")),
            ],
            vec![],
            None,
        ),
    ];
    assert_eq!(got, want);
    let (code, out, _) = lrtutor(&["check", yaml.to_str().expect("path")], "", &[]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn moodle_xml_export_holds_every_choice_question_escaped() {
    let quiz = super::bundled_quiz("steplr");
    let (code, xml, err) = lrtutor(
        &["export", "--gift", "steplr", "--format", "moodle-xml"],
        "",
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("not exported: exercise 'build-the-schedule'"),
        "{err}"
    );
    let choices: Vec<&Question> = quiz
        .questions
        .iter()
        .filter(|q| q.kind.value != Kind::Exercise)
        .collect();
    assert_eq!(
        xml.matches("<question type=\"multichoice\">").count(),
        choices.len()
    );
    for q in &choices {
        assert!(
            xml.contains(&format!("<name><text>{}</text></name>", q.id.value)),
            "{}",
            q.id.value
        );
        let right = q.options.iter().filter(|o| o.correct).count();
        let block = xml
            .split(&format!("<name><text>{}</text></name>", q.id.value))
            .nth(1)
            .expect("question");
        let block = block.split("</question>").next().expect("end");
        assert_eq!(
            block.matches("<answer fraction=\"100\"").count(),
            right,
            "{}",
            q.id.value
        );
        assert_eq!(
            block.matches("<answer ").count(),
            q.options.len(),
            "{}",
            q.id.value
        );
    }
    // Text is escaped: the code's `<`/`>`/`&` never appear raw inside <text>.
    for text in xml.split("<text>").skip(1) {
        let inner = text.split("</text>").next().expect("text");
        assert!(!inner.contains('<') && !inner.contains('>'), "{inner}");
    }
}
