//! `ecs-codegen`: read ECS reference pages (`parse`, `check`), generate Rust (`generate`,
//! `generate --check`, `generate --crate`), report what changed between two versions of the
//! pages (`diff`) and get or update the pages from Alibaba's documentation repositories
//! (`fetch`).

use clap::{Parser, Subcommand, ValueEnum};
use ecs_codegen::check::Totals;
use ecs_codegen::ir::{Diagnostic, Page, Severity};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reading allocates many small strings per page; mimalloc handles that churn faster than the
/// system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(version, about = "Alibaba Cloud ECS reference pages -> model -> Rust")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print one JSON object per page (JSON Lines). Directories are walked for `*.md`.
    Parse {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print a readable report per page and totals; exit 1 if an action page has an error.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print only the totals, as JSON.
        #[arg(long)]
        json: bool,
        /// Leave out pages without diagnostics from the report.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Write the Rust code for the given action pages (the same code `#[ecs_action]` expands to),
    /// or with --crate a standalone crate of them.
    Generate {
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Output file; standard output if absent.
        #[arg(long, short, conflicts_with_all = ["check", "krate"])]
        out: Option<PathBuf>,
        /// Compare with this checked-in file (with --crate: with the crate in DIR, no FILE)
        /// instead of writing: exit 1 with a unified diff when it no longer matches the pages.
        #[arg(long, value_name = "FILE", num_args = 0..=1)]
        check: Option<Option<PathBuf>>,
        /// Write a standalone crate into DIR: Cargo.toml, src/lib.rs, src/client.rs (a
        /// `Client` with one method per action) and one file per action page, depending on
        /// `ecs-client`. Folders' non-action pages are left out.
        #[arg(long = "crate", value_name = "DIR")]
        krate: Option<PathBuf>,
        /// The crate's package name; DIR's name when absent.
        #[arg(long, requires = "krate")]
        name: Option<String>,
        /// Depend on `ecs-client` by this path, relative to DIR (e.g. `../ecs-codegen/generated-client`);
        /// without it, on the version `=<this generator's version>`.
        #[arg(long, value_name = "PATH", requires = "krate")]
        client_path: Option<String>,
    },
    /// What changed from OLD to NEW (two pages, or two folders paired by action and language),
    /// each change classified by its effect on the Rust API (semver) and on the wire.
    /// Exits 0 when it ran, 1 when a `--deny` class was found, 2 on bad input.
    Diff {
        /// The old page or folder.
        #[arg(required_unless_present = "history", conflicts_with = "history")]
        old: Option<PathBuf>,
        /// The new page or folder (of the same kind as OLD).
        #[arg(required_unless_present = "history", conflicts_with = "history")]
        new: Option<PathBuf>,
        /// Diff every consecutive pair of versions below a `history/` folder
        /// (`<lang>/<Action>/<date>-<commit>.md`) instead of OLD and NEW.
        #[arg(long, value_name = "DIR")]
        history: Option<PathBuf>,
        /// The same as `--format json`.
        #[arg(long, conflicts_with = "format")]
        json: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print only the totals (counts by status, class, semver, wire and kind).
        #[arg(long)]
        summary: bool,
        /// Exit 1 when a change of this class is found (repeatable).
        #[arg(long, value_enum)]
        deny: Vec<Deny>,
    },
    /// Write the API reference pages of one language of an Alibaba Cloud documentation
    /// repository into DIR (flat, as the reader resolves linked pages), with DIR/ecs-pages.lock
    /// naming the repository, commit and date. On a DIR with a lock, print what changed (the
    /// `diff` report) and update it; DIR's pages edited since are not overwritten without
    /// --force. Uses the `git` command line. Exits 1 when --deny refused the update (DIR
    /// untouched), 2 on bad input.
    Fetch {
        /// A product (`ecs`, `vpc`, `rds`, ...: <DOCS_BASE>/<product>), a git URL or a local
        /// repository; DIR's lock's repository when absent.
        source: Option<String>,
        /// The folder to write the pages into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The language of the reference (`intl.en-US/API Reference/` or `cn.zh-CN/API参考/`);
        /// the lock's, else en-US.
        #[arg(long, value_parser = ["en-US", "zh-CN"])]
        lang: Option<String>,
        /// A branch, tag or full commit id; the lock's, else the default branch.
        #[arg(long)]
        rev: Option<String>,
        /// On an update, keep DIR as it is and exit 1 when a change of this class is found.
        #[arg(long, value_enum)]
        deny: Vec<Deny>,
        /// Overwrite pages edited since the last fetch (or not fetched at all), or another
        /// language's pages.
        #[arg(long)]
        force: bool,
        /// Where product names point (a mirror of the documentation repositories).
        #[arg(long, value_name = "URL", default_value = ecs_codegen::fetch::source::DOCS_BASE)]
        docs_base: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// A change that breaks the Rust API or narrows the wire.
    Breaking,
    /// A change that breaks on the wire (narrowed requests, lost or reshaped responses).
    Wire,
}

/// Reads every page below `paths` in order, handing each to `f` as soon as it is read (one
/// data-type cache for the run), so `parse` and `check` stream instead of holding the corpus.
fn for_each_page(paths: &[PathBuf], mut f: impl FnMut(Page) -> io::Result<()>) -> io::Result<()> {
    let mut files = Vec::new();
    for p in paths {
        ecs_codegen::read::collect_md(p, &mut files)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
    }
    let mut resolver = ecs_codegen::read::Resolver::default();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", file.display())))?;
        f(ecs_codegen::read::parse_page_with(
            &file.to_string_lossy(),
            &text,
            &mut resolver,
        ))?;
    }
    Ok(())
}

