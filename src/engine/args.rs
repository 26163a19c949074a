//! Binding call arguments to a Python signature, with CPython's exact TypeError texts
//! ("got an unexpected keyword argument", "missing 2 required positional arguments: 'a' and 'b'",
//! "takes from 2 to 4 positional arguments but 5 were given", "got multiple values for argument").

use super::error::{PyErr, PyResult};
use super::value::Value;

/// A Python function signature: `qualname(self, <positional...>, *, <keyword_only...>)`.
pub struct Signature {
    /// e.g. `StepLR.__init__`, as CPython names the function in its messages.
    pub qualname: &'static str,
    /// Positional-or-keyword parameters after `self`, with whether each is required.
    pub params: &'static [(&'static str, bool)],
    /// Keyword-only parameters (all optional here).
    pub keyword_only: &'static [&'static str],
}

/// The arguments of one call, as the caller wrote them.
#[derive(Clone, Debug, Default)]
pub struct CallArgs {
    pub positional: Vec<Value>,
    pub keywords: Vec<(String, Value)>,
}

impl CallArgs {
    pub fn keywords(keywords: Vec<(String, Value)>) -> CallArgs {
        CallArgs {
            positional: Vec::new(),
            keywords,
        }
    }
}

/// Arguments bound to parameter names; `None` where the caller left the default.
pub struct Bound {
    pub names: Vec<&'static str>,
    pub values: Vec<Option<Value>>,
}

impl Bound {
    /// The value passed for `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let i = self.names.iter().position(|n| *n == name)?;
        self.values[i].as_ref()
    }

    /// The value passed for `name`, or `None` when it was left out or passed as `None`.
    pub fn given(&self, name: &str) -> Option<&Value> {
        self.get(name).filter(|v| !v.is_none())
    }

    /// The arguments actually passed, by name, in signature order.
    pub fn passed(&self) -> Vec<(String, Value)> {
        self.names
            .iter()
            .zip(&self.values)
            .filter_map(|(n, v)| v.as_ref().map(|v| (n.to_string(), v.clone())))
            .collect()
    }
}

/// Binds `args` to `sig` in CPython's order of checks: keywords first (unknown names, duplicates),
/// then the count of positional arguments, then missing required parameters.
pub fn bind(sig: &Signature, args: CallArgs) -> PyResult<Bound> {
    let mut names: Vec<&'static str> = sig.params.iter().map(|(n, _)| *n).collect();
    names.extend(sig.keyword_only.iter().copied());
    let mut values: Vec<Option<Value>> = vec![None; names.len()];
    let n_pos = args.positional.len();
    for (slot, v) in values
        .iter_mut()
        .zip(args.positional)
        .take(sig.params.len())
    {
        *slot = Some(v);
    }
    for (key, v) in args.keywords {
        let Some(i) = names.iter().position(|n| *n == key) else {
            return Err(PyErr::type_error(format!(
                "{}() got an unexpected keyword argument '{key}'",
                sig.qualname
            )));
        };
        if values[i].is_some() {
            return Err(PyErr::type_error(format!(
                "{}() got multiple values for argument '{key}'",
                sig.qualname
            )));
        }
        values[i] = Some(v);
    }
    if n_pos > sig.params.len() {
        return Err(too_many(sig, n_pos));
    }
    let missing: Vec<&str> = sig
        .params
        .iter()
        .zip(&values)
        .filter(|((_, req), v)| *req && v.is_none())
        .map(|((n, _), _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(missing_error(sig.qualname, &missing));
    }
    Ok(Bound { names, values })
}

fn too_many(sig: &Signature, given: usize) -> PyErr {
    // CPython counts `self` in both numbers.
    let max = sig.params.len() + 1;
    let min = sig.params.iter().filter(|(_, r)| *r).count() + 1;
    let takes = if min == max {
        format!("{max} positional argument{}", plural(max))
    } else {
        format!("from {min} to {max} positional arguments")
    };
    let were = if given + 1 == 1 { "was" } else { "were" };
    PyErr::type_error(format!(
        "{}() takes {takes} but {} {were} given",
        sig.qualname,
        given + 1
    ))
}

/// `f() missing 2 required positional arguments: 'a' and 'b'` (three or more: `'a', 'b', and 'c'`).
pub fn missing_error(qualname: &str, missing: &[&str]) -> PyErr {
    let quoted: Vec<String> = missing.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    };
    let n = missing.len();
    PyErr::type_error(format!(
        "{qualname}() missing {n} required positional argument{}: {list}",
        plural(n)
    ))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SIG: Signature = Signature {
        qualname: "CyclicLR.__init__",
        params: &[
            ("optimizer", true),
            ("base_lr", true),
            ("max_lr", true),
            ("step_size_up", false),
        ],
        keyword_only: &[],
    };

    fn err(args: CallArgs) -> String {
        match bind(&SIG, args) {
            Ok(_) => "bound".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn messages_match_cpython() {
        let kw = |k: &str| (k.to_string(), Value::Int(1));
        let table = vec![
            (
                CallArgs {
                    positional: vec![Value::None],
                    keywords: vec![],
                },
                "TypeError: CyclicLR.__init__() missing 2 required positional arguments: 'base_lr' and 'max_lr'",
            ),
            (
                CallArgs {
                    positional: vec![],
                    keywords: vec![],
                },
                "TypeError: CyclicLR.__init__() missing 3 required positional arguments: 'optimizer', 'base_lr', and 'max_lr'",
            ),
            (
                CallArgs {
                    positional: vec![Value::None; 3],
                    keywords: vec![kw("gama")],
                },
                "TypeError: CyclicLR.__init__() got an unexpected keyword argument 'gama'",
            ),
            (
                CallArgs {
                    positional: vec![Value::None; 3],
                    keywords: vec![kw("max_lr")],
                },
                "TypeError: CyclicLR.__init__() got multiple values for argument 'max_lr'",
            ),
            (
                CallArgs {
                    positional: vec![Value::None; 5],
                    keywords: vec![],
                },
                "TypeError: CyclicLR.__init__() takes from 4 to 5 positional arguments but 6 were given",
            ),
            (
                CallArgs {
                    positional: vec![Value::None; 3],
                    keywords: vec![kw("step_size_up")],
                },
                "bound",
            ),
        ];
        for (args, want) in table {
            assert_eq!(err(args), want);
        }
    }
}
