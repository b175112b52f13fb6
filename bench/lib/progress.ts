/**
 * The live progress line on stderr: one line rewritten in place on a terminal; on a pipe
 * (CI logs) only changes of phase are printed, at most one line every few seconds.
 */

export interface Progress {
  /** Replaces the current progress text. */
  update: (text: string) => void;
  /** Prints a permanent line (keeps the progress line below it). */
  line: (text: string) => void;
  /** Clears the progress line. */
  done: () => void;
}

/** Creates the progress line for this terminal. */
export function createProgress(prefix: () => string): Progress {
  const tty = process.stderr.isTTY === true;
  let current = '';
  let lastPrinted = 0;
  const clear = () => {
    if (tty && current) process.stderr.write('\r\x1b[2K');
  };
  return {
    update(text) {
      const full = `${prefix()} ${text}`;
      if (tty) {
        const width = (process.stderr.columns ?? 100) - 1;
        process.stderr.write(`\r\x1b[2K${full.slice(0, width)}`);
      } else if (performance.now() - lastPrinted > 5000) {
        process.stderr.write(`${full}\n`);
        lastPrinted = performance.now();
      }
      current = full;
    },
    line(text) {
      clear();
      process.stderr.write(`${text}\n`);
      if (tty && current) process.stderr.write(current);
    },
    done() {
      clear();
      current = '';
    },
  };
}
