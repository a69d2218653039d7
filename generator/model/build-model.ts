/** Builds the intermediate model from loaded documents: schemas first, then the WSDL services that use them. */
import type { DiagnosticSink } from "../diagnostics.js";
import type { LoadedDocument } from "../load/documents.js";
import { schemasOf } from "../load/schema-origins.js";
import { indexWsdl } from "../wsdl/definitions.js";
import { readServices } from "../wsdl/service.js";
import { readSchemas } from "../xsd/read-schemas.js";
import { MODEL_VERSION, type Model } from "./model.js";

export function buildModel(documents: LoadedDocument[], sink: DiagnosticSink): Model {
  const { index, types, elements } = readSchemas(schemasOf(documents), sink);
  const wsdl = indexWsdl(documents);
  const services = readServices(wsdl, { index, sink }, sink);
  return { modelVersion: MODEL_VERSION, documents: documents.map((d) => d.file), types, elements, services };
}
