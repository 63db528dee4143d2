//! The `git` command line, which users of these pages already have: a git library would add
//! a large dependency (libgit2 and OpenSSL, or gitoxide's many crates) to the CLI's build for
//! three commands. One shallow fetch of one commit into a scratch repository, then the tree
//! listed and the pages' blobs read from it; no working tree is checked out.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A scratch repository holding one fetched commit.
pub struct Fetched {
    dir: PathBuf,
    /// The full commit id.
    pub commit: String,
    /// The commit's committer date (ISO 8601).
    pub date: String,
}

/// `git` in `dir`, never prompting for credentials (a wrong URL fails instead of waiting).
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_ASKPASS", "")
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    c
}

/// Runs `cmd`, returning its standard output, or an error quoting git's own message.
fn run(mut cmd: Command, what: &str) -> io::Result<Vec<u8>> {
    let out = cmd.output().map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            io::Error::new(
                e.kind(),
                "`git` was not found on PATH; fetch uses the git command line",
            )
        } else {
            io::Error::new(e.kind(), format!("{what}: cannot run git: {e}"))
        }
    })?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        let msg: Vec<&str> = msg.lines().filter(|l| !l.trim().is_empty()).collect();
        return Err(io::Error::other(format!("{what}: {}", msg.join("; "))));
    }
    Ok(out.stdout)
}

/// Fetches `rev` (a branch, a tag or a full commit id; the default branch when `None`) of
/// `repository` with depth 1 into a new repository at `dir`.
pub fn fetch(repository: &str, rev: Option<&str>, dir: &Path) -> io::Result<Fetched> {
    std::fs::create_dir_all(dir)?;
    let mut init = git(dir);
    init.args(["init", "--quiet"]);
    run(init, "git init")?;
    let rev = rev.unwrap_or("HEAD");
    let mut f = git(dir);
    f.args(["fetch", "--quiet", "--depth", "1", "--no-tags", "--"])
        .arg(repository)
        .arg(rev);
    run(f, &format!("cannot fetch {rev} of {repository}"))?;
    let mut show = git(dir);
    show.args(["show", "--no-patch", "--format=%H %cI", "FETCH_HEAD"]);
    let line = String::from_utf8_lossy(&run(show, "git show")?)
        .trim()
        .to_string();
    let (commit, date) = line
        .split_once(' ')
        .ok_or_else(|| io::Error::other(format!("git show gave `{line}`")))?;
    Ok(Fetched {
        dir: dir.to_path_buf(),
        commit: commit.to_string(),
        date: date.to_string(),
    })
}

impl Fetched {
    /// Every file of the commit below `prefixes`: (path, blob id).
    pub fn list(&self, prefixes: &[&str]) -> io::Result<Vec<(String, String)>> {
        let mut ls = git(&self.dir);
        ls.args(["ls-tree", "-r", "-z", "--full-tree", &self.commit, "--"]);
        for p in prefixes {
            ls.arg(p.trim_end_matches('/'));
        }
        let out = run(ls, "git ls-tree")?;
        let mut files = Vec::new();
        for entry in out.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            // `<mode> blob <id>\t<path>`
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            if let (Some(_mode), Some("blob"), Some(id)) = (meta.next(), meta.next(), meta.next()) {
                files.push((path.to_string(), id.to_string()));
            }
        }
        Ok(files)
    }

    /// The contents of the blobs `ids`, in order (one `git cat-file --batch`).
    pub fn read(&self, ids: &[&str]) -> io::Result<Vec<Vec<u8>>> {
        let mut cmd = git(&self.dir);
        cmd.args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn()?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| io::Error::other("git cat-file: no stdin"))?;
        let list: String = ids.iter().map(|id| format!("{id}\n")).collect();
        // Written from a thread: git answers while it reads, and both pipes are bounded.
        let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()));
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("git cat-file: no stdout"))?;
        let mut reader = BufReader::new(stdout);
        let mut blobs = Vec::with_capacity(ids.len());
        for id in ids {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            // `<id> blob <size>` or `<id> missing`
            let parts: Vec<&str> = header.split_whitespace().collect();
            let size = match parts.as_slice() {
                [_, "blob", size] => size.parse::<usize>().ok(),
                _ => None,
            }
            .ok_or_else(|| {
                io::Error::other(format!("git cat-file: blob {id}: `{}`", header.trim()))
            })?;
            let mut blob = vec![0; size + 1];
            reader.read_exact(&mut blob)?;
            blob.pop(); // the newline after each blob
            blobs.push(blob);
        }
        writer
            .join()
            .map_err(|_| io::Error::other("git cat-file: writer panicked"))??;
        child.wait()?;
        Ok(blobs)
    }
}

/// The git blob id of `bytes` (what `git hash-object` prints): the lock records the pages'
/// ids as the repository has them, so a file in the output folder is checked against it
/// without git.
pub fn blob_id(bytes: &[u8]) -> String {
    use sha1::{Digest, Sha1};
    let mut h = Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn blob_ids_are_gits() {
        // `printf 'a\n' | git hash-object --stdin`
        assert_eq!(
            super::blob_id(b"a\n"),
            "78981922613b2afb6025042ff6bd878ac1994e85"
        );
    }
}
