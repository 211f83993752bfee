/**
 * Frames exactly as a real Asterisk 22 writes them (see the recorded AMI transcripts): field order,
 * `Privilege:` lines, and the quirks — an error `Message:` ending in a bare LF followed by the CRLF
 * terminator and one more CRLF, and a banner line with no blank line after it.
 */
export type Field = readonly [string, string | number];

export const CRLF = '\r\n';

export function frame(fields: readonly Field[]): string {
  return `${fields.map(([k, v]) => `${k}: ${v}`).join(CRLF)}${CRLF}${CRLF}`;
}

const withId = (actionId: string | undefined): Field[] => (actionId === undefined ? [] : [['ActionID', actionId]]);

export function success(actionId: string | undefined, message: string, extra: readonly Field[] = []): string {
  return frame([['Response', 'Success'], ...withId(actionId), ['Message', message], ...extra]);
}

/** `Response: Error`; with `trailingLf`, the message ends in `\n` as some real error texts do. */
export function error(actionId: string | undefined, message: string, trailingLf = false): string {
  const head = [['Response', 'Error'], ...withId(actionId)].map(([k, v]) => `${k}: ${v}`).join(CRLF);
  return trailingLf ? `${head}${CRLF}Message: ${message}\n${CRLF}${CRLF}` : `${head}${CRLF}Message: ${message}${CRLF}${CRLF}`;
}

export function fullyBooted(uptime: number, lastReload: number): string {
  return frame([['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', uptime], ['LastReload', lastReload], ['Status', 'Fully Booted']]);
}

export function successfulAuth(username: string, port: number): string {
  const now = new Date().toISOString().replace('Z', '+0000');
  return frame([
    ['Event', 'SuccessfulAuth'], ['Privilege', 'security,all'], ['EventTV', now], ['Severity', 'Informational'],
    ['Service', 'AMI'], ['EventVersion', 1], ['AccountID', username], ['SessionID', '0x7f20ac0013d0'],
    ['LocalAddress', 'IPV4/TCP/127.0.0.1/5038'], ['RemoteAddress', `IPV4/TCP/127.0.0.1/${port}`], ['UsingPassword', 0],
    ['SessionTV', now],
  ]);
}

export function registry(clientUri: string, serverUri: string, status: string, cause?: string): string {
  return frame([
    ['Event', 'Registry'], ['Privilege', 'system,all'], ['ChannelType', 'PJSIP'], ['Username', clientUri],
    ['Domain', serverUri], ['Status', status], ...(cause ? ([['Cause', cause]] as Field[]) : []),
  ]);
}

export function peerStatus(dn: string, status: 'Reachable' | 'Unreachable'): string {
  return frame([['Event', 'PeerStatus'], ['Privilege', 'system,all'], ['ChannelType', 'PJSIP'], ['Peer', `PJSIP/${dn}`], ['PeerStatus', status]]);
}

export function contactStatus(aor: string, uri: string, status: string): string {
  return frame([
    ['Event', 'ContactStatus'], ['Privilege', 'system,all'], ['URI', uri], ['ContactStatus', status], ['AOR', aor],
    ['EndpointName', aor], ['RoundtripUsec', 0],
  ]);
}

export function outboundRegistrationDetail(actionId: string, name: string, dn: string, clientUri: string, serverUri: string, status: string): string {
  return frame([
    ['Event', 'OutboundRegistrationDetail'], ['ActionID', actionId], ['ObjectType', 'registration'], ['ObjectName', name],
    ['MaxRetries', 10], ['ClientUri', clientUri], ['SecurityNegotiation', 'no'], ['AuthRejectionPermanent', 'true'],
    ['ServerUri', serverUri], ['MaxRandomInitialDelay', 1], ['SupportPath', 'false'], ['RetryInterval', 60],
    ['ContactHeaderParams', ''], ['Expiration', 300], ['Transport', 'transport-udp'], ['Line', 'false'],
    ['ContactUser', dn], ['Endpoint', ''], ['UserAgent', ''], ['ForbiddenRetryInterval', 0], ['OutboundAuth', ''],
    ['OutboundProxy', ''], ['FatalRetryInterval', 0], ['SupportOutbound', 'no'], ['Status', status], ['NextReg', 0],
  ]);
}

export function contactStatusDetail(actionId: string, aor: string, uri: string, status: string): string {
  return frame([
    ['Event', 'ContactStatusDetail'], ['ActionID', actionId], ['AOR', aor], ['URI', uri], ['UserAgent', 'JsSIP 3.10.1'],
    ['RegExpire', 1795418804], ['ViaAddress', '127.0.0.1:0'], ['CallID', `${aor}-call-id`], ['Status', status],
    ['RoundtripUsec', 'N/A'], ['EndpointName', aor], ['ID', `${aor};@8cdcc9149f284362c25e6ea61b283396`],
    ['AuthenticateQualify', 0], ['OutboundProxy', ''], ['Path', ''], ['QualifyFrequency', 0], ['QualifyTimeout', '3.000'],
    ['Qualify2xxOnly', 0],
  ]);
}

