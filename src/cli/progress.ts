// Progress bars on stderr for long CLI work (backup, restore: bytes; migrate-to-postgres: rows); silent when stderr is not a terminal.
import cliProgress from 'cli-progress';

export interface ByteProgress {
  update(done: number, total: number): void;
  stop(): void;
}

const MB = 1024 * 1024;

export function byteProgress(label: string): ByteProgress {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {doneMb}/{totalMb} MB`,
      hideCursor: true,
      // Redrawn a few times a second at most, however fast the bytes come.
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      const payload = { doneMb: (done / MB).toFixed(1), totalMb: (total / MB).toFixed(1) };
      if (!started) {
        started = true;
        bar.start(total, done, payload);
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** A row progress bar for one table (`migrate-to-postgres`), with its rate; silent off a terminal. */
export function rowProgress(
  table: string,
  total: number,
): ByteProgress & { update(done: number): void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${table.padEnd(24)} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s`,
      hideCursor: true,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(total, 0, { rate: 0 });
  return {
    update(done) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds) : 0 });
    },
    stop() {
      bar.stop();
    },
  };
}
