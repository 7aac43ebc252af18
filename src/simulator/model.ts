// The simulator's state: dataflows with their mapped audiences and schedules, scheduled export jobs,
// issued tokens, ad-hoc runs and the dataflows' run history. Seeded from a small fixture, or permissive
// without one.
import { randomUUID } from "node:crypto";
import { canonicalId } from "../plan/ids.js";
import { seededRun, type RunSeed, type SimRun } from "./runs.js";
import type { Fixture } from "./fixture.js";

export type { RunSeed, SimRun } from "./runs.js";
export type { Fixture } from "./fixture.js";

export interface SimAudience {
  /** Platform's ID (for an external audience, its system ID: what ad-hoc activation wants). */
  id: string;
  /** An external audience's ID at its source (the dataflow selector's `id`, beside `systemSegmentId`). */
  externalId?: string;
  /** Its name; none when no one gave it one (the fixture, or the plan it was mapped from). */
  name?: string;
  /** Schedule start and end dates (YYYY-MM-DD, UTC); no end = open. */
  startDate: string;
  endDate?: string;
  /** Epoch seconds when the audience was first activated on its schedule. */
  createTime: number;
  /** Runs for this audience fail (to exercise failure reporting). */
  failRun?: boolean;
  /** Profiles in it at its newest evaluation (default: made from its ID). */
  profiles?: number;
  /** Hours before the start of its newest evaluation (default 6, then daily; 24 or more: stalled); null: never. */
  evaluatedHoursAgo?: number | null;
}

export interface SimDataflow {
  id: string;
  name: string;
  state: "enabled" | "disabled";
  audiences: SimAudience[];
  /** A streaming destination's dataflow (this flow spec): its selectors carry no file export schedule. */
  streamingSpec?: string;
}

export interface SimExportJob {
  id: number;
  /** Epoch ms: the job is PROCESSING in [busyFrom, busyUntil), SUCCEEDED after, NEW before. */
  busyFrom: number;
  busyUntil: number;
  createdAt: number;
}

