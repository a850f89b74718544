/**
 * One analysis fed event by event, so the same code serves arrays, generators
 * and stores streaming millions of events. Order matters and is enforced by
 * the callers: every exposure and identify event first, then the custom
 * events (which need to know each unit's variant, entry time and links).
 */
import type { CustomEvent, ExposureEvent, IdentifyEvent } from '../events/types.js';
import { AssignmentCollector } from './assignments.js';
import type { EnrolledUnits } from './assignments.js';
import { buildReport } from './build-report.js';
import { IdentityIndex } from './identities.js';
import { KindCollector } from './kinds/collector.js';
import { metricEventNames } from './metric-values.js';
import type { ResolvedOptions } from './options.js';
import { EventTally } from './tally.js';
import { cupedEventBounds, PreExposureTally } from './cuped-tally.js';
import { TimelineCollector } from './timeline.js';
import type { ExperimentReport, InvalidData } from './types.js';
import { emptyInvalidData } from './validity.js';
import { isPlainObject } from '../shared/plain-object.js';

/** A single analysis in progress; see the module comment for the required order. */
export class AnalysisRun {
  private readonly assignments: AssignmentCollector;
  private readonly identities: IdentityIndex;
  private readonly eventNames: string[];
  private readonly invalid: InvalidData = emptyInvalidData();
  private units: EnrolledUnits | undefined;
  private tally: EventTally | undefined;
  private preExposure: PreExposureTally | undefined;
  /** With the `timeline` option only. */
  private readonly timeline: TimelineCollector | undefined;
  private readonly collector: KindCollector;

  constructor(private readonly options: ResolvedOptions) {
    this.identities = new IdentityIndex(options.unit);
    const timeline = options.timeline ? new TimelineCollector(options, this.identities) : undefined;
    this.timeline = timeline;
    this.assignments = new AssignmentCollector(
      options.key,
      options.unit,
      options.variants.map((v) => v.key),
      options.segments,
      options,
      this.invalid,
      timeline ? (id, variant, time) => timeline.addExposure(id, variant, time) : undefined,
    );
    this.eventNames = metricEventNames(options.metrics);
    this.collector = new KindCollector(options.metrics);
  }

  /** Names of the custom events the metrics read (to filter a store query). */
  get metricEvents(): readonly string[] {
    return this.eventNames;
  }

  /** Takes an exposure; all of them must come before the first custom event. */
  addExposure(exposure: ExposureEvent): void {
    // Anything that is not an object (a `null` in a caller's array) is no event at all, like one of another type.
    if (isPlainObject(exposure)) this.assignments.add(exposure);
  }

  /** Takes an identify event; all of them must come before the first custom event. */
  addIdentity(identify: IdentifyEvent): void {
    if (isPlainObject(identify)) this.identities.add(identify);
  }

  /** Takes a custom event (the first one closes enrollment). */
  addEvent(event: CustomEvent): void {
    if (!isPlainObject(event)) return;
    this.startEvents().add(event);
    this.timeline?.addEvent(event);
  }

  /** The finished report. */
  report(): ExperimentReport {
    const tally = this.startEvents();
    const report = buildReport(this.options, {
      units: this.units ?? { byId: new Map(), tallies: new Float64Array(0) },
      exclusions: this.assignments.exclusions,
      events: {
        ...tally.counts,
        beforeExposureByVariant: this.options.variants.map((_, v) => tally.beforeByVariant[v] ?? 0),
      },
      invalid: this.invalid,
      ...(this.preExposure ? { preTallies: this.preExposure.tallies } : {}),
      kinds: {
        collector: this.collector,
        // Active-day and retention windows are complete up to `to`, else up to the latest time read.
        end: this.options.to ?? Math.max(this.assignments.latest, tally.latest),
      },
    });
    this.timeline?.attach(report);
    return report;
  }

  private startEvents(): EventTally {
    if (this.tally === undefined) {
      this.units = this.assignments.finish(this.eventNames.length);
      const { cuped } = this.options;
      if (cuped !== undefined)
        this.preExposure = new PreExposureTally(
          this.units.tallies.length,
          cuped.lookback,
          this.eventNames,
          this.options,
        );
      this.tally = new EventTally(
        this.units,
        this.identities,
        this.options.unit,
        this.eventNames,
        cupedEventBounds(this.options),
        this.invalid,
        this.preExposure,
        this.collector.active ? this.collector : undefined,
      );
    }
    return this.tally;
  }
}
