//! Colours and text styles of the app, by role (heading, keyword, wrong answer, ...), so views
//! never name a colour. Three themes: dark (the default), light, and plain — no colour at all,
//! only bold/italic/underline/reverse — which `NO_COLOR` selects (<https://no-color.org>).

use ratatui::style::{Color, Modifier, Style};

/// Which palette a [`Theme`] was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Dark,
    Light,
    /// No colour (`NO_COLOR`, `--theme plain`): emphasis by modifiers only.
    Plain,
}

/// The environment variable that picks a theme when `--theme` is not given.
pub const ENV: &str = "LRTUTOR_THEME";

/// Named styles; every view draws with these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub kind: Kind,
    /// Ordinary text.
    pub text: Style,
    /// Secondary text: hints, counts, footers.
    pub dim: Style,
    /// Screen and pane titles.
    pub title: Style,
    /// Markdown headings: level 1, level 2, deeper.
    pub h1: Style,
    pub h2: Style,
    pub h3: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub strike: Style,
    /// Inline `code` in prose.
    pub code_inline: Style,
    /// Lines of fenced code blocks (background of the block).
    pub code_block: Style,
    pub link: Style,
    pub quote: Style,
    pub rule: Style,
    // Python tokens.
    pub keyword: Style,
    pub string: Style,
    pub number: Style,
    pub comment: Style,
    pub function: Style,
    pub operator: Style,
    /// A name that is a builtin constant or type (`True`, `None`, ...): keywords in Python 3,
    /// coloured apart so `None` stands out from `def`.
    pub constant: Style,
    /// The selected row of a list, the option under the cursor.
    pub selected: Style,
    pub correct: Style,
    pub wrong: Style,
    pub warning: Style,
    pub error: Style,
    pub border: Style,
    /// The border of the pane that has the focus (`Tab` moves it).
    pub border_focus: Style,
    /// A search match, and the current one.
    pub matched: Style,
    pub matched_current: Style,
    /// Key names in the footer and the help.
    pub key: Style,
}

impl Theme {
    /// The theme of `kind`.
    pub fn new(kind: Kind) -> Theme {
        match kind {
            Kind::Dark => dark(),
            Kind::Light => light(),
            Kind::Plain => plain(),
        }
    }

    /// Picks the theme from `--theme` (`flag`), then `NO_COLOR` (set and not empty), then
    /// `LRTUTOR_THEME` (`env`), else dark. An explicit flag wins over `NO_COLOR`, as that
    /// convention allows. An unknown name is an error naming the choices.
    pub fn choose(
        flag: Option<&str>,
        no_color: Option<&str>,
        env: Option<&str>,
    ) -> Result<Theme, String> {
        if let Some(name) = flag {
            return parse(name)
                .map(Theme::new)
                .ok_or_else(|| unknown(name, "--theme"));
        }
        if no_color.is_some_and(|v| !v.is_empty()) {
            return Ok(Theme::new(Kind::Plain));
        }
        match env.filter(|v| !v.is_empty()) {
            Some(name) => parse(name)
                .map(Theme::new)
                .ok_or_else(|| unknown(name, ENV)),
            None => Ok(Theme::new(Kind::Dark)),
        }
    }

    /// [`Theme::choose`] with the process environment.
    pub fn from_env(flag: Option<&str>) -> Result<Theme, String> {
        let no_color = std::env::var("NO_COLOR").ok();
        let env = std::env::var(ENV).ok();
        Theme::choose(flag, no_color.as_deref(), env.as_deref())
    }

    /// The style for a Markdown heading of `level` (1 = `#`).
    pub fn heading(&self, level: u8) -> Style {
        match level {
            1 => self.h1,
            2 => self.h2,
            _ => self.h3,
        }
    }
}

/// The names `--theme` takes.
pub const NAMES: &[&str] = &["dark", "light", "plain"];

fn parse(name: &str) -> Option<Kind> {
    match name.to_ascii_lowercase().as_str() {
        "dark" => Some(Kind::Dark),
        "light" => Some(Kind::Light),
        "plain" | "none" | "no-color" | "mono" => Some(Kind::Plain),
        _ => None,
    }
}

fn unknown(name: &str, source: &str) -> String {
    format!(
        "unknown theme '{}' in {source}: use one of {}",
        super::sanitize::line(name),
        NAMES.join(", ")
    )
}

fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

const BOLD: Modifier = Modifier::BOLD;

/// Colours that read on a dark background.
fn dark() -> Theme {
    Theme {
        kind: Kind::Dark,
        text: Style::new(),
        dim: fg(Color::DarkGray),
        title: fg(Color::Cyan).add_modifier(BOLD),
        h1: fg(Color::LightCyan).add_modifier(BOLD | Modifier::UNDERLINED),
        h2: fg(Color::LightCyan).add_modifier(BOLD),
        h3: fg(Color::Cyan).add_modifier(BOLD),
        emphasis: Style::new().add_modifier(Modifier::ITALIC),
        strong: Style::new().add_modifier(BOLD),
        strike: Style::new().add_modifier(Modifier::CROSSED_OUT),
        code_inline: fg(Color::LightYellow),
        code_block: Style::new().bg(Color::Indexed(235)),
        link: fg(Color::LightBlue).add_modifier(Modifier::UNDERLINED),
        quote: fg(Color::Gray).add_modifier(Modifier::ITALIC),
        rule: fg(Color::DarkGray),
        keyword: fg(Color::LightMagenta).add_modifier(BOLD),
        string: fg(Color::LightGreen),
        number: fg(Color::LightYellow),
        comment: fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
        function: fg(Color::LightBlue),
        operator: fg(Color::Gray),
        constant: fg(Color::LightRed),
        selected: Style::new().bg(Color::Indexed(238)).add_modifier(BOLD),
        correct: fg(Color::LightGreen).add_modifier(BOLD),
        wrong: fg(Color::LightRed).add_modifier(BOLD),
        warning: fg(Color::Yellow),
        error: fg(Color::LightRed),
        border: fg(Color::DarkGray),
        border_focus: fg(Color::Cyan),
        matched: Style::new().bg(Color::Indexed(58)),
        matched_current: Style::new().bg(Color::Yellow).fg(Color::Black),
        key: fg(Color::Yellow).add_modifier(BOLD),
    }
}