export function contactList(actionId: string, aor: string, uri: string, status: string): string {
  return frame([
    ['Event', 'ContactList'], ['ActionID', actionId], ['ObjectType', 'contact'], ['ObjectName', `${aor};@d4c2cc84c6d09d7dd382bbac4816b46b`],
    ['ViaAddr', '127.0.0.1'], ['QualifyTimeout', '3.000000'], ['Qualify2xxOnly', 'false'], ['CallId', `${aor}-call-id`],
    ['RegServer', ''], ['PruneOnBoot', 'yes'], ['Path', ''], ['Endpoint', aor], ['ViaPort', 0], ['AuthenticateQualify', 'no'],
    ['Uri', uri], ['QualifyFrequency', 0], ['UserAgent', 'JsSIP 3.10.1'], ['ExpirationTime', 1795422599], ['OutboundProxy', ''],
    ['Status', status], ['RoundtripUsec', 'N/A'],
  ]);
}

export function listStart(actionId: string, message: string): string {
  return frame([['Response', 'Success'], ['ActionID', actionId], ['EventList', 'start'], ['Message', message]]);
}

export function listComplete(event: string, actionId: string, count: number, extra: readonly Field[] = []): string {
  return frame([['Event', event], ['ActionID', actionId], ['EventList', 'Complete'], ['ListItems', count], ...extra]);
}

/** A WebSocket contact URI as Asterisk reports it for a browser agent. */
export function wsContactUri(dn: string, port: number, host = 'df7jal23ls0d'): string {
  return `sip:${dn}@127.0.0.1:${port};transport=ws;x-ast-orig-host=${host}.invalid:0`;
}

/** A channel as an RTCP event describes it (`ast_manager_build_channel_state_string` with channelvars). */
export interface RtcpChannel {
  readonly channel: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly exten?: string;
  readonly callerIdNum?: string;
  readonly callUuid?: string;
  readonly format?: string;
}

function channelState(c: RtcpChannel): Field[] {
  return [
    ['Channel', c.channel], ['ChannelState', 6], ['ChannelStateDesc', 'Up'], ['CallerIDNum', c.callerIdNum ?? '1003'],
    ['CallerIDName', '<unknown>'], ['ConnectedLineNum', '<unknown>'], ['ConnectedLineName', '<unknown>'], ['Language', 'en'],
    ['AccountCode', ''], ['Context', 'from-genesys'], ['Exten', c.exten ?? 's'], ['Priority', 1], ['Uniqueid', c.uniqueid],
    ['Linkedid', c.linkedid], ['ChanVariable', `WWE_CALL_UUID=${c.callUuid ?? ''}`], ['ChanVariable', `CHANNEL(audionativeformat)=${c.format ?? '(ulaw)'}`],
  ];
}

/** One report block as rtcp_report_to_ami prints it. */
export interface RtcpBlock {
  readonly fractionLost: number;
  readonly cumulativeLost?: number;
  readonly jitter: number;
  readonly dlsr?: string;
}

function block(b: RtcpBlock | undefined): Field[] {
  if (!b) return [['ReportCount', 0]];
  return [
    ['ReportCount', 1], ['Report0SourceSSRC', '0x2b4f1c5e'], ['Report0FractionLost', b.fractionLost], ['Report0CumulativeLost', b.cumulativeLost ?? 0],
    ['Report0HighestSequence', 31041], ['Report0SequenceNumberCycles', 0], ['Report0IAJitter', b.jitter], ['Report0LSR', 3937525170],
    ['Report0DLSR', b.dlsr ?? '4.9980'],
  ];
}

/** `RTCPSent`: Asterisk's report of the far end's stream (an SR: Asterisk sends audio too). */
export function rtcpSent(c: RtcpChannel, b: RtcpBlock | undefined): string {
  return frame([
    ['Event', 'RTCPSent'], ['Privilege', 'reporting,all'], ...channelState(c), ['To', '127.0.0.2:7079'], ['From', '0.0.0.0:10001'],
    ['MES', '  93.2'], ['SSRC', '0x1d2a09c4'], ['PT', '200(SR)'], ...block(b).slice(0, 1),
    ['SentNTP', '1796175011.881076'], ['SentRTP', 40480], ['SentPackets', 253], ['SentOctets', 40480], ...block(b).slice(1),
  ]);
}

/** `RTCPReceived`: the far end's report of Asterisk's stream, with the round trip Asterisk computed. */
export function rtcpReceived(c: RtcpChannel, b: RtcpBlock | undefined, rttSeconds = 0.0012): string {
  return frame([
    ['Event', 'RTCPReceived'], ['Privilege', 'reporting,all'], ...channelState(c), ['From', '127.0.0.2:7079'], ['To', '0.0.0.0:10001'],
    ['RTT', rttSeconds.toFixed(4)], ['MES', '  93.1'], ['SSRC', '0x2b4f1c5e'], ['PT', '201(RR)'], ...block(b),
  ]);
}
