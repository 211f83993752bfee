// Every scenario of the real-Asterisk suite, in the order they run.
import { bootReconciliation, presenceOnlineOffline, pageReload } from './presence.mjs';
import { autoAnswer, remoteAnswerFlowA, remoteAnswerFlowB, remoteAnswerTwoCalls, blindTransfer, widgetCall } from './inbound.mjs';
import { quietGateway } from './quiet.mjs';
import { remoteAutoAnswer, remoteRemoteAnswer, refusedCredentials, remoteWidget } from './remote.mjs';
import { browserQualityReport, cleanCallQuality, impairedCallQuality, preflightThroughAsterisk } from './quality.mjs';
import { asteriskRestart, gatewayRestart, websocketDrop, registrationStorm, amiCutMidStorm } from './faults.mjs';
import { byeLostAfterReregister, byeDeliveredAfterReinvite } from './dialog-transport.mjs';
import { websocketResetMidCall, mediaBlackholeMidCall, blipLongerThanBound, browserVanishesMidCall } from './recovery.mjs';
import { tabsTakeover, tabsOwnerGoes } from './tabs.mjs';
import { outboundAgentHangsUp, outboundGenesysHangsUp, holdFromAgent, holdFromGenesys, dtmfToTrunk } from './outbound.mjs';

export const scenarios = [
  bootReconciliation,
  presenceOnlineOffline,
  pageReload,
  ...autoAnswer,
  remoteAnswerFlowA,
  remoteAnswerFlowB,
  remoteAnswerTwoCalls,
  outboundAgentHangsUp,
  outboundGenesysHangsUp,
  holdFromAgent,
  holdFromGenesys,
  dtmfToTrunk,
  blindTransfer,
  widgetCall,
  remoteAutoAnswer,
  remoteRemoteAnswer,
  ...refusedCredentials,
  remoteWidget,
  cleanCallQuality,
  impairedCallQuality,
  browserQualityReport,
  preflightThroughAsterisk,
  quietGateway,
  gatewayRestart,
  websocketDrop,
  byeLostAfterReregister,
  byeDeliveredAfterReinvite,
  tabsTakeover,
  tabsOwnerGoes,
  websocketResetMidCall,
  mediaBlackholeMidCall,
  blipLongerThanBound,
  browserVanishesMidCall,
  registrationStorm,
  amiCutMidStorm,
  asteriskRestart,
];
