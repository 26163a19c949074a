//! Expressions nested deeper than CPython 3.11's compiler accepts: it raises
//! RecursionError, and Ruff must not build (nor drop) trees that deep.

#[allow(unused_imports)]
use super::*;

/// Expression nesting at which CPython 3.11 gives up ("maximum recursion depth exceeded
/// during compilation"); measured on chains of unary, binary, attribute and call operators.
const MAX_EXPR_DEPTH: usize = 2991;

/// Line of an expression whose tree would nest [`MAX_EXPR_DEPTH`] deep, estimated from the
/// tokens: every bracket, and every operator that wraps the tree built so far (binary and
/// unary operators, `.`, calls, subscripts, `**`, `if`, `lambda`, `await`, `not`), adds a
/// level; separators and the flat operators (comparisons, `and`, `or`) start a new operand.
pub(super) fn too_deep(src: &str, toks: &[Tok]) -> Option<usize> {
    let mut frames: Vec<usize> = vec![0];
    let mut total = 1usize;
    let mut operand = false;
    for t in toks {
        let text = src.get(t.start..t.end).unwrap_or("");
        let mut bump = false;
        let mut reset = false;
        match t.kind {
            Tk::Newline | Tk::Indent | Tk::Dedent | Tk::End => {
                frames.clear();
                frames.push(0);
                total = 1;
                operand = false;
                continue;
            }
            Tk::Number | Tk::Str => operand = true,
            Tk::Name => match text {
                "not" | "await" | "lambda" => {
                    bump = true;
                    operand = false;
                }
                "if" => {
                    bump = operand;
                    operand = false;
                }
                "None" | "True" | "False" => operand = true,
                w if KEYWORDS.contains(&w) => {
                    reset = true;
                    operand = false;
                }
                _ => operand = true,
            },
            Tk::Op => match text {
                "(" | "[" | "{" => {
                    if operand
                        && text != "{"
                        && let Some(top) = frames.last_mut()
                    {
                        *top += 1;
                        total += 1;
                    }
                    frames.push(0);
                    total += 1;
                    operand = false;
                }
                ")" | "]" | "}" => {
                    if frames.len() > 1 {
                        let chain = frames.pop().unwrap_or(0);
                        total = total.saturating_sub(chain + 1);
                    }
                    operand = true;
                }
                "." | "**" | "+" | "-" | "~" | "*" | "/" | "//" | "%" | "@" | "&" | "|" | "^"
                | "<<" | ">>" => {
                    bump = true;
                    operand = false;
                }
                "..." => operand = true,
                _ => {
                    reset = true;
                    operand = false;
                }
            },
        }
        if let Some(top) = frames.last_mut() {
            if reset {
                total = total.saturating_sub(*top);
                *top = 0;
            } else if bump {
                *top += 1;
                total += 1;
            }
        }
        if total >= MAX_EXPR_DEPTH {
            return Some(t.line);
        }
    }
    None
}
