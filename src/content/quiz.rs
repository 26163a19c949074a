//! The quiz and exercise format (YAML), as serde structs. Fields the checker reports on carry
//! their source location (`Spanned`), so every problem points at `path:line:col`.

use crate::yaml::Spanned;
use crate::yaml::schema::{Field, Need, Shape, Ty};
use serde::Deserialize;

/// A quiz file: `quizzes/NN-slug.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// Version of this format; 1 today.
    pub format: Spanned<u32>,
    /// Unique in the course; progress is keyed by quiz id + question id.
    pub id: Spanned<String>,
    pub title: String,
    /// The lesson this quiz belongs to.
    #[serde(default)]
    pub lesson: Option<Spanned<String>>,
    /// Shuffle option order per learner (default true).
    #[serde(default)]
    pub shuffle: Option<bool>,
    pub questions: Vec<Question>,
}

/// The kinds of question.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Exactly one correct option.
    Choice,
    /// At least one correct option.
    Multi,
    /// Write code whose learning-rate trajectory matches a reference solution.
    Exercise,
}

/// One question.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique in the quiz.
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<Kind>,
    /// The question, in Markdown.
    pub prompt: String,
    /// Python shown with the prompt (and run by `verify`).
    #[serde(default)]
    pub code: Option<Spanned<String>>,
    /// How to check the keyed answer by running `code`.
    #[serde(default)]
    pub verify: Option<Spanned<Verify>>,
    /// With `verify`: compare numbers with this relative tolerance instead of exactly.
    #[serde(default)]
    pub tolerance: Option<Spanned<f64>>,
    #[serde(default)]
    pub options: Vec<Choice>,
    /// Worked steps shown after answering.
    #[serde(default)]
    pub solution: Vec<Step>,
    /// One sentence that checks the idea.
    #[serde(default)]
    pub quick_check: Option<String>,
    /// Common mistakes for this question: catalog ids or short text.
    #[serde(default)]
    pub mistakes: Vec<Spanned<String>>,
    /// Exercise: code the learner starts from.
    #[serde(default)]
    pub starter: Option<String>,
    /// Exercise: the reference solution.
    #[serde(default)]
    pub reference: Option<Spanned<String>>,
    /// Exercise: what to compare.
    #[serde(default)]
    pub compare: Option<Compare>,
    #[serde(default)]
    pub hints: Vec<String>,
    /// Per-student variants: named lists of values, used as `{{name}}` (see `variant`).
    #[serde(default)]
    pub params: Option<Spanned<serde_json::Map<String, serde_json::Value>>>,
}

/// How a keyed answer is checked against the engine.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Verify {
    /// Printed line holding the answer (1-based; negative counts from the end).
    #[serde(default)]
    pub output_line: Option<i64>,
    /// The answer is the text after this marker on that line.
    #[serde(default)]
    pub after: Option<String>,
    /// The code must raise this exception type (the keyed answer names it).
    #[serde(default)]
    pub raises: Option<Spanned<String>>,
}

/// One option of a choice/multi question.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: Spanned<String>,
    #[serde(default)]
    pub correct: bool,
    /// Shown when this option is picked.
    #[serde(default)]
    pub why: Option<String>,
    /// The catalog mistake this option represents.
    #[serde(default)]
    pub mistake: Option<Spanned<String>>,
    /// A computed distractor: `{{value}}` in `text` is this arithmetic over the params.
    #[serde(default)]
    pub value_of: Option<Spanned<String>>,
    /// A computed distractor: `{{value}}` is the answer of `code` with one substitution.
    #[serde(default)]
    pub code_variant: Option<Spanned<CodeVariant>>,
}

/// The question's code with `replace` changed to `with` (once, after the params are filled in).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeVariant {
    pub replace: String,
    pub with: String,
}

/// One worked step of a solution.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    pub text: String,
}

/// What an exercise compares.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    /// Scheduler steps (epochs) compared.
    pub steps: usize,
}

/// The words `type:` takes.
pub const KINDS: &[&str] = &["choice", "multi", "exercise"];

const fn field(key: &'static str, ty: Ty, need: Need) -> Field {
    Field { key, ty, need }
}

/// The quiz format as a schema, checked before the structs above load so that every problem of
/// a file is reported in one run. Keep it in step with the structs and `quiz.schema.json`.
pub static SCHEMA: Ty = Ty::Map(&QUIZ);

static QUIZ: Shape = Shape {
    name: "the quiz",
    fields: &[
        field("format", Ty::Int, Need::Required),
        field("id", Ty::Text, Need::Required),
        field("title", Ty::Text, Need::Required),
        field("lesson", Ty::Text, Need::Optional),
        field("shuffle", Ty::Bool, Need::Optional),
        field("questions", Ty::List(&Ty::Map(&QUESTION)), Need::Required),
    ],
};

static QUESTION: Shape = Shape {
    name: "a question",
    fields: &[
        field("id", Ty::Text, Need::Required),
        field("type", Ty::Word(KINDS), Need::Required),
        field("prompt", Ty::Text, Need::Required),
        field("code", Ty::Text, Need::Optional),
        field("verify", Ty::Map(&VERIFY), Need::Optional),
        field("tolerance", Ty::Num, Need::Optional),
        field("options", Ty::List(&Ty::Map(&OPTION)), Need::Defaulted),
        field("solution", Ty::List(&Ty::Map(&STEP)), Need::Defaulted),
        field("quick_check", Ty::Text, Need::Optional),
        field("mistakes", Ty::List(&Ty::Text), Need::Defaulted),
        field("starter", Ty::Text, Need::Optional),
        field("reference", Ty::Text, Need::Optional),
        field("compare", Ty::Map(&COMPARE), Need::Optional),
        field("hints", Ty::List(&Ty::Text), Need::Defaulted),
        field("params", Ty::Any, Need::Optional),
    ],
};

static VERIFY: Shape = Shape {
    name: "`verify`",
    fields: &[
        field("output_line", Ty::Int, Need::Optional),
        field("after", Ty::Text, Need::Optional),
        field("raises", Ty::Text, Need::Optional),
    ],
};

static OPTION: Shape = Shape {
    name: "an option",
    fields: &[
        field("text", Ty::Text, Need::Required),
        field("correct", Ty::Bool, Need::Defaulted),
        field("why", Ty::Text, Need::Optional),
        field("mistake", Ty::Text, Need::Optional),
        field("value_of", Ty::Text, Need::Optional),
        field("code_variant", Ty::Map(&CODE_VARIANT), Need::Optional),
    ],
};

static CODE_VARIANT: Shape = Shape {
    name: "`code_variant`",
    fields: &[
        field("replace", Ty::Text, Need::Required),
        field("with", Ty::Text, Need::Required),
    ],
};

static STEP: Shape = Shape {
    name: "a solution step",
    fields: &[
        field("title", Ty::Text, Need::Required),
        field("text", Ty::Text, Need::Required),
    ],
};

static COMPARE: Shape = Shape {
    name: "`compare`",
    fields: &[field("steps", Ty::Int, Need::Required)],
};
