//! The state folder: which file belongs to which host, firewall or gateway, and in which
//! platform form it is, told from its content; each owner's files read by their
//! platforms' readers when the owner is checked ([`load`]), every file with a place in the
//! source map, so that every finding and every error points into it.
//!
//! Before the plan exists, a first pass ([`Files::glimpse`]) reads every file once and
//! keeps only a fingerprint of the forms a host's state is compared in as a whole (the
//! tally of a kernel listing, the digest of a swanctl.conf): a host whose files match the
//! plan's fingerprints is settled without reading them again, and the pass runs while the
//! topology is loaded and planned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::emit::quote::file_component;
use crate::platform::{nftables, swanctl, windows_state, xfrm};
use crate::source::{FileId, SourceMap, Span};
use crate::topology::{FirewallId, GatewayId, GroupId, HostId, Topology};

/// Whose state a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    /// A host.
    Host(HostId),
    /// A client group (one of its computers).
    Group(GroupId),
    /// A zone firewall.
    Firewall(FirewallId),
    /// A site gateway.
    Gateway(GatewayId),
}

impl Owner {
    /// The owner's name in the topology.
    pub fn name(self, topo: &Topology) -> &str {
        match self {
            Owner::Host(h) => &topo.host(h).name,
            Owner::Group(g) => &topo.group(g).name,
            Owner::Firewall(f) => &topo.firewall(f).name,
            Owner::Gateway(g) => &topo.gateway(g).name,
        }
    }

    /// Where the owner is declared.
    pub fn span(self, topo: &Topology) -> Span {
        match self {
            Owner::Host(h) => topo.host(h).span.clone(),
            Owner::Group(g) => topo.group(g).span.clone(),
            Owner::Firewall(f) => topo.firewall(f).span.clone(),
            Owner::Gateway(g) => topo.gateway(g).span.clone(),
        }
    }
}

/// The platform form of a state file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `nft -j list ruleset`.
    Nftables,
    /// `ip xfrm policy`.
    IpXfrm,
    /// A loaded `swanctl.conf`.
    Swanctl,
    /// The JSON of cordon's Windows export script (`powershell/cordon-export-state.ps1`).
    WindowsExport,
}

impl Format {
    /// A name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Nftables => "nftables listing (nft -j list ruleset)",
            Format::IpXfrm => "kernel policy listing (ip xfrm policy)",
            Format::Swanctl => "swanctl.conf",
            Format::WindowsExport => "Windows export (cordon-export-state.ps1)",
        }
    }
}

/// One file read.
#[derive(Clone, Debug)]
pub struct Read<T> {
    /// The file in the source map.
    pub file: FileId,
    /// What it holds.
    pub value: T,
    /// [`conf_digest`] of its text, for the form compared as text (a swanctl.conf equal to
    /// what cordon emits is settled by it); the other forms are compared as policies.
    pub digest: Option<u64>,
}

/// A hash of a text (or of any value) under a key drawn once per process: equal inputs
/// give equal digests, and no file can be made to collide with another on purpose.
pub fn digest(value: &(impl std::hash::Hash + ?Sized)) -> u64 {
    use std::hash::BuildHasher as _;
    static KEY: std::sync::OnceLock<foldhash::quality::RandomState> = std::sync::OnceLock::new();
    KEY.get_or_init(Default::default).hash_one(value)
}

/// Kernel policies held as a multiset: the sum of their printed forms' [`digest`]s, and
/// how many there are. Only policies in and out are counted: a host forwards nothing, so
/// its forwarding policies decide no packet of its own. Each planned policy prints
/// differently (a rule's port blocks start at different ports), so two tallies are equal
/// exactly when the listing, with the planned port masks, holds the planned policies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    sum: u64,
    count: usize,
}

impl Tally {
    /// Counts one policy in.
    pub fn add(&mut self, p: &xfrm::Policy) {
        if p.dir != xfrm::Direction::Fwd {
            let [a, b, c, d, e, f] = xfrm::printed_words(p);
            // A tuple, not the array: an array of integers hashes as its bytes, one long
            // write; the tuple's six words are six short ones.
            self.sum = self.sum.wrapping_add(digest(&(a, b, c, d, e, f)));
            self.count += 1;
        }
    }
}

