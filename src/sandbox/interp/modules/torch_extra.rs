//! Cheap torch behaviour that training scripts touch around a scheduler: `torch.cuda` (no GPU
//! here), `torch.device('cpu')`, `torch.Size`, `torch.as_tensor`, iterating a tensor, and
//! `torch.utils.data`'s `TensorDataset` and `DataLoader` as opaque objects with PyTorch's lengths
//! and batch shapes (the values stay opaque, like every tensor of the sandbox).

use super::{Ev, Ex, Ext, Kw, ext, raise};
use crate::sandbox::value::{Tensor, V};
use std::rc::Rc;

fn tensor(shape: Vec<i64>) -> V {
    V::Tensor(Rc::new(Tensor {
        shape,
        requires_grad: false,
        is_loss: false,
    }))
}

/// `torch.Size([...])`.
pub fn size(shape: &[i64]) -> V {
    ext(Ext::Size(Rc::new(shape.to_vec())))
}

impl Ev<'_> {
    pub fn call_torch_extra(&mut self, name: &str, pos: Vec<V>, kw: Kw) -> Option<Ex<V>> {
        let kwarg = |n: &str| kw.iter().find(|(k, _)| &**k == n).map(|(_, v)| v.clone());
        Some(match name {
            "torch.cuda.is_available" => Ok(V::Bool(false)),
            "torch.cuda.device_count" => Ok(V::Int(0)),
            "torch.device" => match pos.first().cloned().or_else(|| kwarg("type")) {
                Some(V::Ext(e)) if matches!(&*e, Ext::Device(_)) => Ok(V::Ext(e)),
                Some(V::Str(s)) => self.device(&s),
                _ => self.not_modelled("torch.device() without a device name"),
            },
            "torch.as_tensor" | "torch.tensor" => {
                let data = pos.first().cloned().unwrap_or(V::None);
                match data {
                    V::Tensor(t) if name == "torch.as_tensor" => Ok(V::Tensor(t)),
                    V::Tensor(t) => Ok(tensor(t.shape.clone())),
                    _ => self.data_shape(&data, 0).map(tensor),
                }
            }
            "torch.utils.data.TensorDataset" => self.tensor_dataset(pos),
            _ if self.factory_shape(name, &pos, &kw).is_some() => {
                let shape = self.factory_shape(name, &pos, &kw).unwrap_or_default();
                if let Err(e) = self.check_shape(&shape) {
                    return Some(Err(e));
                }
                let requires_grad = kwarg("requires_grad").is_some_and(|v| v.truthy());
                Ok(V::Tensor(Rc::new(Tensor {
                    shape,
                    requires_grad,
                    is_loss: false,
                })))
            }
            _ if name.starts_with("torch.nn.functional.") => {
                // A loss is a scalar; an activation keeps its input's shape.
                let f = name.trim_start_matches("torch.nn.functional.");
                let is_loss = !matches!(
                    f,
                    "relu"
                        | "gelu"
                        | "silu"
                        | "tanh"
                        | "sigmoid"
                        | "softmax"
                        | "log_softmax"
                        | "dropout"
                );
                let shape = match pos.first() {
                    Some(V::Tensor(t)) if !is_loss => t.shape.clone(),
                    _ => Vec::new(),
                };
                Ok(V::Tensor(Rc::new(Tensor {
                    shape,
                    requires_grad: false,
                    is_loss,
                })))
            }
            "torch.utils.data.DataLoader" => {
                let dataset = pos.first().cloned().or_else(|| kwarg("dataset"));
                let Some(dataset) = dataset else {
                    return Some(raise(
                        self.rt,
                        "TypeError",
                        "DataLoader.__init__() missing 1 required positional argument: 'dataset'",
                    ));
                };
                let batch_size = match pos.get(1).cloned().or_else(|| kwarg("batch_size")) {
                    None => 1,
                    Some(V::Int(b)) if b > 0 => b,
                    Some(other) => {
                        let r = self.repr(&other);
                        return Some(r.and_then(|r| {
                            raise(
                                self.rt,
                                "ValueError",
                                format!("batch_size should be a positive integer value, but got batch_size={r}"),
                            )
                        }));
                    }
                };
                let drop_last = kwarg("drop_last").is_some_and(|v| v.truthy());
                let dataset = match dataset {
                    V::List(_) | V::Range(..) | V::Tuple(_) => {
                        let n = self.iterate(&dataset).map(|v| v.len() as i64);
                        match n {
                            Ok(len) => ext(Ext::Dataset { len, shapes: None }),
                            Err(e) => return Some(Err(e)),
                        }
                    }
                    V::Ext(ref e) if matches!(&**e, Ext::Dataset { .. }) => dataset,
                    other => {
                        let what = format!("a DataLoader over a {}", other.type_name());
                        return Some(self.not_modelled(&what));
                    }
                };
                Ok(ext(Ext::Loader {
                    dataset,
                    batch_size,
                    drop_last,
                }))
            }
            _ => return None,
        })
    }

    fn device(&mut self, s: &str) -> Ex<V> {
        let kind = s.split(':').next().unwrap_or(s);
        match kind {
            "cpu" | "cuda" | "mps" | "meta" => Ok(ext(Ext::Device(Rc::from(s)))),
            _ => raise(
                self.rt,
                "RuntimeError",
                format!(
                    "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: {s}"
                ),
            ),
        }
    }

    /// `model.to(device)` / `tensor.to(device)`: the same object on the CPU; other devices are
    /// not modelled (there is no GPU in the sandbox).
    pub fn move_to_device(&mut self, recv: &V, pos: &[V]) -> Ex<V> {
        let target = match pos.first() {
            Some(V::Str(s)) => Some(s.to_string()),
            Some(V::Ext(e)) => match &**e {
                Ext::Device(d) => Some(d.to_string()),
                _ => None,
            },
            _ => None,
        };
        match target.as_deref() {
            Some("cpu") | None => Ok(recv.clone()),
            Some(other) => self.not_modelled(&format!(
                "moving to device '{other}' (the sandbox has only a CPU)"
            )),
        }
    }

    /// The shape of nested lists of numbers (`torch.tensor([[1, 2], [3, 4]])` is `[2, 2]`).
    fn data_shape(&mut self, v: &V, depth: usize) -> Ex<Vec<i64>> {
        if depth > 32 {
            return self.not_modelled("a tensor nested this deeply");
        }
        match v {
            V::Int(_) | V::Float(_) | V::Bool(_) => Ok(Vec::new()),
            V::List(_) | V::Tuple(_) | V::Range(..) => {
                let items = self.iterate(v)?;
                let inner = match items.first() {
                    Some(first) => self.data_shape(first, depth + 1)?,
                    None => Vec::new(),
                };
                let mut shape = vec![items.len() as i64];
                shape.extend(inner);
                Ok(shape)
            }
            other => {
                let what = format!("a tensor made from a {}", other.type_name());
                self.not_modelled(&what)
            }
        }
    }

    fn tensor_dataset(&mut self, pos: Vec<V>) -> Ex<V> {
        let mut shapes = Vec::new();
        for p in &pos {
            match p {
                V::Tensor(t) => shapes.push(t.shape.clone()),
                other => {
                    let what = format!("a TensorDataset of a {}", other.type_name());
                    return self.not_modelled(&what);
                }
            }
        }
        let Some(len) = shapes.first().map(|s| s.first().copied().unwrap_or(0)) else {
            return self.not_modelled("an empty TensorDataset");
        };
        if shapes
            .iter()
            .any(|s| s.first().copied().unwrap_or(0) != len)
        {
            return raise(self.rt, "AssertionError", "Size mismatch between tensors");
        }
        let samples = shapes
            .into_iter()
            .map(|s| s[1.min(s.len())..].to_vec())
            .collect();
        Ok(ext(Ext::Dataset {
            len,
            shapes: Some(samples),
        }))
    }

    /// The items of a tensor: one tensor per entry of its first dimension.
    pub fn tensor_items(&mut self, t: &Tensor) -> Ex<Vec<V>> {
        let Some((n, rest)) = t.shape.split_first() else {
            return raise(self.rt, "TypeError", "iteration over a 0-d tensor");
        };
        self.reserve_items(*n as usize)?;
        Ok((0..*n).map(|_| tensor(rest.to_vec())).collect())
    }
}

