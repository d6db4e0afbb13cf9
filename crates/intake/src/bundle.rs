//! Region bundles as bytes: the zip archive, its `manifest.json`, the rows of `tables/*.json`
//! and the bytes of `files/<id>`. A bundle is a file anyone can write, so nothing in it is
//! trusted: every entry is read streaming with hard caps (per entry, per table, rows, columns,
//! all inflated bytes together, inflation ratio, number of entries), a size the archive declares
//! is checked *before* anything is allocated and never relied on (bytes are counted while they
//! are inflated), and entry names must be plain relative names, each only once.
//!
//! What the rows *mean* (which tables exist, what their columns refer to, which roles they may
//! grant) is the store's business; this module only hands over well-formed rows within the caps.

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as J};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};

/// The bundle layout this version writes and reads.
pub const FORMAT: u32 = 1;

/// One row: column → value (text, number, true/false or null; never a list or an object).
pub type Row = Map<String, J>;

/// Where the data of a bundle comes from: the server it was first exported from and that
/// server's data version at the time. A laptop that imported a server's bundle keeps this and
/// puts it in its own exports, so the server can tell whether it changed in the meantime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The newest audit id of the region on the origin server.
    pub base_version: i64,
    /// That audit entry's time: ids alone repeat across servers, id and time together do not.
    pub base_at: Option<DateTime<Utc>>,
    /// When the region was created on the origin server (carried with the region row).
    pub region_created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub app_version: String,
    pub region_code: String,
    pub region_name: String,
    pub exported_at: DateTime<Utc>,
    /// The exporting server's data version of the region (newest audit id) and that entry's
    /// time: importing the bundle back into the same server finds it there.
    pub data_version: i64,
    #[serde(default)]
    pub data_version_at: Option<DateTime<Utc>>,
    pub origin: Origin,
    /// Rows per table and the number of files, for a quick look without reading the tables.
    pub counts: BTreeMap<String, usize>,
    pub files: usize,
}

const MIB: u64 = 1024 * 1024;

/// The caps a bundle must stay within. The defaults are far above a real region (the demo
/// region with its generated books is a few MB and some ten thousand rows) and low enough that
/// reading a bundle stays within a laptop's memory: rows are held in memory while importing,
/// stored files one at a time.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Entries in the archive (manifest, tables and every stored file).
    pub max_entries: usize,
    pub max_manifest_bytes: u64,
    /// Inflated JSON of one table.
    pub max_table_bytes: u64,
    /// Inflated JSON of all tables together (they are parsed into memory).
    pub max_tables_bytes: u64,
    pub max_table_rows: usize,
    pub max_rows: usize,
    pub max_row_columns: usize,
    /// One stored file (uploads are at most 20 MiB; generated books can be larger).
    pub max_file_bytes: u64,
    /// Everything inflated from the archive, files included.
    pub max_total_bytes: u64,
    /// Inflated ÷ compressed size of one entry, checked once the entry passes `ratio_from` bytes
    /// (deflate reaches about 1000:1 on a bomb; real JSON tables some 10–30:1).
    pub max_ratio: u64,
    pub ratio_from: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 200_000,
            max_manifest_bytes: MIB,
            max_table_bytes: 256 * MIB,
            max_tables_bytes: 512 * MIB,
            max_table_rows: 1_000_000,
            max_rows: 2_000_000,
            max_row_columns: 200,
            max_file_bytes: 256 * MIB,
            max_total_bytes: 16 * 1024 * MIB,
            max_ratio: 200,
            ratio_from: MIB,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Not a bundle this version reads (not a zip, no manifest, another format version).
    #[error("{0}")]
    Format(String),
    /// Over one of the [`Limits`], an unsafe or repeated entry name, or damaged: refused.
    #[error("{0}")]
    Refused(String),
}

type Result<T, E = Error> = std::result::Result<T, E>;

/// The table names a reader knows: a bundle naming another table is from a newer version.
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    pub known: &'a [&'a str],
    pub required: &'a [&'a str],
}

/// An opened bundle: manifest and tables read and checked; stored files read on demand.
pub struct Bundle<R> {
    pub manifest: Manifest,
    pub tables: BTreeMap<String, Vec<Row>>,
    archive: zip::ZipArchive<R>,
    /// `files/<id>` → archive index.
    files: BTreeMap<i64, usize>,
    limits: Limits,
    /// Bytes inflated so far (all entries).
    inflated: u64,
}

impl<R: Read + Seek> fmt::Debug for Bundle<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Bundle({} {}, {} tables, {} files)",
            self.manifest.region_code,
            self.manifest.region_name,
            self.tables.len(),
            self.files.len()
        )
    }
}

/// What an entry name stands for.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Manifest,
    Table(String),
    File(i64),
    /// A directory entry or a name outside the layout (e.g. added by a zip tool): not read.
    Other,
}