/// What the first pass over a file learnt of it, before the plan exists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Glimpse {
    /// A kernel policy listing that reads, and the tally of its policies.
    Xfrm(Tally),
    /// A swanctl.conf (UTF-8), and the [`conf_digest`] of its text.
    Swanctl(u64),
    /// Any other form, a file that does not read, or one the pass did not look at: it is
    /// read in full with its owner.
    #[default]
    Other,
}

/// Reads one file into `buffer` (kept from file to file: a fresh buffer per file costs a
/// page fault per page) and fingerprints it. Whatever is wrong with the file is left to
/// [`load`], which says where.
fn glimpse(path: &Path, buffer: &mut Vec<u8>) -> Glimpse {
    let Ok(mut file) = std::fs::File::open(path) else {
        return Glimpse::Other;
    };
    // The head first: a JSON document (an nftables listing, a Windows export) or UTF-16
    // text is read once, by `load`, not twice.
    let Ok((read, ended)) = fill(&mut file, buffer, 0, HEAD) else {
        return Glimpse::Other;
    };
    let head = buffer.get(..read.min(HEAD)).unwrap_or_default();
    let json_or_utf16 = head.starts_with(&[0xff, 0xfe])
        || head.starts_with(&[0xfe, 0xff])
        || head
            .strip_prefix(UTF8_MARK)
            .unwrap_or(head)
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            == Some(&b'{');
    if json_or_utf16 {
        return Glimpse::Other;
    }
    let read = if ended {
        read
    } else {
        match fill(&mut file, buffer, read, usize::MAX) {
            Ok((read, _)) => read,
            Err(_) => return Glimpse::Other,
        }
    };
    let buffer = buffer.get(..read).unwrap_or_default();
    // As `decode` reads UTF-8; UTF-16 is left to it.
    let bytes = buffer.strip_prefix(UTF8_MARK).unwrap_or(buffer);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Glimpse::Other;
    };
    match detect(text) {
        Some(Format::IpXfrm) => {
            let mut tally = Tally::default();
            match xfrm::each_policy(text, |policy, _| tally.add(policy)) {
                Ok(()) => Glimpse::Xfrm(tally),
                Err(_) => Glimpse::Other,
            }
        }
        Some(Format::Swanctl) => Glimpse::Swanctl(conf_digest(text)),
        _ => Glimpse::Other,
    }
}

/// The bytes at the head of a file that tell a JSON document or UTF-16 text.
const HEAD: usize = 4096;