fn read_all(paths: &[PathBuf]) -> io::Result<Vec<Page>> {
    let mut pages = Vec::new();
    for_each_page(paths, |p| {
        pages.push(p);
        Ok(())
    })?;
    Ok(pages)
}

fn run(cli: Cli) -> io::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match cli.cmd {
        Cmd::Diff {
            old,
            new,
            history,
            json,
            format,
            summary,
            deny,
        } => {
            let format = if json { Format::Json } else { format };
            diff(&mut out, old, new, history, format, summary, &deny)
        }
        Cmd::Fetch {
            source,
            out: dir,
            lang,
            rev,
            deny,
            force,
            docs_base,
        } => {
            let req = ecs_codegen::fetch::Request {
                source,
                out: dir,
                lang: lang.as_deref().and_then(ecs_codegen::fetch::Lang::parse),
                rev,
                force,
                docs_base,
            };
            fetch(&mut out, req, &deny)
        }
        Cmd::Parse { paths } => {
            for_each_page(&paths, |page| {
                serde_json::to_writer(&mut out, &page)?;
                out.write_all(b"\n")
            })?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Check { paths, json, quiet } => {
            let mut totals = Totals::default();
            let mut failed = false;
            for_each_page(&paths, |p| {
                totals.add(&p);
                failed |= p.kind == ecs_codegen::ir::PageKind::Action
                    && p.diagnostics.iter().any(|d| d.severity == Severity::Error);
                if json || (quiet && p.diagnostics.is_empty()) {
                    return Ok(());
                }
                ecs_codegen::check::report_page(&mut out, &p)
            })?;
            if json {
                serde_json::to_writer_pretty(&mut out, &totals)?;
                out.write_all(b"\n")?;
            } else {
                ecs_codegen::check::report_totals(&mut out, &totals)?;
            }
            out.flush()?;
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Cmd::Generate {
            specs,
            krate: Some(dir),
            check,
            name,
            client_path,
            ..
        } => {
            drop(out);
            let check = match check {
                None => false,
                Some(None) => true,
                Some(Some(f)) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!(
                            "with --crate, --check takes no FILE (it was given `{}`): name the pages before --check",
                            f.display()
                        ),
                    ))
                }
            };
            generate_crate(&specs, &dir, name, client_path, check)
        }
        Cmd::Generate {
            specs,
            out: file,
            check,
            ..
        } => {
            let check = match check {
                Some(None) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "--check needs the FILE to compare with (or --crate DIR)",
                    ))
                }
                Some(Some(f)) => Some(f),
                None => None,
            };
            // A page named on the command line must be an action page; from a directory,
            // only the action pages are generated (overviews and data types are left out).
            let mut pages = Vec::new();
            for spec in &specs {
                let read = read_all(std::slice::from_ref(spec))?;
                if spec.is_dir() {
                    pages.extend(
                        read.into_iter()
                            .filter(|p| p.kind == ecs_codegen::ir::PageKind::Action),
                    );
                } else {
                    pages.extend(read);
                }
            }
            // The same input gives the same bytes, whatever the order the pages were named in.
            pages.sort_by(|a, b| a.file.cmp(&b.file));
            match ecs_codegen::emit::render_file(&pages) {
                Ok(code) => {
                    if let Some(f) = check {
                        let old = std::fs::read_to_string(&f).map_err(|e| {
                            io::Error::new(e.kind(), format!("{}: {e}", f.display()))
                        })?;
                        if old == code {
                            return Ok(ExitCode::SUCCESS);
                        }
                        let name = f.display().to_string();
                        let diff = similar::TextDiff::from_lines(&old, &code);
                        write!(
                            out,
                            "{}",
                            diff.unified_diff()
                                .context_radius(3)
                                .header(&name, "generated from the pages")
                        )?;
                        out.flush()?;
                        drop(out);
                        eprintln!(
                            "ecs-codegen: {name} does not match the pages; regenerate it with `generate ... --out {name}`"
                        );
                        return Ok(ExitCode::FAILURE);
                    }
                    match file {
                        Some(f) => std::fs::write(&f, code).map_err(|e| {
                            io::Error::new(e.kind(), format!("{}: {e}", f.display()))
                        })?,
                        None => out.write_all(code.as_bytes())?,
                    }
                    out.flush()?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(problems) => {
                    drop(out);
                    for (file, d) in problems {
                        eprintln!("{file}:{}: {:?}: {}", d.line, d.severity, d.message);
                    }
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

fn print_blocked(problems: &[(String, Diagnostic)]) {
    for (file, d) in problems {
        if file.is_empty() {
            eprintln!("ecs-codegen: {}", d.message);
        } else {
            eprintln!("{file}:{}: {:?}: {}", d.line, d.severity, d.message);
        }
    }
}

/// `generate --crate DIR [--check]`.
fn generate_crate(
    specs: &[PathBuf],
    dir: &Path,
    name: Option<String>,
    client_path: Option<String>,
    check: bool,
) -> io::Result<ExitCode> {
    use ecs_codegen::crate_dir;
    use ecs_codegen::emit::krate::{CrateOptions, Runtime};
    let name = match name {
        Some(n) => n,
        None => std::path::absolute(dir)?
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let runtime = match client_path {
        Some(p) => Runtime::Path(p),
        None => Runtime::Version(format!("={}", env!("CARGO_PKG_VERSION"))),
    };
    let (files, pages) = match crate_dir::render(specs, &CrateOptions { name, runtime })? {
        Ok(f) => f,
        Err(problems) => {
            print_blocked(&problems);
            return Ok(ExitCode::FAILURE);
        }
    };
    if !check {
        let (written, removed) = crate_dir::write(dir, &files)?;
        eprintln!(
            "ecs-codegen: {}: {} files from {pages} pages ({written} written, {removed} removed)",
            dir.display(),
            files.len(),
        );
        return Ok(ExitCode::SUCCESS);
    }
    let delta = crate_dir::compare(dir, &files);
    if delta.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (path, old, new) in &delta.changed {
        let name = path.display().to_string();
        let diff = similar::TextDiff::from_lines(old, new);
        write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&name, "generated from the pages")
        )?;
    }
    for p in &delta.stale {
        writeln!(
            out,
            "only in {}: no page generates it any more",
            p.display()
        )?;
    }
    out.flush()?;
    drop(out);
    eprintln!(
        "ecs-codegen: {} does not match the pages ({} files differ); regenerate it with `generate ... --crate {}`",
        dir.display(),
        delta.changed.len() + delta.stale.len(),
        dir.display()
    );
    Ok(ExitCode::FAILURE)
}

/// Whether `totals` hold a change of a `--deny` class.
fn denied(totals: &ecs_codegen::diff::Summary, deny: &[Deny]) -> bool {
    deny.iter().any(|d| match d {
        Deny::Breaking => totals.class.contains_key("breaking"),
        Deny::Wire => totals.wire_breaking > 0,
    })
}

/// `fetch`: prepare (nothing written), print the diff of an update, write unless denied.
fn fetch(
    out: &mut dyn Write,
    req: ecs_codegen::fetch::Request,
    deny: &[Deny],
) -> io::Result<ExitCode> {
    use ecs_codegen::fetch::{self, short};
    let plan = fetch::prepare(&req)?;
    let dir = plan.out.display().to_string();
    let new = &plan.new;
    writeln!(
        out,
        "{} {}: commit {} ({}), {} {} pages",
        new.repository,
        new.rev,
        new.commit,
        new.date,
        plan.pages().len(),
        new.lang
    )?;
    if let (Some(report), Some(old)) = (plan.report()?, &plan.old) {
        writeln!(
            out,
            "changes from commit {} ({}) to {}:",
            short(&old.commit),
            old.date,
            short(&new.commit)
        )?;
        ecs_codegen::diff::text::report(out, &report)?;
        let totals = ecs_codegen::diff::Summary::of(&report);
        if denied(&totals, deny) {
            out.flush()?;
            eprintln!(
                "ecs-codegen: {dir} not updated: a --deny class of change was found; it keeps the pages of commit {} (fetch without --deny to take them)",
                short(&old.commit)
            );
            return Ok(ExitCode::FAILURE);
        }
    }
    let w = plan.write()?;
    writeln!(
        out,
        "{dir}: {} added, {} changed, {} removed, {} unchanged; lock {dir}/{}",
        w.added,
        w.changed,
        w.removed,
        w.unchanged,
        fetch::lock::FILE
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `diff`: pairs, diffs, renders; the exit status follows `--deny`.
fn diff(
    out: &mut dyn Write,
    old: Option<PathBuf>,
    new: Option<PathBuf>,
    history: Option<PathBuf>,
    format: Format,
    summary: bool,
    deny: &[Deny],
) -> io::Result<ExitCode> {
    use ecs_codegen::diff::{self, Report, Summary};
    let mut reports: Vec<Report> = Vec::new();
    let mut totals = Summary::default();
    if let Some(dir) = history {
        totals.skipped += diff::history::run(&dir, |r| {
            totals.add(&r);
            if !summary {
                reports.push(r);
            }
        })?;
    } else {
        let (old, new) = match (old, new) {
            (Some(o), Some(n)) => (o, n),
            _ => return Err(io::Error::other("diff needs OLD and NEW, or --history DIR")),
        };
        let report = match (old.is_dir(), new.is_dir()) {
            (true, true) => diff::pair_pages(&read_all(&[old])?, &read_all(&[new])?),
            (false, false) => {
                let (a, b) = (read_all(&[old])?, read_all(&[new])?);
                match (a.first(), b.first()) {
                    (Some(a), Some(b)) => diff::pair_two(a, b),
                    _ => return Err(io::Error::other("diff: a page could not be read")),
                }
            }
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "diff compares two pages or two folders, not a page with a folder: {} {}",
                        old.display(),
                        new.display()
                    ),
                ))
            }
        };
        totals.add(&report);
        reports.push(report);
    }
    let denied = denied(&totals, deny);
    let merged = Report {
        translation: reports.iter().any(|r| r.translation),
        pages: reports.iter().flat_map(|r| r.pages.clone()).collect(),
        unpaired: reports.iter().flat_map(|r| r.unpaired.clone()).collect(),
        skipped: totals.skipped,
    };
    match (format, summary) {
        (Format::Json, true) => {
            serde_json::to_writer_pretty(&mut *out, &totals)?;
            out.write_all(b"\n")?;
        }
        (Format::Json, false) => {
            serde_json::to_writer_pretty(&mut *out, &diff::json::report(&merged))?;
            out.write_all(b"\n")?;
        }
        (Format::Markdown, true) => out.write_all(diff::markdown::summary(&totals).as_bytes())?,
        (Format::Markdown, false) => out.write_all(diff::markdown::report(&merged).as_bytes())?,
        (Format::Text, true) => diff::text::summary(out, &totals)?,
        (Format::Text, false) => diff::text::report(out, &merged)?,
    }
    out.flush()?;
    Ok(if denied {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ecs-codegen: {e}");
            ExitCode::from(2)
        }
    }
}
