import { isLoopbackHost } from '../http/auth.js';
import { QUALITY_CHANNEL_VARIABLES } from '../quality/rtcp-report.js';
import { HEADER } from './pjsip-conf.js';
import type { ResolvedAsteriskConfigOptions } from './options.js';
import type { GeneratedSecrets } from './secrets.js';
import { turnUris } from './turnserver-conf.js';

const lines = (...parts: string[]) => `${[HEADER, ...parts].join('\n').trimEnd()}\n`;

export const AMI_USERNAME = 'wwe-gateway';

/**
 * Genesys' INVITE headers the softphone acts on, copied onto the browser leg: the call's UUID (the
 * remote-answer join key) and the three auto-answer hints (Call-Info answer-after, Alert-Info,
 * RFC 5373 Answer-Mode). `variable` is the inherited channel variable that carries each one.
 */
export const GENESYS_HEADERS = [
  { header: 'X-Genesys-CallUUID', variable: 'WWE_CALL_UUID' },
  { header: 'Call-Info', variable: 'WWE_CALL_INFO' },
  { header: 'Alert-Info', variable: 'WWE_ALERT_INFO' },
  { header: 'Answer-Mode', variable: 'WWE_ANSWER_MODE' },
] as const;

/**
 * extensions.conf. Genesys' headers reach the browser leg through a Dial b() pre-dial handler: read on
 * the inbound channel into inherited variables, added on the outbound channel, empty ones skipped
 * (GotoIf, not ExecIf: ExecIf would split a value at its ':' as in "sip:").
 * EXTEN is checked as digits before it is used in a Dial string (`&` would dial several targets).
 */
export function renderExtensionsConf(o: ResolvedAsteriskConfigOptions): string {
  const labels = [...GENESYS_HEADERS.map((_, i) => `h${i}`), 'done'];
  return lines(
    '[general]',
    'static=yes',
    'writeprotect=yes',
    '',
    "; Calls from Genesys SIP Server to an agent DN: ring the DN's browser.",
    '[from-genesys]',
    'exten => _X.,1,NoOp(Genesys call to DN ${EXTEN})',
    ' same => n,GotoIf($[${REGEX("^[0-9]{1,15}$" ${EXTEN})}]?dial)',
    ' same => n,Hangup(1)',
    ...GENESYS_HEADERS.map(({ header, variable }, i) => ` same => n${i === 0 ? '(dial)' : ''},Set(__${variable}=\${PJSIP_HEADER(read,${header})})`),
    ' same => n,Dial(PJSIP/${EXTEN},60,b(wwe-browser-leg^s^1))',
    ' same => n,Hangup()',
    '',
    '; Pre-dial handler, run on the browser leg before it is dialled.',
    '[wwe-browser-leg]',
    ...GENESYS_HEADERS.flatMap(({ header, variable }, i) => [
      `${i === 0 ? 'exten => s,1' : ` same => n(${labels[i]})`},GotoIf($[\${LEN(\${${variable}})} = 0]?${labels[i + 1]})`,
      ` same => n,Set(PJSIP_HEADER(add,${header})=\${${variable}})`,
    ]),
    ' same => n(done),Return()',
    '',
    '; Calls from browsers: everything goes to Genesys, which does routing, transfer and conference.',
    '[from-agents]',
    "; The softphone's preflight test call: Asterisk answers and echoes the agent's own audio back, so the",
    '; browser measures the round trip, jitter, loss and MOS of its media path. It lives only in this, the',
    "; agents' context: Genesys' trunk (from-genesys) cannot reach it. 30 s at most per test call.",
    `exten => ${o.echoExtension},1,NoOp(Echo test for agent \${CALLERID(num)})`,
    ' same => n,Answer()',
    ' same => n,Set(TIMEOUT(absolute)=30)',
    ' same => n,Echo()',
    ' same => n,Hangup()',
    'exten => _[0-9*#+].,1,NoOp(Agent ${CALLERID(num)} dials ${EXTEN})',
    ' same => n,GotoIf($[${REGEX("^[0-9*#+]{1,32}$" ${EXTEN})}]?dial)',
    ' same => n,Hangup(1)',
    ' same => n(dial),Dial(PJSIP/${EXTEN}@genesys,,)',
    ' same => n,Hangup()',
    '',
    "; Blind transfers from browsers (REFER; the agent endpoints' TRANSFER_CONTEXT): Genesys owns the call,",
    '; so the Genesys leg hands the REFER on to SIP Server, which transfers it and keeps its call model right.',
    '; Only if SIP Server refuses does Asterisk dial the target itself.',
    '[wwe-transfer]',
    'exten => _[0-9*#+].,1,NoOp(Transfer of the Genesys leg to ${EXTEN})',
    ' same => n,GotoIf($[${REGEX("^[0-9*#+]{1,32}$" ${EXTEN})}]?refer)',
    ' same => n,Hangup(1)',
    "; Asterisk reports the browser's REFER as done once media flows to the transferred leg: 100 ms of",
    '; silence first, so the browser ends its call as transferred (the blind transfer is Asterisk\'s now).',
    ' same => n(refer),PlayTones(0/100)',
    ' same => n,Wait(0.1)',
    ` same => n,Transfer(PJSIP/sip:\${EXTEN}@${o.genesysHost}:${o.genesysPort})`,
    ' same => n,GotoIf($["${TRANSFERSTATUS}" = "SUCCESS"]?done)',
    ' same => n,Dial(PJSIP/${EXTEN}@genesys,,)',
    ' same => n,Hangup()',
    '; SIP Server releases this leg itself once it has transferred the call; hang up only if it does not.',
    ' same => n(done),Wait(10)',
    ' same => n,Hangup()',
  );
}

