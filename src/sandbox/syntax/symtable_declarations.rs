//! Symbol-table errors about declarations: a parameter named twice, `global` or
//! `nonlocal` after the name was used, assigned, annotated or made a parameter, and a
//! `nonlocal` with no binding in an enclosing function.

#[allow(unused_imports)]
use super::*;

impl SymTable<'_> {
    pub(super) fn params(&mut self, params: &ast::Parameters) {
        for p in all_parameters(params) {
            let name = p.name.as_str();
            if self.flags(name) & PARAM != 0 {
                let line = self.line(p);
                self.fail(
                    format!("duplicate argument '{name}' in function definition"),
                    line,
                );
                return;
            }
            self.add(name, PARAM);
        }
    }

    pub(super) fn declare(&mut self, names: &[ast::Identifier], flag: u16, stmt: &Stmt) {
        let what = if flag == GLOBAL { "global" } else { "nonlocal" };
        for name in names {
            let name = name.as_str();
            let cur = self.flags(name);
            let problem = if cur & PARAM != 0 {
                Some(format!("name '{name}' is parameter and {what}"))
            } else if cur & USE != 0 {
                Some(format!("name '{name}' is used prior to {what} declaration"))
            } else if cur & ANNOT != 0 {
                Some(format!("annotated name '{name}' can't be {what}"))
            } else if cur & LOCAL != 0 {
                Some(format!(
                    "name '{name}' is assigned to before {what} declaration"
                ))
            } else {
                None
            };
            if let Some(msg) = problem {
                let line = self.line(stmt);
                self.fail(msg, line);
                return;
            }
            self.add(name, flag);
            let line = self.line(stmt);
            if let Some(scope) = self.scopes.get_mut(self.current) {
                scope.directives.entry(name.to_string()).or_insert(line);
            }
            if flag == NONLOCAL {
                let line = self.line(stmt);
                if let Some(scope) = self.scopes.get_mut(self.current) {
                    scope.nonlocals.push((name.to_string(), line));
                }
            }
        }
    }

    /// `analyze_block`: nonlocal declarations need a binding in an enclosing function.
    pub(super) fn analyse(&self) -> Option<SyntaxErrorInfo> {
        for scope in &self.scopes {
            for (name, line) in &scope.nonlocals {
                if scope.kind == Scope::Module {
                    return Some(syntax_at(
                        "nonlocal declaration not allowed at module level",
                        *line,
                    ));
                }
                let flags = scope.flags.get(name).copied().unwrap_or(0);
                if flags & GLOBAL != 0 {
                    let first = scope.directives.get(name).copied().unwrap_or(*line);
                    return Some(syntax_at(
                        format!("name '{name}' is nonlocal and global"),
                        first,
                    ));
                }
                let mut parent = scope.parent;
                let mut bound = false;
                while let Some(p) = parent {
                    let Some(outer) = self.scopes.get(p) else {
                        break;
                    };
                    if matches!(
                        outer.kind,
                        Scope::Function { .. } | Scope::Lambda | Scope::Comprehension(_)
                    ) {
                        let f = outer.flags.get(name).copied().unwrap_or(0);
                        if f & GLOBAL != 0 {
                            break;
                        }
                        if f & (LOCAL | PARAM | IMPORT) != 0 {
                            bound = true;
                            break;
                        }
                    }
                    parent = outer.parent;
                }
                if !bound {
                    return Some(syntax_at(
                        format!("no binding for nonlocal '{name}' found"),
                        *line,
                    ));
                }
            }
        }
        None
    }
}