/// `len(loader)`: PyTorch's number of batches.
pub fn batches(e: &Ext) -> i64 {
    let Ext::Loader {
        dataset,
        batch_size,
        drop_last,
    } = e
    else {
        return 0;
    };
    let n = dataset_len(dataset);
    if *drop_last {
        n / batch_size
    } else {
        (n + batch_size - 1) / batch_size
    }
}

fn dataset_len(v: &V) -> i64 {
    match v {
        V::Ext(e) => match &**e {
            Ext::Dataset { len, .. } => *len,
            _ => 0,
        },
        _ => 0,
    }
}

/// One sample of a dataset: a tuple of opaque tensors (a number dataset's item is opaque too).
pub fn dataset_item(e: &Ext) -> V {
    match e {
        Ext::Dataset {
            shapes: Some(s), ..
        } => V::tuple(s.iter().map(|sh| tensor(sh.clone())).collect()),
        _ => tensor(Vec::new()),
    }
}

/// The items of a dataset (samples) or a loader (batches: a list of tensors per batch for a
/// `TensorDataset`, one tensor for a dataset of numbers).
pub fn items(e: &Rc<Ext>) -> Ex<Vec<V>> {
    Ok(match &**e {
        Ext::Dataset { len, .. } => (0..*len).map(|_| dataset_item(e)).collect(),
        Ext::Loader {
            dataset,
            batch_size,
            ..
        } => {
            let n = dataset_len(dataset);
            let count = batches(e);
            let shapes = match dataset {
                V::Ext(d) => match &**d {
                    Ext::Dataset { shapes, .. } => shapes.clone(),
                    _ => None,
                },
                _ => None,
            };
            (0..count)
                .map(|i| {
                    let b = (*batch_size).min(n - i * batch_size);
                    let shaped = |s: &Vec<i64>| {
                        let mut full = vec![b];
                        full.extend(s);
                        tensor(full)
                    };
                    match &shapes {
                        Some(s) => V::list(s.iter().map(shaped).collect()),
                        None => tensor(vec![b]),
                    }
                })
                .collect()
        }
        _ => Vec::new(),
    })
}

