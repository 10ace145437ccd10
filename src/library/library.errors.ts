/** The scan path leads outside the music library (`..`, or a symlink pointing out). */
export class PathOutsideLibraryError extends Error {
  override name = 'PathOutsideLibraryError';
  constructor() {
    super('path is outside the music library');
  }
}

/** The library root cannot be read, or the scan path is not a folder. The message names no path. */
export class ScanPathError extends Error {
  override name = 'ScanPathError';
}
