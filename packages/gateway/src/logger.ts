import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';

/** The gateway logs JSON lines through pino. Secrets are redacted by path as a second line of defence. */
export type Logger = PinoLogger;

export const REDACTED_PATHS = ['secret', '*.secret', 'token', '*.token', 'password', '*.password', 'ami.secret', 'http.token', 'relay.hep.password', 'turn.secret', 'credential', '*.credential', 'headers.authorization', 'req.headers.authorization'];

export function createLogger(options: LoggerOptions = {}, destination?: NodeJS.WritableStream): Logger {
  const merged: LoggerOptions = { name: 'wwe-gateway', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, ...options };
  return destination ? pino(merged, destination as never) : pino(merged);
}

/** A logger that writes nothing (tests, library use without logging). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
