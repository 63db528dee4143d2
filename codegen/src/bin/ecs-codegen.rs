//! `ecs-codegen`: read ECS reference pages (`parse`, `check`) and generate Rust (`generate`).

use clap::{Parser, Subcommand};
use ecs_codegen::check::Totals;
use ecs_codegen::ir::{Page, Severity};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
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
    /// Write the Rust code for the given action pages (the same code `#[ecs_action]` expands to).
    Generate {
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Output file; standard output if absent.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
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
        Cmd::Generate { specs, out: file } => {
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
            match ecs_codegen::emit::render_file(&pages) {
                Ok(code) => {
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
