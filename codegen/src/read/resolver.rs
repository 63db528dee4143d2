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
    /// Field homes of each page read as evidence (`None`: not an action page, or one with
    /// errors).
    evidence: HashMap<PathBuf, Option<std::rc::Rc<response::Evidence>>>,
    /// Reading evidence now: the pages read for it do not look for evidence of their own.
    evidence_active: bool,
    /// Data types found (or not) by the folder layout, by the page's folder and type name.
    layout_types: HashMap<(PathBuf, String), Option<DataType>>,
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

    /// The other pages of `action` that the folder layout names, as evidence for rows the page
    /// cannot place itself (see [`evidence_paths`]), in that order; each read once, and only
    /// those that read without an error count.
    pub(super) fn layout_evidence(&mut self, action: &str, own: &Path) -> Vec<response::Evidence> {
        if self.evidence_active {
            return Vec::new();
        }
        self.evidence_active = true;
        let mut out = Vec::new();
        for p in evidence_paths(action, own) {
            if let Some(hit) = self.evidence.get(&p) {
                out.extend(hit.as_deref().cloned());
                continue;
            }
            let read = std::fs::read_to_string(&p).ok().and_then(|text| {
                let page = parse_page_with(&p.to_string_lossy(), &text, self);
                (page.kind == PageKind::Action
                    && page.errors_count() == 0
                    && page.action.as_deref() == Some(action))
                .then(|| {
                    let mut homes = Vec::new();
                    response::homes(&page.response.fields, "", &mut homes);
                    std::rc::Rc::new(response::Evidence {
                        source: short_name(&p),
                        homes,
                    })
                })
            });
            out.extend(read.as_deref().cloned());
            self.evidence.insert(p, read);
        }
        self.evidence_active = false;
        out
    }

    pub(super) fn resolve(&mut self, dir: &Path, name: &str) -> Option<DataType> {
        let found = self.resolve_in(dir, name);
        if found.is_some() {
            return found;
        }
        let dirs = self.type_dirs.clone();
        let found = dirs.iter().find_map(|d| self.resolve_in(d, name));
        if found.is_some() {
            return found;
        }
        // A data-type page the folder layout names (not a section of a page).
        let base = name
            .rsplit('/')
            .next()
            .unwrap_or(name)
            .trim_end_matches(".md")
            .trim();
        if base.is_empty() || base.contains(['\\', '.', '#']) {
            return None;
        }
        let key = (dir.to_path_buf(), base.to_string());
        if let Some(hit) = self.layout_types.get(&key) {
            return hit.clone();
        }
        let found = layout_type_paths(dir, base)
            .into_iter()
            .find_map(|p| self.page_type(p));
        self.layout_types.insert(key, found.clone());
        found
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

/// At most this many other pages are asked about one action.
const MAX_EVIDENCE: usize = 12;

/// `en-US`, `zh-CN`, `zh-CN-legacy`: a folder named by a language tag.
fn is_language_dir(p: &Path) -> bool {
    let Some(n) = p.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let b = n.as_bytes();
    b.len() >= 5
        && b[..2].iter().all(u8::is_ascii_lowercase)
        && b[2] == b'-'
        && b[3..5].iter().all(u8::is_ascii_uppercase)
        && (b.len() == 5 || b[5] == b'-')
}

/// The language folders beside `lang_dir` (itself first), sorted.
fn language_dirs(lang_dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![lang_dir.to_path_buf()];
    if let Some(Ok(rd)) = lang_dir.parent().map(std::fs::read_dir) {
        let mut others: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir() && is_language_dir(p) && p != lang_dir)
            .collect();
        others.sort();
        out.extend(others);
    }
    out
}

/// The `*.md` versions in a history folder, newest (by name: `<date>-<commit>.md`) first.
fn versions_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    v.sort();
    v.reverse();
    v
}

