//! Known mistakes in the reference pages that the generic reader cannot see, each with the page
//! it belongs to. Applied to the finished IR of a page, so the reader stays free of special
//! cases; an entry that no longer matches does nothing.

use crate::ir::Page;

/// One known mistake.
struct Erratum {
    /// The action it applies to.
    action: &'static str,
    /// What is wrong, for the record.
    why: &'static str,
    fix: fn(&mut Page),
}

const ERRATA: &[Erratum] = &[];

/// Applies every erratum whose action matches the page.
pub fn apply(page: &mut Page) {
    for e in ERRATA {
        if page.action.as_deref() == Some(e.action) {
            let _ = e.why;
            (e.fix)(page);
        }
    }
}