fn classify(name: &str) -> Result<Entry> {
    let bad = |why: &str| Err(Error::Refused(format!("the entry name {name:?} {why}; the bundle is refused")));
    if name.is_empty() || name.len() > 255 {
        return bad("is empty or too long");
    }
    if name.chars().any(|c| c.is_control() || c == '\\' || c == ':') {
        return bad("holds a control character, a backslash or a colon");
    }
    if name.starts_with('/') {
        return bad("is an absolute path");
    }
    let dir = name.ends_with('/');
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    if trimmed.split('/').any(|part| part.is_empty() || part == "." || part == "..") {
        return bad("has an empty, `.` or `..` part");
    }
    if dir {
        return Ok(Entry::Other);
    }
    if name == "manifest.json" {
        return Ok(Entry::Manifest);
    }
    if let Some(t) = name.strip_prefix("tables/").and_then(|n| n.strip_suffix(".json")) {
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return Ok(Entry::Table(t.to_string()));
        }
        return bad("is not a table name");
    }
    if let Some(id) = name.strip_prefix("files/") {
        // One spelling per id, so `files/7` and `files/07` cannot both stand for file 7.
        return match id.parse::<i64>() {
            Ok(n) if n >= 0 && n.to_string() == id => Ok(Entry::File(n)),
            _ => bad("is not files/<id>"),
        };
    }
    Ok(Entry::Other)
}

/// Every name in the central directory, read from the raw records (the zip reader keeps only the
/// last of two entries with one name, so a repeated name would go unseen). Stops after `max`
/// records.
fn central_names<R: Read + Seek>(reader: &mut R, start: u64, max: usize) -> Result<()> {
    let damaged = |e: std::io::Error| Error::Format(format!("not a readable zip: {e}"));
    reader.seek(SeekFrom::Start(start)).map_err(damaged)?;
    let mut r = BufReader::new(reader);
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    let mut header = [0u8; 46];
    loop {
        if r.fill_buf().map_err(damaged)?.len() < 4 {
            break;
        }
        if r.fill_buf().map_err(damaged)?.get(..4) != Some(&[0x50, 0x4b, 0x01, 0x02]) {
            break;
        }
        r.read_exact(&mut header).map_err(damaged)?;
        let u16_at = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]);
        let (name_len, skip) = (usize::from(u16_at(28)), i64::from(u16_at(30)) + i64::from(u16_at(32)));
        let mut name = vec![0u8; name_len];
        r.read_exact(&mut name).map_err(damaged)?;
        r.seek_relative(skip).map_err(damaged)?;
        if seen.len() >= max {
            return Err(Error::Refused(format!("the bundle has more than {max} entries (the cap); it is refused")));
        }
        if !seen.insert(name.clone()) {
            return Err(Error::Refused(format!(
                "the entry name {:?} appears twice; the bundle is refused",
                String::from_utf8_lossy(&name)
            )));
        }
    }
    Ok(())
}

/// Counts the compressed bytes taken from an entry.
struct Counted<R> {
    inner: R,
    n: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n += n as u64;
        Ok(n)
    }
}

/// An entry's bytes as stored, or inflated. Inflated here rather than by the zip reader so the
/// compressed bytes consumed so far are known: the ratio is checked as the bytes come, not
/// against the entry's whole compressed size.
enum Inflate<R> {
    Stored(Counted<R>),
    Deflated(flate2::bufread::DeflateDecoder<BufReader<Counted<R>>>),
}

impl<R: Read> Inflate<R> {
    fn consumed(&self) -> u64 {
        match self {
            Inflate::Stored(c) => c.n,
            // Less what still sits in the read buffer.
            Inflate::Deflated(d) => d.get_ref().get_ref().n.saturating_sub(d.get_ref().buffer().len() as u64),
        }
    }
}

impl<R: Read> Read for Inflate<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Inflate::Stored(c) => c.read(buf),
            Inflate::Deflated(d) => d.read(buf),
        }
    }
}

/// Counts the bytes inflated from one entry, stops at the first cap it passes and checks the
/// entry's checksum and stated size at its end.
struct Capped<'a, R> {
    inner: Inflate<R>,
    name: &'a str,
    /// Bytes from this entry.
    read: u64,
    cap: u64,
    what: &'a str,
    limits: &'a Limits,
    /// Bytes from all entries (shared with the bundle).
    total: &'a mut u64,
    crc: crc32fast::Hasher,
    expect_crc: u32,
    expect_size: u64,
    /// Why reading stopped, kept because a JSON parser reports only "I/O error".
    failure: Option<String>,
}