const DAY_MS = 86_400_000;
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** An audience mapped to a dataflow, with the names a person gave them (the plan's, when mapped from one). */
export interface MappedPair {
  destination: string;
  audience: string;
  destinationName?: string;
  audienceName?: string;
}

export interface Accepted {
  sandbox: string;
  destination: string;
  audience: string;
  runId: string;
  at: number;
  /** The IMS client that submitted it. */
  client: string;
}

/** An audience a permissive simulator makes up when asked for one it does not know: mapped a year ago. */
const synthesised = (audience: string, startedAt: number): SimAudience => ({
  id: canonicalId(audience),
  startDate: isoDate(startedAt - 365 * DAY_MS),
  createTime: Math.floor((startedAt - 365 * DAY_MS) / 1000),
});

export class SimState {
  readonly strict: boolean;
  readonly dataflows = new Map<string, SimDataflow>();
  readonly exportJobs: SimExportJob[] = [];
  readonly runs = new Map<string, SimRun>();
  /** The same runs by dataflow and by audience (a dataflow's history may hold thousands). */
  private readonly byFlow = new Map<string, SimRun[]>();
  private readonly byAudience = new Map<string, SimRun[]>();
  /** Issued access tokens: when each expires, and the client ID it was issued to. */
  readonly tokens = new Map<string, { expiresAt: number; clientId: string }>();
  /**
   * Every pair Platform accepted through adhocrun, in order (the simulator's, and those `addRun` says
   * another caller made): tests check that none was activated twice.
   */
  readonly accepted: Accepted[] = [];

  constructor(
    fixture: Fixture,
    private readonly startedAt: number,
  ) {
    this.strict = fixture.strict === true;
    for (const d of fixture.dataflows ?? []) {
      this.dataflows.set(d.id.toLowerCase(), {
        id: d.id.toLowerCase(),
        name: d.name ?? `Dataflow ${d.id.slice(0, 8)}`,
        state: d.state ?? "enabled",
        ...(d.streamingSpec === undefined ? {} : { streamingSpec: d.streamingSpec }),
        audiences: (d.audiences ?? []).map((a) => ({
          id: canonicalId(a.id),
          ...(a.externalId === undefined ? {} : { externalId: a.externalId }),
          ...(a.name === undefined ? {} : { name: a.name }),
          startDate: a.startDate ?? isoDate(startedAt - 30 * DAY_MS),
          ...(a.endDate === undefined ? {} : { endDate: a.endDate }),
          createTime: Math.floor((startedAt - (a.activatedMinutesAgo ?? 1440) * 60_000) / 1000),
          ...(a.failRun === true ? { failRun: true } : {}),
          ...(a.profiles === undefined ? {} : { profiles: a.profiles }),
          ...(a.evaluatedHoursAgo === undefined ? {} : { evaluatedHoursAgo: a.evaluatedHoursAgo }),
        })),
      });
    }
    // Without export jobs in the fixture, one finished yesterday (v1 submissions need its ID).
    const jobs = fixture.exportJobs ?? [{ busyFromMs: -DAY_MS, busyForMs: 3_600_000 }];
    jobs.forEach((j, i) => {
      const from = startedAt + (j.busyFromMs ?? 0);
      this.exportJobs.push({
        id: j.id ?? 1_000_000 + i,
        busyFrom: from,
        busyUntil: from + j.busyForMs,
        createdAt: from,
      });
    });
    for (const h of fixture.history ?? [])
      this.addHistoryRun({ ...h, createdAt: startedAt - h.minutesAgo * 60_000 });
  }

  /**
   * A run in a dataflow's history that no adhocrun call here made: a scheduled export
   * (`SCHEDULER_CLIENT`), an "Export file now" from the UI (`UI_CLIENT`), an old ad-hoc run.
   */
  addHistoryRun(seed: RunSeed): SimRun {
    return this.putRun(seededRun(seed, randomUUID()));
  }

  /**
   * An ad-hoc run another caller started through adhocrun (another step or CLI user, maybe with this
   * very credential): in the history, and counted in `accepted` like the simulator's own.
   */
  addRun(seed: RunSeed & { audience: string }): SimRun {
    const run = this.addHistoryRun(seed) as SimRun & { audience: string }; // the seed's audience is kept
    this.recordAccepted(run);
    return run;
  }

  recordAccepted(run: SimRun & { audience: string }): void {
    const { sandbox, flowId: destination, audience, id: runId, createdAt: at, createdClient: client } = run;
    this.accepted.push({ sandbox, destination, audience, runId, at, client });
  }

  /**
   * Map audiences to dataflows (enabled, on a schedule that started a year ago), as a person would in
   * the Platform UI; the demo, `aep-activate simulator --plans` and tests use it.
   */
  mapAudiences(pairs: Iterable<MappedPair>, at?: number): void {
    // As mapped a year ago, or (`at`, epoch ms) when a person mapped it: first activated then.
    const old = at ?? this.startedAt - 365 * DAY_MS;
    for (const { destination, audience, destinationName, audienceName } of pairs) {
      const id = destination.toLowerCase();
      let flow = this.dataflows.get(id);
      if (flow === undefined) {
        flow = { id, name: destinationName ?? `Dataflow ${id.slice(0, 8)}`, state: "enabled", audiences: [] };
        this.dataflows.set(id, flow);
      }
      const canonical = canonicalId(audience);
      if (flow.audiences.some((a) => a.id === canonical)) continue;
      flow.audiences.push({
        id: canonical,
        ...(audienceName === undefined ? {} : { name: audienceName }),
        startDate: isoDate(old),
        createTime: Math.floor(old / 1000),
      });
    }
  }

  /** The dataflow; without `strict`, an unknown one exists (enabled, no audience mapped yet). */
  flow(id: string): SimDataflow | undefined {
    const known = this.dataflows.get(id.toLowerCase());
    if (known !== undefined || this.strict) return known;
    return { id: id.toLowerCase(), name: `Dataflow ${id.slice(0, 8)}`, state: "enabled", audiences: [] };
  }

  /** The audience as mapped to the flow (synthesised for a permissive, unknown flow or audience). */
  mapping(flow: SimDataflow, audience: string, startedAt: number): SimAudience | undefined {
    const wanted = canonicalId(audience);
    const found = flow.audiences.find((a) => a.id === wanted);
    if (found !== undefined || this.strict || this.dataflows.has(flow.id)) return found;
    return synthesised(audience, startedAt);
  }

  /** An audience by its ID in Platform, as mapped to any dataflow (synthesised when not `strict`). */
  audience(id: string, startedAt: number): SimAudience | undefined {
    const wanted = canonicalId(id);
    for (const flow of this.dataflows.values()) {
      const found = flow.audiences.find((a) => a.id === wanted);
      if (found !== undefined) return found;
    }
    return this.strict ? undefined : synthesised(id, startedAt);
  }

  exportStatus(job: SimExportJob, now: number): "NEW" | "PROCESSING" | "SUCCEEDED" {
    return now < job.busyFrom ? "NEW" : now < job.busyUntil ? "PROCESSING" : "SUCCEEDED";
  }

  runInFlight(audience: string, now: number): SimRun | undefined {
    return this.byAudience.get(audience)?.find((run) => now < run.completesAt);
  }

  /** Stores a run (indexed by its dataflow and audience); returns it. */
  putRun(run: SimRun): SimRun {
    this.runs.set(run.id, run);
    const index = <K>(map: Map<K, SimRun[]>, key: K) => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [run]);
      else list.push(run);
    };
    index(this.byFlow, run.flowId);
    if (run.audience !== undefined) index(this.byAudience, run.audience);
    return run;
  }

  /** A dataflow's runs (its ID as the simulator keeps it, lower-case). */
  runsOf(flowId: string): readonly SimRun[] {
    return this.byFlow.get(flowId) ?? [];
  }
}