/// `loader.dataset`, `loader.batch_size`.
pub fn loader_attr(_ev: &mut Ev, e: &Ext, attr: &str) -> Ex<V> {
    match e {
        Ext::Loader { dataset, .. } if attr == "dataset" => Ok(dataset.clone()),
        Ext::Loader { batch_size, .. } => Ok(V::Int(*batch_size)),
        _ => Ok(V::None),
    }
}

impl Ev<'_> {
    /// `model.weight`, `model.fc1` (a named child), `model.training`: the members of a module
    /// other than its methods.
    pub fn module_member(&mut self, m: &crate::sandbox::value::NnModule, attr: &str) -> Option<V> {
        if attr == "training" {
            return Some(V::Bool(true));
        }
        if let Some((_, t)) = m.params.iter().find(|(n, _)| n == attr) {
            return Some(V::Tensor(t.clone()));
        }
        let i = m.names.iter().position(|n| n == attr)?;
        m.children.get(i).map(|c| V::NnModule(c.clone()))
    }

    /// `t.size()` (a `torch.Size`) and `t.size(d)` (an int, negative from the end).
    pub fn tensor_size(&mut self, t: &Tensor, pos: &[V]) -> Ex<V> {
        match pos.first() {
            None => Ok(size(&t.shape)),
            Some(V::Int(d)) => {
                let n = t.shape.len() as i64;
                let k = if *d < 0 { d + n } else { *d };
                if k < 0 || k >= n.max(1) || t.shape.is_empty() {
                    let (lo, hi) = (-n.max(1), n.max(1) - 1);
                    return raise(
                        self.rt,
                        "IndexError",
                        format!(
                            "Dimension out of range (expected to be in range of [{lo}, {hi}], but got {d})"
                        ),
                    );
                }
                Ok(V::Int(t.shape[k as usize]))
            }
            Some(_) => self.not_modelled("size() with this argument"),
        }
    }

    /// Children of `nn.Sequential(*layers)`, `nn.Sequential(OrderedDict(...))`,
    /// `nn.ModuleList(iterable)` and `nn.ModuleDict(dict)`, with their names where they have some.
    pub fn container_children(&mut self, kind: &str, pos: Vec<V>) -> Ex<(Vec<String>, Vec<V>)> {
        let first = pos.first().cloned();
        match (kind, first) {
            ("ModuleList", Some(v)) => Ok((Vec::new(), self.iterate(&v)?)),
            ("Sequential" | "ModuleDict", Some(d @ V::Dict(_)))
                if kind == "ModuleDict" || pos.len() == 1 =>
            {
                let mut names = Vec::new();
                let mut items = Vec::new();
                for (k, v) in self.dict_items(&d)? {
                    names.push(self.str_of(&k)?);
                    items.push(v);
                }
                Ok((names, items))
            }
            ("ModuleDict", Some(other)) => {
                let what = format!("nn.ModuleDict of a {}", other.type_name());
                self.not_modelled(&what)
            }
            ("Sequential", _) => Ok((Vec::new(), pos)),
            _ => Ok((Vec::new(), Vec::new())),
        }
    }

    /// A tensor learning rate (`lr=torch.tensor(0.5)`): PyTorch then computes every rate as a
    /// float32 tensor, which the engine (float64 Python numbers) does not model.
    pub fn no_tensor_rate(&mut self, kw: &Kw) -> Ex<()> {
        if kw.iter().any(|(_, v)| matches!(v, V::Tensor(_))) {
            return self.not_modelled("a tensor learning rate or optimizer option (PyTorch then computes the schedule in float32 tensors)");
        }
        Ok(())
    }
}

