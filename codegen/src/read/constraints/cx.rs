//! The rules read so far from one cell, and how each kind of rule is added to them.

use super::*;

/// The rules read so far.
#[derive(Default)]
pub(super) struct Cx {
    pub(super) inf: Inferred,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) min_v: Option<(i64, u32, String)>,
    pub(super) max_v: Option<(i64, u32, String)>,
}

pub(super) fn origin(line: u32, text: &str) -> Origin {
    Origin {
        line,
        text: clip(text, 160),
    }
}

impl Cx {
    pub(super) fn set_origin(&mut self, key: &str, line: u32, text: &str) {
        self.inf
            .constraints
            .origin
            .entry(key.to_string())
            .or_insert_with(|| origin(line, text));
    }

    pub fn warn(&mut self, line: u32, what: &str, phrase: &str) {
        let msg = format!("{what}: \"{}\"", clip(phrase, 120));
        if !self
            .diags
            .iter()
            .any(|d| d.line == line && d.message == msg)
        {
            self.diags
                .push(Diagnostic::warning(line, "constraint-unread", msg));
        }
    }

    pub fn add_ranges(&mut self, items: &[[i64; 2]], line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        for r in items {
            if r[0] <= r[1] && !c.ranges.contains(r) {
                c.ranges.push(*r);
            }
        }
        self.set_origin("ranges", line, phrase);
    }

    pub fn add_enum(&mut self, vals: Vec<(String, String)>, line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        for (value, doc) in vals {
            if !c.enum_values.iter().any(|e| e.value == value) {
                c.enum_values.push(EnumValue { value, doc });
            }
        }
        self.set_origin("enum", line, phrase);
    }

    /// A length statement; several statements widen to their hull.
    pub fn set_len(&mut self, min: Option<u32>, max: Option<u32>, line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        if let Some(m) = min {
            c.min_len = Some(c.min_len.map_or(m, |o| o.min(m)));
            self.set_origin("min_len", line, phrase);
        }
        let c = &mut self.inf.constraints;
        if let Some(m) = max {
            c.max_len = Some(c.max_len.map_or(m, |o| o.max(m)));
            self.set_origin("max_len", line, phrase);
        }
    }

    pub fn set_max_items(&mut self, n: u32, line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        c.max_items = Some(c.max_items.map_or(n, |o| o.max(n)));
        self.set_origin("max_items", line, phrase);
    }

    pub fn add_not_prefix(&mut self, items: Vec<String>, line: u32, phrase: &str) {
        let c = &mut self.inf.constraints;
        for p in items {
            if !c.not_prefix.contains(&p) {
                c.not_prefix.push(p);
            }
        }
        self.set_origin("not_prefix", line, phrase);
    }

    pub fn set_pattern(&mut self, pattern: String, line: u32, phrase: &str) {
        if self.inf.constraints.pattern.is_none() {
            self.inf.constraints.pattern = Some(pattern);
            self.set_origin("pattern", line, phrase);
        }
    }

    pub fn set_default(&mut self, value: Option<String>, line: u32) {
        // The first statement wins; a stated-empty default also counts as a statement.
        if self.inf.default.is_none() {
            self.inf.default = value.map(|v| (v, line));
        }
    }

    pub fn set_n_range(&mut self, items: &[[i64; 2]], line: u32) {
        let lo = items.iter().map(|r| r[0]).min();
        let hi = items.iter().map(|r| r[1]).max();
        if let (Some(lo), Some(hi), None) = (lo, hi, self.inf.n_range) {
            if lo <= hi {
                self.inf.n_range = Some(([lo, hi], line));
            }
        }
    }

    pub fn set_bound(&mut self, max: bool, v: i64, line: u32, phrase: &str) {
        let slot = if max {
            &mut self.max_v
        } else {
            &mut self.min_v
        };
        if slot.is_none() {
            *slot = Some((v, line, phrase.to_string()));
        }
    }

    pub fn set_json(&mut self) {
        self.inf.json_array = true;
    }

    pub fn set_deprecated(&mut self) {
        self.inf.deprecated = true;
    }

    /// Applies a value list (bullets or inline items).
    pub fn apply_block(&mut self, vals: Vec<(Val, String)>, line: u32, phrase: &str) {
        self.apply_values(vals, line, phrase, false);
    }

    /// `n_range`: the list is the N range of a repeat list.
    pub fn apply_values(&mut self, vals: Vec<(Val, String)>, line: u32, phrase: &str, n: bool) {
        let all_num = vals.iter().all(|(v, _)| matches!(v, Val::Num { .. }));
        let any_span = vals
            .iter()
            .any(|(v, _)| matches!(v, Val::Num { lo, hi, .. } if lo != hi));
        let any_frac = vals
            .iter()
            .any(|(v, _)| matches!(v, Val::Num { frac: true, .. }));
        let nums: Vec<[i64; 2]> = vals
            .iter()
            .filter_map(|(v, _)| match v {
                Val::Num { lo, hi, .. } => Some([*lo, *hi]),
                Val::Word(_) => None,
            })
            .collect();
        if n {
            if all_num && !any_frac {
                self.set_n_range(&nums, line);
            } else {
                self.warn(line, "N range not understood", phrase);
            }
            return;
        }
        if any_span {
            if all_num && !any_frac {
                self.add_ranges(&nums, line, phrase);
            } else {
                self.warn(line, "value set mixes words and ranges", phrase);
            }
            return;
        }
        let vals = vals
            .into_iter()
            .map(|(v, doc)| match v {
                Val::Num { text, .. } => (text, doc),
                Val::Word(w) => (w, doc),
            })
            .collect();
        self.add_enum(vals, line, phrase);
    }

