//! Code generation's checks on `match` patterns: a name bound twice, alternatives that
//! bind different names, repeated mapping keys or class-pattern attributes, several
//! starred names, and an irrefutable pattern that makes later cases unreachable.

#[allow(unused_imports)]
use super::*;

impl Compiler<'_> {
    /// Collects the names a pattern binds, in order, failing on a name bound twice, on
    /// alternatives that bind different names and on repeated keys or attributes.
    pub(super) fn pattern_names(
        &mut self,
        p: &ast::Pattern,
        names: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        let d = depth + 1;
        let bind = |c: &mut Self, name: &str, node: &ast::Pattern, names: &mut Vec<String>| {
            if names.iter().any(|n| n == name) {
                c.fail(
                    format!("multiple assignments to name '{name}' in pattern"),
                    node,
                );
            } else {
                names.push(name.to_string());
            }
        };
        match p {
            ast::Pattern::MatchAs(a) => {
                if let Some(inner) = &a.pattern {
                    self.pattern_names(inner, names, d);
                }
                if let Some(n) = &a.name {
                    bind(self, n.as_str(), p, names);
                }
            }
            ast::Pattern::MatchStar(st) => {
                if let Some(n) = &st.name {
                    bind(self, n.as_str(), p, names);
                }
            }
            ast::Pattern::MatchSequence(sq) => {
                for sub in &sq.patterns {
                    self.pattern_names(sub, names, d);
                }
            }
            ast::Pattern::MatchMapping(mm) => {
                let mut keys: Vec<String> = Vec::new();
                for key in &mm.keys {
                    let shown = match key {
                        Expr::StringLiteral(sl) => Some(py_str_repr(sl.value.to_str())),
                        Expr::NumberLiteral(ast::ExprNumberLiteral {
                            value: ast::Number::Int(i),
                            ..
                        }) => Some(i.to_string()),
                        Expr::NoneLiteral(_) => Some("None".to_string()),
                        Expr::BooleanLiteral(b) => {
                            Some(if b.value { "True" } else { "False" }.to_string())
                        }
                        _ => None,
                    };
                    if let Some(shown) = shown {
                        if keys.contains(&shown) {
                            self.fail(format!("mapping pattern checks duplicate key ({shown})"), p);
                        }
                        keys.push(shown);
                    }
                }
                for sub in &mm.patterns {
                    self.pattern_names(sub, names, d);
                }
                if let Some(rest) = &mm.rest {
                    bind(self, rest.as_str(), p, names);
                }
            }
            ast::Pattern::MatchClass(c) => {
                let mut attrs: Vec<&str> = Vec::new();
                for k in &c.arguments.keywords {
                    if attrs.contains(&k.attr.as_str()) {
                        self.fail(
                            format!(
                                "attribute name repeated in class pattern: {}",
                                k.attr.as_str()
                            ),
                            &k.pattern,
                        );
                    }
                    attrs.push(k.attr.as_str());
                }
                for sub in class_subpatterns(c) {
                    self.pattern_names(sub, names, d);
                }
            }
            ast::Pattern::MatchOr(o) => {
                let mut first: Option<Vec<String>> = None;
                for alt in &o.patterns {
                    let mut alt_names = Vec::new();
                    self.pattern_names(alt, &mut alt_names, d);
                    match &first {
                        None => first = Some(alt_names),
                        Some(f) => {
                            let mut a = f.clone();
                            let mut b = alt_names;
                            a.sort();
                            b.sort();
                            if a != b {
                                self.fail("alternative patterns bind different names", p);
                            }
                        }
                    }
                }
                for n in first.unwrap_or_default() {
                    bind(self, &n, p, names);
                }
            }
            _ => {}
        }
    }

    pub(super) fn pattern(&mut self, p: &ast::Pattern, allow_irrefutable: bool, depth: usize) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        let d = depth + 1;
        match p {
            ast::Pattern::MatchAs(a) => match &a.pattern {
                None if !allow_irrefutable => match &a.name {
                    Some(name) => self.fail(
                        format!(
                            "name capture '{}' makes remaining patterns unreachable",
                            name.as_str()
                        ),
                        p,
                    ),
                    None => self.fail("wildcard makes remaining patterns unreachable", p),
                },
                None => {}
                Some(inner) => self.pattern(inner, allow_irrefutable, d),
            },
            ast::Pattern::MatchOr(o) => {
                let n = o.patterns.len();
                for (k, alt) in o.patterns.iter().enumerate() {
                    self.pattern(alt, allow_irrefutable && k + 1 == n, d);
                }
            }
            ast::Pattern::MatchSequence(sq) => {
                if sq
                    .patterns
                    .iter()
                    .filter(|x| matches!(x, ast::Pattern::MatchStar(_)))
                    .count()
                    > 1
                {
                    self.fail("multiple starred names in sequence pattern", p);
                }
                for sub in &sq.patterns {
                    self.pattern(sub, true, d);
                }
            }
            ast::Pattern::MatchMapping(mm) => {
                for sub in &mm.patterns {
                    self.pattern(sub, true, d);
                }
            }
            ast::Pattern::MatchClass(c) => {
                for sub in class_subpatterns(c) {
                    self.pattern(sub, true, d);
                }
            }
            _ => {}
        }
    }
}

/// A class pattern's positional sub-patterns, then its keyword ones.
fn class_subpatterns(c: &ast::PatternMatchClass) -> impl Iterator<Item = &ast::Pattern> {
    c.arguments
        .patterns
        .iter()
        .chain(c.arguments.keywords.iter().map(|k| &k.pattern))
}

/// Python's `repr` of a str (mapping-pattern keys in messages).
pub(super) fn py_str_repr(s: &str) -> String {
    crate::engine::repr::str_repr(s)
}