/**
 * manager.conf: one least-privilege user that may connect from the gateway only. Plain AMI listens on
 * loopback only; a gateway on another host gets AMI over TLS (the login and every action would
 * otherwise cross the network in clear), with the certificate WSS uses. `channelvars` puts the call's
 * Genesys UUID and codec on every channel event, so the gateway can join both legs' RTCP reports.
 */
export function renderManagerConf(o: ResolvedAsteriskConfigOptions, secrets: GeneratedSecrets): string {
  const tls = isLoopbackHost(o.gatewayAddress)
    ? []
    : [
        `; The gateway runs on another host (${o.gatewayAddress}): it reaches AMI over TLS only.`,
        'tlsenable=yes',
        `tlsbindaddr=0.0.0.0:${o.amiTlsPort}`,
        `tlscertfile=${o.certFile}`,
        `tlsprivatekey=${o.keyFile}`,
      ];
  return lines(
    '[general]',
    'enabled=yes',
    `port=${o.amiPort}`,
    'bindaddr=127.0.0.1',
    ...tls,
    'displayconnects=no',
    "; Added to every channel event (RTCPSent/RTCPReceived included): the call's Genesys UUID joins a call's",
    '; two legs, and the codec gives the RTCP jitter its clock rate.',
    `channelvars=${QUALITY_CHANNEL_VARIABLES.callUuid},${QUALITY_CHANNEL_VARIABLES.format}`,
    '',
    `[${AMI_USERNAME}]`,
    `secret=${secrets.amiSecret}`,
    'deny=0.0.0.0/0.0.0.0',
    `permit=${o.gatewayAddress}/255.255.255.255`,
    '; ContactStatus, Registry and FullyBooted are class system; so are PJSIPRegister/Unregister/Notify.',
    "; reporting: RTCPSent/RTCPReceived, Asterisk's RTCP reports on both legs of every call, which the",
    "; gateway turns into call quality (/metrics, dashboard). Read only: no reporting action is allowed.",
    'read=system,reporting',
    'write=system',
    'writetimeout=5000',
  );
}

