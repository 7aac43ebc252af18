// Every destination dataflow of a sandbox (Flow Service `GET /flows`, filtered as the destinations
// description says: `property=inheritedAttributes.properties.isDestinationFlow==true`), page after
// page; what `aep-activate import` offers when no dataflow is named.
import type { Access } from "../activation/messages.js";
import { FLOW_SERVICE, nextPagePath } from "./paging.js";
import { itemsOf, nextHrefOf, toFlow, type FlowInfo } from "./wire.js";

const FLOWS_PATH = `${FLOW_SERVICE}/flows`;
/** Pages of 100 read at most: a sandbox with more destination dataflows is refused, never cut. */
const MAX_PAGES = 20;

interface Reader {
  readonly base: string;
  read(path: string, sandbox: string, what: string, access: Access): Promise<unknown>;
}

export async function listDestinationFlows(client: Reader, sandbox: string): Promise<FlowInfo[]> {
  const what = "listing the destination dataflows";
  const flows: FlowInfo[] = [];
  let path = `${FLOWS_PATH}?property=inheritedAttributes.properties.isDestinationFlow%3D%3Dtrue&limit=100`;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await client.read(path, sandbox, what, "destinations");
    flows.push(...itemsOf(body).map(toFlow));
    const href = nextHrefOf(body);
    if (href === undefined) return flows;
    const next = nextPagePath(client.base, href, FLOWS_PATH);
    if ("refused" in next)
      throw new Error(`${what}: the next page's link is not followed with credentials: ${next.refused}`);
    path = next.path;
  }
  throw new Error(`${what}: more than ${MAX_PAGES} pages; name the dataflows with --dataflow`);
}