/// Reads `file` into `buffer` from byte `read` on, until at least `want` bytes are there
/// or the file ends; returns how many are there and whether it ended. The buffer is kept
/// zeroed-once and reused, and grows as needed, so that each file takes one read and
/// one more to see its end (`read_to_end` asks a file's size and place first, or reads
/// in small steps without them).
fn fill(
    file: &mut std::fs::File,
    buffer: &mut Vec<u8>,
    mut read: usize,
    want: usize,
) -> std::io::Result<(usize, bool)> {
    use std::io::Read as _;
    while read < want {
        if read == buffer.len() {
            let grown = buffer.len().saturating_mul(2).max(128 * 1024);
            buffer.resize(grown, 0);
        }
        let Some(spare) = buffer.get_mut(read..) else {
            break;
        };
        match file.read(spare) {
            Ok(0) => return Ok((read, true)),
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((read, false))
}

/// The byte-order mark some editors put before UTF-8.
const UTF8_MARK: &[u8] = &[0xef, 0xbb, 0xbf];

/// The [`digest`] of a swanctl.conf's text past its opening comment lines (`#` to the
/// end of the line, in the syntax swanctl.conf shares with strongswan.conf(5)). cordon's
/// header names the topology file as it was given to `cordon emit`, which says nothing
/// of the policy: a deployed file that differs from the emitted one only there is
/// settled by the digest all the same.
pub fn conf_digest(text: &str) -> u64 {
    let mut body = text;
    while body.starts_with('#') {
        body = body.split_once('\n').map_or("", |(_, rest)| rest);
    }
    digest(body)
}

/// What one owner's files hold.
#[derive(Clone, Debug, Default)]
pub struct OwnerState {
    /// An nftables listing.
    pub nftables: Option<Read<nftables::Ruleset>>,
    /// The kernel's xfrm policies.
    pub xfrm: Option<Read<Vec<xfrm::Listed>>>,
    /// A swanctl.conf.
    pub swanctl: Option<Read<swanctl::Conf>>,
    /// A Windows export.
    pub windows: Option<Read<windows_state::Export>>,
}

/// One file of the folder: where it is, the name shown for it, and the id the source map
/// holds for it (its text is put there only where a finding or an error points).
#[derive(Clone, Debug)]
pub struct StateFile {
    /// The file.
    pub path: PathBuf,
    /// Its name in messages: the folder as given, then the path within it.
    pub shown: String,
    /// Its id in the source map.
    pub file: FileId,
    /// What the first pass learnt of it.
    pub glimpse: Glimpse,
}

/// The whole folder, each file with the owner its name names; read owner by owner
/// ([`load`]), so that only a few owners' state is in memory at once.
#[derive(Clone, Debug, Default)]
pub struct Deployed {
    /// Every owner with state, by owner: its files in name order.
    pub owners: BTreeMap<Owner, Vec<StateFile>>,
    /// Files named after nothing the topology knows: (the name read, the file).
    pub unknown: Vec<(String, StateFile)>,
    /// How many files there are.
    pub files: usize,
}

/// One file's state as its platform's reader gave it.
enum Parsed {
    Nftables(nftables::Ruleset),
    IpXfrm(Vec<xfrm::Listed>),
    Swanctl(swanctl::Conf),
    WindowsExport(windows_state::Export),
}

impl Parsed {
    fn format(&self) -> Format {
        match self {
            Parsed::Nftables(_) => Format::Nftables,
            Parsed::IpXfrm(_) => Format::IpXfrm,
            Parsed::Swanctl(_) => Format::Swanctl,
            Parsed::WindowsExport(_) => Format::WindowsExport,
        }
    }
}

/// Why a text is not state.
enum Problem {
    NoForm,
    Invalid(std::ops::Range<usize>, String),
}

/// Tells a text's form and reads it with its platform's reader.
fn parse(text: &str) -> Result<Parsed, Problem> {
    let format = detect(text).ok_or(Problem::NoForm)?;
    let invalid = |span, what| Problem::Invalid(span, what);
    Ok(match format {
        Format::Nftables => {
            Parsed::Nftables(nftables::read(text).map_err(|e| invalid(e.span, e.what))?)
        }
        Format::IpXfrm => {
            Parsed::IpXfrm(xfrm::read_text(text).map_err(|e| invalid(e.span, e.what))?)
        }
        Format::Swanctl => {
            Parsed::Swanctl(swanctl::read(text).map_err(|e| invalid(e.span, e.what))?)
        }
        Format::WindowsExport => {
            Parsed::WindowsExport(windows_state::read(text).map_err(|e| invalid(e.span, e.what))?)
        }
    })
}

/// The files of a state folder, listed in name order, not yet told apart by owner: what
/// needs no topology.
pub struct Files {
    dir: PathBuf,
    listed: Vec<(PathBuf, Option<String>)>,
    /// Each listed file's glimpse, once taken.
    glimpses: Vec<Glimpse>,
}

impl Files {
    /// Takes every file's [`Glimpse`], on every core; once `stop` is set (the topology
    /// did not load, so nothing will be checked), the files not yet read are left alone.
    pub fn glimpse(&mut self, stop: &std::sync::atomic::AtomicBool) {
        use rayon::prelude::*;
        use std::sync::atomic::Ordering;
        self.glimpses = self
            .listed
            .par_iter()
            .map_init(Vec::new, |buffer, (path, _)| {
                if stop.load(Ordering::Relaxed) {
                    return Glimpse::Other;
                }
                glimpse(path, buffer)
            })
            .collect();
    }
}

/// Lists the files of `dir` (and of its subfolders named after an owner).
pub fn list_files(dir: &Path) -> Result<Files, Diagnostics> {
    let files = match list(dir) {
        Ok(f) => f,
        Err(e) => {
            return Err(Diagnostics(vec![
                Diagnostic::error(
                    "state-unreadable",
                    format!("cannot read the state folder {}: {e}", dir.display()),
                    None,
                )
                .help("give --state a folder of exports, one file per host, firewall or gateway"),
            ]));
        }
    };
    if files.is_empty() {
        return Err(Diagnostics(vec![Diagnostic::error(
            "state-empty",
            format!("the state folder {} holds no files", dir.display()),
            None,
        )
        .help("collect each host's state with its platform's tool (docs/drift.md) into the folder")]));
    }
    Ok(Files {
        dir: dir.to_path_buf(),
        listed: files,
        glimpses: Vec::new(),
    })
}

/// Gives each file its owner (by its name, or its subfolder's) and an id in `sources`,
/// in name order; the texts come later, where something points into them.
pub fn assign(files: Files, topo: &Topology, sources: &mut SourceMap) -> Deployed {
    let Files {
        dir,
        listed,
        glimpses,
    } = files;
    let names = Names::new(topo);
    let mut out = Deployed {
        files: listed.len(),
        ..Deployed::default()
    };
    let mut glimpses = glimpses.into_iter();
    for (path, owner_hint) in listed {
        let shown = path
            .strip_prefix(&dir)
            .map_or_else(|_| path.display().to_string(), |p| p.display().to_string());
        let shown = format!("{}/{shown}", dir.display());
        let file = sources.add(shown.clone(), String::new());
        let candidate = owner_hint.unwrap_or_else(|| file_name(&path));
        let state_file = StateFile {
            path,
            shown,
            file,
            glimpse: glimpses.next().unwrap_or_default(),
        };
        match names.find(&candidate) {
            Some(owner) => out.owners.entry(owner).or_default().push(state_file),
            None => out.unknown.push((stem(&candidate).to_string(), state_file)),
        }
    }
    out
}

/// One owner's files read: its state, or the errors that keep it from being read; and
/// each file's text, for the source map where a finding or an error points into it.
pub struct Loaded {
    /// What the files hold, by form.
    pub state: OwnerState,
    /// Every file that cannot be read, with its error (file order).
    pub errors: Vec<(FileId, Diagnostic)>,
    /// The files' texts.
    pub texts: Vec<(FileId, String)>,
}

/// Reads and parses one owner's files (`owner` names it in errors; `None` for files of
/// no known owner, which are only read for their errors).
pub fn load<'f>(files: impl IntoIterator<Item = &'f StateFile>, owner: Option<&str>) -> Loaded {
    let mut out = Loaded {
        state: OwnerState::default(),
        errors: Vec::new(),
        texts: Vec::new(),
    };
    for f in files {
        let shown = &f.shown;
        let text = match std::fs::read(&f.path) {
            Err(e) => {
                out.errors.push((
                    f.file,
                    Diagnostic::error(
                        "state-unreadable",
                        format!("cannot read {shown}: {e}"),
                        None,
                    )
                    .help("check the file's permissions"),
                ));
                continue;
            }
            Ok(bytes) => match decode(bytes) {
                Err(what) => {
                    out.errors.push((
                        f.file,
                        Diagnostic::error("state-not-text", format!("{shown}: {what}"), None)
                            .help("save the export as UTF-8 (or UTF-16 with its byte-order mark)"),
                    ));
                    continue;
                }
                Ok(text) => text,
            },
        };
        let file = f.file;
        let whole = Span::new(file, 0..text.len().min(1));
        let parsed = parse(&text);
        // Only a swanctl.conf is held against emitted text: hashing the others (hundreds
        // of megabytes of kernel listings) would be work for nothing.
        let hash = matches!(parsed, Ok(Parsed::Swanctl(_))).then(|| conf_digest(&text));
        out.texts.push((file, text));
        let parsed = match parsed {
            Ok(p) => p,
            Err(Problem::Invalid(span, what)) => {
                out.errors.push((
                    f.file,
                    Diagnostic::error(
                        "state-invalid",
                        format!("{shown}: {what}"),
                        Some(Span::new(file, span)),
                    ),
                ));
                continue;
            }
            Err(_) => {
                out.errors.push((f.file, Diagnostic::error(
                        "state-format",
                        format!("{shown}: cordon cannot tell which platform's state this is"),
                        Some(whole),
                    )
                    .help("drift reads `nft -j list ruleset`, `ip xfrm policy`, a swanctl.conf, and the JSON of cordon's Windows export script (docs/drift.md)"),));
                continue;
            }
        };
        let Some(owner) = owner else {
            continue;
        };
        let format = parsed.format();
        let slot = &mut out.state;
        let taken = match parsed {
            Parsed::Nftables(value) => put(&mut slot.nftables, file, value, hash),
            Parsed::IpXfrm(value) => put(&mut slot.xfrm, file, value, hash),
            Parsed::Swanctl(value) => put(&mut slot.swanctl, file, value, hash),
            Parsed::WindowsExport(value) => put(&mut slot.windows, file, value, hash),
        };
        if !taken {
            out.errors.push((
                f.file,
                Diagnostic::error(
                    "state-twice",
                    format!("{shown}: a second {} for `{owner}`", format.name()),
                    Some(whole),
                )
                .help("keep one file of each form per host, firewall or gateway"),
            ));
        }
    }
    out
}

/// Fills an owner's slot for one form; `false` when it is taken.
fn put<T>(slot: &mut Option<Read<T>>, file: FileId, value: T, digest: Option<u64>) -> bool {
    if slot.is_some() {
        return false;
    }
    *slot = Some(Read {
        file,
        value,
        digest,
    });
    true
}

/// Reads one file's bytes as state, whatever its form: what the fuzz target drives.
/// Returns the form it was read as.
pub fn read_bytes(bytes: &[u8]) -> Result<Format, String> {
    let text = decode(bytes.to_vec())?;
    match parse(&text) {
        Ok(Parsed::Nftables(set)) => {
            // Run a packet through it: the walk follows jumps and gotos.
            let probe = nftables::Crossing::opening(
                std::net::IpAddr::from([10, 0, 0, 1]),
                std::net::IpAddr::from([10, 0, 0, 2]),
                crate::net::Protocol::Tcp,
                40000,
                445,
            );
            let _ = set.forward(&probe);
            let _ = set.input(&probe);
            Ok(Format::Nftables)
        }
        Ok(p) => Ok(p.format()),
        Err(Problem::Invalid(_, what)) => Err(what),
        Err(_) => Err("no form cordon reads".into()),
    }
}

/// The files of the folder in name order, each with the owner its subfolder names.
fn list(dir: &Path) -> std::io::Result<Vec<(PathBuf, Option<String>)>> {
    let mut out = Vec::new();
    for (entry, kind) in sorted(dir)? {
        if kind.is_dir() {
            let owner = file_name(&entry);
            for (inner, kind) in sorted(&entry)? {
                if kind.is_file() {
                    out.push((inner, Some(owner.clone())));
                }
            }
        } else if kind.is_file() {
            out.push((entry, None));
        }
    }
    Ok(out)
}

/// A folder's entries in name order, each with what it is (a link as what it points
/// to, as `Path::is_file` says).
fn sorted(dir: &Path) -> std::io::Result<Vec<(PathBuf, std::fs::FileType)>> {
    let mut entries: Vec<(PathBuf, std::fs::FileType)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        // Hidden files (editor swap files, .gitkeep) are nobody's state.
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            // The folder listing says what most entries are, without a call per file
            // (20,000 files took 40,000 calls); a link is followed.
            let kind = match e.file_type() {
                Ok(kind) if !kind.is_symlink() => kind,
                _ => std::fs::metadata(e.path()).ok()?.file_type(),
            };
            Some((e.path(), kind))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A file name without its extensions: `LON-SS.swanctl.conf` → `LON-SS`.
fn stem(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

/// Owner names as the topology spells them and as emit writes them into file names.
struct Names {
    by_name: BTreeMap<String, Owner>,
}

impl Names {
    fn new(topo: &Topology) -> Self {
        let mut by_name = BTreeMap::new();
        let mut add = |name: &str, owner: Owner| {
            by_name.entry(name.to_string()).or_insert(owner);
            by_name.entry(file_component(name)).or_insert(owner);
        };
        for (i, h) in topo.hosts.iter().enumerate() {
            add(&h.name, Owner::Host(HostId(i as u32)));
        }
        for (i, g) in topo.client_groups.iter().enumerate() {
            add(&g.name, Owner::Group(GroupId(i as u32)));
        }
        for (i, f) in topo.firewalls.iter().enumerate() {
            add(&f.name, Owner::Firewall(FirewallId(i as u32)));
        }
        for (i, g) in topo.gateways.iter().enumerate() {
            add(&g.name, Owner::Gateway(GatewayId(i as u32)));
        }
        Names { by_name }
    }

    /// The owner a file name names: the whole name, then with its extensions taken off
    /// one at a time (host names may hold dots).
    fn find(&self, name: &str) -> Option<Owner> {
        let mut candidate = name;
        loop {
            if let Some(o) = self.by_name.get(candidate) {
                return Some(*o);
            }
            candidate = &candidate[..candidate.rfind('.')?];
        }
    }
}

/// The text of a file: UTF-8 (a byte-order mark dropped), or UTF-16 with its mark
/// (what Windows PowerShell 5.1's `Out-File` and `>` write).
fn decode(mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(UTF8_MARK) {
        bytes.drain(..UTF8_MARK.len());
        return utf8(bytes, 3);
    }
    let utf16 = |rest: &[u8], big: bool| -> Result<String, String> {
        if !rest.len().is_multiple_of(2) {
            return Err("UTF-16 text with an odd number of bytes".into());
        }
        let units = rest.chunks_exact(2).map(|c| {
            if big {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|e| format!("broken UTF-16 text ({e})"))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        return utf16(rest, true);
    }
    utf8(bytes, 0)
}

fn utf8(bytes: Vec<u8>, skipped: usize) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (byte {} is not valid UTF-8)",
            e.utf8_error().valid_up_to() + skipped
        )
    })
}

/// Tells a file's form from its content.
pub fn detect(text: &str) -> Option<Format> {
    let head: &str = {
        let t = text.trim_start();
        let cut = (0..=t.len().min(4096))
            .rev()
            .find(|i| t.is_char_boundary(*i))
            .unwrap_or(0);
        &t[..cut]
    };
    if head.starts_with('{') {
        if head.contains("\"nftables\"") {
            return Some(Format::Nftables);
        }
        // ConvertTo-Json keeps the script's key order, another writer may not: the
        // schema name is looked for in the whole file.
        if text.contains(windows_state::SCHEMA_FAMILY) {
            return Some(Format::WindowsExport);
        }
        return None;
    }
    let mut lines = text.lines().map(str::trim_end).filter(|l| !l.is_empty());
    let first = lines.clone().next()?;
    if first.starts_with("src ")
        && lines.any(|l| {
            let t = l.trim_start();
            l.starts_with([' ', '\t']) && (t.starts_with("dir ") || t.starts_with("socket "))
        })
    {
        return Some(Format::IpXfrm);
    }
    let code = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .find(|l| !l.is_empty())?;
    let section = code.trim_end_matches('{').trim();
    if matches!(section, "connections" | "secrets" | "authorities" | "pools") {
        return Some(Format::Swanctl);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conf_digest_skips_the_opening_comments_and_nothing_else() {
        let body = "\nconnections {\n\t# rule 1\n\tx {\n\t}\n}\n";
        let as_emitted = format!("# cordon: x\n# hierarchy: h (a.toml)\n{body}");
        let renamed = format!("# cordon: x\n# hierarchy: h (b.toml)\n{body}");
        assert_eq!(conf_digest(&as_emitted), conf_digest(&renamed));
        assert_eq!(conf_digest(&as_emitted), conf_digest(body));
        // A comment inside the body, or the body itself, changed: another digest.
        let commented = as_emitted.replace("# rule 1", "# rule 2");
        assert_ne!(conf_digest(&as_emitted), conf_digest(&commented));
        let edited = as_emitted.replace("\tx {", "\ty {");
        assert_ne!(conf_digest(&as_emitted), conf_digest(&edited));
        assert_eq!(conf_digest("# only a comment"), conf_digest(""));
    }

    #[test]
    fn forms_are_told_from_content() {
        assert_eq!(
            detect("{\"nftables\": [{\"metainfo\": {}}]}"),
            Some(Format::Nftables)
        );
        assert_eq!(
            detect("src 10.0.0.1/32 dst 10.0.0.2/32 \n\tdir out priority 1000 ptype main \n"),
            Some(Format::IpXfrm)
        );
        assert_eq!(
            detect("# cordon\n\nconnections {\n}\n"),
            Some(Format::Swanctl)
        );
        assert_eq!(detect("hello"), None);
        assert_eq!(detect("{\"other\": 1}"), None);
    }

    #[test]
    fn a_glimpse_reads_each_file_whole_whatever_its_size_and_leaves_json_and_utf16_to_load() {
        let dir = tempfile::tempdir().unwrap();
        let policy = "src 10.0.0.1/32 dst 10.0.0.2/32 proto tcp dport 445 \n\tdir out priority 1000 ptype main \n";
        let tally_of = |text: &str| {
            let mut tally = Tally::default();
            xfrm::each_policy(text, |p, _| tally.add(p)).unwrap();
            tally
        };
        // One buffer for every file, as a worker keeps it: small after large, and each
        // size around the head and the buffer's first size.
        let mut buffer = Vec::new();
        for copies in [1, 4096 / policy.len() + 1, 3000, 2, 1] {
            let text = policy.repeat(copies);
            let path = dir.path().join(format!("h{copies}.xfrm"));
            std::fs::write(&path, &text).unwrap();
            assert_eq!(
                glimpse(&path, &mut buffer),
                Glimpse::Xfrm(tally_of(&text)),
                "{} bytes",
                text.len()
            );
        }
        for (name, bytes) in [
            ("export.json", &b"  {\"nftables\": []}"[..]),
            ("utf16.txt", &b"\xff\xfes\x00r\x00c\x00"[..]),
            ("empty", &b""[..]),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(glimpse(&path, &mut buffer), Glimpse::Other, "{name}");
        }
        let conf = "connections {\n}\n";
        let path = dir.path().join("h.swanctl.conf");
        std::fs::write(&path, conf).unwrap();
        assert_eq!(
            glimpse(&path, &mut buffer),
            Glimpse::Swanctl(conf_digest(conf))
        );
    }

    #[test]
    fn links_to_files_and_folders_are_listed_as_what_they_point_to() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        std::fs::create_dir_all(state.join("H1")).unwrap();
        std::fs::write(state.join("a.xfrm"), "").unwrap();
        std::fs::write(state.join("H1").join("x.conf"), "").unwrap();
        std::fs::write(state.join(".hidden"), "").unwrap();
        std::os::unix::fs::symlink(state.join("a.xfrm"), state.join("b.xfrm")).unwrap();
        std::os::unix::fs::symlink(state.join("H1"), state.join("H2")).unwrap();
        std::os::unix::fs::symlink(state.join("nowhere"), state.join("dangling")).unwrap();
        let listed: Vec<(String, Option<String>)> = list(&state)
            .unwrap()
            .into_iter()
            .map(|(p, owner)| (p.strip_prefix(&state).unwrap().display().to_string(), owner))
            .collect();
        let owned = |p: &str, o: &str| (p.to_string(), Some(o.to_string()));
        assert_eq!(
            listed,
            vec![
                owned("H1/x.conf", "H1"),
                owned("H2/x.conf", "H2"),
                ("a.xfrm".to_string(), None),
                ("b.xfrm".to_string(), None),
            ]
        );
    }

    #[test]
    fn utf16_and_boms_are_decoded_and_bad_bytes_located() {
        assert_eq!(decode(b"\xef\xbb\xbfsrc".to_vec()).unwrap(), "src");
        assert_eq!(decode(b"\xff\xfes\x00r\x00".to_vec()).unwrap(), "sr");
        let e = decode(b"ab\xffcd".to_vec()).unwrap_err();
        assert!(e.contains("byte 2"), "{e}");
        assert!(decode(b"\xff\xfes".to_vec()).is_err());
    }
}
