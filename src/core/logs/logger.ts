// The app logger (`$app.logger()`): debug/info/warn/error rows in `_logs`, with PocketBase's slog levels.
import type { LogSink } from '../../db/log-sink.ts';
import { formatDate } from '../dates.ts';
import type { SettingsStore } from '../settings/store.ts';
import { serializeLogData } from './truncate.ts';

let idSeq = Math.floor(Math.random() * 36 ** 6);

/** The last millisecond a row was logged in, with its id prefix and `created` text: under load many rows share one. */
let lastMs = -1;
let msPrefix = '';
let msCreated = '';

/**
 * 15 chars of `[a-z0-9]` as PocketBase's log ids, but time-ordered (9 of base-36 milliseconds, 6 of
 * a counter): the primary key index then grows at its end instead of splitting random pages, which
 * made up a good part of a log row's insert cost. Nothing reads meaning into a log id.
 */
function nextLogId(): string {
  idSeq = (idSeq + 1) % 36 ** 6;
  return msPrefix + idSeq.toString(36).padStart(6, '0');
}

function tick(): void {
  const ms = Date.now();
  if (ms === lastMs) return;
  lastMs = ms;
  msPrefix = ms.toString(36).padStart(9, '0');
  msCreated = formatDate(new Date(ms));
}

/** slog levels, as PocketBase stores them. */
export const LogLevel = { debug: -4, info: 0, warn: 4, error: 8 } as const;

export type LogData = Record<string, unknown>;

/**
 * Writes through the batching buffer once `settings.logs` allows it: maxDays 0 turns logging off,
 * rows below minLevel are dropped. Request logs and hooks' logs land in the same table.
 */
export class Logger {
  constructor(
    private readonly buffer: LogSink,
    private readonly settings: SettingsStore,
  ) {}

  /** False when a row of this level would be dropped: callers skip building it. */
  enabled(level: number): boolean {
    const s = this.settings.get().logs;
    return s.maxDays > 0 && level >= s.minLevel;
  }

  log(level: number, message: string, data: LogData = {}): void {
    if (!this.enabled(level)) return;
    tick();
    this.buffer.add({
      id: nextLogId(),
      level,
      message,
      data: serializeLogData(data, this.settings.get().logs.maxDataSize),
      created: msCreated,
    });
  }

  debug(message: string, data?: LogData): void {
    this.log(LogLevel.debug, message, data);
  }
  info(message: string, data?: LogData): void {
    this.log(LogLevel.info, message, data);
  }
  warn(message: string, data?: LogData): void {
    this.log(LogLevel.warn, message, data);
  }
  error(message: string, data?: LogData): void {
    this.log(LogLevel.error, message, data);
  }
}
