//! `contactd import` and `contactd export`: the command-line faces of the import runner and the export
//! writer the API uses, with a progress bar on stderr (only when it is a terminal) and a summary line.

use crate::cli::{ExportArgs, ImportArgs};
use crate::clock::Clock;
use crate::csv_io::ExportColumn;
use crate::db::contact_export::{self, Selection};
use crate::db::imports::{self, DataImport};
use crate::db::{Db, accounts};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// What an import did, printed as one line on stdout.
#[derive(Debug)]
pub struct ImportSummary {
    pub import: DataImport,
    pub resumed: bool,
    /// Where the failed rows were written, if any failed.
    pub failed_file: Option<PathBuf>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.import;
        write!(
            f,
            "import #{} {}{}: {} rows, {} created, {} updated, {} failed",
            i.id,
            i.status,
            if self.resumed { " (resumed)" } else { "" },
            i.total_records,
            i.created_records,
            i.updated_records,
            i.failed_records
        )?;
        match &self.failed_file {
            Some(p) => write!(f, "; failed rows written to {}", p.display()),
            None => Ok(()),
        }
    }
}

fn open(db: &Path, account: i64) -> Result<Db, String> {
    let db = Db::open(db, 2).map_err(|e| e.to_string())?;
    if !db
        .read(|c| accounts::account_exists(c, account))
        .map_err(|e| e.to_string())?
    {
        return Err(format!("account {account} does not exist"));
    }
    Ok(db)
}

fn digest(file: &mut File) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    file.seek(SeekFrom::Start(0))?;
    Ok((hex::encode(hasher.finalize()), len))
}

/// `<FILE>.failed.csv`, next to the input.
pub fn failed_path(file: &Path) -> PathBuf {
    let mut s = file.as_os_str().to_owned();
    s.push(".failed.csv");
    PathBuf::from(s)
}

fn progress_bar(len: u64) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template(
        "[{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} (eta {eta}) {msg}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Imports `args.file`, resuming an interrupted import of the same file (same SHA-256) if there is one.
pub fn import(args: &ImportArgs, clock: &Clock) -> Result<ImportSummary, String> {
    let db = open(&args.db, args.account)?;
    let mut file =
        File::open(&args.file).map_err(|e| format!("cannot open {}: {e}", args.file.display()))?;
    let (sha256, len) =
        digest(&mut file).map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let existing = db
        .read(|c| imports::unfinished_with_file(c, args.account, &sha256))
        .map_err(|e| e.to_string())?;
    let resumed = existing.is_some();
    let id = match existing {
        Some(imp) => {
            eprintln!(
                "resuming import #{} of {}: {} of {} rows already done",
                imp.id,
                args.file.display(),
                imp.rows_done(),
                imp.total_records
            );
            imp.id
        }
        None => {
            let name = args
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let now = clock.now();
            let id = db
                .write(|c| imports::create(c, args.account, &name, &sha256, &mut file, len, now))
                .map_err(|e| e.to_string())?;
            file.seek(SeekFrom::Start(0))
                .map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
            id
        }
    };
    let bar = progress_bar(len);
    let imp = imports::run(&db, id, clock, &mut file, &mut |imp| {
        bar.set_position(u64::try_from(imp.checkpoint_offset).unwrap_or_default());
        bar.set_message(format!(
            "{} created, {} updated, {} failed",
            imp.created_records, imp.updated_records, imp.failed_records
        ));
    });
    bar.finish_and_clear();
    let imp = imp.map_err(|e| format!("import #{id} failed: {e}"))?;
    match imp.status.as_str() {
        "failed" => {
            return Err(format!(
                "import #{id} failed: {}",
                imp.error.as_deref().unwrap_or("unknown reason")
            ));
        }
        "completed" => {}
        _ => {
            return Err(format!(
                "import #{id} is being run by another process ({} of {} rows done)",
                imp.rows_done(),
                imp.total_records
            ));
        }
    }
    let failed_file = if imp.failed_records > 0 {
        let path = failed_path(&args.file);
        write_failures(&db, id, &path)?;
        let examples = db
            .read(|c| imports::first_failures(c, id, 5))
            .map_err(|e| e.to_string())?;
        for (row, errors) in examples {
            eprintln!("row {row}: {errors}");
        }
        Some(path)
    } else {
        None
    };
    Ok(ImportSummary {
        import: imp,
        resumed,
        failed_file,
    })
}

fn write_failures(db: &Db, id: i64, path: &Path) -> Result<(), String> {
    let fail = |e: String| format!("cannot write {}: {e}", path.display());
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(e.to_string()))?;
    let mut out = BufWriter::new(tmp);
    db.read(|c| imports::write_failures(c, id, &mut out))
        .map_err(|e| fail(e.to_string()))?;
    let tmp = out.into_inner().map_err(|e| fail(e.to_string()))?;
    tmp.persist(path).map_err(|e| fail(e.to_string()))?;
    Ok(())
}

/// What an export wrote, printed on stderr (stdout may be the CSV itself).
#[derive(Debug)]
pub struct ExportSummary {
    pub contacts: u64,
    pub output: Option<PathBuf>,
}

impl fmt::Display for ExportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.output {
            Some(p) => write!(f, "exported {} contacts to {}", self.contacts, p.display()),
            None => write!(f, "exported {} contacts", self.contacts),
        }
    }
}

fn export_columns(names: &[String]) -> Result<Vec<ExportColumn>, String> {
    if names.is_empty() {
        return Ok(ExportColumn::DEFAULT.to_vec());
    }
    let mut out = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let c = ExportColumn::parse(name).ok_or_else(|| {
            let known: Vec<&str> = ExportColumn::ALL.iter().map(|c| c.as_str()).collect();
            format!(
                "unknown column {name:?}; known columns: {}",
                known.join(", ")
            )
        })?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

fn filter_body(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let v: Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    Ok(if v.is_array() {
        json!({ "payload": v })
    } else {
        v
    })
}

/// Exports the selected contacts to `args.output` (written whole or not at all) or to stdout.
pub fn export(args: &ExportArgs, clock: &Clock) -> Result<ExportSummary, String> {
    let columns = export_columns(&args.columns)?;
    let body = args.filter.as_deref().map(filter_body).transpose()?;
    let db = open(&args.db, args.account)?;
    let today = clock.today();
    let run = |out: &mut dyn Write| {
        db.read(|c| {
            let sel = Selection::new(c, args.account, body.as_ref(), args.label.as_deref(), today)?;
            contact_export::write_csv(c, args.account, &sel, columns.clone(), out)
        })
        .map_err(|e| match e {
            crate::error::Error::Unprocessable(m) => format!("invalid filter: {m}"),
            e => e.to_string(),
        })
    };
    match &args.output {
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
            let n = run(&mut out)?;
            out.flush()
                .map_err(|e| format!("writing the export: {e}"))?;
            Ok(ExportSummary {
                contacts: n,
                output: None,
            })
        }
        Some(path) => {
            let fail = |e: String| format!("cannot write {}: {e}", path.display());
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(e.to_string()))?;
            let mut out = BufWriter::with_capacity(1 << 16, tmp);
            let n = run(&mut out)?;
            let tmp = out.into_inner().map_err(|e| fail(e.to_string()))?;
            tmp.persist(path).map_err(|e| fail(e.to_string()))?;
            Ok(ExportSummary {
                contacts: n,
                output: Some(path.clone()),
            })
        }
    }
}
