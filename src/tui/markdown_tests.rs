//! The Markdown renderer, element by element, and its width promise on the bundled course.

use super::*;
use crate::tui::theme::Kind;

fn doc(md: &str, width: u16) -> Doc {
    render(md, width, &Theme::new(Kind::Dark), Blocks::default())
}

fn texts(d: &Doc) -> Vec<String> {
    d.lines
        .iter()
        .map(|l| line_text(l).trim_end().to_string())
        .collect()
}

/// The style of the first span of `d` whose text contains `needle`.
fn style_of(d: &Doc, needle: &str) -> Option<Style> {
    d.lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .find(|s| s.content.contains(needle))
        .map(|s| s.style)
}

#[test]
fn block_elements_render_as_expected_lines() {
    // (markdown, width, expected lines)
    let table: &[(&str, u16, &[&str])] = &[
        ("# Title\n\nSome text.", 40, &["Title", "", "Some text."]),
        (
            "- a\n  - b\n    1. c\n    2. d\n- e",
            40,
            &["• a", "  ◦ b", "    1. c", "    2. d", "• e"],
        ),
        ("3. x\n4. y", 40, &["3. x", "4. y"]),
        (
            "- a long item that wraps here",
            20,
            &["• a long item that", "  wraps here"],
        ),
        ("> quoted\n> text", 40, &["│ quoted text"]),
        ("> a\n>\n> b", 40, &["│ a", "│", "│ b"]),
        (
            "before\n\n---\n\nafter",
            20,
            &["before", "", "────────────────────", "", "after"],
        ),
        (
            "[the docs](https://pytorch.org)",
            60,
            &["the docs <https://pytorch.org>"],
        ),
        ("<https://pytorch.org>", 60, &["https://pytorch.org"]),
        ("line one  \nline two", 40, &["line one", "line two"]),
        ("![a plot](p.png)", 40, &["[image: a plot] <p.png>"]),
    ];
    for (md, w, want) in table {
        assert_eq!(texts(&doc(md, *w)), *want, "{md:?}");
    }
}

#[test]
fn inline_styles_follow_the_theme() {
    let t = Theme::new(Kind::Dark);
    let d = doc("*em* **strong** ~~gone~~ `code` [link](u)", 80);
    let table: &[(&str, Style)] = &[
        ("em", t.text.patch(t.emphasis)),
        ("strong", t.text.patch(t.strong)),
        ("gone", t.text.patch(t.strike)),
        ("code", t.text.patch(t.code_inline)),
        ("link", t.text.patch(t.link)),
    ];
    for (word, style) in table {
        assert_eq!(style_of(&d, word), Some(*style), "{word}");
    }
    let h = doc("## Sub", 80);
    assert_eq!(style_of(&h, "Sub"), Some(t.text.patch(t.h2)));
}

#[test]
fn tables_fit_the_width_and_wrap_their_cells() {
    let md = "| scheduler | what it does |\n|---|---|\n| StepLR | multiplies the rate by gamma every step_size epochs |\n| OneCycleLR | one cycle |\n";
    let wide = texts(&doc(md, 80));
    // Natural widths: the longest cell of each column (10 and 51 columns), one space of padding.
    let long = "multiplies the rate by gamma every step_size epochs";
    let row = |a: &str, b: &str| format!("│ {a:<10} │ {b:<51} │");
    let rule = |l: &str, m: &str, r: &str| format!("{l}{}{m}{}{r}", "─".repeat(12), "─".repeat(53));
    assert_eq!(long.len(), 51);
    assert_eq!(
        wide,
        [
            rule("┌", "┬", "┐"),
            row("scheduler", "what it does"),
            rule("├", "┼", "┤"),
            row("StepLR", long),
            row("OneCycleLR", "one cycle"),
            rule("└", "┴", "┘"),
        ]
        .map(|l| l.trim_end().to_string())
    );
    let narrow = doc(md, 40);
    let lines = texts(&narrow);
    assert!(lines.iter().all(|l| wrap::width(l) <= 40), "{lines:#?}");
    assert!(
        lines.iter().any(|l| l.contains("multiplies the")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.contains("epochs")), "{lines:#?}");
    // Every row has the same width: the borders line up.
    let widths: Vec<usize> = lines.iter().map(|l| wrap::width(l)).collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "{lines:#?}");
}

#[test]
fn headings_and_python_blocks_are_located() {
    let md = "# One\n\ntext\n\n```python\nprint(1)\n```\n\n## Two\n\n```python norun\nx = 1\n```\n\n```text\nplain\n```\n";
    let outputs = [Some(Output::Done(vec![(Part::Stdout, "1".into())])), None];
    let blocks = Blocks {
        runnable: &[true, false],
        outputs: &outputs,
    };
    let d = render(md, 60, &Theme::new(Kind::Dark), blocks);
    let lines = texts(&d);
    let at = |s: &str| lines.iter().position(|l| l == s).expect(s);
    assert_eq!(
        d.headings
            .iter()
            .map(|h| (h.line, h.level, h.text.as_str()))
            .collect::<Vec<_>>(),
        [(at("One"), 1, "One"), (at("Two"), 2, "Two")]
    );
    assert_eq!(d.blocks.len(), 2);
    assert_eq!(d.blocks[0].first, at("python · r runs it"));
    assert_eq!(d.blocks[0].last, at("  1"));
    assert!(d.blocks[0].runnable && !d.blocks[1].runnable);
    assert_eq!(lines[d.blocks[0].last - 1], "↳ output");
    assert_eq!(lines[d.blocks[1].first], "python · shown only");
    assert!(lines.contains(&"  plain".to_string()));
}

#[test]
fn a_long_code_line_continues_indented_and_keeps_its_background() {
    let t = Theme::new(Kind::Dark);
    let code = format!(
        "```python\nx = [{}]\n```\n",
        (0..30)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let d = doc(&code, 40);
    let lines = texts(&d);
    assert!(lines.len() > 3, "{lines:#?}");
    assert!(lines[1].starts_with("  x = [0, 1,"), "{lines:#?}");
    assert!(lines[2].starts_with("    "), "{lines:#?}");
    for l in &d.lines[1..] {
        assert_eq!(wrap::width(&line_text(l)), 40, "{:?}", line_text(l));
        assert!(l.spans.iter().all(|s| s.style.bg == t.code_block.bg));
    }
}

#[test]
fn no_line_of_the_bundled_course_is_wider_than_the_screen() {
    let course = crate::content::bundled();
    assert!(!course.lessons.is_empty());
    for lesson in &course.lessons {
        for width in [20u16, 37, 80, 157, 200] {
            let d = doc(&lesson.body, width);
            for l in &d.lines {
                let text = line_text(l);
                assert!(
                    wrap::width(&text) <= usize::from(width),
                    "{} at {width}: {text:?}",
                    lesson.path
                );
                assert!(sanitize::is_clean(&text), "{text:?}");
            }
            assert!(!d.headings.is_empty(), "{}", lesson.path);
        }
    }
}

#[test]
fn search_is_case_insensitive_and_finds_every_match() {
    let d = doc("StepLR steps.\n\nstep again, STEP", 80);
    let got = find(&d, "step");
    assert_eq!(got, [(0, 0, 4), (0, 7, 11), (2, 0, 4), (2, 12, 16)]);
    assert!(find(&d, "").is_empty());
    assert!(find(&d, "nowhere").is_empty());
}
