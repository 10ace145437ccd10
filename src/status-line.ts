/**
 * One live line at the bottom of a terminal (a scan's progress), redrawn in place with `\r`.
 * Log lines written through `write` go above it: the line is wiped, the log written, the line
 * drawn again, so the two never mix on one row.
 */
export interface StatusLine {
  show(text: string): void;
  /** Removes the line (nothing is left where it was). */
  clear(): void;
  /** For the logger: writes a whole log line above the live one. */
  write(chunk: string): boolean;
}

const WIPE = '\r\x1b[2K';

export function createStatusLine(out: NodeJS.WriteStream): StatusLine {
  let current = '';
  const fit = (text: string) => {
    const width = out.columns || 80;
    return text.length < width ? text : `${text.slice(0, Math.max(0, width - 2))}…`;
  };
  return {
    show(text) {
      current = fit(text);
      out.write(`${WIPE}${current}`);
    },
    clear() {
      if (current === '') return;
      current = '';
      out.write(WIPE);
    },
    write(chunk) {
      return out.write(current === '' ? chunk : `${WIPE}${chunk}${current}`);
    },
  };
}
