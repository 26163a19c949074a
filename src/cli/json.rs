//! A small JSON writer whose floats print as Python's `repr` (`1e-05`, `0.1`), so results read the
//! same as the reference files that PyTorch produced.

use crate::engine::Num;
use crate::engine::repr::float_repr;

/// A JSON value as written by `json.dumps` in CPython.
pub enum Out {
    Null,
    Num(Num),
    Str(String),
    List(Vec<Out>),
    Obj(Vec<(&'static str, Out)>),
}

impl Out {
    pub fn write(&self, buf: &mut String) {
        match self {
            Out::Null => buf.push_str("null"),
            Out::Num(Num::Int(i)) => buf.push_str(&i.to_string()),
            Out::Num(Num::Float(x)) => buf.push_str(&float_json(*x)),
            Out::Str(s) => string(s, buf),
            Out::List(items) => {
                buf.push('[');
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        buf.push_str(", ");
                    }
                    it.write(buf);
                }
                buf.push(']');
            }
            Out::Obj(fields) => {
                buf.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        buf.push_str(", ");
                    }
                    string(k, buf);
                    buf.push_str(": ");
                    v.write(buf);
                }
                buf.push('}');
            }
        }
    }
}

/// `json.dumps` spelling of floats: repr, with `Infinity`/`NaN` for the non-finite ones.
fn float_json(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else {
        float_repr(x)
    }
}

fn string(s: &str, buf: &mut String) {
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            // C0, DEL and C1 controls (U+0080-U+009F: U+009B starts a terminal command).
            c if c.is_control() => buf.push_str(&format!("\\u{:04x}", c as u32)),
            c => buf.push(c),
        }
    }
    buf.push('"');
}
