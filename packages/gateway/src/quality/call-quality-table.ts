// The quality of every call Asterisk carries now, from its RTCP reports. Pure: the clock is passed in.
// A call is its legs joined by the Genesys call UUID (both legs carry WWE_CALL_UUID: the trunk leg sets
// it from Genesys' INVITE, the browser leg inherits it) or, for a call without one (an agent dialling
// out), by Asterisk's Linkedid. A leg is the browser's when its PJSIP endpoint is a managed DN,
// otherwise the trunk's. Asterisk raises no RTCP event when a call ends, so a leg that has not reported
// for `legTimeoutMs` is over. The agent's browser may add its own view when the call ends (its
// microphone, its network side): joined by the same UUID, shown beside Asterisk's legs, never mixed
// into the worst MOS, which stays what Asterisk measured.
import { estimateMos, type BrowserQualityReport } from '@wwe-webrtc/shared';
import type { RtcpReport, StreamDirection } from './rtcp-report.js';

export type LegKind = 'browser' | 'trunk';

/** One direction of one leg, from its latest report. */
export interface StreamQuality {
  readonly jitterMs: number;
  /** Fraction lost since the previous report, 0…1. */
  readonly packetLoss: number;
  /** E-model estimate (the same model as the softphone's). */
  readonly mos: number;
  readonly at: number;
}

export interface LegQuality {
  readonly kind: LegKind;
  readonly channel: string;
  readonly endpoint: string | undefined;
  readonly codec: string | undefined;
  /** Round trip between Asterisk and the far end of this leg, ms (needs the far end's receiver reports). */
  readonly rttMs: number | undefined;
  /** What Asterisk receives from the far end of this leg. */
  readonly toAsterisk: StreamQuality | undefined;
  /** What the far end receives from Asterisk, as it reports. */
  readonly fromAsterisk: StreamQuality | undefined;
  readonly lastReportAt: number;
}

/** What the agent's browser reported about the call when it ended, as it reported it. */
export interface BrowserQualityView extends BrowserQualityReport {
  /** The DN whose SIP password proved the report. */
  readonly dn: string;
  readonly receivedAt: number;
}

export interface CallQuality {
  /** The Genesys call UUID, `linkedid:<id>` for a call without one, `browser:<dn>:<time>` for a browser's report without one. */
  readonly key: string;
  readonly callUuid: string | undefined;
  /** Asterisk's Linkedid; undefined while only the browser has reported. */
  readonly linkedid: string | undefined;
  /** The agent DN of the call, when one of its legs names it. */
  readonly dn: string | undefined;
  /** The configured DN range the DN falls in (a low-cardinality metric label). */
  readonly dnRange: string | undefined;
  readonly legs: readonly LegQuality[];
  /** The lowest latest MOS over every leg and direction. */
  readonly worstMos: number | undefined;
  readonly belowThreshold: boolean;
  /** When the call last went below the threshold (while it is below). */
  readonly belowSince: number | undefined;
  /** The browser's own summary, once it has sent one (the latest). */
  readonly browser: BrowserQualityView | undefined;
  readonly firstReportAt: number;
  readonly lastReportAt: number;
}

/** What one report measured, for metrics. */
export interface QualityObservation {
  /** The call's key, Genesys UUID and agent DN as known after this report. */
  readonly call: Pick<CallQuality, 'key' | 'callUuid' | 'dn' | 'dnRange' | 'worstMos'>;
  /** This report took the call below the MOS threshold (it was not below before). */
  readonly wentBelow: boolean;
  readonly leg: LegKind;
  readonly direction: StreamDirection;
  readonly dnRange: string | undefined;
  readonly stream: StreamQuality | undefined;
  /** Set when this report brought a round trip. */
  readonly rttMs: number | undefined;
}

/** Where a browser's report went. */
export interface BrowserReportOutcome {
  readonly outcome: 'stored';
  readonly key: string;
  /** Asterisk had reported on the call: the browser's view now sits beside its legs. */
  readonly joined: boolean;
  readonly dnRange: string | undefined;
}

/** The call's legs name another agent: a browser reports only on its own calls. */
export interface BrowserReportRefused {
  readonly outcome: 'not_this_dn';
}

