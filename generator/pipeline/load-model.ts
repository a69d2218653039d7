/**
 * One WSDL in memory: loaded with everything it imports and read into the intermediate model, and the runtime
 * metadata built from that (what `metadata.ts` would hold), without generating files.
 */
import path from "node:path";
import { groupAgents } from "../emit/agent-view.js";
import { buildMetadata } from "../emit/metadata-file.js";
import { serviceName, servicePorts } from "../emit/service-files.js";
import { TypeExpressions } from "../emit/type-expressions.js";
import type { ArrayWrappers } from "../model/array-wrappers.js";
import { DEFAULT_SCALARS, type ScalarMapping } from "../model/builtins.js";
import type { Model } from "../model/model.js";
import { selectOperations } from "../model/subset.js";
import { toIdentifier } from "../naming/identifiers.js";
import type { ServiceMetadata } from "@wsdlgen/runtime/metadata";
import { loadModel } from "../wsdl/build-model.js";

export { loadModel };

/**
 * The runtime metadata for a WSDL, built in memory (what `metadata.ts` would hold): for tests, mock servers and
 * tools that drive the runtime codec without generating files.
 */
export async function loadMetadata(
  wsdl: string,
  options: { scalars?: Partial<ScalarMapping>; operations?: string[]; arrayWrappers?: ArrayWrappers } = {},
): Promise<{ metadata: ServiceMetadata; model: Model; agents: { name: string; defaultPort: string }[] }> {
  let model = await loadModel(wsdl, undefined, undefined, { arrayWrappers: options.arrayWrappers });
  if (options.operations?.length) model = selectOperations(model, options.operations);
  const types = new TypeExpressions(model, { ...DEFAULT_SCALARS, ...options.scalars });
  const ports = servicePorts(model);
  const metadata = buildMetadata(types, ports, serviceName(model, path.basename(wsdl)));
  const agents = groupAgents(ports).map((g) => ({
    name: `${toIdentifier(g.portType.local)}Agent`,
    defaultPort: g.ports[0]!.key,
  }));
  return { metadata, model, agents };
}
