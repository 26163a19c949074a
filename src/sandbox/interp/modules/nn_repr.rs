//! `print(model)` as PyTorch prints modules: each layer's `extra_repr` computed from its
//! constructor arguments (for the arguments whose text is known; otherwise printing that layer
//! is named as not modelled), and containers with their children indented by two spaces, where
//! `ModuleList` folds runs of identical children into `(0-2): 3 x Linear(...)`.

use super::Kw;
use crate::engine::repr::float_repr;
use crate::sandbox::value::{NnModule, V};

/// Constructor arguments by position or name.
struct Args<'a> {
    pos: &'a [V],
    kw: &'a Kw,
}

impl Args<'_> {
    fn get(&self, i: usize, name: &str) -> Option<&V> {
        self.pos
            .get(i)
            .or_else(|| self.kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v))
    }

    /// Whether every keyword is one of `allowed` and at most `max_pos` positionals are given.
    fn only(&self, max_pos: usize, allowed: &[&str]) -> bool {
        self.pos.len() <= max_pos && self.kw.iter().all(|(k, _)| allowed.contains(&&**k))
    }

    fn flag(&self, i: usize, name: &str, default: bool) -> bool {
        self.get(i, name).map_or(default, V::truthy)
    }
}

/// A number or bool as Python's repr.
fn num(v: &V) -> Option<String> {
    match v {
        V::Int(i) => Some(i.to_string()),
        V::Float(x) => Some(float_repr(*x)),
        V::Bool(b) => Some(if *b { "True" } else { "False" }.into()),
        _ => None,
    }
}

