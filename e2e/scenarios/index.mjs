// Every scenario of the suite, in the order they run.
import { peerCheck } from './peer-check.mjs';
import { registration } from './registration.mjs';
import { autoAnswer } from './auto-answer.mjs';
import { remoteAnswer, clickToDial } from './remote-answer.mjs';
import { holdResume, dtmf, blindTransfer, hangupEitherSide, busyAgent } from './mid-call.mjs';
import { serverRestart } from './restart.mjs';
import { widget } from './widget.mjs';

export const scenarios = [
  peerCheck,
  registration,
  ...autoAnswer,
  remoteAnswer,
  clickToDial,
  holdResume,
  dtmf,
  blindTransfer,
  hangupEitherSide,
  busyAgent,
  serverRestart,
  widget,
];
