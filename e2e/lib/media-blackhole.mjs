// A media path that goes dead on command, like Wi-Fi dropping under a call: every UDP packet to or from
// a port range (Asterisk's RTP ports) is routed into an `ifb` device, which discards what it did not get
// through a tc redirect — silently, as a lost link does (the sender's sendto() still succeeds). These
// kernels have no netem and no netfilter; policy routing and ifb are enough. Packets to or from the
// `exempt` addresses (the Genesys side) keep flowing, so only the browser ↔ Asterisk leg goes dark.
// Only inside the lab's private network namespace: it rewrites that namespace's routing rules.
import { spawnSync } from 'node:child_process';

const TABLE = '100';
const DEVICE = 'wwe-blackhole';
/** Rule priorities: exemptions first, then the blackhole, then the local table (moved from 0). */
const EXEMPT_PREF = 10;
const DROP_PREF = 20;
const LOCAL_PREF = 100;

function ip(...args) {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr.trim()}`);
  return result.stdout;
}

export class MediaBlackhole {
  /** `ports`: [first, last] UDP port range to silence; `exempt`: addresses whose traffic is untouched. */
  constructor({ ports, exempt = [] }) {
    this.ports = `${ports[0]}-${ports[1]}`;
    this.exempt = exempt;
    this.installed = false;
    this.active = false;
  }

  /**
   * Prepares the namespace: the discarding device, a table routing everything into it, and the local
   * table's rule moved behind the rules added by on() (at 0 it would deliver loopback traffic first).
   */
  install() {
    if (this.installed) return;
    ip('link', 'add', DEVICE, 'type', 'ifb');
    ip('link', 'set', DEVICE, 'up');
    ip('route', 'add', 'default', 'dev', DEVICE, 'table', TABLE);
    ip('rule', 'add', 'pref', String(LOCAL_PREF), 'lookup', 'local');
    ip('rule', 'del', 'pref', '0');
    this.exempt.forEach((address, i) => {
      ip('rule', 'add', 'pref', String(EXEMPT_PREF + 2 * i), 'to', address, 'lookup', 'local');
      ip('rule', 'add', 'pref', String(EXEMPT_PREF + 2 * i + 1), 'from', address, 'lookup', 'local');
    });
    this.installed = true;
  }

  /** From now on, media to and from the port range is lost. */
  on() {
    this.install();
    if (this.active) return;
    ip('rule', 'add', 'pref', String(DROP_PREF), 'ipproto', 'udp', 'dport', this.ports, 'lookup', TABLE);
    ip('rule', 'add', 'pref', String(DROP_PREF + 1), 'ipproto', 'udp', 'sport', this.ports, 'lookup', TABLE);
    this.active = true;
  }

  /** Media flows again. */
  off() {
    if (!this.active) return;
    ip('rule', 'del', 'pref', String(DROP_PREF));
    ip('rule', 'del', 'pref', String(DROP_PREF + 1));
    this.active = false;
  }

  /** Packets discarded so far (the device counts them as dropped on receive). */
  dropped() {
    const stats = JSON.parse(ip('-s', '-j', 'link', 'show', DEVICE))[0]?.stats64;
    return (stats?.rx?.dropped ?? 0) + (stats?.tx?.dropped ?? 0);
  }

  /** Puts the namespace back as it was. */
  uninstall() {
    if (!this.installed) return;
    this.off();
    ip('rule', 'add', 'pref', '0', 'lookup', 'local');
    ip('rule', 'del', 'pref', String(LOCAL_PREF));
    this.exempt.forEach((_, i) => {
      ip('rule', 'del', 'pref', String(EXEMPT_PREF + 2 * i));
      ip('rule', 'del', 'pref', String(EXEMPT_PREF + 2 * i + 1));
    });
    ip('link', 'del', DEVICE);
    this.installed = false;
  }
}
