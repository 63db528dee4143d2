//! Where a response's types are described outside its own tables: data-type pages beside the
//! page (or in the type folders), sections of other pages, and another version of the same
//! action's page, each read once and cached.

use super::sections::{resp_table, tables_of};
use super::{page, parse_page_with, response};
use crate::ir::{DataType, PageKind, Severity};
use response::RespTable;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Finds and caches data-type pages (`InstanceAttributesType.md`) in the folder of the page
/// that links to them (FORMAT.md §7: links resolve by basename in the same folder).
/// Folders named with [`Resolver::with_type_dirs`] are searched after the page's own folder
/// (an earlier version of a page, kept apart from the data-type pages of its generation), and
/// for another version of the action's page: where a row fits two open blocks equally well
/// and the page's example is silent, the block that version has the field in decides.
#[derive(Default)]
pub struct Resolver {
    cache: HashMap<PathBuf, Option<DataType>>,
    /// Types described in a section of a page, by page and section anchor.
    sections: HashMap<(PathBuf, String), Option<DataType>>,
    /// Pages being read right now, to stop cycles.
    active: Vec<PathBuf>,
    /// Page sections being read right now, to stop cycles between sections.
    active_sections: Vec<(PathBuf, String)>,
    /// Where data-type pages are looked for when they are not beside the page, and where
    /// another version of an action's page is looked for.
    type_dirs: Vec<PathBuf>,
    /// Field homes of the other version of each action read so far.
    versions: HashMap<String, std::rc::Rc<Vec<(String, String)>>>,
}

impl Resolver {
    /// A resolver that also looks for data-type pages in `dirs`, in order.
    pub fn with_type_dirs(dirs: Vec<PathBuf>) -> Resolver {
        Resolver {
            type_dirs: dirs,
            ..Resolver::default()
        }
    }

    /// `(field, parent)` homes of the response fields of another version of `action`'s page:
    /// `<action>.md` in the first of the type folders that has it (not `own` itself). Empty
    /// without type folders: a page is then read from itself alone.
    pub(super) fn other_version(
        &mut self,
        action: &str,
        own: &Path,
    ) -> std::rc::Rc<Vec<(String, String)>> {
        if self.type_dirs.is_empty() {
            return Default::default();
        }
        if let Some(hit) = self.versions.get(action) {
            return hit.clone();
        }
        // Guard: the other version is read with this resolver, and must not look for itself.
        self.versions.insert(action.to_string(), Default::default());
        let mut homes = Vec::new();
        let file = format!("{action}.md");
        let found = self
            .type_dirs
            .iter()
            .map(|d| d.join(&file))
            .find(|p| p.is_file() && p != own);
        if let Some(p) = found {
            if let Ok(text) = std::fs::read_to_string(&p) {
                let page = parse_page_with(&p.to_string_lossy(), &text, self);
                if page.kind == PageKind::Action && page.errors_count() == 0 {
                    response::homes(&page.response.fields, "", &mut homes);
                }
            }
        }
        let homes = std::rc::Rc::new(homes);
        self.versions.insert(action.to_string(), homes.clone());
        homes
    }

    pub(super) fn resolve(&mut self, dir: &Path, name: &str) -> Option<DataType> {
        let found = self.resolve_in(dir, name);
        if found.is_some() {
            return found;
        }
        let dirs = self.type_dirs.clone();
        dirs.iter().find_map(|d| self.resolve_in(d, name))
    }

    fn resolve_in(&mut self, dir: &Path, name: &str) -> Option<DataType> {
        let base = name.rsplit('/').next().unwrap_or(name);
        let (base, anchor) = match base.split_once('#') {
            Some((b, a)) => (b, Some(a)),
            None => (base, None),
        };
        let base = base.trim_end_matches(".md");
        if base.is_empty() || base.contains(['\\', '.']) {
            return None;
        }
        let path = dir.join(format!("{base}.md"));
        let page_type = self.page_type(path.clone());
        match anchor {
            Some(anchor) if page_type.is_none() => self.section_type(path, anchor),
            _ => page_type,
        }
    }

    /// The data type a data-type page describes (`None` for any other page).
    fn page_type(&mut self, path: PathBuf) -> Option<DataType> {
        if let Some(hit) = self.cache.get(&path) {
            return hit.clone();
        }
        if self.active.contains(&path) || self.active.len() > 8 {
            return None;
        }
        let text = std::fs::read_to_string(&path).ok()?;
        self.active.push(path.clone());
        let page = parse_page_with(&path.to_string_lossy(), &text, self);
        self.active.pop();
        let dt = page.data_type;
        self.cache.insert(path, dt.clone());
        dt
    }

    /// The data type described in the section `{#anchor}` of the page at `path`: KMS
    /// documents a type in a section of one action's page (`## KeyVersion
    /// {#section_qvb_ed3_i6n .section}`) and links other actions' responses to it.
    /// A section that cannot be read without an error (a row it cannot type, a cycle back to
    /// a section being read) gives no type: the linking row is then an error itself, never a
    /// silently incomplete type. The section's own diagnostics are reported when its page is read.
    fn section_type(&mut self, path: PathBuf, anchor: &str) -> Option<DataType> {
        let key = (path, anchor.to_string());
        if let Some(hit) = self.sections.get(&key) {
            return hit.clone();
        }
        if self.active_sections.contains(&key) || self.active.len() + self.active_sections.len() > 8
        {
            return None;
        }
        let text = std::fs::read_to_string(&key.0).ok()?;
        let doc = page::parse(&text);
        let wanted = format!("#{anchor}");
        let dt = doc
            .sections
            .iter()
            .find(|s| {
                s.heading
                    .attrs
                    .as_deref()
                    .is_some_and(|a| a.split(['{', '}', ' ']).any(|w| w == wanted))
            })
            .and_then(|s| {
                let tables: Vec<RespTable> =
                    tables_of(&s.blocks).map(|t| resp_table(t, None)).collect();
                let dir = key.0.parent().unwrap_or(Path::new(".")).to_path_buf();
                self.active_sections.push(key.clone());
                let mut resolve = |n: &str| self.resolve(&dir, n);
                let mut diags = Vec::new();
                let fields = response::data_type_fields(&tables, &mut resolve, &mut diags);
                self.active_sections.pop();
                let clean = !diags.iter().any(|d| d.severity == Severity::Error);
                (clean && !fields.is_empty()).then(|| DataType {
                    name: s.heading.text.clone(),
                    node_name: None,
                    fields,
                })
            });
        self.sections.insert(key, dt.clone());
        dt
    }
}
