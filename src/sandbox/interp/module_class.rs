//! A learner's `torch.nn.Module` subclass, as training scripts define their model: layers and
//! parameters assigned in `__init__` (after `super().__init__()`), `forward` run by calling
//! the model, and `parameters()`/`named_parameters()` collected from its attributes in PyTorch's
//! order (own parameters first, then each submodule's; a shared tensor once). Tensors stay
//! opaque; what the sandbox does not model (printing the model, its `state_dict`) is refused by
//! name.

use super::{Ev, Ex, raise};
use crate::sandbox::class::Instance;
use crate::sandbox::value::{Tensor, V};
use std::cell::RefCell;
use std::rc::Rc;

/// The methods `nn.Module` gives a subclass here.
pub const MODULE_METHODS: &[&str] = &[
    "__init__",
    "forward",
    "parameters",
    "named_parameters",
    "train",
    "eval",
    "to",
    "cpu",
    "cuda",
    "float",
    "double",
    "zero_grad",
    "children",
    "state_dict",
    "load_state_dict",
];

pub fn is_module(inst: &Instance) -> bool {
    inst.class.builtin == Some("Module")
}

/// Whether `Module.__init__` ran (it sets `training`, as PyTorch's does).
fn initialised(inst: &Instance) -> bool {
    matches!(inst.dict.borrow().contains(&V::str("training")), Ok(true))
}

impl Ev<'_> {
    pub fn module_method(&mut self, inst: &Rc<Instance>, name: &str, pos: Vec<V>) -> Ex<V> {
        let me = V::Instance(inst.clone());
        match name {
            "__init__" => {
                self.set_training(inst, true)?;
                Ok(V::None)
            }
            "forward" => {
                let msg = format!(
                    "Module [{}] is missing the required \"forward\" function",
                    inst.class.name
                );
                raise(self.rt, "NotImplementedError", msg)
            }
            "parameters" => {
                let params = self.module_params(inst, "");
                let items = params.into_iter().map(|(_, t)| V::Tensor(t)).collect();
                Ok(V::Params(Rc::new(RefCell::new(Some(items)))))
            }
            "named_parameters" => {
                let params = self.module_params(inst, "");
                Ok(V::iter(
                    params
                        .into_iter()
                        .map(|(n, t)| V::tuple(vec![V::str(&n), V::Tensor(t)]))
                        .collect(),
                ))
            }
            "train" | "eval" => {
                let mode = name == "train" && pos.first().is_none_or(|v| v.truthy());
                self.set_training(inst, mode)?;
                Ok(me)
            }
            "zero_grad" => Ok(V::None),
            "children" => {
                let kids: Vec<V> = inst
                    .dict
                    .borrow()
                    .iter()
                    .filter(|(_, v)| is_module_value(v))
                    .map(|(_, v)| v.clone())
                    .collect();
                Ok(V::iter(kids))
            }
            "state_dict" | "load_state_dict" => {
                let msg = format!(
                    "{name}() of a torch.nn.Module subclass is not supported in lrtutor's sandbox (line {}): it does not compute tensor values",
                    self.rt.line
                );
                raise(self.rt, "SandboxError", msg)
            }
            // `to(device)`, `cpu()`, `float()`, ...: the same model.
            _ => Ok(me),
        }
    }

    fn set_training(&mut self, inst: &Instance, mode: bool) -> Ex<()> {
        let r = inst
            .dict
            .borrow_mut()
            .insert(V::str("training"), V::Bool(mode));
        r.or_else(|e| self.hash_error(e))
    }

    /// `named_parameters()`: the instance's own parameters, then each submodule's, each tensor
    /// once.
    fn module_params(&mut self, inst: &Instance, prefix: &str) -> Vec<(String, Rc<Tensor>)> {
        let attrs = inst.dict.borrow().pairs();
        let mut out: Vec<(String, Rc<Tensor>)> = Vec::new();
        let push = |out: &mut Vec<(String, Rc<Tensor>)>, name: String, t: Rc<Tensor>| {
            if !out.iter().any(|(_, seen)| Rc::ptr_eq(seen, &t)) {
                out.push((name, t));
            }
        };
        for (k, v) in &attrs {
            if let (V::Str(k), V::Tensor(t)) = (k, v)
                && t.requires_grad
            {
                push(&mut out, format!("{prefix}{k}"), t.clone());
            }
        }
        for (k, v) in &attrs {
            let V::Str(k) = k else { continue };
            let inner = match v {
                V::NnModule(m) => m.params.clone(),
                V::Instance(i) if is_module(i) => self.module_params(i, ""),
                _ => continue,
            };
            for (n, t) in inner {
                push(&mut out, format!("{prefix}{k}.{n}"), t);
            }
        }
        out
    }

    /// PyTorch refuses a layer or parameter assigned before `super().__init__()`.
    pub fn check_module_assign(&mut self, inst: &Instance, v: &V) -> Ex<()> {
        if !is_module(inst) || initialised(inst) {
            return Ok(());
        }
        let what = match v {
            V::Tensor(t) if t.requires_grad => "parameters",
            v if is_module_value(v) => "module",
            _ => return Ok(()),
        };
        let msg = if what == "module" {
            "cannot assign module before Module.__init__() call".to_string()
        } else {
            "cannot assign parameters before Module.__init__() call".to_string()
        };
        raise(self.rt, "AttributeError", msg)
    }

    /// Printing a model shows PyTorch's module tree, which the sandbox does not build for a
    /// learner's class.
    pub fn module_repr(&mut self, inst: &Instance) -> Ex<String> {
        let msg = format!(
            "printing a torch.nn.Module subclass ({}) is not supported in lrtutor's sandbox (line {}): print its layers or parameter shapes instead",
            inst.class.name, self.rt.line
        );
        raise(self.rt, "SandboxError", msg)
    }
}

fn is_module_value(v: &V) -> bool {
    match v {
        V::NnModule(_) => true,
        V::Instance(i) => is_module(i),
        _ => false,
    }
}