    /// After a value label (`取值范围：`, `Valid values:`): read the inline values or the bullet
    /// list that follows. `label` is the byte span of the label in the current line.
    pub fn value_label(&mut self, s: &mut Scan, label: (usize, usize), n: bool) {
        let text = s.text();
        let line = s.line().line;
        let rest = text.get(label.1..).unwrap_or("");
        let phrase_start = label.0;
        let t = rest.trim_start_matches(|c: char| c.is_whitespace());
        if t.is_empty() || t == "." || t == "。" {
            s.cover(label.0, text.len());
            let phrase = &text[phrase_start..];
            match read_block(s.lines, s.i + 1, false) {
                Some(BlockRead::Values(vals, idx)) => {
                    for k in idx {
                        s.consumed[k] = true;
                    }
                    self.apply_values(vals, line, phrase, n);
                }
                Some(BlockRead::NotValues(j)) => {
                    let l = s.lines[j];
                    self.warn(l.line, "value list item not understood", l.text);
                }
                None => {
                    // `取值范围：` then a prose paragraph: try it as inline values.
                    let next = s.lines[s.i + 1..].iter().position(|l| !l.text.is_empty());
                    if let Some(off) = next {
                        let j = s.i + 1 + off;
                        let l = s.lines[j];
                        if !l.code && !l.bullet {
                            if let Some((vals, _)) = inline_values(l.text) {
                                s.consumed[j] = true;
                                self.apply_values(vals, l.line, l.text, n);
                                return;
                            }
                        }
                    }
                    self.warn(line, "value label without values", phrase);
                }
            }
            return;
        }
        match inline_values(rest) {
            Some((vals, used)) => {
                let end = label.1 + used;
                s.cover(label.0, end);
                let phrase = text.get(phrase_start..end).unwrap_or(text);
                self.apply_values(vals, line, phrase, n);
                // Bullets explaining the values (`取值范围：0~6` + `- 0：…`) belong to it.
                if let Some(BlockRead::Values(_, idx)) = read_block(s.lines, s.i + 1, false) {
                    if next_is_bullet(s.lines, s.i + 1) {
                        for k in idx {
                            s.consumed[k] = true;
                        }
                    }
                }
            }
            None => {
                s.cover(label.0, label.1);
                let end = sentence_end(text, label.1);
                self.warn(line, "values not understood", &text[phrase_start..end]);
            }
        }
    }

    /// Sentences of the line with a trigger word that no scanner understood.
    pub(super) fn warn_unread(
        &mut self,
        l: &Line,
        spans: &[(usize, usize)],
        hits: &[(usize, usize)],
    ) {
        let text = l.text;
        let mut last_end = 0;
        for &(a, _b) in hits {
            if a < last_end || spans.iter().any(|&(x, y)| x <= a && a < y) {
                continue;
            }
            let (s0, s1) = (sentence_start(text, a), sentence_end(text, a));
            if spans.iter().any(|&(x, _)| s0 <= x && x < s1) && s1 - s0 > 200 {
                continue;
            }
            last_end = s1;
            self.warn(l.line, "constraint phrase not understood", &text[s0..s1]);
        }
    }

    pub(super) fn finish(mut self) -> (Inferred, Vec<Diagnostic>) {
        // A bound stated beside a range (`大于等于2，最大值：100`) narrows it.
        if !self.inf.constraints.ranges.is_empty() && (self.min_v.is_some() || self.max_v.is_some())
        {
            let lo = self.min_v.as_ref().map_or(i64::MIN, |m| m.0);
            let hi = self.max_v.as_ref().map_or(i64::MAX, |m| m.0);
            let narrowed: Vec<[i64; 2]> = self
                .inf
                .constraints
                .ranges
                .iter()
                .map(|r| [r[0].max(lo), r[1].min(hi)])
                .filter(|r| r[0] <= r[1])
                .collect();
            let bound = self
                .min_v
                .as_ref()
                .or(self.max_v.as_ref())
                .map(|b| (b.1, b.2.clone()));
            match bound {
                Some((line, phrase)) if narrowed.is_empty() => {
                    self.warn(line, "bound outside the stated range", &phrase)
                }
                _ => self.inf.constraints.ranges = narrowed,
            }
        }
        if self.inf.constraints.ranges.is_empty() && (self.min_v.is_some() || self.max_v.is_some())
        {
            let lo = self.min_v.as_ref().map_or(i64::MIN, |m| m.0);
            let hi = self.max_v.as_ref().map_or(i64::MAX, |m| m.0);
            let (line, phrase) = match (&self.min_v, &self.max_v) {
                (Some(a), Some(b)) => (a.1, format!("{} {}", a.2, b.2)),
                (Some(a), None) => (a.1, a.2.clone()),
                (None, Some(b)) => (b.1, b.2.clone()),
                (None, None) => (0, String::new()),
            };
            if lo <= hi {
                self.add_ranges(&[[lo, hi]], line, &phrase);
            }
        }
        (self.inf, self.diags)
    }
}