export interface CallQualityTableOptions {
  /** Is this PJSIP endpoint an agent DN (a browser leg)? */
  readonly isAgentDn: (endpoint: string) => boolean;
  /** The configured range a DN belongs to. */
  readonly rangeOf: (dn: string) => string | undefined;
  /** A call whose worst latest MOS is below this is listed as below threshold. Default 3.5. */
  readonly mosThreshold?: number;
  /** A leg that has not reported for this long is over (Asterisk reports every 5 s). Default 15 000. */
  readonly legTimeoutMs?: number;
  /** Calls tracked at most; the least recently reported one is dropped beyond it. Default 20 000. */
  readonly maxCalls?: number;
}

export const CALL_QUALITY_DEFAULTS = { mosThreshold: 3.5, legTimeoutMs: 15_000, maxCalls: 20_000 } as const;

interface LegState {
  kind: LegKind;
  channel: string;
  endpoint: string | undefined;
  codec: string | undefined;
  rttMs: number | undefined;
  toAsterisk: StreamQuality | undefined;
  fromAsterisk: StreamQuality | undefined;
  lastReportAt: number;
  exten: string | undefined;
  callerIdNum: string | undefined;
}

interface CallState {
  key: string;
  callUuid: string | undefined;
  linkedid: string | undefined;
  /** Every Linkedid seen on its legs (a transfer can bring a leg of another). */
  linkedids: Set<string>;
  legs: Map<string, LegState>;
  belowSince: number | undefined;
  browser: BrowserQualityView | undefined;
  firstReportAt: number;
  lastReportAt: number;
}

/** RTP clock rates by Asterisk codec name; RTCP jitter is counted in these units. */
const CLOCK_RATES: Readonly<Record<string, number>> = { opus: 48_000 };
const DEFAULT_CLOCK_RATE = 8000; // G.711 and, by RFC 3551's quirk, G.722
/** Asterisk's codec names as the E-model knows them. */
const E_MODEL_CODECS: Readonly<Record<string, string>> = { ulaw: 'pcmu', alaw: 'pcma', opus: 'opus' };

export class CallQualityTable {
  readonly #options: Required<CallQualityTableOptions>;
  /** Calls by key; a Map keeps insertion order, refreshed on every report, so the first is the stalest. */
  readonly #calls = new Map<string, CallState>();
  readonly #byLinkedid = new Map<string, CallState>();
  readonly #byUuid = new Map<string, CallState>();

  constructor(options: CallQualityTableOptions) {
    this.#options = { ...CALL_QUALITY_DEFAULTS, ...options };
  }

  get mosThreshold(): number {
    return this.#options.mosThreshold;
  }

  get size(): number {
    return this.#calls.size;
  }

  /** Takes one report; returns what it measured (undefined for a report that is not about a PJSIP leg). */
  record(report: RtcpReport, now: number): QualityObservation | undefined {
    if (report.endpoint === undefined) return undefined; // Local channels and the like carry no network leg
    const call = this.#callFor(report, now);
    let leg = call.legs.get(report.uniqueid);
    if (!leg) {
      leg = {
        kind: this.#options.isAgentDn(report.endpoint) ? 'browser' : 'trunk',
        channel: report.channel,
        endpoint: report.endpoint,
        codec: report.codec,
        rttMs: undefined,
        toAsterisk: undefined,
        fromAsterisk: undefined,
        lastReportAt: now,
        exten: report.exten,
        callerIdNum: report.callerIdNum,
      };
      call.legs.set(report.uniqueid, leg);
    }
    leg.lastReportAt = now;
    leg.codec = report.codec ?? leg.codec;
    if (report.rttSeconds !== undefined) leg.rttMs = report.rttSeconds * 1000;
    const stream = report.block && this.#stream(report.block.fractionLost, report.block.jitterSamples, leg, now);
    if (stream) leg[report.direction === 'to_asterisk' ? 'toAsterisk' : 'fromAsterisk'] = stream;
    this.#touch(call, now);
    const { key, callUuid } = call;
    const dn = this.#dnOf(call);
    const dnRange = dn === undefined ? undefined : this.#options.rangeOf(dn);
    const worstMos = worstOf(call.legs.values());
    const belowThreshold = worstMos !== undefined && worstMos < this.#options.mosThreshold;
    const wentBelow = belowThreshold && call.belowSince === undefined;
    call.belowSince = belowThreshold ? (call.belowSince ?? now) : undefined;
    return {
      call: { key, callUuid, dn, dnRange, worstMos },
      wentBelow,
      leg: leg.kind,
      direction: report.direction,
      dnRange,
      stream,
      rttMs: report.rttSeconds === undefined ? undefined : report.rttSeconds * 1000,
    };
  }

