// A schema-valid parsed document → the typed Plan, with the positions later reports point at.
import { canonicalId } from "./ids.js";
import { isMap, isSeq, type Node, type YAMLMap } from "yaml";
import { positionAt, type ParsedDocument } from "./parse.js";
import type { Activation, Plan, PlanWindow, Position, Ref } from "./types.js";

interface RawRef {
  id: string;
  name?: string;
}
interface RawPlan {
  metadata: { name: string; description?: string; owner?: string; labels?: Plan["labels"] };
  spec: {
    sandbox: string;
    revision?: number;
    window?: { notBefore?: string; notAfter?: string };
    activations: { destination: string | RawRef; audiences: (string | RawRef)[] }[];
  };
}

function child(node: unknown, key: string): Node | null {
  return isMap(node) ? (((node as YAMLMap).get(key, true) as Node | undefined) ?? null) : null;
}

function ref(raw: string | RawRef, pos: Position): Ref {
  if (typeof raw === "string") return { id: canonicalId(raw), pos };
  const r: Ref = { id: canonicalId(raw.id), pos };
  if (raw.name !== undefined) r.name = raw.name;
  return r;
}

/** Build the typed plan. Only call on a document that passed schema validation. */
export function buildPlan(parsed: ParsedDocument): Plan {
  const raw = parsed.value as RawPlan;
  const at = (node: Node | null): Position => positionAt(parsed.lineCounter, node?.range?.[0] ?? 0);
  const root = parsed.doc.contents as Node;
  const metadataNode = child(root, "metadata");
  const specNode = child(root, "spec");
  const activationsNode = child(specNode, "activations");
  const items = isSeq(activationsNode) ? (activationsNode.items as Node[]) : [];

  const activations: Activation[] = raw.spec.activations.map((a, i) => {
    const itemNode = items[i] ?? null;
    const audiencesNode = child(itemNode, "audiences");
    const audienceNodes = isSeq(audiencesNode) ? (audiencesNode.items as Node[]) : [];
    return {
      destination: ref(a.destination, at(child(itemNode, "destination"))),
      audiences: a.audiences.map((aud, j) => ref(aud, at(audienceNodes[j] ?? null))),
      pos: at(itemNode),
    };
  });

  const plan: Plan = {
    file: parsed.file,
    name: raw.metadata.name,
    namePos: at(child(metadataNode, "name")),
    sandbox: raw.spec.sandbox,
    sandboxPos: at(child(specNode, "sandbox")),
    revision: raw.spec.revision ?? 1,
    activations,
  };
  if (raw.metadata.description !== undefined) plan.description = raw.metadata.description;
  if (raw.metadata.owner !== undefined) plan.owner = raw.metadata.owner;
  if (raw.metadata.labels !== undefined) plan.labels = raw.metadata.labels;
  if (raw.spec.window !== undefined) {
    const window: PlanWindow = { pos: at(child(specNode, "window")) };
    if (raw.spec.window.notBefore !== undefined) window.notBefore = raw.spec.window.notBefore;
    if (raw.spec.window.notAfter !== undefined) window.notAfter = raw.spec.window.notAfter;
    plan.window = window;
  }
  return plan;
}
