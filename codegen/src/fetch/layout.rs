//! Where a documentation repository keeps the API reference of each language, and the flat
//! file names the pages get in the output folder.
//!
//! Flat, because the reader resolves a linked data type (`InstanceAttributesType`) or a
//! section of another page (`DescribeKeyVersion.md#section_…`) by file name *beside* the page;
//! the repository files them under other sub-folders (`Data types/`, `Instances/`), so a tree
//! copy would leave those links unresolved. The names are the corpus's (`../shared/corpus`):
//! a name made of ASCII letters, digits, `.`, `_` and `-` is kept; any other (spaces,
//! Chinese titles) becomes `page-<first 8 hex digits of the SHA-1 of the repository path>.md`;
//! a name already taken (the same page filed under two sub-folders, or two names that differ
//! only in case, which a case-insensitive file system cannot hold) gets `.2`, `.3`, ... in
//! repository-path order.

use sha1::{Digest, Sha1};
use std::collections::HashSet;

/// A language of the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    EnUs,
    ZhCn,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::EnUs => "en-US",
            Lang::ZhCn => "zh-CN",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en-US" => Some(Lang::EnUs),
            "zh-CN" => Some(Lang::ZhCn),
            _ => None,
        }
    }

    /// The repository folders of the reference, newest first. The Chinese reference of ECS
    /// has a 2018 generation under `API 参考` (with a space) beside the current `API参考`;
    /// other products file part of their current pages there. A page of the second folder
    /// whose name the first already gives is the older version and is left out.
    pub fn roots(self) -> &'static [&'static str] {
        match self {
            Lang::EnUs => &["intl.en-US/API Reference/"],
            Lang::ZhCn => &["cn.zh-CN/API参考/", "cn.zh-CN/API 参考/"],
        }
    }
}

/// One page of the repository and its name in the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The file name in the output folder.
    pub name: String,
    /// The path in the repository.
    pub path: String,
    /// The git blob id of its content.
    pub blob: String,
}

/// The `.md` files of `lang`'s reference among `files` (repository path, blob id), named.
/// Sorted by name.
pub fn place(lang: Lang, files: &[(String, String)]) -> Vec<Placed> {
    let mut out: Vec<Placed> = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    // File names (trimmed, ignoring case) of the folders read so far: a later (older)
    // folder's page of the same name is an older version of it.
    let mut seen: HashSet<String> = HashSet::new();
    for root in lang.roots() {
        let mut in_root: Vec<&(String, String)> = files
            .iter()
            .filter(|(p, _)| p.starts_with(root) && p.ends_with(".md"))
            .collect();
        in_root.sort();
        let earlier = seen.clone();
        for (path, _) in &in_root {
            seen.insert(file_key(path));
        }
        for (path, blob) in in_root {
            if earlier.contains(&file_key(path)) {
                continue;
            }
            let base = flat_name(path);
            let name = unique(&base, &mut taken);
            out.push(Placed {
                name,
                path: path.clone(),
                blob: blob.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// A page's file name without surrounding spaces, ignoring case (` ReactivateInstances.md`
/// is `reactivateinstances.md`).
fn file_key(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.strip_suffix(".md").unwrap_or(file);
    format!("{}.md", stem.trim()).to_lowercase()
}

/// The name a repository path gets before collisions are settled.
pub fn flat_name(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let plain = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if plain {
        return file.to_string();
    }
    let digest = Sha1::digest(path.as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("page-{hex}.md")
}

/// `base`, or `stem.N.md` with the smallest N from 2 that no taken name equals, ignoring case.
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    if taken.insert(base.to_lowercase()) {
        return base.to_string();
    }
    let stem = base.strip_suffix(".md").unwrap_or(base);
    (2..)
        .map(|n| format!("{stem}.{n}.md"))
        .find(|c| taken.insert(c.to_lowercase()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> Vec<(String, String)> {
        paths
            .iter()
            .map(|p| (p.to_string(), "0".repeat(40)))
            .collect()
    }

    #[test]
    fn names_are_the_corpus_names() {
        // ../shared/corpus/MANIFEST.tsv: these three lines.
        assert_eq!(
            flat_name("intl.en-US/API Reference/API FAQ.md"),
            "page-f2637fa4.md"
        );
        assert_eq!(
            flat_name("intl.en-US/API Reference/Elastic network interfaces/AttachNetworkInterface\u{a0}.md"),
            "page-132ba574.md"
        );
        assert_eq!(
            flat_name("intl.en-US/API Reference/Images/Deleteimage.md"),
            "Deleteimage.md"
        );
    }

    #[test]
    fn duplicates_and_case_twins_get_a_number_and_other_languages_are_left_out() {
        let placed = place(
            Lang::EnUs,
            &files(&[
                "intl.en-US/API Reference/Snapshots/DescribeX.md",
                "intl.en-US/API Reference/Events/DescribeX.md",
                "intl.en-US/API Reference/Snapshots/DescribeAutoSnapshotPolicyEx.md",
                "intl.en-US/API Reference/Snapshots/DescribeAutoSnapshotPolicyEX.md",
                "intl.en-US/API Reference/logo.png",
                "cn.zh-CN/API参考/快照/DescribeX.md",
            ]),
        );
        let names: Vec<(&str, &str)> = placed
            .iter()
            .map(|p| (p.name.as_str(), p.path.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "DescribeAutoSnapshotPolicyEX.md",
                    "intl.en-US/API Reference/Snapshots/DescribeAutoSnapshotPolicyEX.md"
                ),
                (
                    "DescribeAutoSnapshotPolicyEx.2.md",
                    "intl.en-US/API Reference/Snapshots/DescribeAutoSnapshotPolicyEx.md"
                ),
                (
                    "DescribeX.2.md",
                    "intl.en-US/API Reference/Snapshots/DescribeX.md"
                ),
                (
                    "DescribeX.md",
                    "intl.en-US/API Reference/Events/DescribeX.md"
                ),
            ]
        );
    }

    #[test]
    fn the_older_chinese_folder_only_adds_what_the_newer_lacks() {
        let placed = place(
            Lang::ZhCn,
            &files(&[
                "cn.zh-CN/API参考/快照/DescribeDisks.md",
                "cn.zh-CN/API 参考/磁盘/DescribeDisks.md",
                "cn.zh-CN/API 参考/磁盘/ DescribeDisks.md",
                "cn.zh-CN/API 参考/数据类型/DiskItemType.md",
                "intl.en-US/API Reference/Disks/DescribeDisks.md",
            ]),
        );
        let names: Vec<(&str, &str)> = placed
            .iter()
            .map(|p| (p.name.as_str(), p.path.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("DescribeDisks.md", "cn.zh-CN/API参考/快照/DescribeDisks.md"),
                (
                    "DiskItemType.md",
                    "cn.zh-CN/API 参考/数据类型/DiskItemType.md"
                ),
            ]
        );
    }
}