impl<R: Read> Capped<'_, R> {
    fn check(&self, n: usize) -> Option<String> {
        let l = self.limits;
        if n == 0 {
            if self.read != self.expect_size {
                return Some(format!(
                    "{} is damaged: it holds {} bytes, not the {} its header states",
                    self.name, self.read, self.expect_size
                ));
            }
            if self.crc.clone().finalize() != self.expect_crc {
                return Some(format!("{} is damaged (checksum mismatch)", self.name));
            }
            return None;
        }
        if self.read > self.cap {
            Some(format!(
                "{} inflates to more than {} bytes (the cap for {}); the bundle is refused",
                self.name, self.cap, self.what
            ))
        } else if self.read > l.ratio_from && self.read > self.inner.consumed().max(1).saturating_mul(l.max_ratio) {
            Some(format!("{} inflates more than {}-fold (a zip bomb?); the bundle is refused", self.name, l.max_ratio))
        } else if *self.total > l.max_total_bytes {
            Some(format!(
                "the bundle inflates to more than {} bytes in all (the cap), at {}; it is refused",
                l.max_total_bytes, self.name
            ))
        } else {
            None
        }
    }
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(e) = &self.failure {
            return Err(std::io::Error::other(e.clone()));
        }
        if buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf).map_err(|e| {
            let e = format!("{} is damaged: {e}", self.name);
            self.failure = Some(e.clone());
            std::io::Error::other(e)
        })?;
        self.read += n as u64;
        *self.total += n as u64;
        self.crc.update(buf.get(..n).unwrap_or_default());
        if let Some(e) = self.check(n) {
            self.failure = Some(e.clone());
            return Err(std::io::Error::other(e));
        }
        Ok(n)
    }
}

impl<R: Read + Seek> Bundle<R> {
    /// Read the archive's directory, its manifest and every table.
    pub fn open(reader: R, tables: Tables<'_>, limits: Limits) -> Result<Bundle<R>> {
        let not_zip =
            |e: zip::result::ZipError| Error::Format(format!("not a kotacerdas bundle (not a readable zip: {e})"));
        let archive = zip::ZipArchive::new(reader).map_err(not_zip)?;
        if archive.len() > limits.max_entries {
            return Err(Error::Refused(format!(
                "the bundle has {} entries, more than the cap of {}; it is refused",
                archive.len(),
                limits.max_entries
            )));
        }
        let start = archive.central_directory_start();
        let mut reader = archive.into_inner();
        central_names(&mut reader, start, limits.max_entries)?;
        let archive = zip::ZipArchive::new(reader).map_err(not_zip)?;
        let mut b = Bundle {
            manifest: placeholder_manifest(),
            tables: BTreeMap::new(),
            archive,
            files: BTreeMap::new(),
            limits,
            inflated: 0,
        };
        let mut manifest_at = None;
        let mut table_at: Vec<(String, usize)> = Vec::new();
        for i in 0..b.archive.len() {
            let name = b.archive.name_for_index(i).unwrap_or_default().to_string();
            match classify(&name)? {
                Entry::Manifest => manifest_at = Some(i),
                Entry::Table(t) => {
                    if !tables.known.contains(&t.as_str()) {
                        return Err(Error::Format(format!("unknown table {t} (a newer kotacerdas?)")));
                    }
                    table_at.push((t, i));
                }
                Entry::File(id) => {
                    b.files.insert(id, i);
                }
                Entry::Other => {}
            }
        }
        let at = manifest_at.ok_or_else(|| Error::Format("not a kotacerdas bundle (no manifest.json)".into()))?;
        b.manifest = b.read_manifest(at)?;
        let mut rows_left = b.limits.max_rows;
        let mut tables_bytes = 0u64;
        for (t, i) in table_at {
            let rows = b.read_table(i, &mut rows_left, &mut tables_bytes)?;
            b.tables.insert(t, rows);
        }
        for t in tables.required {
            if !b.tables.contains_key(*t) {
                return Err(Error::Format(format!("the table {t} is missing")));
            }
        }
        Ok(b)
    }

