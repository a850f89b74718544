/**
 * The page's script on `/?client=lean`: browser.ts with `splitkit/lean`. The
 * same bootstrap, user and source, so the same values at once and the same
 * ruleset after; no event pipeline, so each exposure goes where an app's own
 * analytics would pick it up (`window.dataLayer`), and, so that `splitkit
 * serve` still sees the page's exposures, to its /events as exposure events of
 * the collector protocol (docs/protocol.md), in one best-effort POST per
 * render. The buy button tracks nothing: `track` is the app's analytics' job.
 */
import { createClient, type EvaluationDetails, type LeanClient } from 'splitkit/lean';
import type { EventBatch, ExposureEvent, Units } from 'splitkit/protocol';
import { hydrate, shownFlags, type HydrationReport } from './dom.js';
import type { PageConfig } from './page.js';

declare global {
  interface Window {
    /** A tag manager's queue: what the page hands its analytics. */
    dataLayer?: object[];
  }
}

/** A random (v4) UUID. `crypto.randomUUID` exists only in secure contexts; the page may be served over http. */
function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The exposure event the full client would log for `exposure` of the bound user (event-factory.ts). */
function exposureEvent(exposure: EvaluationDetails, client: LeanClient): ExposureEvent {
  const { userID, deviceID } = client.getUser();
  const units: Units = {};
  if (typeof userID === 'string') units.userID = userID;
  if (typeof deviceID === 'string') units.deviceID = deviceID;
  // The unit the result was hashed on, when it is another one (a custom unit such as companyID).
  if (exposure.unit !== undefined && exposure.unitId !== undefined) units[exposure.unit] = exposure.unitId;
  // Fields left undefined are left out of the JSON, as the full client leaves out what the evaluation did not set.
  return {
    id: uuid(),
    time: Date.now(),
    units,
    source: 'client',
    type: 'exposure',
    name: exposure.name,
    kind: exposure.kind,
    // An experiment's result is its variant key (none: not in it); a gate's or a parameter's is its value.
    variant: exposure.variant ?? undefined,
    value: exposure.kind === 'experiment' ? undefined : exposure.value,
    ruleId: exposure.ruleId,
    reason: exposure.reason,
    unit: exposure.unit,
    bucket: exposure.bucket,
    layer: exposure.layer,
    holdout: exposure.holdout,
  };
}

/**
 * Posts exposures to `url`, those of one task (one render reads all the flags) in one batch. Best effort:
 * a `keepalive` fetch outlives the page, but a failed post is not retried and nothing is stored for the next
 * visit. Delivery that loses nothing is what the full client's pipeline does.
 */
function exposurePoster(url: string): (event: ExposureEvent) => void {
  const pending: ExposureEvent[] = [];
  const send = (): void => {
    const batch: EventBatch = {
      batchId: uuid(),
      sentAt: new Date().toISOString(),
      // The sender is this page's code, not the SDK's pipeline: a collector's logs tell the two apart.
      sdk: { name: 'node-server-example-lean', version: '1' },
      events: pending.splice(0),
    };
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(batch),
      keepalive: true,
    }).then(
      (response) => {
        if (!response.ok) console.warn(`exposures refused: ${response.status}`);
      },
      (error: unknown) => console.warn(`exposures not sent: ${String(error)}`),
    );
  };
  return (event) => {
    if (pending.push(event) === 1) queueMicrotask(send);
  };
}

async function start(): Promise<HydrationReport> {
  const config = JSON.parse(document.getElementById('splitkit-config')!.textContent!) as PageConfig;
  const shown = shownFlags();
  const dataLayer = (window.dataLayer ??= []);
  const post = exposurePoster(config.eventsUrl);
  const client: LeanClient = createClient({
    bootstrap: config.bootstrap,
    user: config.user,
    source: { url: config.rulesetUrl },
    // Once per unit and result: the first read of each experiment (and of the gate's logged rule).
    onExposure: (exposure) => {
      dataLayer.push({ event: 'experiment_exposure', ...exposure });
      post(exposureEvent(exposure, client));
    },
  });
  return hydrate(client, shown);
}

window.splitkitExample = start();
