//! Reading captures on every core, one large capture included. Each file is cut into
//! stretches of a fixed size ([`SEGMENT_BYTES`], the same whatever the thread count, so
//! the result is the same too). Where a stretch starts is a guess: the first offset
//! after the cut from which several plausible records (or pcapng blocks) follow one
//! another, read as the file's preamble says. The stretch before proves the guess by
//! ending exactly there, in the same interpretation (the same interfaces, byte order);
//! the first stretch starts at the true start, so every accepted guess is true. A file
//! whose guesses fail (a damaged file, interfaces declared mid-file) is read again from
//! its start by one reader, which also finds the error, if any, where one reader would.
//!
//! Stretches are read on `threads` workers, at most two per worker ahead of the one being
//! merged, so memory holds a few conversation tables, not one per stretch. The tables are
//! merged in file order by [`Conversations::append`], which joins IP fragments across
//! stretches as one reader would.

use std::io::{Read, Seek};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use super::ReadStats;
use super::capture::{CaptureError, CaptureReader, Format};
use super::conversation::Conversations;

/// The size of a stretch. Large enough that merging a stretch's table (one lookup per
/// conversation) costs little beside reading it; small enough that two cores share a
/// capture of a gigabyte evenly.
pub const SEGMENT_BYTES: u64 = 128 << 20;

/// Bytes read around a cut to find the next boundary; more when records are long.
const WINDOWS: [usize; 2] = [256 << 10, 4 << 20];

/// One stretch of one file.
#[derive(Clone, Debug)]
struct Piece {
    file: usize,
    start: u64,
    end: u64,
    /// How the stretch is read: the file's interpretation after its preamble (a guess for
    /// every stretch but the first).
    format: Format,
    first: bool,
    last: bool,
}

/// What one stretch yielded.
struct PieceRead {
    conversations: Conversations,
    stats: ReadStats,
    /// The interpretation at its end, which the next stretch must have started from.
    format_after: Format,
}