    /// Open entry `i` for reading within `cap` bytes, refusing it on its declared size before
    /// reading a byte.
    fn entry<'a>(
        &'a mut self,
        i: usize,
        cap: u64,
        what: &'a str,
        name: &'a mut String,
        limits: &'a Limits,
        total: &'a mut u64,
    ) -> Result<Capped<'a, zip::read::ZipFile<'a, R>>> {
        let e = self.archive.by_index_raw(i).map_err(|e| Error::Refused(format!("entry {i} cannot be read: {e}")))?;
        *name = e.name().to_string();
        if e.size() > cap {
            return Err(Error::Refused(format!(
                "{name} declares {} bytes, more than the cap of {cap} for {what}; the bundle is refused",
                e.size()
            )));
        }
        if e.encrypted() {
            return Err(Error::Refused(format!("{name} is encrypted; the bundle is refused")));
        }
        let (expect_crc, expect_size) = (e.crc32(), e.size());
        let name: &'a String = name;
        let raw = Counted { inner: e, n: 0 };
        let inner = match raw.inner.compression() {
            zip::CompressionMethod::Stored => Inflate::Stored(raw),
            zip::CompressionMethod::Deflated => {
                Inflate::Deflated(flate2::bufread::DeflateDecoder::new(BufReader::with_capacity(8 * 1024, raw)))
            }
            other => {
                return Err(Error::Refused(format!(
                    "{name} is compressed with {other}, which bundles do not use; the bundle is refused"
                )))
            }
        };
        Ok(Capped {
            inner,
            name: name.as_str(),
            read: 0,
            cap,
            what,
            limits,
            total,
            crc: crc32fast::Hasher::new(),
            expect_crc,
            expect_size,
            failure: None,
        })
    }

    fn read_manifest(&mut self, i: usize) -> Result<Manifest> {
        let cap = self.limits.max_manifest_bytes;
        let bytes = self.read_bytes(i, cap, "the manifest")?;
        let raw: J = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Format(format!("manifest.json is not valid JSON: {e}")))?;
        match raw.get("format").and_then(J::as_u64) {
            Some(f) if f == u64::from(FORMAT) => {}
            Some(f) => {
                let by = raw.get("app_version").and_then(J::as_str).unwrap_or("?");
                return Err(Error::Format(format!(
                    "bundle format {f} (written by kotacerdas {by}); this version reads format {FORMAT}"
                )));
            }
            None => return Err(Error::Format("manifest.json names no bundle format".into())),
        }
        serde_json::from_value(raw).map_err(|e| Error::Format(format!("manifest.json is incomplete: {e}")))
    }

    /// The bytes of entry `i`, at most `cap` of them.
    fn read_bytes(&mut self, i: usize, cap: u64, what: &str) -> Result<Vec<u8>> {
        let limits = self.limits.clone();
        let mut total = self.inflated;
        let mut name = String::new();
        let mut c = self.entry(i, cap, what, &mut name, &limits, &mut total)?;
        // Not the declared size: a small start, grown as bytes really arrive.
        let mut buf = Vec::with_capacity(c.expect_size.min(64 * 1024) as usize);
        let got = c.read_to_end(&mut buf);
        let failure = c.failure.take();
        drop(c);
        self.inflated = total;
        match (got, failure) {
            (_, Some(e)) => Err(Error::Refused(e)),
            (Err(e), None) => Err(Error::Refused(format!("{name} is damaged: {e}"))),
            (Ok(_), None) => Ok(buf),
        }
    }

    fn read_table(&mut self, i: usize, rows_left: &mut usize, tables_bytes: &mut u64) -> Result<Vec<Row>> {
        let limits = self.limits.clone();
        let cap = limits.max_table_bytes.min(limits.max_tables_bytes.saturating_sub(*tables_bytes));
        let mut total = self.inflated;
        let mut name = String::new();
        let mut c = self.entry(i, cap, "a table (and all tables together)", &mut name, &limits, &mut total)?;
        // Parsed while inflating: the table's text is never held in memory as a whole.
        let parsed = {
            let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(64 * 1024, &mut c));
            let seed =
                RowsSeed { max_rows: limits.max_table_rows.min(*rows_left), max_columns: limits.max_row_columns };
            seed.deserialize(&mut de).and_then(|rows| de.end().map(|()| rows))
        };
        let (read, failure) = (c.read, c.failure.take());
        drop(c);
        self.inflated = total;
        *tables_bytes += read;
        match (parsed, failure) {
            (_, Some(e)) => Err(Error::Refused(e)),
            (Err(e), None) if e.is_io() => Err(Error::Refused(format!("{name} is damaged: {e}"))),
            (Err(e), None) => Err(Error::Format(format!("{name} is not a list of rows: {e}"))),
            (Ok(rows), None) => {
                *rows_left -= rows.len().min(*rows_left);
                Ok(rows)
            }
        }
    }

    /// The bytes of stored file `id` (its id in the bundle), `None` when the bundle lacks them.
    /// `expected`: the size its row states; more bytes than that are not read.
    pub fn file(&mut self, id: i64, expected: Option<u64>) -> Result<Option<Vec<u8>>> {
        let Some(&i) = self.files.get(&id) else { return Ok(None) };
        let cap = match expected {
            Some(n) => n.min(self.limits.max_file_bytes),
            None => self.limits.max_file_bytes,
        };
        self.read_bytes(i, cap, "a stored file").map(Some)
    }

    /// The ids of the stored files whose bytes the bundle holds.
    pub fn file_ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.files.keys().copied()
    }

    pub fn rows(&self, table: &str) -> &[Row] {
        self.tables.get(table).map(Vec::as_slice).unwrap_or_default()
    }

    /// Bytes inflated so far, over all entries read.
    pub fn inflated(&self) -> u64 {
        self.inflated
    }
}

fn placeholder_manifest() -> Manifest {
    let t = DateTime::<Utc>::UNIX_EPOCH;
    Manifest {
        format: FORMAT,
        app_version: String::new(),
        region_code: String::new(),
        region_name: String::new(),
        exported_at: t,
        data_version: 0,
        data_version_at: None,
        origin: Origin { base_version: 0, base_at: None, region_created_at: t },
        counts: BTreeMap::new(),
        files: 0,
    }
}