/// The other pages of `action` that the folder layout names, for the page at `own`:
/// - a page in a language folder (`…/en-US/X.md`): the page of the same file name (or the
///   action's name) in the other language folders beside it, then the action's versions in a
///   `history/<language>/<action>/` folder above (its own language first);
/// - a version in a history folder (`history/en-US/<action>/<version>.md`): the other versions
///   there (newest first), the action's versions in the other languages, then the current page
///   `<language>/<action>.md` in the folders beside `history`.
pub(super) fn evidence_paths(action: &str, own: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let Some(dir) = own.parent() else {
        return out;
    };
    let file = own
        .file_name()
        .map(|f| f.to_os_string())
        .unwrap_or_default();
    let action_file = format!("{action}.md");
    if is_language_dir(dir) {
        let langs = language_dirs(dir);
        for l in langs.iter().skip(1) {
            out.push(l.join(&file));
            out.push(l.join(&action_file));
        }
        // `…/ecs/en-US/X.md` -> `…/history/en-US/X/`, one or two folders up.
        let mut up = dir.parent().and_then(Path::parent);
        for _ in 0..2 {
            let Some(a) = up else { break };
            let history = a.join("history");
            if history.is_dir() {
                for l in &langs {
                    if let Some(name) = l.file_name() {
                        out.extend(versions_in(&history.join(name).join(action)));
                    }
                }
                break;
            }
            up = a.parent();
        }
    } else if let Some(lang_dir) = dir.parent().filter(|d| is_language_dir(d)) {
        out.extend(versions_in(dir));
        let langs = language_dirs(lang_dir);
        let name = dir
            .file_name()
            .map(|f| f.to_os_string())
            .unwrap_or_default();
        for l in langs.iter().skip(1) {
            out.extend(versions_in(&l.join(&name)));
        }
        // `history/en-US/X/v.md` -> `<sibling of history>/en-US/X.md`.
        if let Some(root) = lang_dir.parent().and_then(Path::parent) {
            let history = lang_dir.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut beside: Vec<PathBuf> = std::fs::read_dir(root)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_dir() && *p != history)
                        .collect()
                })
                .unwrap_or_default();
            beside.sort();
            for l in &langs {
                if let Some(lname) = l.file_name() {
                    for b in &beside {
                        out.push(b.join(lname).join(&action_file));
                    }
                }
            }
        }
    }
    let mut seen = Vec::new();
    out.retain(|p| {
        let keep = p != own && p.is_file() && !seen.contains(p);
        if keep {
            seen.push(p.clone());
        }
        keep
    });
    out.truncate(MAX_EVIDENCE);
    out
}

/// Where the folder layout keeps the data-type page `base` when it is not beside the page in
/// `dir`: the other language folders beside `dir` (`zh-CN-legacy/` for `zh-CN/`); for a
/// version in a history folder (`history/<lang>/<action>/`), the type's own versions there
/// (`history/<lang>/<base>/`, newest first; then the other languages'), then the current pages
/// in the language folders beside `history/` (`ecs/zh-CN-legacy/<base>.md`).
fn layout_type_paths(dir: &Path, base: &str) -> Vec<PathBuf> {
    let file = format!("{base}.md");
    let mut out = Vec::new();
    if is_language_dir(dir) {
        out.extend(language_dirs(dir).iter().skip(1).map(|l| l.join(&file)));
    } else if let Some(lang_dir) = dir.parent().filter(|d| is_language_dir(d)) {
        let langs = language_dirs(lang_dir);
        for l in &langs {
            out.extend(versions_in(&l.join(base)));
        }
        let history = lang_dir.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(root) = history.parent() {
            let mut beside: Vec<PathBuf> = std::fs::read_dir(root)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_dir() && *p != history)
                        .collect()
                })
                .unwrap_or_default();
            beside.sort();
            let own = lang_dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let lang = own.get(..5).unwrap_or(own);
            // The page's language first (`zh-CN`, then `zh-CN-legacy`), then the others.
            for same in [true, false] {
                for b in &beside {
                    let Ok(rd) = std::fs::read_dir(b) else {
                        continue;
                    };
                    let mut ls: Vec<PathBuf> = rd
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_dir() && is_language_dir(p))
                        .filter(|p| {
                            p.file_name()
                                .and_then(|n| n.to_str())
                                .is_some_and(|n| n.starts_with(lang) == same)
                        })
                        .collect();
                    ls.sort();
                    out.extend(ls.iter().map(|l| l.join(&file)));
                }
            }
        }
    }
    out.retain(|p| p.is_file());
    out
}

