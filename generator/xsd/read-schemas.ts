/** Reads every global complexType, simpleType and element of the loaded schemas into the model. */
import type { DiagnosticSink } from "../diagnostics.js";
import type { XmlElement } from "../load/xml.js";
import type { ComplexType, ElementDecl, SchemaType, SimpleType } from "../model/model.js";
import { readAnnotation } from "./annotation.js";
import { readComplexBody } from "./complex-type.js";
import { readGlobalElement } from "./element.js";
import { SchemaIndex } from "./schema-index.js";
import { readSimpleBody } from "./simple-type.js";
import type { XsdReadContext } from "./type-ref.js";

export interface ReadSchemas {
  index: SchemaIndex;
  types: SchemaType[];
  elements: ElementDecl[];
}

const byQName = (a: { name: { ns: string; local: string } }, b: { name: { ns: string; local: string } }) =>
  a.name.ns < b.name.ns ? -1 : a.name.ns > b.name.ns ? 1 : a.name.local < b.name.local ? -1 : a.name.local > b.name.local ? 1 : 0;

export function readSchemas(schemas: XmlElement[], sink: DiagnosticSink): ReadSchemas {
  const index = new SchemaIndex(schemas, sink);
  const rc: XsdReadContext = { index, sink };
  const types: SchemaType[] = [];
  for (const { el, ctx, name } of index.all("complexType")) {
    const doc = readAnnotation(el).doc;
    const type: ComplexType = { ...readComplexBody(rc, el, ctx, name.local), name, location: el.location };
    if (doc) type.doc = doc;
    types.push(type);
  }
  for (const { el, ctx, name } of index.all("simpleType")) {
    const doc = readAnnotation(el).doc;
    const type: SimpleType = { ...readSimpleBody(rc, el, ctx), name, location: el.location };
    if (doc) type.doc = doc;
    types.push(type);
  }
  const elements = index.all("element").map(({ el, ctx, name }) => readGlobalElement(rc, el, ctx, name));
  types.sort(byQName);
  elements.sort(byQName);
  return { index, types, elements };
}