/// The functions of `torch.nn.functional` the sandbox models (opaque results).
pub fn functional(f: &str) -> Option<&'static str> {
    const FUNCS: &[&str] = &[
        "torch.nn.functional.mse_loss",
        "torch.nn.functional.l1_loss",
        "torch.nn.functional.smooth_l1_loss",
        "torch.nn.functional.huber_loss",
        "torch.nn.functional.cross_entropy",
        "torch.nn.functional.nll_loss",
        "torch.nn.functional.binary_cross_entropy",
        "torch.nn.functional.binary_cross_entropy_with_logits",
        "torch.nn.functional.kl_div",
        "torch.nn.functional.relu",
        "torch.nn.functional.gelu",
        "torch.nn.functional.silu",
        "torch.nn.functional.tanh",
        "torch.nn.functional.sigmoid",
        "torch.nn.functional.softmax",
        "torch.nn.functional.log_softmax",
        "torch.nn.functional.dropout",
    ];
    FUNCS
        .iter()
        .find(|n| n.strip_prefix("torch.nn.functional.") == Some(f))
        .copied()
}

impl Ev<'_> {
    /// `modules["name"]` of a ModuleDict (or a Sequential built from an OrderedDict, which also
    /// takes an index).
    pub fn module_child(&mut self, m: &crate::sandbox::value::NnModule, key: &V) -> Ex<V> {
        if let V::Str(s) = key
            && let Some(i) = m.names.iter().position(|n| **n == **s)
        {
            return Ok(V::NnModule(m.children[i].clone()));
        }
        match key {
            V::Int(_) if m.kind != "ModuleDict" => {
                let k = self.index(key, m.children.len(), m.kind)?;
                Ok(V::NnModule(m.children[k].clone()))
            }
            _ => {
                let r = self.repr(key)?;
                raise(self.rt, "KeyError", r)
            }
        }
    }
}

