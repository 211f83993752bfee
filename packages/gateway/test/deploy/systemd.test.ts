// The systemd units we ship (deploy/systemd), checked by systemd itself: `systemd-analyze verify` needs
// no running systemd. It also insists that each ExecStart program exists, so the check runs against a
// throwaway root holding the units and an executable stand-in at each program's installed path
// (Asterisk and wwe-gateway are not installed on a test machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV_VARIABLES } from '../../src/config/env.js';

const UNITS_DIR = fileURLToPath(new URL('../../../../deploy/systemd/', import.meta.url));
const UNITS = ['asterisk.service', 'wwe-gateway.service', 'coturn.service'];
const unit = (name: string) => readFileSync(join(UNITS_DIR, name), 'utf8');
const directives = (name: string, key: string) => [...unit(name).matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);

test('systemd-analyze verify accepts every unit, with no warning', () => {
  assert.deepEqual(readdirSync(UNITS_DIR).filter((f) => f.endsWith('.service')).sort(), [...UNITS].sort());
  const root = mkdtempSync(join(tmpdir(), 'wwe-systemd-'));
  try {
    const system = join(root, 'etc/systemd/system');
    mkdirSync(system, { recursive: true });
    for (const name of UNITS) {
      copyFileSync(join(UNITS_DIR, name), join(system, name));
      for (const exec of directives(name, 'ExecStart')) {
        const program = join(root, exec.split(' ')[0]!);
        mkdirSync(dirname(program), { recursive: true });
        writeFileSync(program, '#!/bin/sh\n');
        chmodSync(program, 0o755);
      }
    }
    const result = spawnSync('systemd-analyze', ['verify', `--root=${root}`, '--man=no', '--generators=no', '--recursive-errors=no', ...UNITS.map((n) => `/etc/systemd/system/${n}`)], { encoding: 'utf8' });
    assert.equal(result.error, undefined, 'systemd-analyze is missing: apt-get install systemd');
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, output);
    assert.equal(output.trim(), '', 'no warning either');

    // The check is real: a typo in a unit makes it fail.
    writeFileSync(join(system, 'wwe-gateway.service'), unit('wwe-gateway.service').replace('ProtectSystem=strict', 'ProtectSystem=strickt'));
    const broken = spawnSync('systemd-analyze', ['verify', `--root=${root}`, '--man=no', '--generators=no', '--recursive-errors=no', '/etc/systemd/system/wwe-gateway.service'], { encoding: 'utf8' });
    assert.match(`${broken.stdout}${broken.stderr}`, /protect system value/i);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('every unit is hardened and restarts on failure', () => {
  for (const name of UNITS) {
    for (const [key, value] of [['NoNewPrivileges', 'yes'], ['ProtectSystem', 'strict'], ['ProtectHome', 'yes'], ['PrivateTmp', 'yes'], ['PrivateDevices', 'yes'], ['Restart', 'on-failure']]) {
      assert.deepEqual(directives(name, key!), [value], `${name}: ${key}=${value}`);
    }
    const bounding = directives(name, 'CapabilityBoundingSet');
    assert.equal(bounding.length, 1, `${name}: CapabilityBoundingSet`);
    assert.ok(['', 'CAP_NET_BIND_SERVICE'].includes(bounding[0]!), `${name}: at most CAP_NET_BIND_SERVICE`);
    assert.ok(!/^User=root$/m.test(unit(name)), `${name} does not run as root`);
  }
  assert.deepEqual(directives('wwe-gateway.service', 'DynamicUser'), ['yes']);
  assert.deepEqual(directives('asterisk.service', 'User'), ['asterisk']);
  assert.deepEqual(directives('coturn.service', 'User'), ['turnserver']);
});

test('the gateway starts after Asterisk; secrets arrive by root-only EnvironmentFile or LoadCredential, never inline', () => {
  assert.ok(directives('wwe-gateway.service', 'After').some((v) => v.split(' ').includes('asterisk.service')));
  assert.ok(directives('wwe-gateway.service', 'Wants').some((v) => v.split(' ').includes('asterisk.service')));
  assert.deepEqual(directives('wwe-gateway.service', 'EnvironmentFile'), ['/etc/wwe-gateway/gateway.env']);
  assert.deepEqual(directives('wwe-gateway.service', 'LoadCredential'), ['secrets.json:/etc/wwe-gateway/secrets.json']);
  assert.deepEqual(directives('coturn.service', 'LoadCredential'), ['turnserver.conf:/etc/wwe-webrtc/turnserver.conf']);
  assert.match(directives('coturn.service', 'ExecStart')[0]!, /-c %d\/turnserver\.conf/);
  assert.deepEqual(directives('wwe-gateway.service', 'RestartPreventExitStatus'), ['2'], 'an invalid configuration is not restarted in a loop');
  for (const name of UNITS) {
    for (const env of directives(name, 'Environment')) {
      assert.doesNotMatch(env, /SECRET=|TOKEN=|PASSWORD=/, `${name}: no secret inline`);
      const variable = env.split('=')[0]!;
      if (variable.startsWith('WWE_GATEWAY_')) assert.ok(variable === 'WWE_GATEWAY_CONFIG' || ENV_VARIABLES.some((v) => v.name === variable), `${variable} is a setting the gateway knows`);
    }
  }
});
