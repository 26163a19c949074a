//! Symbol-table work on comprehension scopes: entering one, binding its iteration
//! variables, and where an assignment expression (`:=`) inside it binds, with the
//! rebindings CPython refuses (an iteration variable, a name in a class body).

#[allow(unused_imports)]
use super::*;

impl SymTable<'_> {
    /// Where a walrus inside comprehensions binds: not an iteration variable, not a class.
    pub(super) fn named_target(&mut self, name: &str, e: &Expr) {
        let mut k = Some(self.current);
        while let Some(idx) = k {
            let Some(scope) = self.scopes.get(idx) else {
                break;
            };
            let (kind, flags, parent) = (
                scope.kind,
                scope.flags.get(name).copied().unwrap_or(0),
                scope.parent,
            );
            match kind {
                Scope::Comprehension(_) => {
                    if flags & COMP_ITER != 0 {
                        let line = self.line(e);
                        self.fail(
                            format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                            line,
                        );
                        return;
                    }
                    if let Some(sc) = self.scopes.get_mut(idx) {
                        *sc.flags.entry(name.to_string()).or_insert(0) |= WALRUS;
                    }
                }
                Scope::Class => {
                    if idx != self.current {
                        let line = self.line(e);
                        self.fail(
                            "assignment expression within a comprehension cannot be used in a class body".to_string(),
                            line,
                        );
                    } else {
                        self.bind_in(idx, name);
                    }
                    return;
                }
                _ => {
                    self.bind_in(idx, name);
                    return;
                }
            }
            k = parent;
        }
    }

    pub(super) fn bind_in(&mut self, idx: usize, name: &str) {
        if let Some(scope) = self.scopes.get_mut(idx) {
            *scope.flags.entry(name.to_string()).or_insert(0) |= LOCAL;
        }
    }

    pub(super) fn comp_targets(&mut self, target: &Expr) {
        match target {
            Expr::Name(n) => {
                let name = n.id.as_str();
                if self.flags(name) & WALRUS != 0 {
                    let line = self.line(target);
                    self.fail(
                        format!("comprehension inner loop cannot rebind assignment expression target '{name}'"),
                        line,
                    );
                    return;
                }
                self.add(name, COMP_ITER | LOCAL);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for x in elts {
                    self.comp_targets(x);
                }
            }
            Expr::Starred(st) => self.comp_targets(&st.value),
            _ => {}
        }
    }

    pub(super) fn comprehension(
        &mut self,
        what: &'static str,
        gens: &[ast::Comprehension],
        parts: &[&Expr],
        depth: usize,
    ) {
        let Some(first) = gens.first() else { return };
        self.comp_iter += 1;
        self.expr(&first.iter, depth + 1);
        self.comp_iter -= 1;
        let saved = self.enter(Scope::Comprehension(what));
        for (n, g) in gens.iter().enumerate() {
            // CPython visits each loop's target, then (after the first) its iterable.
            self.comp_targets(&g.target);
            self.expr(&g.target, depth + 1);
            if n > 0 {
                self.comp_iter += 1;
                self.expr(&g.iter, depth + 1);
                self.comp_iter -= 1;
            }
            for cond in &g.ifs {
                self.expr(cond, depth + 1);
            }
        }
        for p in parts {
            self.expr(p, depth + 1);
        }
        self.current = saved;
    }
}
