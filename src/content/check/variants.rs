//! `check` for questions with per-student variants (`params`, `{{answer}}`, `value_of`,
//! `code_variant`): every combination of the params (or a seeded sample above 200) is rendered
//! and verified on the engine; the first failing combination is reported with its values.

use super::{Checker, at};
use crate::content::quiz::Question;
use crate::content::variant::{self, Variant};

/// Whether the question has anything for the variant machinery to fill in.
pub(super) fn uses_variants(q: &Question) -> bool {
    q.params.is_some()
        || q.options.iter().any(|o| {
            o.value_of.is_some() || o.code_variant.is_some() || o.text.value.contains("{{")
        })
}

impl Checker<'_> {
    pub(super) fn variants(&mut self, path: &str, q: &Question) {
        let names: Vec<String> = match variant::params(q) {
            Ok(p) => p.iter().map(|(k, _)| k.to_string()).collect(),
            Err(why) => {
                let pos = q.params.as_ref().map_or(at(&q.id), at);
                return self.error(path, pos, format!("question '{}': {why}", q.id.value));
            }
        };
        if !self.placeholders_known(path, q, &names) {
            return;
        }
        if !self.opts.run_code {
            return;
        }
        let pos = q.code.as_ref().map_or(at(&q.id), at);
        let total = variant::combinations(q);
        let verified = self.summary.verified;
        for k in variant::to_check(q) {
            let v = variant::nth(q, k);
            if !self.one_variant(path, q, v.as_ref(), pos, total) {
                self.summary.verified = verified;
                return;
            }
        }
        // Counted once per question, and only when the engine proved something.
        self.summary.verified = verified + usize::from(q.verify.is_some());
    }

    /// Renders and verifies one combination; false (with the error reported) when it fails.
    fn one_variant(
        &mut self,
        path: &str,
        q: &Question,
        v: Option<&Variant>,
        pos: (u64, u64),
        total: usize,
    ) -> bool {
        let which = v.map_or(String::new(), |v| {
            format!(" (variant {} of {total}: {})", v.index + 1, v.describe())
        });
        let rendered = variant::render(q, v, &mut |src| self.run(path, pos, src));
        let r = match rendered {
            Ok(r) => r,
            Err(why) => {
                self.error(
                    path,
                    pos,
                    format!("question '{}'{which}: {why}", q.id.value),
                );
                return false;
            }
        };
        let before = self.out.len();
        for (i, a) in r.options.iter().enumerate() {
            if let Some(j) = r.options[..i]
                .iter()
                .position(|b| b.text.value.trim() == a.text.value.trim())
            {
                self.error(
                    path,
                    at(&q.options[i].text),
                    format!(
                        "options {} and {} of question '{}' both show '{}'; students could not tell them apart",
                        j + 1,
                        i + 1,
                        q.id.value,
                        a.text.value.trim()
                    ),
                );
            }
        }
        if let Some(verify) = &r.verify {
            self.verify(path, &r, verify);
        }
        if self.out.len() == before {
            return true;
        }
        for d in &mut self.out[before..] {
            d.message.push_str(&which);
        }
        false
    }

    /// Every `{{name}}` names a param (or `answer`/`value` where the engine fills them in).
    fn placeholders_known(&mut self, path: &str, q: &Question, names: &[String]) -> bool {
        let known = |n: &str| names.iter().any(|k| k == n);
        let mut ok = true;
        // Not `code`: `{{x}}` there may be an f-string's escaped braces; a misspelt param in
        // code shows when the code runs.
        let mut texts: Vec<(&str, (u64, u64))> = vec![(q.prompt.as_str(), at(&q.id))];
        for s in &q.solution {
            texts.push((s.text.as_str(), at(&q.id)));
        }
        for o in &q.options {
            for name in variant::placeholders(&o.text.value) {
                let allowed = known(name)
                    || (name == "answer" && q.verify.is_some())
                    || (name == "value" && (o.value_of.is_some() || o.code_variant.is_some()));
                if !allowed {
                    ok = false;
                    self.error(path, at(&o.text), unknown(name, names));
                }
            }
            if o.value_of.is_some() && o.code_variant.is_some() {
                ok = false;
                self.error(
                    path,
                    at(&o.text),
                    "an option takes `value_of` or `code_variant`, not both",
                );
            }
            if let Some(e) = &o.value_of {
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                if let Err(why) = variant::safe_expression(&e.value, &refs) {
                    ok = false;
                    self.error(path, at(e), why);
                }
            }
        }
        for (text, pos) in texts {
            for name in variant::placeholders(text) {
                if !known(name) {
                    ok = false;
                    self.error(path, pos, unknown(name, names));
                }
            }
        }
        ok
    }
}

fn unknown(name: &str, names: &[String]) -> String {
    let hint = match name {
        "answer" => " (`{{answer}}` is the engine's answer: it needs `verify`)".to_string(),
        "value" => " (`{{value}}` needs `value_of` or `code_variant` on its option)".to_string(),
        _ if names.is_empty() => " (the question has no `params`)".to_string(),
        _ => format!(" (params: {})", names.join(", ")),
    };
    format!("`{{{{{name}}}}}` is not a param of this question{hint}")
}
