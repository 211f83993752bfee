// AMI's RTCPSent / RTCPReceived events (class `reporting`), read into typed reports. Asterisk raises
// one for every RTCP report it sends or receives on a channel's RTP (every 5 s by default): RTCPSent
// carries Asterisk's own reception statistics of the far end's stream, RTCPReceived the far end's
// statistics of Asterisk's stream and the round trip Asterisk computed from it (main/rtp_engine.c,
// rtcp_report_to_ami; res/res_rtp_asterisk.c). The channel's state comes first in each event, with
// the `ChanVariable:` lines manager.conf's `channelvars` asks for.
import type { AmiMessage } from '../ami/message.js';

/** Channel variables the generated manager.conf lists in `channelvars`, read from each event. */
export const QUALITY_CHANNEL_VARIABLES = { callUuid: 'WWE_CALL_UUID', format: 'CHANNEL(audionativeformat)' } as const;

/** Which stream a report describes, seen from Asterisk. */
export type StreamDirection =
  /** The far end → Asterisk: Asterisk measured it (RTCPSent). */
  | 'to_asterisk'
  /** Asterisk → the far end: the far end measured it (RTCPReceived). */
  | 'from_asterisk';

export interface RtcpReport {
  readonly direction: StreamDirection;
  /** `PJSIP/5001-00000003`. */
  readonly channel: string;
  /** The PJSIP endpoint in the channel name (`5001`, `genesys`). */
  readonly endpoint: string | undefined;
  readonly uniqueid: string;
  /** Shared by every channel of one call inside Asterisk. */
  readonly linkedid: string;
  readonly exten: string | undefined;
  readonly callerIdNum: string | undefined;
  /** `X-Genesys-CallUUID` of the call, from the WWE_CALL_UUID channel variable. */
  readonly callUuid: string | undefined;
  /** Asterisk's codec name for the channel (`ulaw`, `alaw`, `opus`). */
  readonly codec: string | undefined;
  /** Round-trip time Asterisk computed from this receiver report, seconds (RTCPReceived only). */
  readonly rttSeconds: number | undefined;
  /** The first report block: the stream this report is about. Absent in a report without one. */
  readonly block: RtcpReportBlock | undefined;
}

export interface RtcpReportBlock {
  /** Fraction of packets lost since the previous report, 0…1 (RFC 3550's 8-bit fraction / 256). */
  readonly fractionLost: number;
  readonly cumulativeLost: number;
  /** Interarrival jitter in RTP timestamp units (samples of the codec's clock). */
  readonly jitterSamples: number;
}

const DIRECTIONS: Readonly<Record<string, StreamDirection>> = { RTCPSent: 'to_asterisk', RTCPReceived: 'from_asterisk' };

/** Everything that names a channel is short and printable; anything else is refused. */
const PRINTABLE = /^[\x21-\x7e]{1,128}$/;

/** The fields a report is read from, by lower-case key. */
const WANTED = new Set(['channel', 'uniqueid', 'linkedid', 'exten', 'calleridnum', 'rtt', 'reportcount', 'report0fractionlost', 'report0cumulativelost', 'report0iajitter']);

/** Reads one AMI event; undefined for any other event or one that lacks what a report needs. */
export function decodeRtcpReport(message: AmiMessage): RtcpReport | undefined {
  const direction = DIRECTIONS[message.event ?? ''];
  if (direction === undefined) return undefined;
  // One pass over the ~30 fields (these events come 1,600 a second at 2,000 calls); first occurrence wins, as in AMI.
  const fields = new Map<string, string>();
  const variables = new Map<string, string>();
  for (const [key, value] of message.fields) {
    const lower = key.toLowerCase();
    if (lower === 'chanvariable') {
      // `NAME=value`; Asterisk escapes control characters in the value.
      const split = value.indexOf('=');
      if (split > 0 && !variables.has(value.slice(0, split))) variables.set(value.slice(0, split), value.slice(split + 1));
    } else if (WANTED.has(lower) && !fields.has(lower)) {
      fields.set(lower, value);
    }
  }
  const channel = printable(fields.get('channel'));
  const uniqueid = printable(fields.get('uniqueid'));
  const linkedid = printable(fields.get('linkedid'));
  if (!channel || !uniqueid || !linkedid) return undefined;
  const rtt = direction === 'from_asterisk' ? number(fields.get('rtt')) : undefined;
  return {
    direction,
    channel,
    endpoint: /^PJSIP\/(.+)-[0-9a-f]{8}$/.exec(channel)?.[1],
    uniqueid,
    linkedid,
    exten: printable(fields.get('exten')),
    callerIdNum: printable(fields.get('calleridnum')),
    callUuid: printable(variables.get(QUALITY_CHANNEL_VARIABLES.callUuid)),
    codec: /^\(?([a-z0-9]+)/i.exec(variables.get(QUALITY_CHANNEL_VARIABLES.format) ?? '')?.[1]?.toLowerCase(),
    // Asterisk reports 0 before it has a round trip (no LSR in the far end's reports yet).
    rttSeconds: rtt !== undefined && rtt > 0 && rtt < 60 ? rtt : undefined,
    block: reportBlock(fields),
  };
}

function reportBlock(fields: ReadonlyMap<string, string>): RtcpReportBlock | undefined {
  const count = number(fields.get('reportcount'));
  if (!count) return undefined;
  const fraction = number(fields.get('report0fractionlost'));
  const cumulative = number(fields.get('report0cumulativelost'));
  const jitter = number(fields.get('report0iajitter'));
  if (fraction === undefined || jitter === undefined || fraction < 0 || fraction > 255 || jitter < 0) return undefined;
  return { fractionLost: fraction / 256, cumulativeLost: cumulative ?? 0, jitterSamples: jitter };
}

function printable(value: string | undefined): string | undefined {
  return value !== undefined && PRINTABLE.test(value) && value !== '<unknown>' ? value : undefined;
}

function number(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