/// A table: a list of at most `max_rows` rows.
struct RowsSeed {
    max_rows: usize,
    max_columns: usize,
}

impl<'de> DeserializeSeed<'de> for RowsSeed {
    type Value = Vec<Row>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Row>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed {
    type Value = Vec<Row>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Row>, A::Error> {
        let mut rows = Vec::new();
        while let Some(row) = seq.next_element_seed(RowSeed { max_columns: self.max_columns })? {
            if rows.len() >= self.max_rows {
                return Err(de::Error::custom(format!("more than {} rows (the cap)", self.max_rows)));
            }
            rows.push(row);
        }
        Ok(rows)
    }
}

/// A row: an object of at most `max_columns` scalar values.
struct RowSeed {
    max_columns: usize,
}

impl<'de> DeserializeSeed<'de> for RowSeed {
    type Value = Row;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Row, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed {
    type Value = Row;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row (an object of column → value)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
        let mut row = Row::new();
        while let Some(k) = map.next_key::<String>()? {
            if row.len() >= self.max_columns {
                return Err(de::Error::custom(format!("a row with more than {} columns (the cap)", self.max_columns)));
            }
            let v = map.next_value_seed(Scalar)?;
            row.insert(k, v);
        }
        Ok(row)
    }
}

/// A column value: text, a number, true/false or null. Lists and objects are refused: no column
/// holds one, and nesting is where parsed JSON costs many times its text in memory.
struct Scalar;

impl<'de> DeserializeSeed<'de> for Scalar {
    type Value = J;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<J, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scalar {
    type Value = J;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, a number, true/false or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<J, E> {
        Ok(J::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<J, E> {
        Ok(J::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<J, E> {
        Ok(J::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<J, E> {
        Ok(J::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<J, E> {
        Ok(J::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<J, E> {
        Ok(J::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<J, E> {
        Ok(J::Null)
    }
}

/// Write a bundle from parts in memory (tools, tests and the fuzz seeds).
pub fn write<W: Write + Seek>(
    out: W,
    manifest: &Manifest,
    tables: &BTreeMap<String, Vec<Row>>,
    files: &BTreeMap<i64, Vec<u8>>,
) -> std::result::Result<W, String> {
    let mut zip = zip::ZipWriter::new(out);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let json = |v: &dyn erased::Json| v.to_vec().map_err(|e| format!("encoding JSON: {e}"));
    let mut entries: Vec<(String, Vec<u8>)> = vec![("manifest.json".into(), json(manifest)?)];
    for (name, rows) in tables {
        entries.push((format!("tables/{name}.json"), json(rows)?));
    }
    for (id, data) in files {
        entries.push((format!("files/{id}"), data.clone()));
    }
    for (name, data) in entries {
        zip.start_file(name, opts).map_err(|e| e.to_string())?;
        zip.write_all(&data).map_err(|e| e.to_string())?;
    }
    zip.finish().map_err(|e| e.to_string())
}

mod erased {
    /// `serde_json::to_vec` behind a trait object, so [`super::write`] takes any of its parts.
    pub trait Json {
        fn to_vec(&self) -> serde_json::Result<Vec<u8>>;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_vec(&self) -> serde_json::Result<Vec<u8>> {
            serde_json::to_vec(self)
        }
    }
}

/// Hand-made zip archives for tests: entries with any name, any declared size and raw
/// (already compressed) data, which no zip writer produces on purpose.
#[doc(hidden)]
pub mod craft {
    /// One entry: `method` 0 (stored) or 8 (deflate), `data` as it goes into the archive.
    pub struct RawEntry {
        pub name: String,
        pub method: u16,
        pub data: Vec<u8>,
        pub crc: u32,
        /// The uncompressed size the headers state (true or not).
        pub declared_size: u32,
    }

    impl RawEntry {
        /// A stored entry with true size and checksum.
        pub fn stored(name: &str, data: &[u8]) -> RawEntry {
            RawEntry {
                name: name.into(),
                method: 0,
                data: data.to_vec(),
                crc: crc32(data),
                declared_size: u32::try_from(data.len()).unwrap_or(u32::MAX),
            }
        }
    }

    pub fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// A zip archive of `entries`, in order (duplicates and odd names kept as given).
    pub fn zip(entries: &[RawEntry]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
        let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
        for e in entries {
            let offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
            let (name, size) = (e.name.as_bytes(), u32::try_from(e.data.len()).unwrap_or(u32::MAX));
            let name_len = u16::try_from(name.len()).unwrap_or(u16::MAX);
            le32(&mut out, 0x0403_4b50);
            for x in [20, 0, e.method, 0, 0x21] {
                le16(&mut out, x);
            }
            for x in [e.crc, size, e.declared_size] {
                le32(&mut out, x);
            }
            le16(&mut out, name_len);
            le16(&mut out, 0);
            out.extend_from_slice(name);
            out.extend_from_slice(&e.data);
            le32(&mut central, 0x0201_4b50);
            for x in [20, 20, 0, e.method, 0, 0x21] {
                le16(&mut central, x);
            }
            for x in [e.crc, size, e.declared_size] {
                le32(&mut central, x);
            }
            for x in [name_len, 0, 0, 0, 0] {
                le16(&mut central, x);
            }
            le32(&mut central, 0);
            le32(&mut central, offset);
            central.extend_from_slice(name);
        }
        let start = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
        let cd_len = u32::try_from(central.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&central);
        le32(&mut out, 0x0605_4b50);
        for x in [0, 0, count, count] {
            le16(&mut out, x);
        }
        le32(&mut out, cd_len);
        le32(&mut out, start);
        le16(&mut out, 0);
        out
    }

    /// A deflate stream that inflates to `[` followed by about `spaces` spaces, some 1000 times
    /// smaller than that: one dynamic-Huffman block in which a length-258, distance-1 back
    /// reference costs two bits.
    pub fn deflate_bomb(spaces: u64) -> Vec<u8> {
        struct Bits {
            out: Vec<u8>,
            acc: u64,
            n: u32,
        }
        impl Bits {
            fn put(&mut self, v: u64, n: u32) {
                self.acc |= v << self.n;
                self.n += n;
                while self.n >= 8 {
                    self.out.push((self.acc & 0xff) as u8);
                    self.acc >>= 8;
                    self.n -= 8;
                }
            }
            /// A Huffman code goes in most significant bit first.
            fn code(&mut self, code: u64, n: u32) {
                let rev = (0..n).fold(0u64, |r, i| r | (((code >> i) & 1) << (n - 1 - i)));
                self.put(rev, n);
            }
        }
        let mut w = Bits { out: Vec::new(), acc: 0, n: 0 };
        w.put(1, 1); // last block
        w.put(2, 2); // dynamic Huffman codes
        w.put(29, 5); // 286 literal/length codes
        w.put(1, 5); // 2 distance codes
        w.put(14, 4); // 18 code-length codes
                      // Code-length code lengths in their odd order (16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1):
                      // symbols 1, 2, 3 and 18 get two bits each (codes 00, 01, 10, 11).
        for l in [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 2] {
            w.put(l, 3);
        }
        let (one, two, three, zeros) = ((0u64, 2u32), (1u64, 2u32), (2u64, 2u32), (3u64, 2u32));
        let run = |w: &mut Bits, n: u64| {
            let mut left = n;
            while left >= 11 {
                let k = left.min(138);
                w.code(zeros.0, zeros.1);
                w.put(k - 11, 7);
                left -= k;
            }
            debug_assert_eq!(left, 0);
        };
        // Literal/length code lengths: ' ' 3, '[' 3, end of block 2, length 258 (285) 1.
        run(&mut w, 32);
        w.code(three.0, three.1);
        run(&mut w, 58);
        w.code(three.0, three.1);
        run(&mut w, 164);
        w.code(two.0, two.1);
        run(&mut w, 28);
        w.code(one.0, one.1);
        // Distance code lengths: codes 0 and 1, one bit each.
        w.code(one.0, one.1);
        w.code(one.0, one.1);
        // Canonical codes: 285 → 0, end → 10, ' ' → 110, '[' → 111; distance 1 → 0.
        w.code(0b111, 3);
        w.code(0b110, 3);
        for _ in 0..spaces / 258 {
            w.code(0, 1);
            w.code(0, 1);
        }
        w.code(0b10, 2);
        w.put(0, 7);
        w.out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::craft::{crc32, deflate_bomb, zip, RawEntry};
    use super::*;
    use std::io::Cursor;

    const TABLES: Tables<'static> = Tables { known: &["regions", "audit_log", "programmes"], required: &["regions"] };

    fn manifest_json() -> Vec<u8> {
        let mut m = placeholder_manifest();
        m.region_code = "99.01".into();
        m.region_name = "Sukamaju".into();
        serde_json::to_vec(&m).unwrap()
    }

    fn open(bytes: Vec<u8>) -> Result<Bundle<Cursor<Vec<u8>>>> {
        Bundle::open(Cursor::new(bytes), TABLES, Limits::default())
    }

    fn valid_entries() -> Vec<RawEntry> {
        vec![
            RawEntry::stored("manifest.json", &manifest_json()),
            RawEntry::stored("tables/regions.json", br#"[{"id": 1, "code": "99.01", "name": "Sukamaju"}]"#),
            RawEntry::stored("files/3", b"%PDF-1.4 hello"),
        ]
    }

    fn refused(bytes: Vec<u8>, needle: &str) {
        match open(bytes) {
            Ok(_) => panic!("accepted; expected {needle:?}"),
            Err(e) => assert!(e.to_string().contains(needle), "{e}"),
        }
    }

    #[test]
    fn a_valid_bundle_reads_and_round_trips() {
        let mut b = open(zip(&valid_entries())).unwrap();
        assert_eq!(b.manifest.region_code, "99.01");
        assert_eq!(b.rows("regions")[0]["code"], "99.01");
        assert_eq!(b.file(3, Some(14)).unwrap().as_deref(), Some(&b"%PDF-1.4 hello"[..]));
        assert_eq!(b.file(4, None).unwrap(), None);
        // A row that states fewer bytes than the entry holds: no more than that is read.
        assert!(b.file(3, Some(4)).unwrap_err().to_string().contains("more than the cap of 4"));
        let files = BTreeMap::from([(3, b"%PDF".to_vec())]);
        let out = write(Cursor::new(Vec::new()), &b.manifest, &b.tables, &files).unwrap().into_inner();
        let mut again = open(out).unwrap();
        assert_eq!(again.tables, b.tables);
        assert_eq!(again.file(3, None).unwrap().unwrap(), b"%PDF");
    }

    #[test]
    fn names_must_be_plain_and_unique() {
        for (name, needle) in [
            ("../evil", "`..`"),
            ("files/../../etc/passwd", "`..`"),
            ("/etc/passwd", "absolute"),
            ("files\\3", "backslash"),
            ("C:/x", "colon"),
            ("files/03", "files/<id>"),
            ("files/-1", "files/<id>"),
            ("tables/Regions.json", "not a table name"),
        ] {
            let mut e = valid_entries();
            e.push(RawEntry::stored(name, b"x"));
            refused(zip(&e), needle);
        }
        let mut e = valid_entries();
        e.push(RawEntry::stored("files/3", b"other bytes"));
        refused(zip(&e), "appears twice");
        let mut e = valid_entries();
        e.push(RawEntry::stored("tables/sessions.json", b"[]"));
        refused(zip(&e), "unknown table sessions");
        // Directory entries and foreign names are passed over.
        let mut e = valid_entries();
        e.push(RawEntry::stored("tables/", b""));
        e.push(RawEntry::stored("README.txt", b"hello"));
        assert!(open(zip(&e)).is_ok());
    }

    #[test]
    fn a_declared_size_over_the_cap_is_refused_before_reading() {
        let mut e = valid_entries();
        let real = b"[]";
        e.push(RawEntry {
            name: "tables/programmes.json".into(),
            method: 0,
            data: real.to_vec(),
            crc: crc32(real),
            declared_size: 3 << 30,
        });
        refused(zip(&e), "declares 3221225472 bytes");
    }

    #[test]
    fn a_bomb_is_stopped_while_inflating_whatever_it_declares() {
        let bomb = deflate_bomb(3 << 30);
        assert!(bomb.len() < 4 << 20, "{}", bomb.len());
        let mut e = valid_entries();
        e.push(RawEntry { name: "tables/programmes.json".into(), method: 8, data: bomb, crc: 0, declared_size: 100 });
        refused(zip(&e), "inflates more than 200-fold");
        // Below the ratio, the per-table cap stops it.
        let limits = Limits { max_table_bytes: 512 * 1024, ratio_from: u64::MAX, ..Limits::default() };
        let mut e = valid_entries();
        e.push(RawEntry {
            name: "tables/programmes.json".into(),
            method: 8,
            data: deflate_bomb(1 << 20),
            crc: 0,
            declared_size: 100,
        });
        let err = Bundle::open(Cursor::new(zip(&e)), TABLES, limits).unwrap_err().to_string();
        assert!(err.contains("more than 524288 bytes"), "{err}");
    }

    #[test]
    fn rows_are_flat_and_counted() {
        let with = |table: &[u8], limits: Limits| {
            let mut e = valid_entries();
            e.push(RawEntry::stored("tables/programmes.json", table));
            Bundle::open(Cursor::new(zip(&e)), TABLES, limits).map(|b| b.tables.len())
        };
        let err = with(br#"[{"id": 1, "x": [1, 2]}]"#, Limits::default()).unwrap_err().to_string();
        assert!(err.contains("expected text, a number"), "{err}");
        let err = with(br#"[{"id": 1, "x": {"a": 1}}]"#, Limits::default()).unwrap_err().to_string();
        assert!(err.contains("expected text, a number"), "{err}");
        let err = with(br#"[{}, {}, {}]"#, Limits { max_table_rows: 2, ..Limits::default() }).unwrap_err().to_string();
        assert!(err.contains("more than 2 rows"), "{err}");
        let err = with(br#"[{"a": 1, "b": 2, "c": 3}]"#, Limits { max_row_columns: 2, ..Limits::default() })
            .unwrap_err()
            .to_string();
        assert!(err.contains("more than 2 columns"), "{err}");
        let err = with(br#"[{"id": 1}] trailing"#, Limits::default()).unwrap_err().to_string();
        assert!(err.contains("not a list of rows"), "{err}");
        // The rows of all tables together count against `max_rows`.
        let err = with(br#"[{}, {}]"#, Limits { max_rows: 2, ..Limits::default() }).unwrap_err().to_string();
        assert!(err.contains("more than 1 rows"), "{err}");
        assert_eq!(with(br#"[{"id": 1, "n": null, "b": true, "f": 1.5}]"#, Limits::default()), Ok(2));
    }

    #[test]
    fn not_a_bundle() {
        refused(b"hello".to_vec(), "not a kotacerdas bundle");
        refused(zip(&[RawEntry::stored("tables/regions.json", b"[]")]), "no manifest.json");
        let mut m: J = serde_json::from_slice(&manifest_json()).unwrap();
        m["format"] = J::from(99);
        refused(zip(&[RawEntry::stored("manifest.json", &serde_json::to_vec(&m).unwrap())]), "bundle format 99");
        refused(zip(&[RawEntry::stored("manifest.json", &manifest_json())]), "the table regions is missing");
        let mut e = valid_entries();
        e[1].crc ^= 1;
        refused(zip(&e), "damaged");
        let many: Vec<RawEntry> = (0..10).map(|i| RawEntry::stored(&format!("x{i}"), b"")).collect();
        let err = Bundle::open(Cursor::new(zip(&many)), TABLES, Limits { max_entries: 5, ..Limits::default() });
        assert!(err.unwrap_err().to_string().contains("more than the cap of 5"));
    }

    /// The seed corpus of the `bundle_zip` fuzz target: a small valid bundle as `write` makes it,
    /// the same with stored entries and a directory entry, and a refused one (a bomb).
    /// `cargo test -p kotacerdas-intake -- --ignored write_fuzz_seeds`.
    #[test]
    #[ignore]
    fn write_fuzz_seeds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/bundle_zip");
        std::fs::create_dir_all(&dir).unwrap();
        let mut m = placeholder_manifest();
        m.region_code = "99.01".into();
        m.region_name = "Kabupaten Sukamaju".into();
        let rows = |v: J| -> Vec<Row> { serde_json::from_value(v).unwrap() };
        let tables = BTreeMap::from([
            (
                "regions".to_string(),
                rows(serde_json::json!([{"id": 1, "code": "99.01", "name": "Kabupaten Sukamaju", "logo_file_id": 2}])),
            ),
            ("opds".to_string(), rows(serde_json::json!([{"id": 5, "region_id": 1, "name": "Dinas Kesehatan"}]))),
            (
                "users".to_string(),
                rows(
                    serde_json::json!([{"id": 9, "username": "admin.sukamaju", "password_hash": "$argon2id$v=19$x", "disabled": false}]),
                ),
            ),
            (
                "role_assignments".to_string(),
                rows(
                    serde_json::json!([{"id": 3, "user_id": 9, "role": "region_admin", "region_id": 1, "opd_id": null}]),
                ),
            ),
            (
                "files".to_string(),
                rows(serde_json::json!([{"id": 2, "key": "uploads/2026/a.png", "size": 8, "region_id": 1}])),
            ),
            (
                "audit_log".to_string(),
                rows(
                    serde_json::json!([{"id": 1, "region_id": 1, "at": "2026-01-01T00:00:00Z", "before": null, "after": "{\"x\":1.5}"}]),
                ),
            ),
        ]);
        m.counts = tables.iter().map(|(k, v)| (k.clone(), v.len())).collect();
        m.files = 1;
        let files = BTreeMap::from([(2, b"\x89PNG\r\n\x1a\n".to_vec())]);
        let valid = write(Cursor::new(Vec::new()), &m, &tables, &files).unwrap().into_inner();
        // The fuzz target's table names.
        let known = Tables {
            known: &["regions", "audit_log", "users", "files", "opds", "programmes", "role_assignments"],
            required: &["regions"],
        };
        let mut b = Bundle::open(Cursor::new(valid.clone()), known, Limits::default()).unwrap();
        assert_eq!(b.file(2, Some(8)).unwrap().unwrap().len(), 8);
        std::fs::write(dir.join("valid.zip"), &valid).unwrap();
        let mut entries =
            vec![RawEntry::stored("manifest.json", &serde_json::to_vec(&m).unwrap()), RawEntry::stored("tables/", b"")];
        for (t, r) in &tables {
            entries.push(RawEntry::stored(&format!("tables/{t}.json"), &serde_json::to_vec(r).unwrap()));
        }
        entries.push(RawEntry::stored("files/2", &files[&2]));
        std::fs::write(dir.join("stored.zip"), zip(&entries)).unwrap();
        entries.push(RawEntry {
            name: "tables/programmes.json".into(),
            method: 8,
            data: deflate_bomb(4 << 20),
            crc: 0,
            declared_size: 100,
        });
        std::fs::write(dir.join("bomb.zip"), zip(&entries)).unwrap();
    }
}
