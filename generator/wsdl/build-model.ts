/**
 * The whole read: from loaded documents to the intermediate model — schemas first (xsd/), then the WSDL services
 * that use them (wsdl/). It sits on top of the readers, so model/ stays plain types.
 */
import { DiagnosticSink } from "../diagnostics.js";
import { loadDocuments, type LoadedDocument, type LoadOptions } from "../load/documents.js";
import { schemasOf } from "../load/schema-origins.js";
import { MODEL_VERSION, type Model } from "../model/model.js";
import { recogniseArrayWrappers, type ArrayWrappers } from "../model/array-wrappers.js";
import { ModelIndex } from "../model/model-index.js";
import { markWrappers } from "../model/wrapper.js";
import { readSchemas } from "../xsd/read-schemas.js";
import { indexWsdl } from "./definitions.js";
import { readServices } from "./service.js";

/** How the model is built: the choices that change what the schema's shapes become. */
export interface ModelOptions {
  /** Array wrappers that are not WCF's: arrays (default) or kept as objects (model/array-wrappers.ts). */
  arrayWrappers?: ArrayWrappers;
}

export function buildModel(documents: LoadedDocument[], sink: DiagnosticSink, options: ModelOptions = {}): Model {
  const { reader, types, elements } = readSchemas(schemasOf(documents), sink);
  const wsdl = indexWsdl(documents);
  const services = readServices(wsdl, reader, sink);
  const model: Model = {
    modelVersion: MODEL_VERSION,
    documents: documents.map((d) => d.file),
    types,
    elements,
    services,
  };
  recogniseArrayWrappers(model, options.arrayWrappers);
  markWrappers(new ModelIndex(model), model);
  return model;
}

/** Loads a WSDL and everything it imports, and builds the intermediate model. */
export async function loadModel(
  wsdl: string,
  sink = new DiagnosticSink(),
  load?: LoadOptions,
  options?: ModelOptions,
): Promise<Model> {
  return buildModel(await loadDocuments(wsdl, load), sink, options);
}
