//! Temporary stand-in for Python's formatting (replaced by the full module).

pub enum FmtArg<'a> {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(&'a str),
    Other {
        str: &'a str,
        repr: &'a str,
        type_name: &'a str,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct FmtError {
    pub kind: &'static str,
    pub message: String,
}

pub fn float_repr(x: f64) -> String {
    crate::engine::repr::float_repr(x)
}

pub fn format_value(arg: &FmtArg, spec: &str) -> Result<String, FmtError> {
    let _ = spec;
    Ok(match arg {
        FmtArg::Int(i) => i.to_string(),
        FmtArg::Float(x) => float_repr(*x),
        FmtArg::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        FmtArg::Str(s) => s.to_string(),
        FmtArg::Other { str, .. } => str.to_string(),
    })
}

pub fn percent_format(fmt: &str, args: &[FmtArg]) -> Result<String, FmtError> {
    let _ = args;
    Ok(fmt.to_string())
}

pub fn round_float(x: f64, ndigits: i64) -> f64 {
    let p = 10f64.powi(ndigits as i32);
    (x * p).round() / p
}

pub fn round_to_int(x: f64) -> Result<i64, FmtError> {
    Ok(x.round_ties_even() as i64)
}