/// Reads every capture, each cut into stretches of `segment_bytes`, on `threads` threads,
/// and merges them in the order given. The first file (in that order) that cannot be read
/// is the error. `progress` is told how many more bytes were read, from any thread. Once
/// `cancel` is set, no stretch is started and what was merged so far comes back.
pub fn read_captures_in_segments(
    paths: &[PathBuf],
    threads: usize,
    segment_bytes: u64,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<(Conversations, ReadStats), CaptureError> {
    // A file that cannot even be planned is read by one reader at its turn, which says why.
    let plans: Vec<Option<Vec<Piece>>> = paths
        .iter()
        .enumerate()
        .map(|(file, path)| plan(file, path, segment_bytes.max(1)).ok().flatten())
        .collect();
    let pieces: Vec<Piece> = plans.iter().flatten().flatten().cloned().collect();
    let merged = Merged::new(paths);
    let next = AtomicUsize::new(0);
    // The most conversations a stretch had: the next tables start that large.
    let largest = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let done_below = (Mutex::new(0usize), Condvar::new());
    let ahead = 2 * threads.max(1);
    let (send, receive) = mpsc::channel::<(usize, Result<PieceRead, CaptureError>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let send = send.clone();
            let (pieces, next, stop, done_below, largest) =
                (&pieces, &next, &stop, &done_below, &largest);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(piece) = pieces.get(i) else { break };
                    // Not too far ahead of the merge: memory holds a few tables.
                    let (lock, ready) = done_below;
                    let mut merged_upto = lock.lock().unwrap_or_else(|e| e.into_inner());
                    let stopped = || stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed);
                    while i >= *merged_upto + ahead && !stopped() {
                        merged_upto = ready.wait(merged_upto).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(merged_upto);
                    if stopped() {
                        break;
                    }
                    let hint = largest.load(Ordering::Relaxed);
                    let read = read_piece(&paths[piece.file], piece, hint, progress);
                    if let Ok(r) = &read {
                        largest.fetch_max(r.conversations.len(), Ordering::Relaxed);
                    }
                    if send.send((i, read)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let result = merged.run(&pieces, &receive, &done_below, progress, cancel);
        stop.store(true, Ordering::Relaxed);
        done_below.1.notify_all();
        result
    })
}

/// Cuts a file into stretches, each starting at a boundary guessed near a multiple of
/// `segment_bytes`; `None` for a pipe, which one reader reads.
fn plan(file: usize, path: &Path, segment_bytes: u64) -> Result<Option<Vec<Piece>>, CaptureError> {
    let io = |source| CaptureError::Io {
        path: path.display().to_string(),
        source,
    };
    let Some((handle, len)) = super::open_to_cut(path)? else {
        return Ok(None);
    };
    let mut reader = CaptureReader::new(&handle, &path.display().to_string())?;
    reader.preamble()?;
    let format = reader.format().clone();
    let body = reader.position();
    // The first record's seconds (classic pcap), which a record read off its boundary
    // does not have.
    let mut head = [0u8; 4];
    let first_seconds = handle
        .read_exact_at(&mut head, body)
        .ok()
        .map(|()| format.word(head));
    let mut starts = vec![0u64];
    let mut cut = segment_bytes;
    // The last stretch is at least half a segment long.
    while cut.saturating_add(segment_bytes / 2) < len {
        if let Some(at) =
            boundary_near(&handle, &format, cut.max(body), len, first_seconds).map_err(io)?
            && at > starts.last().copied().unwrap_or(0)
            && at < len
        {
            starts.push(at);
        }
        cut = cut.saturating_add(segment_bytes);
    }
    let count = starts.len();
    Ok(Some(
        starts
            .iter()
            .enumerate()
            .map(|(k, &start)| Piece {
                file,
                start,
                end: starts.get(k + 1).copied().unwrap_or(len),
                format: format.clone(),
                first: k == 0,
                last: k + 1 == count,
            })
            .collect(),
    ))
}

/// The first offset at or after `near` that seems to start a record or block.
fn boundary_near(
    file: &std::fs::File,
    format: &Format,
    near: u64,
    len: u64,
    first_seconds: Option<u32>,
) -> std::io::Result<Option<u64>> {
    for window in WINDOWS {
        let want = usize::try_from((len - near.min(len)).min(window as u64)).unwrap_or(window);
        let mut buf = vec![0; want];
        file.read_exact_at(&mut buf, near)?;
        if let Some(i) = format.boundary_in(&buf, near, len, first_seconds) {
            return Ok(Some(near + i as u64));
        }
        if near + want as u64 >= len {
            break;
        }
    }
    Ok(None)
}

/// Reads one stretch into a table of its own (fragments left waiting for the next).
fn read_piece(
    path: &Path,
    piece: &Piece,
    capacity: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<PieceRead, CaptureError> {
    let name = path.display().to_string();
    let io = |source| CaptureError::Io {
        path: name.clone(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut reader = if piece.first {
        CaptureReader::new(file.take(piece.end), &name)?
    } else {
        file.seek(std::io::SeekFrom::Start(piece.start))
            .map_err(io)?;
        CaptureReader::resume(
            file.take(piece.end - piece.start),
            &name,
            piece.format.clone(),
            piece.start,
            piece.end - piece.start,
        )
    };
    let mut conversations = Conversations::with_capacity(capacity);
    let mut stats = ReadStats::default();
    let mut reported = piece.start;
    super::read_frames_unsettled(&mut reader, &mut conversations, &mut stats, &mut |at| {
        progress(at.saturating_sub(reported));
        reported = reported.max(at);
    })?;
    Ok(PieceRead {
        conversations,
        stats,
        format_after: reader.format().clone(),
    })
}

/// The merge, in file and stretch order.
struct Merged<'a> {
    paths: &'a [PathBuf],
    total: Conversations,
    stats: ReadStats,
}

/// The file being merged.
struct Current {
    file: usize,
    table: Conversations,
    stats: ReadStats,
    format_after: Option<Format>,
    failed: bool,
}

impl<'a> Merged<'a> {
    fn new(paths: &'a [PathBuf]) -> Self {
        Merged {
            paths,
            total: Conversations::new(),
            stats: ReadStats::default(),
        }
    }

    fn run(
        mut self,
        pieces: &[Piece],
        receive: &mpsc::Receiver<(usize, Result<PieceRead, CaptureError>)>,
        done_below: &(Mutex<usize>, Condvar),
        progress: &(dyn Fn(u64) + Sync),
        cancel: &AtomicBool,
    ) -> Result<(Conversations, ReadStats), CaptureError> {
        let mut waiting = std::collections::BTreeMap::new();
        let mut current: Option<Current> = None;
        let mut next_file = 0;
        for (i, piece) in pieces.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Ok((self.total, self.stats));
            }
            let read = loop {
                if let Some(read) = waiting.remove(&i) {
                    break read;
                }
                match receive.recv() {
                    Ok((k, read)) => {
                        waiting.insert(k, read);
                    }
                    Err(_) => {
                        return Err(CaptureError::Io {
                            path: String::new(),
                            source: std::io::Error::other("a capture reader stopped"),
                        });
                    }
                }
            };
            // Files with no pieces (unplanned) before this one, in order.
            while next_file < piece.file {
                self.read_whole(next_file, progress)?;
                next_file += 1;
            }
            if piece.first {
                current = Some(Current {
                    file: piece.file,
                    table: Conversations::new(),
                    stats: ReadStats::default(),
                    format_after: None,
                    failed: false,
                });
            }
            if let Some(c) = current.as_mut() {
                c.take(piece, read);
            }
            if piece.last
                && let Some(c) = current.take()
            {
                self.finish(c, progress)?;
                next_file = piece.file + 1;
            }
            let (lock, ready) = done_below;
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = i + 1;
            ready.notify_all();
        }
        while next_file < self.paths.len() && !cancel.load(Ordering::Relaxed) {
            self.read_whole(next_file, progress)?;
            next_file += 1;
        }
        Ok((self.total, self.stats))
    }

    /// Adds a file's merged table, or reads the file again with one reader when a guess
    /// failed.
    fn finish(&mut self, c: Current, progress: &(dyn Fn(u64) + Sync)) -> Result<(), CaptureError> {
        if c.failed {
            return self.read_whole(c.file, progress);
        }
        let mut table = c.table;
        table.settle_fragments();
        self.add(table, &c.stats);
        Ok(())
    }

    fn read_whole(
        &mut self,
        file: usize,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(), CaptureError> {
        let mut table = Conversations::new();
        let mut stats = ReadStats::default();
        let mut reported = 0u64;
        super::read_capture(&self.paths[file], &mut table, &mut stats, &mut |at| {
            progress(at.saturating_sub(reported));
            reported = reported.max(at);
        })?;
        self.add(table, &stats);
        Ok(())
    }

    fn add(&mut self, table: Conversations, stats: &ReadStats) {
        if self.total.is_empty() {
            self.total = table;
        } else {
            self.total.absorb(table);
        }
        self.stats.add(stats);
    }
}

impl Current {
    /// Merges the next stretch, if the one before proved where it starts.
    fn take(&mut self, piece: &Piece, read: Result<PieceRead, CaptureError>) {
        if self.failed {
            return;
        }
        let Ok(read) = read else {
            self.failed = true;
            return;
        };
        if let Some(after) = &self.format_after
            && *after != piece.format
        {
            self.failed = true;
            return;
        }
        self.table.append(read.conversations);
        self.stats.add(&read.stats);
        self.format_after = Some(read.format_after);
    }
}
