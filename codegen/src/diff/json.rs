//! `--json`: one document with the pairs, what could not be paired, one object per change
//! (stable field names: `action`, `language`, `old_file`, `new_file`, `kind`, `path`, `old`,
//! `new`, `old_line`, `new_line`, `semver`, `wire`, `class`) and the summary.

use super::{Report, Summary};
use serde_json::{json, Value};

pub fn report(r: &Report) -> Value {
    let pairs: Vec<Value> = r
        .pages
        .iter()
        .map(|p| {
            json!({
                "action": p.action,
                "language": p.language,
                "status": p.status,
                "old_file": p.old_file,
                "new_file": p.new_file,
                "changes": p.changes.len(),
                "notes": p.notes,
                "read_errors": p.read_errors,
            })
        })
        .collect();
    let changes: Vec<Value> = r
        .changes()
        .map(|(p, c)| {
            let mut v = json!({
                "action": p.action,
                "language": p.language,
                "old_file": p.old_file,
                "new_file": p.new_file,
            });
            if let (Value::Object(m), Ok(Value::Object(c))) = (&mut v, serde_json::to_value(c)) {
                m.extend(c);
            }
            v
        })
        .collect();
    json!({
        "translation": r.translation,
        "pairs": pairs,
        "unpaired": r.unpaired,
        "changes": changes,
        "summary": Summary::of(r),
    })
}