/// The last three components of `p` (`history/en-US/X/2019-01-01-abc.md` keeps
/// `en-US/X/2019-01-01-abc.md`), for a warning.
fn short_name(p: &Path) -> String {
    let parts: Vec<String> = p
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts[parts.len().saturating_sub(3)..].join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layouts of the corpus: language folders side by side, `history/<lang>/<action>/`
    /// beside them (one or two levels up), and the way back from a history version.
    #[test]
    fn evidence_paths_follow_languages_and_history() {
        let root = std::env::temp_dir().join(format!("ecs-evidence-{}", std::process::id()));
        let files = [
            "ecs/en-US/DescribeX.md",
            "ecs/zh-CN/DescribeX.md",
            "ecs/zh-CN-legacy/DescribeX.md",
            "history/en-US/DescribeX/2019-01-01-aaaa.md",
            "history/en-US/DescribeX/2020-01-01-bbbb.md",
            "history/zh-CN/DescribeX/2019-06-01-cccc.md",
        ];
        for f in files {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().expect("dir")).expect("dir");
            std::fs::write(&p, "# DescribeX\n").expect("page");
        }
        let rel = |v: Vec<PathBuf>| -> Vec<String> {
            v.iter()
                .map(|p| {
                    p.strip_prefix(&root)
                        .expect("under root")
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        };
        assert_eq!(
            rel(evidence_paths(
                "DescribeX",
                &root.join("ecs/en-US/DescribeX.md")
            )),
            [
                "ecs/zh-CN/DescribeX.md",
                "ecs/zh-CN-legacy/DescribeX.md",
                "history/en-US/DescribeX/2020-01-01-bbbb.md",
                "history/en-US/DescribeX/2019-01-01-aaaa.md",
                "history/zh-CN/DescribeX/2019-06-01-cccc.md",
            ]
        );
        assert_eq!(
            rel(evidence_paths(
                "DescribeX",
                &root.join("history/en-US/DescribeX/2019-01-01-aaaa.md")
            )),
            [
                "history/en-US/DescribeX/2020-01-01-bbbb.md",
                "history/zh-CN/DescribeX/2019-06-01-cccc.md",
                "ecs/en-US/DescribeX.md",
                "ecs/zh-CN/DescribeX.md",
            ]
        );
        // Data-type pages by the same layout, from a history version.
        for f in [
            "ecs/zh-CN-legacy/DiskType.md",
            "history/en-US/DiskType/2018-01-01-dddd.md",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().expect("dir")).expect("dir");
            std::fs::write(&p, "# DiskType\n").expect("page");
        }
        assert_eq!(
            rel(layout_type_paths(
                &root.join("history/en-US/DescribeX"),
                "DiskType"
            )),
            [
                "history/en-US/DiskType/2018-01-01-dddd.md",
                "ecs/zh-CN-legacy/DiskType.md"
            ]
        );
        assert_eq!(
            rel(layout_type_paths(&root.join("ecs/zh-CN"), "DiskType")),
            ["ecs/zh-CN-legacy/DiskType.md"]
        );
        // A page in a folder that is no language folder has no layout to follow.
        let lone = root.join("specs/DescribeX.md");
        std::fs::create_dir_all(lone.parent().expect("dir")).expect("dir");
        std::fs::write(&lone, "# DescribeX\n").expect("page");
        assert!(evidence_paths("DescribeX", &lone).is_empty());
        std::fs::remove_dir_all(&root).ok();
    }
}
