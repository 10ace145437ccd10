/** A scan's counters, as its row stores them. */
export interface ScanCounters {
  filesSeen: number;
  filesParsed: number;
  filesSkipped: number;
  filesFailed: number;
  /** Files in the scanned folders not read at all: not audio, or a symlink leading out of the library. */
  filesIgnored: number;
  artistsAdded: number;
  albumsAdded: number;
  albumsChanged: number;
  albumsRemoved: number;
  tracksRemoved: number;
}

/** The counters of a scan so far: what `scanProgress` streams and what the terminal and the log show. */
export interface ScanProgress extends Omit<ScanCounters, 'tracksRemoved'> {
  /** Audio files under the scanned folder, counted by a quick walk beside the scan; null until counted. */
  filesTotal: number | null;
  done: boolean;
}

export interface ScanPace {
  /** Files seen per second since the scan started. */
  filesPerSec: number;
  /** Seconds left at that pace; null while the total is unknown or nothing has been seen yet. */
  secondsLeft: number | null;
}

/** Rate and time left from the counters and the time the scan has run. Pure. */
export function scanPace(p: ScanProgress, elapsedMs: number): ScanPace {
  const filesPerSec = elapsedMs > 0 ? (p.filesSeen * 1000) / elapsedMs : 0;
  if (p.done) return { filesPerSec, secondsLeft: 0 };
  if (p.filesTotal === null || filesPerSec === 0) return { filesPerSec, secondsLeft: null };
  return { filesPerSec, secondsLeft: Math.max(0, p.filesTotal - p.filesSeen) / filesPerSec };
}
