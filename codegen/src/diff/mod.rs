//! `ecs-codegen diff`: what changed between two models of the same actions, and whether the
//! change breaks the generated Rust API (semver) or requests and responses (wire).
//!
//! The input is the reader's model ([`crate::ir::Page`]); nothing here reads Markdown. One
//! concern per file: [`pair`] matches pages, [`params`], [`constraints`], [`response`] and
//! [`errors`] compare one part of a model each, [`classify`] holds the class of every kind of
//! change, [`cosmetic`] says what moved when the model did not, [`history`] walks every
//! consecutive pair of versions, [`summary`] counts, and [`text`], [`json`] and [`markdown`]
//! render a report.
//!
//! What of the model is compared. As changes: `product`/`version`; every parameter's `name`,
//! `rust_name`, `type`, `required` (not on a list's element, which the emitter does not read),
//! `encoding`, `default`, `deprecated`, every rule in `constraints`, its `item` and `fields`;
//! every response field's `name` (by path), `rust_name`, `type`, `wrapper`, and `type_name`
//! where it names a generated struct (on a leaf the emitter does not use it); every error
//! row's `code`, `message`, `http_status`, `variant`. As cosmetic notes: `generation`,
//! `language`, `summary`, `description`, descriptions and examples of parameters, fields and
//! errors, the phrases in `constraints.origin`, row order and `line`s, `examples`, the count of
//! `diagnostics` (errors also as `read_errors`). Used for pairing: `file`, `kind`, `action`,
//! `language`. Not compared: `skip_reason` and `data_type`, which only non-action pages carry
//! (a G1 response already holds the fields its data-type pages gave it).

pub mod change;
pub mod classify;
pub mod constraints;
pub mod cosmetic;
pub mod errors;
pub mod history;
pub mod json;
pub mod markdown;
pub mod pair;
pub mod params;
pub mod response;
pub mod summary;
pub mod text;

pub use change::{Change, Class, Kind, Semver, Wire};
pub use pair::{pair_pages, pair_two};
pub use summary::Summary;

use crate::ir::{Language, Page};
use serde::Serialize;

/// How a pair of pages (or one page without a partner) came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The model changed.
    Changed,
    /// Only the page changed (wording, layout, format generation): no model change.
    Cosmetic,
    /// Nothing but the file name differs.
    Unchanged,
    /// The action exists only on the new side.
    Added,
    /// The action exists only on the old side.
    Removed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Changed => "changed",
            Status::Cosmetic => "cosmetic",
            Status::Unchanged => "unchanged",
            Status::Added => "added",
            Status::Removed => "removed",
        }
    }
}

/// The diff of one action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageDiff {
    pub action: String,
    pub language: Option<Language>,
    pub old_file: Option<String>,
    pub new_file: Option<String>,
    pub status: Status,
    pub changes: Vec<Change>,
    /// What moved on the page beyond the model (see [`cosmetic`]).
    pub notes: Vec<String>,
    /// Error diagnostics of the reader on each side: changes near them may be reading
    /// artefacts rather than documentation changes.
    pub read_errors: [usize; 2],
}

/// A page that could not be paired, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unpaired {
    pub file: String,
    pub side: &'static str,
    pub reason: String,
}

/// The diff of two pages or two folders.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Pages were paired by action across languages (translation drift), not within one.
    pub translation: bool,
    pub pages: Vec<PageDiff>,
    pub unpaired: Vec<Unpaired>,
    /// Pages that are not action pages (overviews, data types), left out of the pairing.
    pub skipped: usize,
}

impl Report {
    pub fn changes(&self) -> impl Iterator<Item = (&PageDiff, &Change)> {
        self.pages
            .iter()
            .flat_map(|p| p.changes.iter().map(move |c| (p, c)))
    }
    /// Some change whose class is breaking (the semver or the wire effect).
    pub fn has_breaking(&self) -> bool {
        self.changes().any(|(_, c)| c.class == Class::Breaking)
    }
    /// Some change that breaks on the wire.
    pub fn has_wire_breaking(&self) -> bool {
        self.changes().any(|(_, c)| c.wire.is_breaking())
    }
}

/// Every model change from `old` to `new` (two versions of one action), in the order
/// parameters, response, errors.
pub fn changes(old: &Page, new: &Page) -> Vec<Change> {
    let mut out = Vec::new();
    if old.product != new.product || old.version != new.version {
        out.push(
            Change::new(
                Kind::ApiVersionChanged,
                new.action.clone().unwrap_or_default(),
            )
            .values(
                Some(format!("{} {}", old.product, old.version)),
                Some(format!("{} {}", new.product, new.version)),
            )
            .lines(Some(1), Some(1)),
        );
    }
    params::compare("", &old.params, &new.params, &mut out);
    response::compare(&old.response.fields, &new.response.fields, &mut out);
    errors::compare(&old.errors, &new.errors, &mut out);
    out
}

/// The diff of two versions of one action page.
pub fn diff_pages(old: &Page, new: &Page) -> PageDiff {
    let changes = changes(old, new);
    let mut notes = cosmetic::notes(old, new);
    let status = if !changes.is_empty() {
        Status::Changed
    } else if !notes.is_empty() {
        Status::Cosmetic
    } else {
        let mut same = new.clone();
        same.file.clone_from(&old.file);
        if &same == old {
            Status::Unchanged
        } else {
            notes.push("model details the diff does not compare differ".into());
            Status::Cosmetic
        }
    };
    PageDiff {
        action: new
            .action
            .clone()
            .or_else(|| old.action.clone())
            .unwrap_or_default(),
        language: old.language,
        old_file: Some(old.file.clone()),
        new_file: Some(new.file.clone()),
        status,
        changes,
        notes,
        read_errors: [old.errors_count(), new.errors_count()],
    }
}

#[cfg(test)]
mod tests;
