//! `warnings`: `warn(message, category)` from the snippet's own line, and the "ignore" filters
//! scripts set up to silence a library (`filterwarnings("ignore", category=UserWarning)`,
//! `simplefilter("ignore")`, with a message prefix as the filter's pattern). Other actions
//! (`"error"`, `"once"`, ...), regex patterns, module filters and `stacklevel` are not
//! modelled and say so.

use super::{Ev, Ex, Kw, raise};
use crate::sandbox::interp::RunWarning;
use crate::sandbox::value::V;

/// One "ignore" filter.
#[derive(Debug, Clone)]
pub struct Ignore {
    /// Lower-cased start of the messages it matches ("" matches every message).
    prefix: String,
    /// The category it matches (`Warning` matches all).
    category: String,
}

/// Whether `category` is `base` or derives from it (all warnings derive from `Warning`).
fn derives(category: &str, base: &str) -> bool {
    base == "Warning" || category == base
}

impl Ev<'_> {
    pub fn call_warnings(&mut self, f: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let arg = |i: usize, name: &str| {
            pos.get(i).cloned().or_else(|| {
                kw.iter()
                    .find(|(k, _)| &**k == name)
                    .map(|(_, v)| v.clone())
            })
        };
        match f {
            "warn" => {
                if arg(2, "stacklevel").is_some_and(|s| !matches!(s, V::Int(1))) {
                    return self.not_modelled("warnings.warn with a stacklevel");
                }
                let message = match arg(0, "message") {
                    Some(V::Exception(e)) => e.message.clone(),
                    Some(m) => self.str_of(&m)?,
                    None => {
                        return raise(
                            self.rt,
                            "TypeError",
                            "warn() missing required argument 'message' (pos 1)",
                        );
                    }
                };
                let category = match arg(1, "category") {
                    None | Some(V::None) => "UserWarning".to_string(),
                    Some(V::Class(c)) if c.ends_with("Warning") => c.to_string(),
                    Some(other) => {
                        let what =
                            format!("warnings.warn with the category {}", self.repr(&other)?);
                        return self.not_modelled(&what);
                    }
                };
                let line = self.rt.line;
                self.push_warning(category, message, Some(line));
                Ok(V::None)
            }
            _ => {
                let action = match arg(0, "action") {
                    Some(V::Str(a)) => a.to_string(),
                    _ => return raise(self.rt, "TypeError", "action must be a string"),
                };
                if action != "ignore" {
                    return self.not_modelled(&format!("warnings.{f}(\"{action}\")"));
                }
                // simplefilter(action, category); filterwarnings(action, message, category, module).
                let (message, category, module) = if f == "simplefilter" {
                    (None, arg(1, "category"), None)
                } else {
                    (arg(1, "message"), arg(2, "category"), arg(3, "module"))
                };
                if module.is_some_and(|m| !matches!(&m, V::Str(s) if s.is_empty())) {
                    return self.not_modelled("a warning filter by module");
                }
                let prefix = match message {
                    None => String::new(),
                    Some(V::Str(m))
                        if !m
                            .contains(['.', '*', '?', '+', '[', '(', '\\', '^', '$', '|', '{']) =>
                    {
                        m.to_lowercase()
                    }
                    Some(_) => {
                        return self.not_modelled("a warning filter with a regular expression");
                    }
                };
                let category = match category {
                    None => "Warning".to_string(),
                    Some(V::Class(c)) if c.ends_with("Warning") => c.to_string(),
                    Some(other) => {
                        let r = self.repr(&other)?;
                        return raise(
                            self.rt,
                            "TypeError",
                            format!("category must be a Warning subclass, not '{r}'"),
                        );
                    }
                };
                self.rt.ext.ignored.insert(0, Ignore { prefix, category });
                Ok(V::None)
            }
        }
    }

    /// Whether an "ignore" filter of the snippet hides this warning.
    pub fn warning_ignored(&self, category: &str, message: &str) -> bool {
        self.rt.ext.ignored.iter().any(|f| {
            derives(category, &f.category) && message.to_lowercase().starts_with(&f.prefix)
        })
    }

    /// Records a warning the snippet raised itself (under the run's cap on warnings).
    fn push_warning(&mut self, category: String, message: String, line: Option<u32>) {
        if self.warning_ignored(&category, &message) {
            return;
        }
        if self.rt.warnings.len() >= self.rt.limits.max_warnings {
            self.rt.warnings_dropped += 1;
            return;
        }
        self.rt.warnings.push(RunWarning {
            category,
            message,
            line,
            origin: None,
            at: self.rt.out.len(),
        });
    }
}
