// Brings the real-Asterisk lab up step by step (each step named in a failure) and tears it down by PID.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Asterisk, LAB_ICE_ADDRESS } from '../lib/asterisk.mjs';
import { launchBrowser } from '../lib/browser.mjs';
import { startProxy, startTurnServer } from '../lib/edge.mjs';
import { GatewayService, generateAsteriskConfig } from '../lib/gateway-service.mjs';
import { GenesysServer } from '../lib/genesys.mjs';
import { MediaBlackhole } from '../lib/media-blackhole.mjs';
import { killNamespaceProcesses } from '../lib/namespace.mjs';
import { bundlePage, servePage, writePage } from '../lib/page-server.mjs';
import { stopAll } from '../lib/processes.mjs';
import { AsteriskLab, LAB } from './lab.mjs';

/** The DNs the generated configuration manages: 5001–5040 for browser agents (every scenario uses its own), 3000–3999 for the registration storm. */
export const LAB_DNS = '5001-5040,3000-3999';

/** The storm's DNs, as strings. */
export const STORM_DNS = Array.from({ length: 1000 }, (_, i) => String(3000 + i));

/** Every DN of a ranges string such as "5001-5040,3000-3999". */
export function expandDns(ranges) {
  return ranges.split(',').flatMap((range) => {
    const [first, last = first] = range.split('-').map(Number);
    return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
  });
}

/** A self-signed certificate for 127.0.0.1 and the proxy's name (Asterisk's WSS and DTLS, nginx); Chromium is told to accept it. */
function makeCertificate(folder) {
  const certFile = join(folder, 'cert.pem');
  const keyFile = join(folder, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', `subjectAltName=IP:127.0.0.1,DNS:${LAB.proxyHost}`, '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { certFile, keyFile };
}

/** Gives the namespace's lo the address Asterisk maps to 127.0.0.1 for ICE (see Asterisk#writeLabFiles). */
function addIceAddress() {
  const result = spawnSync('ip', ['addr', 'add', `${LAB_ICE_ADDRESS}/32`, 'dev', 'lo'], { encoding: 'utf8' });
  if (result.status !== 0 && !/File exists/.test(result.stderr)) throw new Error(`ip addr add ${LAB_ICE_ADDRESS}: ${result.stderr}`);
}

/**
 * Starts Asterisk (from `install`, see locateAsterisk), the Genesys side, the gateway, coturn and nginx
 * (the generator's turnserver.conf and site), the page server and Chromium. `generatorArgs` adds flags
 * to `wwe-gateway asterisk-config`.
 */
export async function startAsteriskLab({ step, install, subject = 'softphone', dns = LAB_DNS, generatorArgs = {} }) {
  const folder = mkdtempSync(join(tmpdir(), 'wwe-lab-'));
  const resources = [() => rmSync(folder, { recursive: true, force: true })];
  const tearDown = async () => {
    for (const release of resources.reverse()) await Promise.resolve(release()).catch((error) => console.error(`teardown: ${error.message}`));
    resources.length = 0;
    await stopAll();
    killNamespaceProcesses();
  };
  try {
    addIceAddress();
    const etcDir = join(folder, 'etc');
    const staticRoot = join(folder, 'www');
    const { certFile, keyFile } = makeCertificate(folder);
    await step('generate the Asterisk configuration (wwe-gateway asterisk-config)', async () => {
      generateAsteriskConfig(etcDir, {
        dns,
        genesys: `${LAB.genesysHost}:${LAB.genesysSipPort}`,
        'public-address': LAB.asteriskHost,
        cert: certFile,
        key: keyFile,
        // coturn beside Asterisk, listening and relaying on Asterisk's media address: see e2e/README.md
        // ("TURN in a loopback namespace") for why the relay address must be that one.
        'turn-host': LAB.turnHost,
        'turn-port': LAB.turnPort,
        'turn-listen': LAB.asteriskHost,
        'proxy-host': LAB.proxyHost,
        'static-root': staticRoot,
        ...generatorArgs,
      });
    });
    const genesys = new GenesysServer({ host: LAB.genesysHost, sipPort: LAB.genesysSipPort, rtpPort: LAB.genesysRtpPort });
    resources.push(async () => {
      await genesys.stop();
      genesys.cleanUp();
    });
    await step('start the Genesys side (sipp registrar/trunk, RTP peer)', () => genesys.start());
    const asterisk = new Asterisk(install, etcDir);
    resources.push(async () => {
      await asterisk.stop();
      asterisk.cleanUp();
    });
    await step(`start ${install.version || 'Asterisk'}`, async () => {
      asterisk.writeLabFiles();
      await asterisk.start();
    }, 30_000);
    const gateway = new GatewayService(etcDir);
    resources.push(() => gateway.stop());
    // Lab-only: browsers' quality reports are opt-in; the generated turn.agentPasswordsFile proves them.
    await step('start wwe-gateway run', () => gateway.start({ env: { WWE_GATEWAY_QUALITY_BROWSER_REPORTS: 'true' } }), 30_000);
    const coturn = await step('start coturn (generated turnserver.conf)', () => startTurnServer({ etcDir, workDir: folder, host: LAB.turnHost, port: LAB.turnPort }));
    resources.push(() => coturn.stop());
    const bundle = await step('bundle the test page (esbuild)', bundlePage);
    // The agents at home load the page from nginx (the site's static root), as WWE loads the widget.
    writePage(bundle, staticRoot);
    const proxy = await step('start nginx (generated site)', () => startProxy({ etcDir, workDir: folder }));
    resources.push(() => proxy.stop());
    const server = await step('serve the test page', () => servePage(bundle));
    resources.push(server.close);
    const chromium = await step('launch Chromium', () =>
      // The proxy's name resolves to the namespace's loopback, as a DNS record would resolve it to the host.
      launchBrowser(['--ignore-certificate-errors', `--host-resolver-rules=MAP ${LAB.proxyHost} ${LAB.asteriskHost}`]),
    );
    resources.push(chromium.close);
    // The generator's default RTP ports (rtp.conf): the browser ↔ Asterisk media a scenario can cut.
    const blackhole = new MediaBlackhole({ ports: [10_000, 20_000], exempt: [LAB.genesysHost] });
    resources.push(() => blackhole.uninstall());
    const lab = new AsteriskLab({ asterisk, gateway, genesys, coturn, proxy, certFile, blackhole, pageUrl: server.url, browser: chromium.browser, subject });
    return { lab, tearDown };
  } catch (error) {
    await tearDown();
    throw error;
  }
}
