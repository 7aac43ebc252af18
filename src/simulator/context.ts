// What every simulator handler is given: the options, the state, the clock and the seeded randomness,
// and one exchange (the request read in full, a way to answer it, a way to drop its connection).
import type { IncomingMessage } from "node:http";
import type { Fixture, SimState } from "./model.js";

export interface SimulatorOptions {
  fixture?: Fixture;
  port?: number;
  /** Seed of the pseudo-random faults and run metrics (same seed, same behaviour). */
  seed?: number;
  latencyMs?: number;
  /** Share (0–1) of Platform requests answered 429 with Retry-After. */
  rate429?: number;
  retryAfterSeconds?: number;
  /** Share of Platform requests answered 500 before any processing. */
  rate500?: number;
  /** Share of Platform requests whose connection is dropped before any processing. */
  rateDrop?: number;
  /** Share of accepted ad-hoc submissions whose connection is dropped after the runs were created. */
  rateDropAfterSubmit?: number;
  /** How such a reply is lost: the connection destroyed (default), or a 504 from the gateway. */
  lostReplyAs?: "drop" | "504";
  /**
   * After the runs were created, an accepting 200 arrives damaged: an HTML page (a proxy in the way),
   * JSON cut off mid-way, an order naming only the first half of the pairs, or JSON of another shape.
   */
  acceptedReplyAs?: "html" | "truncated" | "half" | "shape";
  /** A run's `statusSummary.status` arrives as a number, not the documented string (a changed API). */
  runStatusAs?: "number";
  /** Real milliseconds between creating an accepted job's runs and sending the reply (a slow answer). */
  replyDelayMs?: number;
  /**
   * Error bodies quote the request, as some gateways and proxies do: IMS's the form it was sent
   * (client secret included), Platform's the Authorization header (the bearer token).
   */
  echoRequests?: boolean;
  /** The message of an injected 500 (default "Internal server error"): what a server may say, hostile or not. */
  errorText?: string;
  /**
   * A run shows in GET /runs only this long after it was created (default 0): the list lags behind.
   * GET /runs/{id} finds it at once (see flowservice.ts).
   */
  listLagMs?: number;
  /** How long an ad-hoc run stays processing (ms), ± `runJitterMs`. */
  runDurationMs?: number;
  runJitterMs?: number;
  tokenLifetimeSeconds?: number;
  /** When set, the IMS endpoint only accepts these credentials. */
  credentials?: { clientId: string; clientSecret: string };
  /** Base URL written into statusURL (default: the simulator's own URL). */
  statusUrlBase?: string;
  /** Faults apply only to paths matching this (default: every Platform path). */
  faultPaths?: RegExp;
  /**
   * Platform paths the credential's product profile may not use (a permission or the sandbox
   * missing): answered 403 as ad-hoc-activation.yaml describes it.
   */
  forbidden?: RegExp;
  now?: () => number;
  /** How `latencyMs` is waited (default: real time); a virtual clock's sleep makes latency virtual too. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestRecord {
  method: string;
  path: string;
  /** The HTTP status answered; -1 when dropped before processing, -2 when dropped after a submission. */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The JSON the simulator answered with (for the OpenAPI conformance test). */
  response?: unknown;
}

export type Send = (status: number, payload: unknown, headers?: Record<string, string>) => void;

export interface Exchange {
  req: IncomingMessage;
  url: URL;
  body: string;
  send: Send;
  /** Answers with a body that is not JSON (a proxy's HTML page, a cut-off reply). */
  sendText(status: number, text: string, contentType: string): void;
  /** Destroys the connection without an answer, recording `status` (-1 or -2). */
  drop(status: number): void;
}

export interface SimContext {
  readonly options: SimulatorOptions;
  readonly state: SimState;
  readonly startedAt: number;
  now(): number;
  /** Seeded: the same seed gives the same faults and run metrics. */
  random(): number;
  /** The base URL written into statusURL. */
  statusUrlBase(): string;
}
