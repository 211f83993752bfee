/** The logger shape the relay needs; pino's `Logger` satisfies it. */
export interface RelayLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  debug(context: object, message: string): void;
}

/**
 * Logs the first occurrence of each kind of problem at `warn` and the rest at `debug`, so a flood of
 * one bad input is one line in the log (the metrics count every occurrence).
 */
export class LogOnce {
  private readonly seen = new Set<string>();

  constructor(
    private readonly logger: RelayLogger,
    private readonly maxKinds = 1_000,
  ) {}

  warn(kind: string, context: object, message: string): void {
    if (this.seen.has(kind)) return this.logger.debug({ ...context, kind }, message);
    if (this.seen.size < this.maxKinds) this.seen.add(kind);
    this.logger.warn({ ...context, kind }, `${message} (further occurrences are counted in /metrics, not logged)`);
  }
}

export const silentLogger: RelayLogger = { info() {}, warn() {}, debug() {} };
