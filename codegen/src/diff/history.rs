//! The whole-history run: every consecutive pair of versions in a `history/` folder laid out
//! as `<lang>/<Action>/<date>-<commit>.md` (file names sort by date), each diffed as two
//! pages. Versions that are not action pages (data-type pages kept in history) are left out.

use super::{pair_two, Report};
use crate::ir::PageKind;
use std::io;
use std::path::{Path, PathBuf};

/// The `<lang>/<Action>` folders below `dir`, sorted.
pub fn action_folders(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for lang in sorted_dirs(dir)? {
        out.extend(sorted_dirs(&lang)?);
    }
    Ok(out)
}

fn sorted_dirs(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| located(dir, e))? {
        let p = e.map_err(|e| located(dir, e))?.path();
        if p.is_dir() {
            v.push(p);
        }
    }
    v.sort();
    Ok(v)
}

fn located(p: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", p.display()))
}

/// Diffs every consecutive pair of action-page versions below `dir`, handing each report to
/// `each`; returns how many versions were left out as not action pages.
pub fn run(dir: &Path, mut each: impl FnMut(Report)) -> io::Result<usize> {
    let mut skipped = 0;
    let mut resolver = crate::read::Resolver::default();
    for folder in action_folders(dir)? {
        let mut files = Vec::new();
        crate::read::collect_md(&folder, &mut files).map_err(|e| located(&folder, e))?;
        let mut prev = None;
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| located(&f, e))?;
            let page = crate::read::parse_page_with(&f.to_string_lossy(), &text, &mut resolver);
            if page.kind != PageKind::Action {
                skipped += 1;
                continue;
            }
            if let Some(old) = &prev {
                each(pair_two(old, &page));
            }
            prev = Some(page);
        }
    }
    Ok(skipped)
}