fn int(v: Option<&V>) -> Option<i64> {
    match v {
        Some(V::Int(i)) => Some(*i),
        _ => None,
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// What PyTorch prints inside `Kind(...)` for a layer built with these arguments, when known.
pub fn layer_text(kind: &str, pos: &[V], kw: &Kw) -> Option<String> {
    let a = Args { pos, kw };
    let inplace = |i: usize| {
        if a.flag(i, "inplace", false) {
            "inplace=True"
        } else {
            ""
        }
    };
    Some(match kind {
        "Linear" if a.only(3, &["in_features", "out_features", "bias"]) => format!(
            "in_features={}, out_features={}, bias={}",
            int(a.get(0, "in_features"))?,
            int(a.get(1, "out_features"))?,
            py_bool(a.flag(2, "bias", true))
        ),
        "ReLU" | "ReLU6" | "SiLU" if a.only(1, &["inplace"]) => inplace(0).into(),
        "Sigmoid" | "Tanh" | "Identity" if a.only(0, &[]) => String::new(),
        _ if kind.ends_with("Loss") => String::new(),
        "Dropout" | "Dropout2d" if a.only(2, &["p", "inplace"]) => format!(
            "p={}, inplace={}",
            a.get(0, "p").map_or(Some("0.5".into()), num)?,
            py_bool(a.flag(1, "inplace", false))
        ),
        "GELU" if a.only(0, &[]) => "approximate='none'".into(),
        "LeakyReLU" if a.only(2, &["negative_slope", "inplace"]) => {
            let slope = a
                .get(0, "negative_slope")
                .map_or(Some("0.01".into()), num)?;
            let mut s = format!("negative_slope={slope}");
            if a.flag(1, "inplace", false) {
                s.push_str(", inplace=True");
            }
            s
        }
        "ELU" if a.only(2, &["alpha", "inplace"]) => {
            let alpha = a.get(0, "alpha").map_or(Some("1.0".into()), num)?;
            let mut s = format!("alpha={alpha}");
            if a.flag(1, "inplace", false) {
                s.push_str(", inplace=True");
            }
            s
        }
        "Flatten" if a.only(2, &["start_dim", "end_dim"]) => format!(
            "start_dim={}, end_dim={}",
            a.get(0, "start_dim").map_or(Some(1), |v| int(Some(v)))?,
            a.get(1, "end_dim").map_or(Some(-1), |v| int(Some(v)))?
        ),
        "BatchNorm1d" | "BatchNorm2d" if a.only(1, &["num_features"]) => format!(
            "{}, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True",
            int(a.get(0, "num_features"))?
        ),
        "LayerNorm" if a.only(1, &["normalized_shape"]) => format!(
            "({},), eps=1e-05, elementwise_affine=True, bias=True",
            int(a.get(0, "normalized_shape"))?
        ),
        "GroupNorm" if a.only(2, &["num_groups", "num_channels"]) => format!(
            "{}, {}, eps=1e-05, affine=True, bias=True",
            int(a.get(0, "num_groups"))?,
            int(a.get(1, "num_channels"))?
        ),
        "Embedding" if a.only(2, &["num_embeddings", "embedding_dim"]) => format!(
            "{}, {}",
            int(a.get(0, "num_embeddings"))?,
            int(a.get(1, "embedding_dim"))?
        ),
        "Softmax" | "LogSoftmax" if a.only(1, &["dim"]) => match a.get(0, "dim") {
            Some(v) => format!("dim={}", num(v)?),
            None => "dim=None".into(),
        },
        "Conv1d" | "Conv2d" | "Conv3d" => conv(kind, &a)?,
        "MaxPool1d" | "MaxPool2d" if a.only(3, &["kernel_size", "stride", "padding"]) => {
            let k = int(a.get(0, "kernel_size"))?;
            let s = a.get(1, "stride").map_or(Some(k), |v| int(Some(v)))?;
            let p = a.get(2, "padding").map_or(Some(0), |v| int(Some(v)))?;
            format!("kernel_size={k}, stride={s}, padding={p}, dilation=1, ceil_mode=False")
        }
        "AvgPool2d" if a.only(3, &["kernel_size", "stride", "padding"]) => {
            let k = int(a.get(0, "kernel_size"))?;
            let s = a.get(1, "stride").map_or(Some(k), |v| int(Some(v)))?;
            let p = a.get(2, "padding").map_or(Some(0), |v| int(Some(v)))?;
            format!("kernel_size={k}, stride={s}, padding={p}")
        }
        "AdaptiveAvgPool2d" if a.only(1, &["output_size"]) => {
            let o = match a.get(0, "output_size")? {
                V::Int(i) => i.to_string(),
                V::Tuple(t) if t.len() == 2 => format!("({}, {})", num(&t[0])?, num(&t[1])?),
                _ => return None,
            };
            format!("output_size={o}")
        }
        "LSTM" | "GRU" | "RNN"
            if a.only(
                3,
                &[
                    "input_size",
                    "hidden_size",
                    "num_layers",
                    "batch_first",
                    "dropout",
                    "bidirectional",
                ],
            ) =>
        {
            let mut s = format!(
                "{}, {}",
                int(a.get(0, "input_size"))?,
                int(a.get(1, "hidden_size"))?
            );
            let layers = a.get(2, "num_layers").map_or(Some(1), |v| int(Some(v)))?;
            if layers != 1 {
                s.push_str(&format!(", num_layers={layers}"));
            }
            if a.flag(99, "batch_first", false) {
                s.push_str(", batch_first=True");
            }
            if let Some(d) = a.get(99, "dropout")
                && d.truthy()
            {
                s.push_str(&format!(", dropout={}", num(d)?));
            }
            if a.flag(99, "bidirectional", false) {
                s.push_str(", bidirectional=True");
            }
            s
        }
        _ => return None,
    })
}

/// `Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1)[, padding=(1, 1)][, bias=False])` for
/// int arguments.
fn conv(kind: &str, a: &Args) -> Option<String> {
    if !a.only(
        5,
        &[
            "in_channels",
            "out_channels",
            "kernel_size",
            "stride",
            "padding",
            "bias",
        ],
    ) {
        return None;
    }
    let dims = match kind {
        "Conv1d" => 1,
        "Conv2d" => 2,
        _ => 3,
    };
    let tuple = |n: i64| {
        let parts = vec![n.to_string(); dims];
        if dims == 1 {
            format!("({},)", parts[0])
        } else {
            format!("({})", parts.join(", "))
        }
    };
    let k = int(a.get(2, "kernel_size"))?;
    let s = a.get(3, "stride").map_or(Some(1), |v| int(Some(v)))?;
    let p = a.get(4, "padding").map_or(Some(0), |v| int(Some(v)))?;
    let mut out = format!(
        "{}, {}, kernel_size={}, stride={}",
        int(a.get(0, "in_channels"))?,
        int(a.get(1, "out_channels"))?,
        tuple(k),
        tuple(s)
    );
    if p != 0 {
        out.push_str(&format!(", padding={}", tuple(p)));
    }
    if !a.flag(99, "bias", true) {
        out.push_str(", bias=False");
    }
    Some(out)
}

/// The whole repr of a module, or the kind of the first layer whose text is unknown.
pub fn module_repr(m: &NnModule) -> Result<String, &'static str> {
    if !matches!(
        m.kind,
        "Sequential" | "ModuleList" | "ModuleDict" | "AveragedModel"
    ) {
        return match &m.text {
            Some(t) => Ok(format!("{}({t})", m.kind)),
            None => Err(m.kind),
        };
    }
    if m.children.is_empty() {
        return Ok(format!("{}()", m.kind));
    }
    let mut reprs = Vec::with_capacity(m.children.len());
    for c in &m.children {
        reprs.push(module_repr(c)?);
    }
    let mut lines = Vec::new();
    let mut i = 0;
    while i < reprs.len() {
        // ModuleList prints a run of identical children once, with its index range.
        let run = if m.kind == "ModuleList" {
            reprs[i..].iter().take_while(|r| **r == reprs[i]).count()
        } else {
            1
        };
        let body = indent(&reprs[i]);
        let line = if run > 1 {
            format!("({}-{}): {run} x {body}", i, i + run - 1)
        } else {
            let name = m.names.get(i).cloned().unwrap_or_else(|| i.to_string());
            format!("({name}): {body}")
        };
        lines.push(format!("  {line}"));
        i += run;
    }
    Ok(format!("{}(\n{}\n)", m.kind, lines.join("\n")))
}

/// Every line of a child's repr after the first, indented by two spaces (PyTorch's _addindent).
fn indent(s: &str) -> String {
    s.replace('\n', "\n  ")
}
