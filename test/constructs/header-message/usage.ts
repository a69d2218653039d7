// Type-level checks: the header's anonymous type has a name, and the agent's header type uses it.
import { eBayAPIInterfaceAgent, type eBayAPIInterfaceAgentRequestHeaders } from "./expected/eBayAPIInterfaceAgent.js";
import type { GetItemResponseType, RequesterCredentials } from "./expected/types.js";

const credentials: RequesterCredentials = { eBayAuthToken: "t", $anyAttributes: { "{urn:x}a": "1" } };
const headers: eBayAPIInterfaceAgentRequestHeaders = { RequesterCredentials: credentials };
const agent = new eBayAPIInterfaceAgent({ headers });
export const item: Promise<GetItemResponseType> = agent.GetItem({ ItemID: "1" }, { headers });
// @ts-expect-error ItemID is required
export const noId = agent.GetItem({ Version: "491" });
