//! JSON repair of the structure: mismatched, missing and extra brackets, and a body that lost
//! its braces, rebuilt from indentation.

use super::*;

#[derive(Debug)]
pub(super) struct SFrame {
    pub(super) kind: Kind,
    /// Byte offset of the opener in the output.
    pub(super) at: usize,
    /// Nothing but whitespace since the opener.
    pub(super) empty: bool,
    /// An object inserted by this pass (members written straight into an array).
    pub(super) implied: bool,
    /// Opened as `{` and turned into an array (`"K": { {…} ]`): accepts `}` as its closer.
    pub(super) converted: bool,
    /// Outer `{` of a `[{ {` dropped inside this array: one `}` too many will follow.
    pub(super) dropped: usize,
}

impl SFrame {
    pub(super) fn new(kind: Kind, at: usize) -> Self {
        SFrame {
            kind,
            at,
            empty: true,
            implied: false,
            converted: false,
            dropped: 0,
        }
    }
}

/// Token-level structure repair outside strings: `{ {` (an object whose first token is an
/// object: the outer one becomes `[`, or is dropped when already inside `[`), members written
/// straight into an array (`"X": [ "K": 1 ]` → `[{ … }]`), mismatched closers (closing what
/// they can, else dropped), closers with nothing open (dropped), chars that cannot occur
/// outside JSON strings (`|`) blanked, and missing closers appended at the end. The identity
/// on valid JSON.
pub(super) fn fix_structure(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut stack: Vec<SFrame> = Vec::new();
    let mut state = Lex::Out;
    for c in s.chars() {
        if state != Lex::Out {
            state = step(state, c);
            out.push(c);
            continue;
        }
        if c.is_whitespace() {
            out.push(c);
            continue;
        }
        match c {
            '{' | '[' => {
                let kind = if c == '{' { Kind::Obj } else { Kind::Arr };
                let n = stack.len();
                if kind == Kind::Obj
                    && n >= 1
                    && stack[n - 1].kind == Kind::Obj
                    && stack[n - 1].empty
                {
                    let in_array = n >= 2 && stack[n - 2].kind == Kind::Arr;
                    let at = stack[n - 1].at;
                    if in_array && out.is_char_boundary(at) && out.get(at..=at) == Some("{") {
                        out.replace_range(at..=at, " ");
                        stack.pop();
                        if let Some(parent) = stack.last_mut() {
                            parent.dropped += 1;
                        }
                    } else if out.get(at..=at) == Some("{") {
                        out.replace_range(at..=at, "[");
                        if let Some(top) = stack.last_mut() {
                            top.kind = Kind::Arr;
                            top.converted = true;
                        }
                    }
                }
                if let Some(top) = stack.last_mut() {
                    top.empty = false;
                }
                stack.push(SFrame::new(kind, out.len()));
                out.push(c);
            }
            '}' | ']' => {
                let want = if c == '}' { Kind::Obj } else { Kind::Arr };
                let mut emitted = false;
                while let Some(top) = stack.last_mut() {
                    if top.kind == want {
                        stack.pop();
                        out.push(c);
                        emitted = true;
                        break;
                    }
                    if top.kind == Kind::Arr && top.converted && want == Kind::Obj {
                        stack.pop();
                        out.push(']');
                        emitted = true;
                        break;
                    }
                    if top.kind == Kind::Arr && want == Kind::Obj && top.dropped > 0 {
                        top.dropped -= 1;
                        out.push(' ');
                        emitted = true;
                        break;
                    }
                    // Close the mismatched container and try again one level up, if the
                    // wanted kind is open further up; else drop this closer.
                    let open_above = stack.iter().rev().skip(1).any(|f| f.kind == want);
                    if !open_above {
                        break;
                    }
                    if let Some(f) = stack.pop() {
                        out.push(closer(f.kind));
                    }
                }
                if !emitted {
                    out.push(' ');
                }
            }
            ':' => {
                let n = stack.len();
                if n >= 1 && stack[n - 1].kind == Kind::Arr && !stack[n - 1].implied {
                    let at = stack[n - 1].at + 1;
                    let only_key = out
                        .get(at..)
                        .is_some_and(|t| !t.contains(',') && t.trim_start().starts_with('"'));
                    if only_key && out.is_char_boundary(at) {
                        out.insert(at, '{');
                        let mut f = SFrame::new(Kind::Obj, at);
                        f.implied = true;
                        f.empty = false;
                        stack.push(f);
                    }
                }
                out.push(c);
            }
            '"' => {
                if let Some(top) = stack.last_mut() {
                    top.empty = false;
                }
                state = step(state, c);
                out.push(c);
            }
            c if c.is_ascii_alphanumeric() || matches!(c, ',' | '-' | '+' | '.') => {
                if let Some(top) = stack.last_mut() {
                    top.empty = false;
                }
                out.push(c);
            }
            _ => out.push(' '),
        }
    }
    // `]` closing an implied object's array arrives above as a mismatch: the implied object is
    // closed by `}` pushed there. Close whatever is still open.
    while let Some(f) = stack.pop() {
        out.push(if f.implied { '}' } else { closer(f.kind) });
    }
    out
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Kind {
    Obj,
    Arr,
}

#[derive(Debug)]
pub(super) struct Frame {
    pub(super) kind: Kind,
    /// Indentation of the line that opened it.
    pub(super) open: usize,
    /// Indentation of the first child line.
    pub(super) child: Option<usize>,
    /// An object that is an element of an array (its braces may have been lost too).
    pub(super) elem: bool,
    pub(super) keys: Vec<String>,
    /// A whitespace-only line (a lost brace line) was seen since the last member.
    pub(super) gap: bool,
}

impl Frame {
    /// Whether a content line at indentation `ind` lies outside this container.
    pub(super) fn left_by(&self, ind: usize) -> bool {
        match self.child {
            Some(c) => ind < c,
            None => ind <= self.open,
        }
    }

    pub(super) fn new(kind: Kind, open: usize, elem: bool) -> Self {
        Frame {
            kind,
            open,
            child: None,
            elem,
            keys: Vec::new(),
            gap: false,
        }
    }
}

pub(super) fn closer(k: Kind) -> char {
    match k {
        Kind::Obj => '}',
        Kind::Arr => ']',
    }
}

pub(super) fn indent_of(l: &str) -> usize {
    l.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The key of a `"Key": …` line.
pub(super) fn line_key(t: &str) -> Option<&str> {
    let rest = t.strip_prefix('"')?;
    let end = rest.find('"')?;
    rest[end + 1..]
        .trim_start()
        .starts_with(':')
        .then(|| &rest[..end])
}

/// FORMAT.md §10 "all braces stripped": the block starts with `"RequestId": …` and every line
/// that held only braces is blank (its indentation left behind). Rebuild the braces from the
/// indentation: `{` before the first line, closers appended to the last line of the container
/// they close, element objects of arrays re-opened at blank-line gaps or repeated keys. Never
/// adds or removes lines. Commas are then fixed by the two comma repairs.
pub(super) fn rebrace(s: &str) -> String {
    let src: Vec<&str> = s.lines().collect();
    let Some(first) = src.iter().position(|l| !l.trim().is_empty()) else {
        return s.to_string();
    };
    if line_key(src[first].trim()).is_none() {
        return s.to_string();
    }
    let mut out: Vec<String> = src.iter().map(|l| l.to_string()).collect();
    let mut stack: Vec<Frame> = vec![Frame::new(Kind::Obj, 0, false)];
    let mut last: Option<usize> = None;
    // Append closers to the last content line (or prefix them to line `i` if none yet).
    pub(super) fn close_into(out: &mut [String], last: Option<usize>, i: usize, k: Kind) {
        match last.and_then(|l| out.get_mut(l)) {
            Some(l) => l.push(closer(k)),
            None => {
                if let Some(l) = out.get_mut(i) {
                    l.insert(0, closer(k));
                }
            }
        }
    }
    for (i, raw) in src.iter().enumerate() {
        let t = raw.trim();
        if t.is_empty() {
            if !raw.is_empty() {
                if let Some(top) = stack.last_mut() {
                    top.gap = true;
                }
            }
            continue;
        }
        let ind = indent_of(raw);
        if i == first {
            out[i] = format!("{{{raw}");
        }
        if t.starts_with(['}', ']']) {
            // Explicit closers: auto-close deeper containers, then let each closer close one.
            while stack.len() >= 3 && stack[stack.len() - 2].left_by(ind) {
                if let Some(f) = stack.pop() {
                    close_into(&mut out, last, i, f.kind);
                }
            }
            let lead: String = raw.chars().take_while(|c| c.is_whitespace()).collect();
            let mut line = lead;
            for c in t.chars().filter(|c| matches!(c, '}' | ']')) {
                let _ = c;
                if stack.len() > 1 {
                    if let Some(f) = stack.pop() {
                        line.push(closer(f.kind));
                    }
                }
            }
            out[i] = line;
            last = Some(i);
            continue;
        }
        // Leaving containers whose children were indented deeper.
        while stack.len() > 1 && stack.last().is_some_and(|f| f.left_by(ind)) {
            if let Some(f) = stack.pop() {
                close_into(&mut out, last, i, f.kind);
            }
        }
        let key = line_key(t);
        if let Some(top) = stack.last() {
            let next_elem = top.elem
                && key.is_some()
                && top.child == Some(ind)
                && (top.gap || key.is_some_and(|k| top.keys.iter().any(|x| x == k)));
            if next_elem {
                if let Some(f) = stack.pop() {
                    close_into(&mut out, last, i, f.kind);
                }
                let at = out[i].len() - raw.len();
                out[i].insert(at, '{');
                stack.push(Frame::new(Kind::Obj, ind, true));
            }
        }
        if key.is_some() && stack.last().is_some_and(|f| f.kind == Kind::Arr) {
            if let Some(top) = stack.last_mut() {
                top.child.get_or_insert(ind);
            }
            let at = out[i].len() - raw.len();
            out[i].insert(at, '{');
            stack.push(Frame::new(Kind::Obj, ind, true));
        }
        let n = stack.len();
        if n >= 2 && stack[n - 1].elem {
            stack[n - 2].child.get_or_insert(ind);
        }
        if let Some(top) = stack.last_mut() {
            top.child.get_or_insert(ind);
            top.gap = false;
            if let Some(k) = key {
                top.keys.push(k.to_string());
            }
        }
        last = Some(i);
        let opener = t.trim_end_matches(',').trim_end();
        if let Some(before) = opener.strip_suffix('{') {
            if before.trim_end().ends_with('[') {
                stack.push(Frame::new(Kind::Arr, ind, false));
                stack.push(Frame::new(Kind::Obj, ind, true));
            } else {
                let elem = stack.last().is_some_and(|f| f.kind == Kind::Arr);
                stack.push(Frame::new(Kind::Obj, ind, elem));
            }
        } else if opener.ends_with('[') {
            stack.push(Frame::new(Kind::Arr, ind, false));
        }
    }
    while let Some(f) = stack.pop() {
        let at = last.unwrap_or(first);
        close_into(&mut out, Some(at), at, f.kind);
    }
    remove_trailing_commas(&insert_missing_commas(&join_lines(&out, s)))
}

// XML
