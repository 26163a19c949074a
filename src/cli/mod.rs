//! The command line (clap): thin handlers that read files, call the core layers and print.
//! Exit codes: 0 success, 1 the program or check failed, 2 usage or input error.

/// `print!`/`println!`/`eprintln!` that ignore a closed pipe (`lrtutor run x.py | head`) instead
/// of panicking.
macro_rules! out {
    ($($t:tt)*) => {{ use std::io::Write as _; let _ = write!(std::io::stdout(), $($t)*); }};
}
macro_rules! outln {
    ($($t:tt)*) => {{ use std::io::Write as _; let _ = writeln!(std::io::stdout(), $($t)*); }};
}
macro_rules! errln {
    ($($t:tt)*) => {{ use std::io::Write as _; let _ = writeln!(std::io::stderr(), $($t)*); }};
}

mod against;
mod app;
mod check;
mod class;
mod clock;
mod exam;
mod files;
mod gift;
mod json;
mod play;
mod plot;
mod progress;
mod quiz;
mod review;
mod run;
mod simulate;
mod watch;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// lrtutor — learn PyTorch's learning-rate schedulers, with a bit-exact embedded engine.
#[derive(Parser, Debug)]
#[command(name = "lrtutor", version, about, long_about = None)]
struct Cli {
    /// Use the course in DIR (with lessons/ and quizzes/) instead of the bundled one (for the
    /// app, `check` and `quiz`; the commands that read no course do not offer it).
    #[arg(long, value_name = "DIR")]
    course: Option<PathBuf>,
    /// Colours of the app: dark, light or plain (default: plain when NO_COLOR is set, else
    /// LRTUTOR_THEME, else dark).
    #[arg(long, value_name = "NAME")]
    theme: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Output formats of `check`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint lessons, quizzes and exercises and verify their answers on the engine.
    Check {
        /// Course folders or files (default: the bundled course, or --course).
        paths: Vec<PathBuf>,
        /// `text` (path:line:col: error: message) or `json`.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Check the course in DIR (with lessons/ and quizzes/) when no PATH is given.
        #[arg(long, value_name = "DIR")]
        course: Option<PathBuf>,
    },
    /// Run a Python snippet on the embedded engine and print what Python + PyTorch would.
    Run {
        /// The snippet (`-` for standard input).
        file: PathBuf,
        /// Print one JSON object: {"stdout", "error", "warnings", "mistakes", "trace", "notes"}.
        /// With --against: {"verdict" ("pass" or "fail"), "epochs", "classes" ([{"id",
        /// "description", "detail", "mistake"}]), "first_difference" (null or {"kind",
        /// "after_epochs", "epoch", "step", "group", "yours", "target"}), "yours", "target"
        /// (each {"epochs": the rates before training and after each epoch, "used": the rates
        /// each optimizer.step() trained with, "used_epoch"}), "warnings", "error"}.
        #[arg(long)]
        json: bool,
        /// Evaluation steps before the run is stopped (default 20,000,000).
        #[arg(long, value_name = "N")]
        max_steps: Option<u64>,
        /// Memory the snippet may hold, in MiB, before it gets a MemoryError (default 256).
        #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=65536))]
        max_memory: Option<u64>,
        /// Grade the file as an exercise attempt against a reference solution: the rate each
        /// optimizer.step() trained with and the rate after each epoch must match. Exit 0 match,
        /// 1 differ, 2 usage error.
        #[arg(long, value_name = "REFERENCE.py")]
        against: Option<PathBuf>,
        /// Epochs compared with --against (default: all the reference records; more is an error).
        #[arg(long, value_name = "N", requires = "against")]
        steps: Option<usize>,
    },
    /// Take a quiz of the course (line by line with --plain; answers from standard input).
    Quiz {
        /// The quiz id (`lrtutor quiz x --plain` lists them).
        id: String,
        /// Plain line mode: no full-screen interface (screen readers, scripts, exams).
        #[arg(long)]
        plain: bool,
        /// Fixes the option order (the same seed gives the same order).
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Take the quiz from the course in DIR (with lessons/ and quizzes/).
        #[arg(long, value_name = "DIR")]
        course: Option<PathBuf>,
        /// Exam: the student's name, recorded in the results.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Exam: write the attempt as JSON to FILE (also a partial one when input ends).
        #[arg(long, value_name = "FILE")]
        results: Option<PathBuf>,
        /// Exam conditions: no right/wrong or explanations, only "Recorded.".
        #[arg(long)]
        no_feedback: bool,
        /// Exam: ask a random subset of N questions (fixed by --seed).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        questions: Option<u64>,
        /// Exam: stop taking answers after MIN minutes.
        #[arg(long, value_name = "MIN")]
        time_limit: Option<f64>,
    },
    /// Classroom commands: `class report RESULTS...` aggregates exam results files.
    Class {
        #[command(subcommand)]
        command: ClassCommand,
    },
    /// Export a quiz of the course for Moodle (GIFT, or Moodle XML with --format moodle-xml).
    Export {
        /// The quiz id to export as GIFT.
        #[arg(long, value_name = "QUIZ_ID")]
        gift: String,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// `gift` or `moodle-xml`.
        #[arg(long, value_enum, default_value = "gift")]
        format: gift::ExportFormat,
        /// Export from the course in DIR (with lessons/ and quizzes/).
        #[arg(long, value_name = "DIR")]
        course: Option<PathBuf>,
    },
    /// Import Moodle GIFT questions as a quiz file (`check` then verifies it).
    Import {
        /// The GIFT file.
        #[arg(long, value_name = "FILE")]
        gift: PathBuf,
        /// The quiz file to write (quizzes/NAME.yaml); its name gives the quiz id.
        #[arg(short = 'o', long = "output", value_name = "QUIZ.yaml")]
        output: PathBuf,
    },
    /// Your progress per lesson (read, quiz score, exercises solved, reviews due); saved in
    /// LRTUTOR_HOME or the platform's data directory.
    Progress {
        /// `text` (per lesson), or every lesson, question and exercise as `json` or `csv`.
        #[arg(long, value_enum, default_value = "text")]
        format: progress::Format,
        /// Forget all progress, or that of one lesson, quiz, `quiz/question` or exercise id.
        #[arg(long, value_name = "ID", num_args = 0..=1)]
        reset: Option<Option<String>>,
        /// Reset without asking (needed when standard input is not a terminal).
        #[arg(long, requires = "reset")]
        yes: bool,
        /// Summarise against the course in DIR (with lessons/ and quizzes/).
        #[arg(long, value_name = "DIR")]
        course: Option<PathBuf>,
    },
    /// Review the questions due for spaced repetition, from every quiz, shuffled (in the app on a terminal)
    Review {
        /// Plain line mode (answers from standard input), as `quiz --plain`; also when not on a terminal.
        #[arg(long)]
        plain: bool,
        /// Fixes the question and option order.
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Review with the course in DIR (with lessons/ and quizzes/).
        #[arg(long, value_name = "DIR")]
        course: Option<PathBuf>,
    },
    /// Open the app on one lesson or quiz.
    Open {
        /// The lesson or quiz id.
        id: String,
    },
    /// Open the app's playground: edit, run (F5 / Ctrl-R), output, mistakes, lr chart.
    Play {
        /// A snippet to open (Ctrl-S writes it back; created on save if missing).
        file: Option<PathBuf>,
    },
    /// Re-run a snippet on every save and show its output, mistakes and LR chart (full screen
    /// on a terminal; in a pipe, or with --plain, each run's report after a rule).
    Watch {
        /// The snippet to watch.
        file: PathBuf,
        /// Grade each run against a reference solution (verdict and both curves).
        #[arg(long, value_name = "REFERENCE.py")]
        against: Option<PathBuf>,
        /// Line mode even on a terminal: each run's report printed after a rule.
        #[arg(long)]
        plain: bool,
    },
    /// Run scheduler scenarios (JSON or YAML; one scenario or {"scenarios": [...]}).
    Simulate {
        /// Scenario file, or `-` for standard input.
        file: PathBuf,
        /// Print machine-readable results: {"id","lr","momentum","error","warnings"} per scenario.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ClassCommand {
    /// Aggregate results files (or folders of them): per student, per question, mistakes.
    Report {
        /// Results files written by `quiz --results`, or folders holding them.
        #[arg(required = true)]
        results: Vec<PathBuf>,
        /// `text` (tables), `csv` or `json`.
        #[arg(long, value_enum, default_value = "text")]
        format: class::ReportFormat,
        /// The table `--format csv` prints.
        #[arg(long, value_enum, default_value = "questions")]
        table: class::CsvTable,
    },
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    // `lrtutor --course DIR check` keeps working; a course given to a command that reads none
    // is refused rather than silently ignored.
    let top_course = cli.course;
    if let (
        Some(dir),
        Some(
            Command::Run { .. }
            | Command::Simulate { .. }
            | Command::Class { .. }
            | Command::Import { .. }
            | Command::Watch { .. },
        ),
    ) = (&top_course, &cli.command)
    {
        let name = match cli.command {
            Some(Command::Run { .. }) => "run",
            Some(Command::Class { .. }) => "class",
            Some(Command::Import { .. }) => "import",
            Some(Command::Watch { .. }) => "watch",
            _ => "simulate",
        };
        errln!(
            "lrtutor: --course {} does nothing for `{name}`, which reads no course; leave it out (it applies to `check`, `quiz`, `export` and the app)",
            dir.display()
        );
        return 2;
    }
    match cli.command {
        None => app::run(top_course.as_deref(), cli.theme, None),
        Some(Command::Open { id }) => app::run(top_course.as_deref(), cli.theme, Some(id)),
        Some(Command::Play { file }) => play::run(top_course.as_deref(), cli.theme, file),
        Some(Command::Simulate { file, json }) => simulate::run(&file, json),
        Some(Command::Class {
            command:
                ClassCommand::Report {
                    results,
                    format,
                    table,
                },
        }) => class::report(&results, format, table),
        Some(Command::Export {
            gift,
            output,
            format,
            course,
        }) => gift::export(
            &gift,
            course.or(top_course).as_deref(),
            output.as_deref(),
            format,
        ),
        Some(Command::Import { gift, output }) => gift::import(&gift, &output),
        Some(Command::Watch {
            file,
            against,
            plain,
        }) => watch::run(file, against, plain, cli.theme),
        Some(Command::Quiz {
            id,
            plain,
            seed,
            course,
            name,
            results,
            no_feedback,
            questions,
            time_limit,
        }) => {
            if time_limit.is_some_and(|m| !(m > 0.0 && m.is_finite())) {
                errln!("lrtutor quiz: --time-limit takes a positive number of minutes");
                return 2;
            }
            let exam = exam::ExamOptions {
                name,
                results,
                no_feedback,
                questions: questions.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
                time_limit,
            };
            let course = course.or(top_course);
            // Without --plain on a terminal, the quiz opens in the app (an exam stays in line mode).
            if !plain && !exam.active() && app::interactive() {
                return app::run(course.as_deref(), None, Some(id));
            }
            quiz::run(&id, course.as_deref(), plain, seed, &exam)
        }
        Some(Command::Progress {
            format,
            reset,
            yes,
            course,
        }) => progress::run(course.or(top_course).as_deref(), format, reset, yes),
        Some(Command::Review {
            plain,
            seed,
            course,
        }) => review::run(course.or(top_course).as_deref(), plain, seed),
        Some(Command::Check {
            paths,
            format,
            course,
        }) => check::run(
            &paths,
            course.or(top_course).as_deref(),
            format == Format::Json,
        ),
        Some(Command::Run {
            file,
            json,
            max_steps,
            max_memory,
            against,
            steps,
        }) => run::run(
            &file,
            &run::RunOptions {
                json,
                max_steps,
                max_memory,
                against,
                steps,
            },
        ),
    }
}

/// "1 lesson", "2 lessons": a count with the noun in the right number.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn overview() -> String {
    let mut s = String::new();
    s.push_str("lrtutor — learn PyTorch's learning-rate schedulers in your terminal\n\n");
    s.push_str(
        "The embedded engine reproduces torch.optim.lr_scheduler (PyTorch 2.15) bit for bit:\n",
    );
    s.push_str("all 15 schedulers, their errors and their warnings, with no Python needed.\n\n");
    s.push_str("Commands:\n");
    for (cmd, what) in [
        (
            "lrtutor run FILE.py [--json]",
            "run a scheduler snippet: Python's exact output, then its mistakes explained",
        ),
        (
            "lrtutor run FILE.py --against REF.py",
            "check an exercise against a reference solution",
        ),
        (
            "lrtutor watch FILE.py",
            "re-run a snippet on every save: output, mistakes, LR chart (--against REF.py grades it)",
        ),
        (
            "lrtutor simulate FILE [--json]",
            "run scheduler scenarios (JSON or YAML) and plot them",
        ),
        (
            "lrtutor quiz steplr --plain",
            "take a quiz line by line: answers, feedback, worked solutions",
        ),
        (
            "lrtutor review --plain",
            "the questions due for spaced review, from every quiz",
        ),
        (
            "lrtutor progress [--format csv]",
            "what you read, answered and solved; reviews due",
        ),
        (
            "lrtutor check [PATH...]",
            "lint and verify lessons and quizzes (default: the bundled course)",
        ),
        (
            "lrtutor quiz ID --plain --results F",
            "an exam: --name, --no-feedback, --questions N, --time-limit MIN",
        ),
        (
            "lrtutor class report RESULTS...",
            "a class's results: per student, per question, mistakes",
        ),
        (
            "lrtutor export --gift QUIZ_ID",
            "a quiz for Moodle (GIFT; `import --gift` reads GIFT back)",
        ),
        ("lrtutor --help", "all commands and options"),
    ] {
        s.push_str(&format!("  {cmd:<38} {what}\n"));
    }
    s.push_str("\nTry: lrtutor simulate assets/examples/steplr.yaml\n");
    s.push_str(
        "     lrtutor run tests/fixtures/snippets/reference/seed_steplr_milestones_error.py\n",
    );
    s
}