/// Ints of a size argument: `(2, 3)`, `[2, 3]` or a `torch.Size`.
fn size_of(v: &V) -> Option<Vec<i64>> {
    match v {
        V::Tuple(t) => t.iter().map(super::super::builtins::int_of).collect(),
        V::List(l) => l
            .borrow()
            .iter()
            .map(super::super::builtins::int_of)
            .collect(),
        V::Ext(e) => match &**e {
            Ext::Size(s) => Some(s.to_vec()),
            _ => None,
        },
        _ => None,
    }
}

impl Ev<'_> {
    /// The shape a tensor factory makes, for the forms the older facade did not read (a size
    /// tuple, `randint`'s size, `arange`, `linspace`, `*_like`); `None` leaves the call to it.
    fn factory_shape(&self, name: &str, pos: &[V], kw: &Kw) -> Option<Vec<i64>> {
        let kwarg = |n: &str| kw.iter().find(|(k, _)| &**k == n).map(|(_, v)| v);
        let f = name.strip_prefix("torch.")?;
        match f {
            "zeros" | "ones" | "randn" | "rand" | "empty" if pos.len() == 1 => size_of(&pos[0]),
            "full" => size_of(pos.first()?),
            "randint" => size_of(pos.last().or_else(|| kwarg("size"))?),
            "zeros_like" | "ones_like" | "randn_like" | "rand_like" => match pos.first()? {
                V::Tensor(t) => Some(t.shape.clone()),
                _ => None,
            },
            "linspace" => match pos.get(2).or_else(|| kwarg("steps"))? {
                V::Int(n) => Some(vec![*n]),
                _ => None,
            },
            "arange" => {
                let nums: Vec<f64> = pos
                    .iter()
                    .map(|p| p.num().map(|n| n.f()))
                    .collect::<Option<_>>()?;
                let (a, b, s) = match nums.as_slice() {
                    [b] => (0.0, *b, 1.0),
                    [a, b] => (*a, *b, 1.0),
                    [a, b, s] => (*a, *b, *s),
                    _ => return None,
                };
                if s == 0.0 {
                    return None;
                }
                Some(vec![((b - a) / s).ceil().max(0.0) as i64])
            }
            _ => None,
        }
    }
}

/// The output shape of a module for an input shape, where it follows from the layer alone
/// (`Linear` replaces the last dimension; activations, dropout and norms keep the shape;
/// `Flatten` with its defaults folds all but the first; a `Sequential` chains its layers).
pub fn forward_shape(m: &crate::sandbox::value::NnModule, input: &[i64]) -> Option<Vec<i64>> {
    match m.kind {
        "Linear" => {
            let out = m.params.first()?.1.shape.first().copied()?;
            let (_, lead) = input.split_last()?;
            let mut s = lead.to_vec();
            s.push(out);
            Some(s)
        }
        "ReLU" | "ReLU6" | "GELU" | "SiLU" | "Sigmoid" | "Tanh" | "LeakyReLU" | "ELU"
        | "Softplus" | "Dropout" | "Identity" | "Softmax" | "LogSoftmax" | "LayerNorm"
        | "BatchNorm1d" => Some(input.to_vec()),
        "Flatten" if m.text.as_deref() == Some("start_dim=1, end_dim=-1") => {
            let (first, rest) = input.split_first()?;
            Some(vec![*first, rest.iter().product()])
        }
        "Sequential" => m
            .children
            .iter()
            .try_fold(input.to_vec(), |s, c| forward_shape(c, &s)),
        _ => None,
    }
}
