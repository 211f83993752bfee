import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * File I/O for a generator that writes secrets: nothing is ever written or read through a symbolic
 * link someone planted, and nothing is written into a folder anyone can change. Files are written to a
 * fresh temporary name (created exclusively, never following links) and renamed over the old one: a
 * link at the final name is replaced, not followed, and a reader never sees half a file.
 */

/** Creates the folder (mode 0750) if needed; refuses one that every user may write to. */
export function prepareOutputDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: 0o750 });
  const stats = statSync(directory);
  if (!stats.isDirectory()) throw new ConfigError([`--out ${directory} is not a folder`]);
  if (stats.mode & 0o002) {
    throw new ConfigError([
      `--out ${directory} is writable by every user (mode ${(stats.mode & 0o7777).toString(8)}): anyone could swap the files Asterisk loads ` +
        'or read the secrets. Use a private folder (a new one, or chmod o-w it).',
    ]);
  }
}

/** The file's text, or undefined when there is none. Refuses a symbolic link (ConfigError). */
export function readUnlinkedFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw new ConfigError([`${basename(path)} is a symbolic link: secrets are never read through one. Remove it (or run with --rotate-secrets).`]);
    throw error;
  }
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Replaces `path` with `content` and exactly `mode`, keeping the owner and group of a file it replaces. */
export function replaceFile(path: string, content: string, mode: number): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    fchmodSync(fd, mode); // exactly this mode, whatever the umask
    keepOwner(fd, path);
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}

/** A regular file being replaced (say /etc/asterisk/pjsip.conf, group asterisk) keeps its owner and group when we may set them. */
function keepOwner(fd: number, path: string): void {
  let previous;
  try {
    previous = lstatSync(path);
  } catch {
    return;
  }
  if (!previous.isFile()) return;
  try {
    fchownSync(fd, previous.uid, previous.gid);
  } catch {
    // Only root may give a file away; anyone else writes files of their own, as before.
  }
}
