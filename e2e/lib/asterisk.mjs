// Real Asterisk for the tests: found (ASTERISK_PREFIX, the Debian-12 build tarball, or `asterisk` on
// PATH), run in the foreground from a private folder with the project's generated configuration plus
// the few lab-only files written here, and stopped by PID whatever happens.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, stop, signal } from './processes.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export class AsteriskNotFoundError extends Error {
  code = 'ASTERISK_NOT_FOUND';
  name = 'AsteriskNotFoundError';
  constructor() {
    super(
      'No Asterisk found: set ASTERISK_PREFIX to an Asterisk 22 install prefix (the folder holding sbin/asterisk), ' +
        'or ASTERISK_TARBALL to a relocatable build such as asterisk-22.10.1-debian12-amd64.tar.xz, or put `asterisk` on PATH.',
    );
  }
}

/** Where the relocatable build sits beside a checkout (`../shared/asterisk/`), as on the CI machines. */
function siblingTarball() {
  const folder = join(ROOT, '..', 'shared', 'asterisk');
  if (!existsSync(folder)) return undefined;
  const name = readdirSync(folder).find((file) => /^asterisk-.*\.tar\.xz$/.test(file));
  return name ? join(folder, name) : undefined;
}

function onPath(command, env) {
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, command);
    if (folder && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Whether locateAsterisk would find one (without unpacking anything). */
export function asteriskAvailable(env = process.env) {
  if (env.ASTERISK_PREFIX) return existsSync(join(env.ASTERISK_PREFIX, 'sbin', 'asterisk'));
  const tarball = env.ASTERISK_TARBALL ?? siblingTarball();
  if (tarball) return existsSync(tarball);
  return onPath('asterisk', env) !== undefined;
}

/**
 * An Asterisk installation: { binary, moduleDir, dataDir, version, release() }. Order: ASTERISK_PREFIX,
 * ASTERISK_TARBALL (unpacked into a temporary folder), the tarball beside the checkout, `asterisk` on PATH.
 * Throws AsteriskNotFoundError with the one sentence that says how to get one.
 */
export function locateAsterisk(env = process.env) {
  if (env.ASTERISK_PREFIX) return fromPrefix(env.ASTERISK_PREFIX);
  const tarball = env.ASTERISK_TARBALL ?? siblingTarball();
  if (tarball) {
    if (!existsSync(tarball)) throw new AsteriskNotFoundError();
    const folder = mkdtempSync(join(tmpdir(), 'wwe-asterisk-'));
    execFileSync('tar', ['xJf', tarball, '-C', folder]);
    const top = readdirSync(folder).find((name) => name.startsWith('asterisk'));
    return { ...fromPrefix(join(folder, top)), release: () => rmSync(folder, { recursive: true, force: true }) };
  }
  const binary = onPath('asterisk', env);
  if (binary) return fromPrefix(dirname(dirname(realpathSync(binary))));
  throw new AsteriskNotFoundError();
}

function fromPrefix(prefix) {
  const binary = join(prefix, 'sbin', 'asterisk');
  const moduleDir = [join(prefix, 'lib', 'asterisk', 'modules'), join(prefix, 'lib', 'x86_64-linux-gnu', 'asterisk', 'modules'), join(prefix, 'lib64', 'asterisk', 'modules')].find(existsSync);
  const dataDir = [join(prefix, 'var', 'lib', 'asterisk'), join(prefix, 'share', 'asterisk')].find(existsSync) ?? join(prefix, 'var', 'lib', 'asterisk');
  if (!existsSync(binary) || !moduleDir) throw new AsteriskNotFoundError();
  const version = spawnSync(binary, ['-V'], { encoding: 'utf8' }).stdout.trim();
  return { binary, moduleDir, dataDir, version, release: () => undefined };
}

/**
 * One Asterisk process. `etcDir` holds the generated configuration; `writeLabFiles` adds the lab-only
 * files beside it. The run folder is short: the control socket path must fit in 108 bytes.
 */
export class Asterisk {
  constructor(install, etcDir) {
    this.install = install;
    this.etcDir = etcDir;
    this.runDir = mkdtempSync(join(tmpdir(), 'wwe-ast-'));
    this.process = null;
    this.output = '';
  }

  get configFile() {
    return join(this.etcDir, 'asterisk.conf');
  }

  /**
   * The lab-only additions to the generated configuration, each one needed only because the lab is a
   * private loopback network and Asterisk is not installed system-wide:
   * - asterisk.conf: directories (module and data folders of the unpacked build, writable run folders);
   *   an entity ID, since a loopback-only namespace has no Ethernet address to derive one from;
   * - modules.conf: `autoload=yes`, as a default install has it;
   * - logger.conf: notices, warnings and errors to the console, which the suite reads;
   * - rtp.conf: Asterisk never offers a 127.0.0.0/8 address as an ICE host candidate, so the namespace's
   *   lo carries 10.255.255.1 as well and [ice_host_candidates] maps it to 127.0.0.1.
   */
  writeLabFiles() {
    const dirs = {};
    for (const name of ['run', 'log', 'spool', 'lib', 'db', 'keys', 'cache']) {
      dirs[name] = join(this.runDir, name);
      mkdirSync(dirs[name], { recursive: true });
    }
    writeFileSync(
      this.configFile,
      [
        '; lab-only: directories of the unpacked build and of this run',
        '[directories]',
        `astetcdir => ${this.etcDir}`,
        `astmoddir => ${this.install.moduleDir}`,
        `astdatadir => ${this.install.dataDir}`,
        `astvarlibdir => ${dirs.lib}`,
        `astdbdir => ${dirs.db}`,
        `astkeydir => ${dirs.keys}`,
        `astspooldir => ${dirs.spool}`,
        `astrundir => ${dirs.run}`,
        `astlogdir => ${dirs.log}`,
        `astcachedir => ${dirs.cache}`,
        '[options]',
        '; lab-only: no Ethernet interface in the namespace to seed the entity ID from',
        'entityid=02:00:00:00:00:01',
        '',
      ].join('\n'),
    );
    writeFileSync(join(this.etcDir, 'modules.conf'), '; lab-only: load every module, like a default install\n[modules]\nautoload=yes\n');
    writeFileSync(join(this.etcDir, 'logger.conf'), '; lab-only: what the suite reads\n[general]\n[logfiles]\nconsole => notice,warning,error,verbose\n');
    appendFileSync(
      join(this.etcDir, 'rtp.conf'),
      '\n; lab-only: Asterisk never offers 127.0.0.0/8 as an ICE host candidate; the namespace gives lo\n' +
        '; 10.255.255.1 as well, and this maps it to the loopback address media really flows on.\n' +
        `[ice_host_candidates]\n${LAB_ICE_ADDRESS} => 127.0.0.1\n`,
    );
  }

  /** Starts Asterisk in the foreground and resolves once it is fully booted. */
  async start() {
    this.output = '';
    // WWE_E2E_SIP_TRACE=1 prints every SIP message and dialplan step on the console (the suite shows
    // its tail when a scenario fails): the best evidence a failing test can leave.
    const trace = process.env.WWE_E2E_SIP_TRACE === '1';
    this.process = start(this.install.binary, ['-C', this.configFile, '-f', '-n', '-g', ...(trace ? ['-vvv'] : [])], { name: 'asterisk', group: true });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const exited = await Promise.race([this.process.exited, sleep(100).then(() => null)]);
      if (exited) throw new Error(`asterisk exited at start (${exited.signal ?? `exit ${exited.code}`}):\n${this.log.slice(-3000)}`);
      if (this.cli('core waitfullybooted', { timeoutMs: 5000, quiet: true }).includes('fully booted')) {
        if (trace) this.cli('pjsip set logger on');
        return;
      }
    }
    throw new Error(`asterisk did not boot within 20 s:\n${this.log.slice(-3000)}`);
  }

  /** Runs one CLI command through the control socket (`asterisk -rx`); returns its output. */
  cli(command, { timeoutMs = 10_000, quiet = false } = {}) {
    const result = spawnSync(this.install.binary, ['-C', this.configFile, '-rx', command], { encoding: 'utf8', timeout: timeoutMs });
    if ((result.error || result.status !== 0) && !quiet) throw new Error(`asterisk -rx "${command}" failed: ${result.error?.message ?? result.stderr}`);
    return result.stdout ?? '';
  }

  /** `core stop now` (no un-REGISTERs, like a crash for Genesys), or SIGKILL with `kill`. */
  async stop({ kill = false } = {}) {
    if (!this.process) return;
    if (kill) signal(this.process, 'SIGKILL');
    else this.cli('core stop now', { quiet: true, timeoutMs: 3000 });
    await stop(this.process, 3000);
    this.output += this.process.output;
    this.process = null;
  }

  /** Console output of this run (notices, warnings, errors; the SIP trace when the logger is on). */
  get log() {
    return this.output + (this.process?.output ?? '');
  }

  /** Console lines at WARNING or ERROR level, minus the ones every lab boot produces (missing optional configs). */
  problems() {
    return this.log.split('\n').filter((line) => /\b(WARNING|ERROR)\[/.test(line) && !BOOT_NOISE.some((pattern) => pattern.test(line)));
  }

  cleanUp() {
    rmSync(this.runDir, { recursive: true, force: true });
  }
}

export const LAB_ICE_ADDRESS = '10.255.255.1';

/** Lines a lab boot prints because optional modules find no configuration: not about our files. */
const BOOT_NOISE = [
  /Unable to load config|Missing config file|Could not find valid|Can't find indications|load_config|Unable to open key directory|Error opening directory .*keys/,
  /No music on hold classes configured|Unable to load provisioning profiles|Not loading module|CEL manager Module not activated/,
  /res_stun_monitor|unable to load config|Failed to load configuration file|No ethernet interface found/,
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