/** http.conf: WSS for browsers on the public port; plain HTTP only on loopback. */
export function renderHttpConf(o: ResolvedAsteriskConfigOptions): string {
  return lines(
    '[general]',
    'enabled=yes',
    'bindaddr=127.0.0.1',
    'bindport=8088',
    'tlsenable=yes',
    `tlsbindaddr=0.0.0.0:${o.wssPort}`,
    `tlscertfile=${o.certFile}`,
    `tlsprivatekey=${o.keyFile}`,
  );
}

export function renderRtpConf(o: ResolvedAsteriskConfigOptions): string {
  return lines('[general]', `rtpstart=${o.rtpStart}`, `rtpend=${o.rtpEnd}`, 'icesupport=yes', ...(o.stun ? [`stunaddr=${o.stun}`] : ['; stunaddr=stun.example.org:3478']));
}

/** hep.conf: mirror every SIP message to the gateway's HEP listener (remote-answer relay). */
export function renderHepConf(o: ResolvedAsteriskConfigOptions, secrets: GeneratedSecrets): string {
  return lines(
    '[general]',
    'enabled=yes',
    `capture_address=${o.gatewayAddress}:${o.hepPort}`,
    `capture_password=${secrets.hepPassword}`,
    'capture_id=2001',
    'uuid_type=call-id',
  );
}

/** pjsip_notify.conf: res_pjsip_notify refuses to load without it. */
export function renderPjsipNotifyConf(): string {
  return lines('; Named NOTIFYs for `PJSIPNotify Option: <name>`; the gateway sends Variable: headers instead.', '[talk]', 'Event=>talk', '', '[hold]', 'Event=>hold');
}

/** gateway.json: the matching gateway configuration (no secrets: those are in gateway.env). */
export function renderGatewayJson(o: ResolvedAsteriskConfigOptions): string {
  const config = {
    ami: isLoopbackHost(o.gatewayAddress)
      ? { host: '127.0.0.1', port: o.amiPort, username: AMI_USERNAME, authType: 'md5' }
      : { host: o.publicAddress, port: o.amiTlsPort, username: AMI_USERNAME, authType: 'md5', tls: { enabled: true } },
    dns: { ranges: o.dnRanges, registrationTemplate: o.registrationTemplate },
    // List the agent desktop's origin(s) here (e.g. https://wwe.example.com) for the widget to show presence.
    http: { host: '127.0.0.1', port: 8090, corsOrigins: [] },
    // SIP Server by address only, like pjsip.conf's identify: its requests may come from any port.
    relay: { enabled: true, hep: { host: o.gatewayAddress, port: o.hepPort }, genesysAddresses: [o.genesysHost], notifyResponder: true },
    // Agents prove their SIP password (from secrets.json, beside this file) to get TURN credentials.
    ...(o.turn && { turn: { enabled: true, urls: turnUris(o.turn), ttlSeconds: o.turn.ttlSeconds, agentPasswordsFile: 'secrets.json' } }),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** gateway.env: the secrets, as environment variables for the gateway (mode 0600). */
export function renderGatewayEnv(secrets: GeneratedSecrets, o?: Pick<ResolvedAsteriskConfigOptions, 'turn'>): string {
  return [
    '# Secrets for wwe-gateway, matching the generated Asterisk configuration. Keep this file private.',
    `WWE_GATEWAY_AMI_SECRET=${secrets.amiSecret}`,
    `WWE_GATEWAY_HEP_PASSWORD=${secrets.hepPassword}`,
    `WWE_GATEWAY_HTTP_TOKEN=${secrets.httpToken}`,
    "# Read-only: only GET /api/dns/:dn. This one goes to agents' browsers (the widget's gatewayToken), never the one above.",
    `WWE_GATEWAY_HTTP_PRESENCE_TOKEN=${secrets.presenceToken}`,
    ...(o?.turn && secrets.turnSecret ? ["# coturn's static-auth-secret (turnserver.conf): the gateway mints agents' TURN credentials with it.", `WWE_GATEWAY_TURN_SECRET=${secrets.turnSecret}`] : []),
    '',
  ].join('\n');
}
