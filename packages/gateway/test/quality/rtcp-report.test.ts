import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AmiParser } from '../../src/ami/codec.js';
import type { AmiMessage } from '../../src/ami/message.js';
import { GENESYS_HEADERS } from '../../src/asterisk-config/other-files.js';
import { QUALITY_CHANNEL_VARIABLES, decodeRtcpReport } from '../../src/quality/rtcp-report.js';
import { rtcpReceived, rtcpSent, type RtcpChannel } from '../support/ami-frames.js';

function message(text: string): AmiMessage {
  const [parsed] = new AmiParser({ expectBanner: false }).push(text);
  assert.ok(parsed && parsed.kind === 'message');
  return parsed.message;
}

const browser: RtcpChannel = { channel: 'PJSIP/5001-00000004', uniqueid: '1796175001.7', linkedid: '1796175001.6', exten: 's', callUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000015' };

test('reads RTCPSent: Asterisk measured the far end’s stream (loss as a fraction, jitter in samples)', () => {
  const report = decodeRtcpReport(message(rtcpSent(browser, { fractionLost: 64, cumulativeLost: 12, jitter: 240 })));
  assert.deepEqual(report, {
    direction: 'to_asterisk',
    channel: 'PJSIP/5001-00000004',
    endpoint: '5001',
    uniqueid: '1796175001.7',
    linkedid: '1796175001.6',
    exten: 's',
    callerIdNum: '1003',
    callUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000015',
    codec: 'ulaw',
    rttSeconds: undefined,
    block: { fractionLost: 0.25, cumulativeLost: 12, jitterSamples: 240 },
  });
});

test('reads RTCPReceived with the round trip Asterisk computed, and the trunk endpoint', () => {
  const trunk = { ...browser, channel: 'PJSIP/genesys-00000003', uniqueid: '1796175001.6', exten: '5001', format: '(opus|ulaw)' };
  const report = decodeRtcpReport(message(rtcpReceived(trunk, { fractionLost: 0, jitter: 16 }, 0.0345)));
  assert.equal(report?.direction, 'from_asterisk');
  assert.equal(report?.endpoint, 'genesys');
  assert.equal(report?.codec, 'opus');
  assert.equal(report?.rttSeconds, 0.0345);
  assert.deepEqual(report?.block, { fractionLost: 0, cumulativeLost: 0, jitterSamples: 16 });
});

test('an RTT of 0 (no round trip known yet) is no RTT; a report without a block has no block', () => {
  const report = decodeRtcpReport(message(rtcpReceived(browser, undefined, 0)));
  assert.equal(report?.rttSeconds, undefined);
  assert.equal(report?.block, undefined);
});

test('a call without a Genesys UUID has none (empty channel variable)', () => {
  assert.equal(decodeRtcpReport(message(rtcpSent({ ...browser, callUuid: '' }, { fractionLost: 0, jitter: 0 })))?.callUuid, undefined);
});

test('other events, and RTCP events missing what names the channel, are not reports', () => {
  assert.equal(decodeRtcpReport(message('Event: Newexten\r\nChannel: PJSIP/5001-00000004\r\n\r\n')), undefined);
  assert.equal(decodeRtcpReport(message('Event: RTCPSent\r\nChannel: PJSIP/5001-00000004\r\nUniqueid: 1.2\r\n\r\n')), undefined);
  assert.equal(decodeRtcpReport(message('Event: RTCPSent\r\nChannel: PJSIP/5001 x\r\nUniqueid: 1.2\r\nLinkedid: 1.1\r\n\r\n')), undefined);
});

test('a nonsense report block is dropped, the rest of the report kept', () => {
  const text = rtcpSent(browser, { fractionLost: 64, jitter: 240 }).replace('Report0FractionLost: 64', 'Report0FractionLost: 999');
  const report = decodeRtcpReport(message(text));
  assert.equal(report?.block, undefined);
  assert.equal(report?.channel, 'PJSIP/5001-00000004');
});

test('the channel variable read is the one extensions.conf sets from X-Genesys-CallUUID', () => {
  assert.equal(GENESYS_HEADERS.find((h) => h.header === 'X-Genesys-CallUUID')?.variable, QUALITY_CHANNEL_VARIABLES.callUuid);
});