/// Colours that read on a light background (darker hues, no light greys).
fn light() -> Theme {
    Theme {
        kind: Kind::Light,
        text: Style::new(),
        dim: fg(Color::Indexed(244)),
        title: fg(Color::Blue).add_modifier(BOLD),
        h1: fg(Color::Blue).add_modifier(BOLD | Modifier::UNDERLINED),
        h2: fg(Color::Blue).add_modifier(BOLD),
        h3: fg(Color::Indexed(24)).add_modifier(BOLD),
        emphasis: Style::new().add_modifier(Modifier::ITALIC),
        strong: Style::new().add_modifier(BOLD),
        strike: Style::new().add_modifier(Modifier::CROSSED_OUT),
        code_inline: fg(Color::Indexed(130)),
        code_block: Style::new().bg(Color::Indexed(255)),
        link: fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
        quote: fg(Color::Indexed(240)).add_modifier(Modifier::ITALIC),
        rule: fg(Color::Indexed(248)),
        keyword: fg(Color::Magenta).add_modifier(BOLD),
        string: fg(Color::Green),
        number: fg(Color::Indexed(130)),
        comment: fg(Color::Indexed(244)).add_modifier(Modifier::ITALIC),
        function: fg(Color::Blue),
        operator: fg(Color::Indexed(238)),
        constant: fg(Color::Red),
        selected: Style::new().bg(Color::Indexed(253)).add_modifier(BOLD),
        correct: fg(Color::Green).add_modifier(BOLD),
        wrong: fg(Color::Red).add_modifier(BOLD),
        warning: fg(Color::Indexed(130)),
        error: fg(Color::Red),
        border: fg(Color::Indexed(248)),
        border_focus: fg(Color::Blue),
        matched: Style::new().bg(Color::Indexed(229)),
        matched_current: Style::new().bg(Color::Indexed(214)).fg(Color::Black),
        key: fg(Color::Blue).add_modifier(BOLD),
    }
}

/// No colour: headings bold, selection reversed, matches underlined/reversed.
fn plain() -> Theme {
    let m = |m: Modifier| Style::new().add_modifier(m);
    Theme {
        kind: Kind::Plain,
        text: Style::new(),
        dim: Style::new(),
        title: m(BOLD),
        h1: m(BOLD | Modifier::UNDERLINED),
        h2: m(BOLD),
        h3: m(BOLD),
        emphasis: m(Modifier::ITALIC),
        strong: m(BOLD),
        strike: m(Modifier::CROSSED_OUT),
        code_inline: Style::new(),
        code_block: Style::new(),
        link: m(Modifier::UNDERLINED),
        quote: m(Modifier::ITALIC),
        rule: Style::new(),
        keyword: m(BOLD),
        string: Style::new(),
        number: Style::new(),
        comment: m(Modifier::ITALIC),
        function: Style::new(),
        operator: Style::new(),
        constant: Style::new(),
        selected: m(Modifier::REVERSED),
        correct: m(BOLD),
        wrong: m(BOLD),
        warning: Style::new(),
        error: m(BOLD),
        border: Style::new(),
        border_focus: m(BOLD),
        matched: m(Modifier::UNDERLINED),
        matched_current: m(Modifier::REVERSED),
        key: m(BOLD),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_then_no_color_then_the_variable_choose_the_theme() {
        // (flag, NO_COLOR, LRTUTOR_THEME, expected kind or None for an error)
        type Case<'a> = (
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            Option<Kind>,
        );
        let table: &[Case] = &[
            (None, None, None, Some(Kind::Dark)),
            (None, Some("1"), Some("light"), Some(Kind::Plain)),
            (None, Some(""), Some("light"), Some(Kind::Light)),
            (Some("light"), Some("1"), None, Some(Kind::Light)),
            (Some("PLAIN"), None, None, Some(Kind::Plain)),
            (None, None, Some(""), Some(Kind::Dark)),
            (Some("solarized"), None, None, None),
            (None, None, Some("neon"), None),
        ];
        for (flag, nc, env, want) in table {
            let got = Theme::choose(*flag, *nc, *env).ok().map(|t| t.kind);
            assert_eq!(got, *want, "{flag:?} {nc:?} {env:?}");
        }
        let err = Theme::choose(Some("x\u{1b}[2J"), None, None).expect_err("an unknown theme");
        assert!(
            err.contains("dark, light, plain") && !err.contains('\u{1b}'),
            "{err}"
        );
    }

    #[test]
    fn the_plain_theme_has_no_colour() {
        let t = Theme::new(Kind::Plain);
        for s in [
            t.text,
            t.dim,
            t.title,
            t.h1,
            t.keyword,
            t.string,
            t.selected,
            t.wrong,
            t.matched,
            t.code_block,
            t.border_focus,
            t.key,
        ] {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
        assert_ne!(t.selected, t.text, "the selection must still show");
    }
}
