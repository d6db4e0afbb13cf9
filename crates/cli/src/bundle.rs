//! `kotacerdas bundle export|import`: a region on a workshop laptop and back.

use crate::BundleCommand;
use anyhow::{Context, Result};
use kotacerdas_store::bundle::{self, ImportOptions, ImportReport, Mode};
use kotacerdas_store::files::Storage;
use kotacerdas_store::{db, Actor};
use std::process::ExitCode;

/// Conflicts shown in full up to this many; the rest are counted.
const SHOWN: usize = 50;

pub async fn run(database_url: &str, storage: &str, action: BundleCommand) -> Result<ExitCode> {
    let conn = db::open(database_url).await.context("opening the database")?;
    let storage = Storage::from_config(storage)?;
    let code = match action {
        BundleCommand::Export { region, out } => {
            let started = std::time::Instant::now();
            let s = bundle::export(&conn, &storage, &region, &out).await?;
            let rows: usize = s.manifest.counts.values().sum();
            println!(
                "{} written: region {} {} ({rows} rows, {} files, {} bytes, data version {}, {} ms)",
                s.path.display(),
                s.manifest.region_code,
                s.manifest.region_name,
                s.manifest.files,
                s.bytes,
                s.manifest.data_version,
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        BundleCommand::Import { file, dry_run, force } => {
            let started = std::time::Instant::now();
            let opts = ImportOptions { dry_run, force, actor: Actor::system("cli: bundle import") };
            let report = bundle::import(&conn, &storage, &file, &opts)
                .await
                .with_context(|| format!("importing {} (nothing was changed)", file.display()))?;
            print_report(&report);
            if report.refused {
                ExitCode::from(1)
            } else {
                if report.applied {
                    println!("imported in {} ms", started.elapsed().as_millis());
                }
                ExitCode::SUCCESS
            }
        }
    };
    conn.close().await?;
    Ok(code)
}

fn print_report(r: &ImportReport) {
    let what = match (r.mode, r.dry_run || r.refused) {
        (Mode::New, true) => "would be added as a new region",
        (Mode::New, false) => "added as a new region",
        (Mode::Replace, true) => "would replace the region on this server",
        (Mode::Replace, false) => "replaces the region on this server",
    };
    println!("region {} {}: {what}", r.region_code, r.region_name);
    if r.mode == Mode::Replace {
        println!(
            "this server's data version {}; the bundle's base version {}{}",
            r.target_version,
            r.base_version,
            if r.target_is_origin { " (made from this server)" } else { " (from another server)" }
        );
    }
    if let Some(note) = &r.conflict_note {
        println!("conflict: {note}");
    }
    if !r.conflicts.is_empty() {
        println!("changes on this server since the bundle's base ({}):", r.conflicts.len());
        for c in r.conflicts.iter().take(SHOWN) {
            println!(
                "  #{:<7} {}  {:<28} {} {} {}",
                c.id,
                c.at.format("%Y-%m-%d %H:%M:%S"),
                c.actor,
                c.action,
                c.entity,
                c.entity_id
            );
        }
        if r.conflicts.len() > SHOWN {
            println!("  … and {} more", r.conflicts.len() - SHOWN);
        }
    }
    if r.refused {
        println!(
            "refused: replacing would override the changes above. Export this server's region first if they \
             matter, or run again with --force (a backup bundle is still written)."
        );
        if !r.dry_run {
            return;
        }
    }
    println!("{:<24} {:>9} {:>9} {:>9} {:>9} {:>9}", "table", "bundle", "inserted", "matched", "skipped", "removed");
    for c in r.counts.iter().filter(|c| c.in_bundle > 0 || c.removed > 0) {
        println!(
            "{:<24} {:>9} {:>9} {:>9} {:>9} {:>9}",
            c.table, c.in_bundle, c.inserted, c.matched, c.skipped, c.removed
        );
    }
    // Accounts and roles: a bundle can grant access, so every grant is shown before and after.
    let verb = if r.applied { "" } else { "would be " };
    for a in &r.accounts {
        if a.new_account {
            println!("account {}: {verb}created", a.username);
        }
        for role in &a.added {
            println!("account {}: role {role} in region {} {verb}added", a.username, r.region_code);
        }
        for role in &a.removed {
            println!("account {}: role {role} in region {} {verb}removed", a.username, r.region_code);
        }
    }
    if let Some(b) = &r.backup {
        println!("backup of the replaced data: {}", b.display());
    }
    if r.applied {
        println!("{} files written, {} replaced files removed", r.files_written, r.files_removed);
    } else if r.dry_run {
        println!("dry run: nothing was changed");
    }
    for w in &r.warnings {
        println!("warning: {w}");
    }
}
