//! `fetch SOURCE`: a product name, a git URL or a local repository, as the repository `git`
//! is given.

use std::io;
use std::path::Path;

/// Where Alibaba publishes one documentation repository per product
/// (`https://github.com/AlibabaCloudDocs/ecs`).
pub const DOCS_BASE: &str = "https://github.com/AlibabaCloudDocs";

/// The repository `source` names: a product name (`ecs`, `vpc`: lower-case letters, digits
/// and `-`, no `/`) is `<docs_base>/<name>`; a URL (`https://…`, `ssh://…`, `file://…`,
/// `git@host:path`) is used as it is; anything else must be a local folder holding a git
/// repository (`./ecs` for a folder that looks like a product name), given to git by its
/// absolute path so that the lock works from any folder.
pub fn repository(source: &str, docs_base: &str) -> io::Result<String> {
    let source = source.trim();
    if source.is_empty() {
        return Err(invalid(
            "SOURCE is empty: name a product (`ecs`), a git URL or a local repository",
        ));
    }
    if source.starts_with('-') {
        return Err(invalid(format!(
            "SOURCE {source}: starts with `-` (write a folder as `./{source}`)"
        )));
    }
    if is_product(source) {
        return Ok(format!("{}/{source}", docs_base.trim_end_matches('/')));
    }
    if is_url(source) {
        return Ok(source.to_string());
    }
    let path = Path::new(source);
    if !path.exists() {
        return Err(invalid(format!(
            "SOURCE {source}: no such folder, and not a product name (lower-case letters, digits and `-`) or a git URL"
        )));
    }
    let abs = path
        .canonicalize()
        .map_err(|e| io::Error::new(e.kind(), format!("SOURCE {source}: {e}")))?;
    if !abs.join(".git").exists() && !abs.join("HEAD").is_file() {
        return Err(invalid(format!(
            "SOURCE {source}: {} is not a git repository (no .git)",
            abs.display()
        )));
    }
    abs.to_str().map(str::to_string).ok_or_else(|| {
        invalid(format!(
            "SOURCE {source}: the path is not valid UTF-8, which the lock file cannot record"
        ))
    })
}

fn is_product(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_url(s: &str) -> bool {
    s.contains("://") || (s.contains('@') && s.contains(':') && !s.starts_with('/'))
}

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_urls_and_folders() {
        assert_eq!(
            repository("ecs", DOCS_BASE).unwrap(),
            "https://github.com/AlibabaCloudDocs/ecs"
        );
        assert_eq!(
            repository("vpc", "file:///mirror/").unwrap(),
            "file:///mirror/vpc"
        );
        for url in [
            "https://example.com/docs/ecs.git",
            "git@github.com:AlibabaCloudDocs/rds.git",
        ] {
            assert_eq!(repository(url, DOCS_BASE).unwrap(), url);
        }
        let err = repository("./no/such/folder", DOCS_BASE).unwrap_err();
        assert!(err.to_string().contains("no such folder"), "{err}");
        let plain = std::env::temp_dir();
        let err = repository(plain.to_str().unwrap(), DOCS_BASE).unwrap_err();
        assert!(err.to_string().contains("not a git repository"), "{err}");
        assert!(repository("  ", DOCS_BASE).is_err());
    }
}
