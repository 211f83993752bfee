// The host bridge as the element opens it: loaded (its own chunk) only when the element is framed for
// allowed host origins.
import { openWidgetBridge, type WidgetBridge } from '../bridge/widget-bridge.js';
import { bridgeDelegate, type BridgedElement } from './bridge-delegate.js';

export type { WidgetBridge };

/** See `openWidgetBridge`: undefined when not framed; throws `BridgeError` `INVALID_ORIGIN`. */
export function attachBridge(hostOrigins: string, element: BridgedElement): WidgetBridge | undefined {
  return openWidgetBridge(hostOrigins, bridgeDelegate(element));
}
