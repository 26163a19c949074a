//! `torch.optim.swa_utils` in the sandbox: SWALR is an engine scheduler like the others;
//! `AveragedModel` is an opaque module that wraps the model (its parameters, as `.module`), and
//! its `update_parameters` averages nothing, since the sandbox computes no tensor values. The
//! run's notes say so once, so no learner reads an unchanged model as the average.

use super::{Ev, Ex, raise};
use crate::engine::{Class, SchedId};
use crate::sandbox::value::{NnModule, V};
use std::rc::Rc;

/// The module's public names the sandbox leaves out (batch-norm statistics need real data).
const UNMODELLED: &[&str] = &[
    "update_bn",
    "get_ema_multi_avg_fn",
    "get_swa_multi_avg_fn",
    "get_ema_avg_fn",
    "get_swa_avg_fn",
];

const UPDATE_NOTE: &str = "AveragedModel.update_parameters() averages no weights in lrtutor's sandbox (it computes no tensor values); the learning rates are exact.";

impl Ev<'_> {
    /// `torch.optim.swa_utils.<name>`, or lrtutor's error for the parts it does not model.
    pub(super) fn swa_utils_attr(&mut self, name: &str) -> Ex<Option<V>> {
        match name {
            "SWALR" | "AveragedModel" => Ok(Some(V::Class(if name == "SWALR" {
                "SWALR"
            } else {
                "AveragedModel"
            }))),
            _ if UNMODELLED.contains(&name) => raise(
                self.rt,
                "SandboxError",
                format!(
                    "`torch.optim.swa_utils.{name}` is not part of lrtutor's sandbox (it computes no tensor values); SWALR and AveragedModel are"
                ),
            ),
            _ => Ok(None),
        }
    }

    /// `AveragedModel(model, ...)`: wraps the model, with its parameters under `module.`.
    pub(super) fn averaged_model(&mut self, pos: &[V], kw: &[(Rc<str>, V)]) -> Ex<V> {
        let model = pos
            .first()
            .or_else(|| kw.iter().find(|(k, _)| &**k == "model").map(|(_, v)| v));
        let Some(V::NnModule(m)) = model else {
            return raise(
                self.rt,
                "SandboxError",
                "lrtutor's AveragedModel wraps an nn module: AveragedModel(model)",
            );
        };
        let params = m
            .params
            .iter()
            .map(|(n, t)| (format!("module.{n}"), t.clone()))
            .collect();
        Ok(V::NnModule(Rc::new(NnModule {
            kind: "AveragedModel",
            params,
            is_loss: false,
            children: vec![m.clone()],
            // Prints as PyTorch does: `AveragedModel(\n  (module): ...\n)`.
            text: None,
            names: vec!["module".to_string()],
        })))
    }

    /// `swa_model.update_parameters(model)`: a no-op, noted once in the run.
    pub(super) fn averaged_update(&mut self) -> V {
        if !self.rt.notes.iter().any(|n| n == UPDATE_NOTE) {
            self.rt.notes.push(UPDATE_NOTE.to_string());
        }
        V::None
    }

    /// `swa_model.<attr>`: the wrapped `module` and the module methods; the averaged state
    /// (`n_averaged`, the averaged weights) is not modelled and is named so.
    pub(super) fn averaged_attr(&mut self, o: &V, m: &Rc<NnModule>, attr: &str) -> Ex<V> {
        const METHODS: &[&str] = &[
            "update_parameters",
            "parameters",
            "named_parameters",
            "forward",
            "to",
            "train",
            "eval",
            "cuda",
            "cpu",
            "zero_grad",
            "children",
            "modules",
        ];
        match attr {
            "module" => Ok(m
                .children
                .first()
                .map_or(V::None, |c| V::NnModule(c.clone()))),
            _ if METHODS.contains(&attr) => Ok(V::Method(Rc::new((o.clone(), Rc::from(attr))))),
            _ => raise(
                self.rt,
                "SandboxError",
                format!(
                    "lrtutor models AveragedModel as an opaque wrapper of its module: `.{attr}` is not modelled (it computes no averaged weights)"
                ),
            ),
        }
    }

    /// SWALR warns from its own `get_lr` (`stacklevel=2`), so its get_lr warning points at the
    /// learner's line, where the `lr_scheduler` classes' points inside PyTorch.
    pub(super) fn swalr_warning_lines(&mut self, id: SchedId, from: usize) -> Ex<()> {
        if self.engine()?.scheduler(id).class != Class::SWALR {
            return Ok(());
        }
        let line = self.rt.line;
        for w in self.rt.warnings.iter_mut().skip(from) {
            w.line = Some(line);
        }
        Ok(())
    }
}
