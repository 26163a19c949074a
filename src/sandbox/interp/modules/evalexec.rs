//! `eval(str)` and `exec(str)`: the string is parsed by the same parser and run by the same
//! evaluator, against the program's globals, under the same limits; it never leaves the sandbox.
//! Only the one-argument forms at module level are modelled (inside a function Python would
//! let the code see that function's locals, which the sandbox does not do).

use super::{Ev, Ex, raise};
use crate::sandbox::ast::StmtKind;
use crate::sandbox::value::V;

impl Ev<'_> {
    /// Runs `eval`/`exec`; `None` when `name` is neither.
    pub fn call_eval(&mut self, name: &str, pos: &[V], kw: &super::Kw) -> Option<Ex<V>> {
        if name != "eval" && name != "exec" {
            return None;
        }
        Some(self.eval_string(name == "eval", pos, kw))
    }

    fn eval_string(&mut self, is_eval: bool, pos: &[V], kw: &super::Kw) -> Ex<V> {
        let f = if is_eval { "eval" } else { "exec" };
        if pos.len() > 1 || !kw.is_empty() {
            return self.not_modelled(&format!("{f}() with globals or locals"));
        }
        if self.frame.is_some() {
            return self.not_modelled(&format!(
                "{f}() inside a function (the code would see the function's local variables)"
            ));
        }
        let source = match pos.first() {
            Some(V::Str(s)) => s.clone(),
            Some(other) => {
                let msg = format!("{f}() arg 1 must be a string, bytes or code object");
                let _ = other;
                return raise(self.rt, "TypeError", msg);
            }
            None => {
                return raise(
                    self.rt,
                    "TypeError",
                    format!("{f} expected at least 1 argument, got 0"),
                );
            }
        };
        // Python strips leading spaces and tabs from an eval'd expression.
        let text: &str = if is_eval {
            source.trim_start_matches([' ', '\t'])
        } else {
            &source
        };
        self.charge(text.len() as u64 / 16)?;
        let parsed = match crate::sandbox::syntax::parse(text) {
            Ok(p) => p,
            Err(e) => return raise(self.rt, e.kind, e.message),
        };
        let module =
            crate::sandbox::lower::lower_more(parsed.syntax(), &self.rt.symbols, self.rt.line);
        if is_eval && !matches!(module.body.as_slice(), [s] if matches!(s.kind, StmtKind::Expr(_)))
        {
            return raise(self.rt, "SyntaxError", "invalid syntax");
        }
        // New names become globals of the program.
        self.rt.symbols.clone_from(&module.symbols);
        self.rt.globals.resize(module.symbols.len(), None);
        // Code that evals itself recurses like a call (CPython ends it with RecursionError).
        if self.rt.depth + 1 >= self.rt.limits.max_depth {
            return raise(
                self.rt,
                "RecursionError",
                "maximum recursion depth exceeded",
            );
        }
        self.rt.depth += 1;
        let line = self.rt.line;
        let mut inner = Ev {
            rt: self.rt,
            engine: self.engine.as_deref_mut(),
            module: &module,
            frame: None,
            env: Vec::new(),
        };
        let r = match module.body.as_slice() {
            [s] if is_eval => match &s.kind {
                StmtKind::Expr(e) => inner.eval(e),
                _ => Ok(V::None),
            },
            body => inner.exec_block(body).map(|()| V::None),
        };
        self.rt.depth -= 1;
        self.rt.line = line;
        r
    }
}
