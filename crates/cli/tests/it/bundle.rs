//! Region bundles (`kotacerdas bundle export|import`): a workshop laptop without internet gets
//! the region and brings its work back. Run as real processes against real servers, on SQLite
//! and on PostgreSQL.

use crate::harness::{fresh_database, temp_dir, TestApp};
use kotacerdas_domain::narrative::Section;
use kotacerdas_store::bundle::tables::{audit_entity_table, Owner, Target, TABLES};
use kotacerdas_store::bundle::{self, Contents, Row};
use kotacerdas_store::entity::{book_text, programme, readiness_score, stored_file};
use kotacerdas_store::files::Storage;
use kotacerdas_store::{book, region::regions, Actor};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value as J;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(app_url: &str, storage: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
        .args(["--database-url", app_url])
        .args(args)
        .env("KOTACERDAS_STORAGE", storage)
        .env_remove("KOTACERDAS_DATABASE_URL")
        .current_dir(temp_dir("bundle-cwd"))
        .output()
        .expect("run kotacerdas")
}

pub(crate) fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn storage_of(app: &TestApp) -> Storage {
    Storage::from_config(app.storage_dir.to_str().expect("utf-8")).expect("storage")
}

/// Export a region with the CLI; returns the bundle's path.
pub(crate) fn export(app: &TestApp, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let o = run(
        &app.database_url,
        &app.storage_dir,
        &["bundle", "export", "--region", "99.01", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "export: {}", text(&o));
    assert!(text(&o).contains("written"), "{}", text(&o));
    out
}

pub(crate) fn import(app: &TestApp, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["bundle", "import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&app.database_url, &app.storage_dir, &args)
}

/// A second server on an empty database with its own file store.
pub(crate) async fn empty_server(app: &TestApp) -> TestApp {
    let url = fresh_database(app.backend).await;
    TestApp::spawn_on(app.backend, &url, temp_dir("files2"), false).await
}

/// The demo region with files: the book's logo and generated versions, and an evidence upload.
async fn with_files(app: &TestApp) {
    let storage = storage_of(app);
    kotacerdas_demo::book::load(&app.db, &storage).await.expect("book demo");
    let r = regions::by_code(&app.db, "99.01").await.expect("region");
    let admin = Actor::system("test");
    let pdf = b"%PDF-1.4\n% evidence scan\n".to_vec();
    let f = storage.upload(&app.db, &admin, Some(r.id), "bukti.pdf", pdf.into()).await.expect("upload");
    let cell = readiness_score::Entity::find()
        .filter(readiness_score::Column::RegionId.eq(r.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("a scored readiness cell in the demo");
    kotacerdas_store::analysis::readiness::set_evidence_file(
        &app.db,
        &admin,
        r.id,
        &cell.item_code,
        &cell.dimension_code,
        f.id,
    )
    .await
    .expect("evidence");
}

fn hash(s: &str) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Every table's rows with ids replaced by stable keys (a hash of the row's content with its
/// references replaced by the referenced rows' keys), file rows with the hash of their bytes
/// instead of the storage key, and the import's own audit entry left out.
fn canonical(path: &Path) -> BTreeMap<String, Vec<String>> {
    let mut c = Contents::open(path).expect("open bundle");
    let mut keys: HashMap<(&str, i64), String> = HashMap::new();
    let mut out = BTreeMap::new();
    // The region is the one row everything hangs on: it is "R"; its own row comes last.
    let region_id = c.rows("regions")[0]["id"].as_i64().unwrap();
    keys.insert(("regions", region_id), "R".into());
    let order: Vec<_> =
        TABLES.iter().filter(|t| t.name != "regions").chain(TABLES.iter().filter(|t| t.name == "regions")).collect();
    for t in order {
        let rows: Vec<Row> = c.rows(t.name).to_vec();
        let mut list = Vec::new();
        for row in rows {
            let id = row["id"].as_i64().unwrap();
            let mut r = row.clone();
            r.remove("id");
            if t.name == "audit_log" && r["action"] == "bundle.import" {
                continue;
            }
            for re in t.refs {
                let Some(old) = row.get(re.column).and_then(J::as_i64) else { continue };
                let target = match re.target {
                    Target::Table(x) => x,
                    Target::ByKind { kind_column, kinds } => {
                        let kind = row[kind_column].as_str().unwrap_or_default();
                        kinds.iter().find(|(k, _)| *k == kind).map(|(_, x)| *x).unwrap_or("?")
                    }
                };
                let k = keys.get(&(target, old)).cloned().unwrap_or_else(|| format!("missing {target} {old}"));
                r.insert(re.column.into(), J::from(k));
            }
            if t.name == "files" {
                r.remove("key");
                let bytes = c.file(id).expect("file bytes");
                r.insert("bytes".into(), J::from(format!("{} bytes {}", bytes.len(), hash(&format!("{bytes:?}")))));
            }
            if t.name == "audit_log" {
                let table = r["entity"].as_str().and_then(audit_entity_table);
                let old = r["entity_id"].as_str().and_then(|s| s.parse::<i64>().ok());
                if let (Some(table), Some(old)) = (table, old) {
                    if let Some(k) = keys.get(&(table, old)) {
                        r.insert("entity_id".into(), J::from(k.clone()));
                    }
                }
            }
            let s = serde_json::to_string(&r).unwrap();
            let key = match t.owner {
                Owner::Users => format!("user {}", row["username"]),
                _ if t.name == "regions" => "R".to_string(),
                _ => hash(&format!("{}{s}", t.name)),
            };
            keys.insert((t.name, id), key);
            list.push(s);
        }
        list.sort();
        out.insert(t.name.to_string(), list);
    }
    out
}

fn assert_same_data(a: &Path, b: &Path) {
    let (ca, cb) = (canonical(a), canonical(b));
    for (table, rows) in &ca {
        let other = &cb[table];
        if rows != other {
            let only_a: Vec<_> = rows.iter().filter(|r| !other.contains(r)).take(3).collect();
            let only_b: Vec<_> = other.iter().filter(|r| !rows.contains(r)).take(3).collect();
            panic!(
                "{table}: {} rows vs {}\nonly in first: {only_a:#?}\nonly in second: {only_b:#?}",
                rows.len(),
                other.len()
            );
        }
    }
    assert_eq!(ca.keys().collect::<Vec<_>>(), cb.keys().collect::<Vec<_>>());
}

/// A change to a bundle's manifest, tables and file bytes.
type Alteration = dyn Fn(&mut bundle::Manifest, &mut BTreeMap<String, Vec<Row>>, &mut BTreeMap<i64, Vec<u8>>);

async fn count(app: &TestApp, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) AS n FROM {table}");
    let row = app.db.query_one(sea_orm::Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap();
    row.unwrap().try_get::<i64>("", "n").unwrap()
}

async fn counts(app: &TestApp) -> Vec<(String, i64)> {
    let mut v = Vec::new();
    for t in TABLES {
        v.push((t.name.to_string(), count(app, t.name).await));
    }
    v
}

/// Stored objects under a file store directory.
fn objects(dir: &Path) -> usize {
    fn walk(p: &Path) -> usize {
        std::fs::read_dir(p)
            .map(|rd| rd.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum())
            .unwrap_or(0)
    }
    walk(dir)
}

async fn programmes(db: &sea_orm::DatabaseConnection, region_id: i64) -> u64 {
    programme::Entity::find().filter(programme::Column::RegionId.eq(region_id)).count(db).await.unwrap()
}

async fn background(app: &TestApp) -> Option<String> {
    let r = regions::by_code(&app.db, "99.01").await.expect("region");
    book_text::Entity::find()
        .filter(book_text::Column::RegionId.eq(r.id))
        .filter(book_text::Column::Section.eq("background"))
        .filter(book_text::Column::Lang.eq("id"))
        .one(&app.db)
        .await
        .unwrap()
        .map(|t| t.body)
}

async fn set_background(app: &TestApp, body: &str) {
    let r = regions::by_code(&app.db, "99.01").await.expect("region");
    book::save_text(&app.db, &Actor::system("test"), r.id, Section::Background, "id", body).await.expect("save text");
}

crate::both!(
    async fn round_trip_into_an_empty_server(app: TestApp) {
        with_files(&app).await;
        let dir = temp_dir("bundles");
        let started = std::time::Instant::now();
        let a = export(&app, &dir, "sukamaju.zip");
        let export_ms = started.elapsed().as_millis();
        let size = std::fs::metadata(&a).unwrap().len();

        let laptop = empty_server(&app).await;
        let started = std::time::Instant::now();
        let o = import(&laptop, &a, &[]);
        let import_ms = started.elapsed().as_millis();
        assert!(o.status.success(), "import: {}", text(&o));
        assert!(text(&o).contains("added as a new region"), "{}", text(&o));
        eprintln!("[{:?}] demo region bundle: {size} bytes, export {export_ms} ms, import {import_ms} ms", app.backend);

        let b = export(&laptop, &dir, "from-laptop.zip");
        assert_same_data(&a, &b);
        let manifest = Contents::open(&b).unwrap().manifest;
        // The laptop remembers where the data came from.
        let origin = Contents::open(&a).unwrap().manifest.origin;
        assert_eq!(manifest.origin, origin);
        assert!(manifest.files >= 8, "logo, 2 × 3 book files, evidence: {}", manifest.files);

        // Directly on the laptop: the programmes, and a file with the same bytes for the same account.
        let (r0, r1) =
            (regions::by_code(&app.db, "99.01").await.unwrap(), regions::by_code(&laptop.db, "99.01").await.unwrap());
        let (n0, n1) = (programmes(&app.db, r0.id).await, programmes(&laptop.db, r1.id).await);
        assert_eq!(n0, n1);
        assert!(n1 > 10, "{n1}");
        let logo0 = stored_file::Entity::find_by_id(r0.logo_file_id.unwrap()).one(&app.db).await.unwrap().unwrap();
        let logo1 =
            stored_file::Entity::find_by_id(r1.logo_file_id.expect("logo")).one(&laptop.db).await.unwrap().unwrap();
        let original = storage_of(&app).read(&logo0.key).await.unwrap();
        let admin = laptop.login("admin.sukamaju").await;
        let resp = admin.client.get(format!("{}/files/{}", laptop.base, logo1.id)).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.bytes().await.unwrap(), original);
        assert_eq!(logo1.original_name, logo0.original_name);
        // The region's pages work on the laptop.
        let (s, html) = admin.get("/regions/99.01/programmes").await;
        assert_eq!(s, StatusCode::OK, "{html}");

        // A dry run into a server that has the region reports and changes nothing.
        let before = counts(&laptop).await;
        let o = import(&laptop, &b, &["--dry-run"]);
        assert!(o.status.success(), "{}", text(&o));
        assert!(text(&o).contains("would replace") && text(&o).contains("dry run"), "{}", text(&o));
        assert_eq!(counts(&laptop).await, before);

        // The laptop did not change its copy: the server's newer bundle replaces it without --force.
        set_background(&app, "Versi server yang lebih baru.").await;
        let newer = export(&app, &dir, "newer.zip");
        let o = import(&laptop, &newer, &[]);
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(background(&laptop).await.as_deref(), Some("Versi server yang lebih baru."));
        // Once it has changed it, the same is refused and its change listed.
        set_background(&laptop, "Perubahan di laptop.").await;
        let o = import(&laptop, &newer, &[]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(text(&o).contains("changes on this server since the bundle's base (1)"), "{}", text(&o));
    }
);

crate::both!(
    async fn a_damaged_bundle_changes_nothing(app: TestApp) {
        with_files(&app).await;
        let dir = temp_dir("bundles");
        let good = export(&app, &dir, "good.zip");
        let laptop = empty_server(&app).await;
        let empty = counts(&laptop).await;
        let origin_before = counts(&app).await;
        let origin_objects = objects(&app.storage_dir);

        let expect_refusal = |o: &Output, needle: &str| {
            let t = text(o);
            assert_eq!(o.status.code(), Some(2), "{t}");
            assert!(t.contains(needle), "expected {needle:?} in: {t}");
            assert!(!t.contains("panicked"), "{t}");
        };
        // Not a zip at all / cut short.
        let bytes = std::fs::read(&good).unwrap();
        let cut = dir.join("cut.zip");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        expect_refusal(&import(&laptop, &cut, &[]), "not a kotacerdas bundle");
        expect_refusal(&import(&laptop, &dir.join("missing.zip"), &[]), "cannot open");

        // Altered contents: rewrite the bundle with one thing wrong.
        let variant = |name: &str, change: &Alteration| {
            let mut c = Contents::open(&good).unwrap();
            let ids: Vec<i64> = c.rows("files").iter().map(|r| r["id"].as_i64().unwrap()).collect();
            let mut files: BTreeMap<i64, Vec<u8>> = ids.iter().map(|id| (*id, c.file(*id).unwrap())).collect();
            let (mut m, mut t) = (c.manifest.clone(), c.tables.clone());
            change(&mut m, &mut t, &mut files);
            let p = dir.join(name);
            bundle::write_contents(&p, &m, &t, &files).unwrap();
            p
        };
        let dangling = variant("dangling.zip", &|_, t, _| {
            t.get_mut("programme_kpis").unwrap()[0].insert("programme_id".into(), J::from(987_654_321));
        });
        let bad_value = variant("bad-value.zip", &|_, t, _| {
            t.get_mut("programmes").unwrap()[3].insert("start_year".into(), J::from("soon"));
        });
        let no_bytes = variant("no-bytes.zip", &|_, t, files| {
            let last = t["files"].last().unwrap()["id"].as_i64().unwrap();
            files.remove(&last);
        });
        let future = variant("future.zip", &|m, _, _| m.format = 99);
        expect_refusal(&import(&laptop, &dangling, &[]), "refers to a programmes row that is not in the bundle");
        expect_refusal(&import(&laptop, &bad_value, &[]), "start_year is \"soon\" but must be a 32-bit integer");
        expect_refusal(&import(&laptop, &no_bytes, &[]), "lacks the bytes of stored file");
        expect_refusal(&import(&laptop, &future, &[]), "bundle format 99");
        expect_refusal(&import(&laptop, &dangling, &["--dry-run"]), "refers to a programmes row");
        assert_eq!(counts(&laptop).await, empty, "the empty server stays empty");
        assert_eq!(objects(&laptop.storage_dir), 0, "files written before the failure are removed");

        // The same into the server that has the region (replacing, forced): nothing changes there.
        expect_refusal(&import(&app, &dangling, &["--force"]), "refers to a programmes row");
        expect_refusal(&import(&app, &bad_value, &["--force"]), "must be a 32-bit integer");
        let after = counts(&app).await;
        // Only the backups' export happened: no row changed.
        assert_eq!(after, origin_before);
        assert_eq!(objects(&app.storage_dir), origin_objects);
        // And the good bundle still goes in.
        let o = import(&laptop, &good, &[]);
        assert!(o.status.success(), "{}", text(&o));
    }
);

crate::both!(
    async fn conflicts_are_shown_and_nothing_is_lost(app: TestApp) {
        with_files(&app).await;
        let dir = temp_dir("bundles");
        let a = export(&app, &dir, "to-laptop.zip");
        let laptop = empty_server(&app).await;
        assert!(import(&laptop, &a, &[]).status.success());

        // Both sides change the region.
        set_background(&laptop, "Latar belakang ditulis di laptop saat Bimtek.").await;
        set_background(&app, "Latar belakang diubah di server.").await;
        let back = export(&laptop, &dir, "from-laptop.zip");
        let before = counts(&app).await;
        for extra in [&[][..], &["--dry-run"][..]] {
            let o = import(&app, &back, extra);
            let t = text(&o);
            assert_eq!(o.status.code(), Some(1), "{t}");
            assert!(t.contains("changes on this server since the bundle's base (1)"), "{t}");
            assert!(t.contains("book_text") && t.contains("refused"), "{t}");
        }
        assert_eq!(counts(&app).await, before);
        assert_eq!(background(&app).await.as_deref(), Some("Latar belakang diubah di server."));
        assert!(!std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("backup")));

        // A second laptop from the server's current state; the server does not change meanwhile.
        let a2 = export(&app, &dir, "to-laptop-2.zip");
        let laptop2 = empty_server(&app).await;
        assert!(import(&laptop2, &a2, &[]).status.success());
        set_background(&laptop2, "Latar belakang dari Bimtek kedua.").await;
        let back2 = export(&laptop2, &dir, "from-laptop-2.zip");
        let o = import(&app, &back2, &[]);
        let t = text(&o);
        assert!(o.status.success(), "{t}");
        assert!(t.contains("replaces the region") && t.contains("made from this server"), "{t}");
        assert_eq!(background(&app).await.as_deref(), Some("Latar belakang dari Bimtek kedua."));
        // The backup holds exactly what the server had.
        let backup: PathBuf = t
            .lines()
            .find_map(|l| l.strip_prefix("backup of the replaced data: "))
            .map(PathBuf::from)
            .expect("backup path printed");
        assert!(backup.starts_with(&dir), "{backup:?} next to the imported file");
        assert_same_data(&backup, &a2);
        // The server now has the laptop's data; files are served from their new keys.
        assert_same_data(&back2, &export(&app, &dir, "after.zip"));
        let r = regions::by_code(&app.db, "99.01").await.unwrap();
        let logo = stored_file::Entity::find_by_id(r.logo_file_id.unwrap()).one(&app.db).await.unwrap().unwrap();
        assert!(!storage_of(&app).read(&logo.key).await.unwrap().is_empty());
        let files_of_region = stored_file::Entity::find().filter(stored_file::Column::RegionId.eq(r.id)).count(&app.db);
        assert_eq!(files_of_region.await.unwrap() as usize, objects(&app.storage_dir), "no orphaned objects");
        // The region's audit trail kept its old entries and gained the import.
        let (log, _) = kotacerdas_store::audit::list(
            &app.db,
            &kotacerdas_store::audit::Filter { region_id: Some(r.id), ..Default::default() },
        )
        .await
        .unwrap();
        assert_eq!(log[0].action, "bundle.import");
        assert!(log.iter().any(|e| e.after.as_deref().is_some_and(|a| a.contains("diubah di server"))));

        // The first laptop's work, forced in over the server's changes: written, with a backup.
        let o = import(&app, &back, &[]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let o = import(&app, &back, &["--force"]);
        let t = text(&o);
        assert!(o.status.success(), "{t}");
        assert!(t.contains("backup of the replaced data"), "{t}");
        assert_eq!(background(&app).await.as_deref(), Some("Latar belakang ditulis di laptop saat Bimtek."));
    }
);

// ---------------------------------------------------------------------------------------------
// Bundles are untrusted input (issue 13): roles, caps, and where the files are.

/// A copy of `good` with one thing changed.
fn altered(good: &Path, dir: &Path, name: &str, change: &Alteration) -> PathBuf {
    let mut c = Contents::open(good).unwrap();
    let ids: Vec<i64> = c.rows("files").iter().map(|r| r["id"].as_i64().unwrap()).collect();
    let mut files: BTreeMap<i64, Vec<u8>> = ids.iter().map(|id| (*id, c.file(*id).unwrap())).collect();
    let (mut m, mut t) = (c.manifest.clone(), c.tables.clone());
    change(&mut m, &mut t, &mut files);
    let p = dir.join(name);
    bundle::write_contents(&p, &m, &t, &files).unwrap();
    p
}

fn max_id(t: &BTreeMap<String, Vec<Row>>, table: &str) -> i64 {
    t[table].iter().filter_map(|r| r["id"].as_i64()).max().unwrap_or(0)
}

fn user_id(t: &BTreeMap<String, Vec<Row>>, username: &str) -> i64 {
    t["users"].iter().find(|u| u["username"] == username).expect("user in the bundle")["id"].as_i64().unwrap()
}

/// Add a role row to a bundle's tables.
fn grant(t: &mut BTreeMap<String, Vec<Row>>, user: i64, role: &str, region: Option<i64>) {
    let id = max_id(t, "role_assignments") + 1;
    let row: Row = serde_json::from_value(serde_json::json!({
        "id": id, "user_id": user, "role": role, "region_id": region, "opd_id": null
    }))
    .unwrap();
    t.get_mut("role_assignments").unwrap().push(row);
}

/// A new account in a bundle (a copy of another with a new id and name); returns its id.
fn add_account(t: &mut BTreeMap<String, Vec<Row>>, username: &str) -> i64 {
    let id = max_id(t, "users") + 1;
    let mut row = t["users"][0].clone();
    row.insert("id".into(), J::from(id));
    row.insert("username".into(), J::from(username));
    t.get_mut("users").unwrap().push(row);
    id
}

fn region_of(t: &BTreeMap<String, Vec<Row>>) -> i64 {
    t["regions"][0]["id"].as_i64().unwrap()
}

crate::both!(
    async fn a_bundle_grants_only_roles_in_its_own_region(app: TestApp) {
        let dir = temp_dir("bundles");
        let good = export(&app, &dir, "good.zip");
        let laptop = empty_server(&app).await;
        let (empty, before) = (counts(&laptop).await, counts(&app).await);
        let refused = |o: &Output, needles: &[&str]| {
            let t = text(o);
            assert_eq!(o.status.code(), Some(2), "{t}");
            assert!(t.contains("tables/role_assignments.json, row"), "{t}");
            for n in needles {
                assert!(t.contains(n), "expected {n:?} in: {t}");
            }
        };
        // A new account made a national administrator.
        let admin = altered(&good, &dir, "admin.zip", &|_, t, _| {
            let u = add_account(t, "penyusup");
            grant(t, u, "programme_admin", None);
        });
        // An existing account made one (the planner is in the bundle: it has a role in the region).
        let admin_existing = altered(&good, &dir, "admin-existing.zip", &|_, t, _| {
            let u = user_id(t, "perencana.dinkes");
            grant(t, u, "programme_admin", None);
        });
        let unknown = altered(&good, &dir, "unknown.zip", &|_, t, _| {
            let (u, r) = (user_id(t, "perencana.dinkes"), region_of(t));
            grant(t, u, "superuser", Some(r));
        });
        let elsewhere = altered(&good, &dir, "elsewhere.zip", &|_, t, _| {
            let u = user_id(t, "perencana.dinkes");
            grant(t, u, "region_admin", Some(424_242));
        });
        for (file, needles) in [
            (&admin, &["account penyusup", "programme-wide"][..]),
            (&admin_existing, &["account perencana.dinkes", "programme-wide"][..]),
            (&unknown, &["unknown role \"superuser\""][..]),
            (&elsewhere, &["not the bundle's region"][..]),
        ] {
            for extra in [&[][..], &["--dry-run"][..], &["--force"][..]] {
                refused(&import(&laptop, file, extra), needles);
                refused(&import(&app, file, extra), needles);
            }
        }
        assert_eq!(counts(&laptop).await, empty, "the empty server stays empty");
        assert_eq!(counts(&app).await, before, "nothing changed on the server");
        let planner = app.login("perencana.dinkes").await;
        assert_eq!(planner.get("/admin/users").await.0, StatusCode::FORBIDDEN);
        let api = app.api(&app.token("perencana.dinkes").await);
        assert_eq!(api.get("/api/v1/users").await.0, StatusCode::FORBIDDEN);

        // A role in the region for an existing account is allowed, and listed before and after.
        let extra_role = altered(&good, &dir, "extra-role.zip", &|_, t, _| {
            let (u, r) = (user_id(t, "dewan.sukamaju"), region_of(t));
            grant(t, u, "expert", Some(r));
            add_account(t, "tamu.bimtek");
        });
        let before = counts(&app).await;
        let o = import(&app, &extra_role, &["--dry-run"]);
        let t = text(&o);
        assert!(o.status.success(), "{t}");
        assert!(t.contains("account dewan.sukamaju: role expert in region 99.01 would be added"), "{t}");
        assert!(t.contains("account tamu.bimtek: would be created"), "{t}");
        assert_eq!(counts(&app).await, before, "a dry run changes nothing");
        let o = import(&app, &extra_role, &[]);
        let t = text(&o);
        assert!(o.status.success(), "{t}");
        assert!(t.contains("account dewan.sukamaju: role expert in region 99.01 added"), "{t}");
        assert!(t.contains("account tamu.bimtek: created"), "{t}");
        assert!(!t.contains("perencana.dinkes:"), "unchanged accounts are not listed: {t}");
        let council = app.login("dewan.sukamaju").await;
        assert_eq!(council.get("/admin/users").await.0, StatusCode::FORBIDDEN);

        // Taking the role away again is listed too.
        let back = export(&app, &dir, "back.zip");
        let without = altered(&back, &dir, "without.zip", &|_, t, _| {
            let u = user_id(t, "dewan.sukamaju");
            t.get_mut("role_assignments").unwrap().retain(|r| !(r["user_id"] == u && r["role"] == "expert"));
        });
        let o = import(&app, &without, &[]);
        let t = text(&o);
        assert!(o.status.success(), "{t}");
        assert!(t.contains("account dewan.sukamaju: role expert in region 99.01 removed"), "{t}");
    }
);

/// `bundle import FILE --force` as a child process, with the child's peak resident size in MB
/// (its VmHWM, read while it runs: a large allocation takes long enough to be seen).
fn import_measured(app: &TestApp, file: &Path) -> (Output, u64) {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
        .args(["--database-url", &app.database_url, "bundle", "import", file.to_str().unwrap(), "--force"])
        .env("KOTACERDAS_STORAGE", &app.storage_dir)
        .env_remove("KOTACERDAS_DATABASE_URL")
        .current_dir(temp_dir("bundle-cwd"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    while child.try_wait().unwrap().is_none() {
        let hwm = std::fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        });
        peak_kb = peak_kb.max(hwm.unwrap_or(0));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    (child.wait_with_output().unwrap(), peak_kb / 1024)
}

crate::both!(
    async fn a_huge_entry_or_a_zip_bomb_is_refused_without_inflating_it(app: TestApp) {
        use kotacerdas_intake::bundle::craft::{deflate_bomb, zip, RawEntry};
        let dir = temp_dir("bundles");
        let good = export(&app, &dir, "good.zip");
        let c = Contents::open(&good).unwrap();
        // The good bundle's manifest and tables, then one more table entry.
        let with = |name: &str, last: RawEntry| {
            let mut entries = vec![RawEntry::stored("manifest.json", &serde_json::to_vec(&c.manifest).unwrap())];
            for (t, rows) in &c.tables {
                if t != "programme_kpis" {
                    entries.push(RawEntry::stored(&format!("tables/{t}.json"), &serde_json::to_vec(rows).unwrap()));
                }
            }
            entries.push(last);
            let p = dir.join(name);
            std::fs::write(&p, zip(&entries)).unwrap();
            p
        };
        // Declares 3 GiB, holds two bytes.
        let huge = with(
            "huge.zip",
            RawEntry {
                name: "tables/programme_kpis.json".into(),
                method: 0,
                data: b"[]".to_vec(),
                crc: kotacerdas_intake::bundle::craft::crc32(b"[]"),
                declared_size: 3 << 30,
            },
        );
        // 1 MB that inflates to 1 GiB of JSON white space, declaring 100 bytes.
        let bomb = with(
            "bomb.zip",
            RawEntry {
                name: "tables/programme_kpis.json".into(),
                method: 8,
                data: deflate_bomb(1 << 30),
                crc: 0,
                declared_size: 100,
            },
        );
        let laptop = empty_server(&app).await;
        let empty = counts(&laptop).await;
        for (file, needle) in [(&huge, "declares 3221225472 bytes"), (&bomb, "inflates more than 200-fold")] {
            for target in [&laptop, &app] {
                let (o, peak_mb) = import_measured(target, file);
                let t = text(&o);
                assert_eq!(o.status.code(), Some(2), "{t}");
                assert!(t.contains(needle) && t.contains("tables/programme_kpis.json"), "{t}");
                assert!(t.contains("nothing was changed"), "{t}");
                eprintln!("[{:?}] {}: refused, peak RSS {peak_mb} MB", app.backend, file.display());
                assert!(peak_mb < 200, "the import peaked at {peak_mb} MB: {t}");
            }
        }
        assert_eq!(counts(&laptop).await, empty);
    }
);

crate::both!(
    async fn files_are_found_from_any_working_directory(app: TestApp) {
        // A server whose files are where the CLI looks by default: beside the SQLite file, or
        // for PostgreSQL in $XDG_DATA_HOME/kotacerdas/files.
        let url = fresh_database(app.backend).await;
        let xdg = temp_dir("xdg");
        let files = match kotacerdas_store::db::sqlite_path(&url) {
            Some(db) => Path::new(db).with_file_name("test-files"),
            None => xdg.join("kotacerdas").join("files"),
        };
        let server = TestApp::spawn_on(app.backend, &url, files.clone(), true).await;
        with_files(&server).await;
        assert!(objects(&files) >= 8, "the files are at the default place");
        let cwd = temp_dir("elsewhere");
        let out = temp_dir("bundles").join("from-elsewhere.zip");
        let o = Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
            .args(["--database-url", &url, "bundle", "export", "--region", "99.01", "--out", out.to_str().unwrap()])
            .env_remove("KOTACERDAS_STORAGE")
            .env_remove("KOTACERDAS_DATABASE_URL")
            .env("XDG_DATA_HOME", &xdg)
            .current_dir(&cwd)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o));
        assert!(Contents::open(&out).unwrap().manifest.files >= 8);
        let left: Vec<_> = std::fs::read_dir(&cwd).unwrap().flatten().map(|e| e.file_name()).collect();
        assert!(left.is_empty(), "the command left {left:?} in its working directory");
    }
);
