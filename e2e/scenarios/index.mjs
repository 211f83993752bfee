// Every scenario of the suite, in the order they run.
import { peerCheck } from './peer-check.mjs';

export const scenarios = [peerCheck];