  /**
   * Takes a browser's report on a call it ended, proven to come from `dn`. Joined by Genesys call UUID
   * with Asterisk's legs (a report without a UUID, or before any RTCP, is a call of its own until RTCP
   * for that UUID arrives). A report counts as a report: the call stays `legTimeoutMs` longer.
   */
  recordBrowserReport(dn: string, report: BrowserQualityReport, now: number): BrowserReportOutcome | BrowserReportRefused {
    const existing = report.callUuid !== undefined ? this.#byUuid.get(report.callUuid) : undefined;
    if (existing && !this.#involves(existing, dn)) return { outcome: 'not_this_dn' };
    const joined = existing !== undefined && existing.legs.size > 0;
    const call = existing ?? this.#newCall(report.callUuid ?? `browser:${dn}:${now}`, report.callUuid, undefined, now);
    call.browser = { ...report, dn, receivedAt: now };
    this.#touch(call, now);
    const callDn = this.#dnOf(call);
    return { outcome: 'stored', key: call.key, joined, dnRange: callDn === undefined ? undefined : this.#options.rangeOf(callDn) };
  }

  /** Calls below the threshold, and calls on which the browser raised a warning (what the dashboard lists). */
  needingAttention(): CallQuality[] {
    return this.calls().filter((call) => call.belowThreshold || (call.browser?.warnings.length ?? 0) > 0);
  }

  /** Ends the legs that went quiet and the calls left without legs; returns the calls that ended. */
  sweep(now: number): CallQuality[] {
    const ended: CallQuality[] = [];
    for (const call of [...this.#calls.values()]) {
      if (now - call.lastReportAt <= this.#options.legTimeoutMs) break; // the rest reported more recently
      ended.push(this.#view(call));
      this.#forget(call);
    }
    for (const call of this.#calls.values()) {
      for (const [id, leg] of call.legs) if (now - leg.lastReportAt > this.#options.legTimeoutMs) call.legs.delete(id);
    }
    return ended;
  }

  /** Every live call, the most recently reported last. */
  calls(): CallQuality[] {
    return [...this.#calls.values()].map((call) => this.#view(call));
  }

  belowThreshold(): CallQuality[] {
    return this.calls().filter((call) => call.belowThreshold);
  }

  #callFor(report: RtcpReport, now: number): CallState {
    const existing = (report.callUuid !== undefined ? this.#byUuid.get(report.callUuid) : undefined) ?? this.#byLinkedid.get(report.linkedid);
    if (existing) {
      if (existing.callUuid === undefined && report.callUuid !== undefined) {
        existing.callUuid = report.callUuid;
        this.#byUuid.set(report.callUuid, existing);
      }
      existing.linkedid ??= report.linkedid;
      existing.linkedids.add(report.linkedid);
      this.#byLinkedid.set(report.linkedid, existing);
      return existing;
    }
    return this.#newCall(report.callUuid ?? `linkedid:${report.linkedid}`, report.callUuid, report.linkedid, now);
  }

  #newCall(key: string, callUuid: string | undefined, linkedid: string | undefined, now: number): CallState {
    if (this.#calls.size >= this.#options.maxCalls) {
      const stalest = this.#calls.values().next().value;
      if (stalest) this.#forget(stalest);
    }
    const call: CallState = {
      key,
      callUuid,
      linkedid,
      linkedids: new Set(linkedid === undefined ? [] : [linkedid]),
      legs: new Map(),
      belowSince: undefined,
      browser: undefined,
      firstReportAt: now,
      lastReportAt: now,
    };
    this.#calls.set(key, call);
    if (linkedid !== undefined) this.#byLinkedid.set(linkedid, call);
    if (callUuid !== undefined) this.#byUuid.set(callUuid, call);
    return call;
  }

  /** A report arrived: refresh the call's place in insertion order, so the first entry is always the stalest. */
  #touch(call: CallState, now: number): void {
    call.lastReportAt = now;
    this.#calls.delete(call.key);
    this.#calls.set(call.key, call);
  }

  /** Whether `dn` may report on the call: no leg names an agent yet, or one names this one. */
  #involves(call: CallState, dn: string): boolean {
    let named = false;
    for (const leg of call.legs.values()) {
      for (const candidate of [leg.kind === 'browser' ? leg.endpoint : undefined, leg.exten, leg.callerIdNum]) {
        if (candidate === undefined || !this.#options.isAgentDn(candidate)) continue;
        if (candidate === dn) return true;
        named = true;
      }
    }
    return !named;
  }

  #forget(call: CallState): void {
    this.#calls.delete(call.key);
    for (const linkedid of call.linkedids) if (this.#byLinkedid.get(linkedid) === call) this.#byLinkedid.delete(linkedid);
    if (call.callUuid !== undefined && this.#byUuid.get(call.callUuid) === call) this.#byUuid.delete(call.callUuid);
  }

  #stream(fractionLost: number, jitterSamples: number, leg: LegState, now: number): StreamQuality {
    const rate = CLOCK_RATES[leg.codec ?? ''] ?? DEFAULT_CLOCK_RATE;
    const jitterMs = (jitterSamples / rate) * 1000;
    // Without the far end's receiver reports the round trip is unknown; the delay term then counts 0.
    const mos = estimateMos({ rttMs: leg.rttMs ?? 0, jitterBufferMs: 2 * jitterMs, packetLoss: fractionLost, codec: E_MODEL_CODECS[leg.codec ?? ''] });
    return { jitterMs: Math.round(jitterMs * 10) / 10, packetLoss: Math.round(fractionLost * 10_000) / 10_000, mos, at: now };
  }

  #view(call: CallState): CallQuality {
    const legs = [...call.legs.values()];
    const dn = this.#dnOf(call);
    const worstMos = worstOf(legs);
    return {
      key: call.key,
      callUuid: call.callUuid,
      linkedid: call.linkedid,
      dn,
      dnRange: dn === undefined ? undefined : this.#options.rangeOf(dn),
      legs: legs.map(({ kind, channel, endpoint, codec, rttMs, toAsterisk, fromAsterisk, lastReportAt }) => ({
        kind,
        channel,
        endpoint,
        codec,
        rttMs: rttMs === undefined ? undefined : Math.round(rttMs * 10) / 10,
        toAsterisk,
        fromAsterisk,
        lastReportAt,
      })),
      worstMos,
      belowThreshold: worstMos !== undefined && worstMos < this.#options.mosThreshold,
      belowSince: call.belowSince,
      browser: call.browser,
      firstReportAt: call.firstReportAt,
      lastReportAt: call.lastReportAt,
    };
  }

  /**
   * The browser leg's endpoint; else the DN the trunk leg dialled (inbound) or was dialled from
   * (outbound); else the DN whose browser reported on the call.
   */
  #dnOf(call: CallState): string | undefined {
    const all = [...call.legs.values()];
    const browser = all.find((leg) => leg.kind === 'browser');
    if (browser?.endpoint !== undefined) return browser.endpoint;
    for (const leg of all) {
      for (const candidate of [leg.exten, leg.callerIdNum]) if (candidate !== undefined && this.#options.isAgentDn(candidate)) return candidate;
    }
    return call.browser?.dn;
  }
}

/** The lowest latest MOS over the legs' directions. */
function worstOf(legs: Iterable<LegState>): number | undefined {
  let worst: number | undefined;
  for (const leg of legs) {
    for (const stream of [leg.toAsterisk, leg.fromAsterisk]) if (stream && (worst === undefined || stream.mos < worst)) worst = stream.mos;
  }
  return worst;
}
