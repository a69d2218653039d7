/**
 * node-soap's request/response samples (../shared/wsdl/corpus/node-soap/request-response-samples, read-only
 * third-party data; see SOURCES.md there) run through our generator and codec. Each case folder is
 * `<method>__<name>` with `soap.wsdl`, `request.json` (the object node-soap's `client.<method>(args)` got),
 * `request.xml` (the request node-soap sent), `response.xml` and `response.json` (what node-soap parsed from it).
 * Each case is a test of its own, named after its folder; the table of results is printed and written to
 * test/.tmp/node-soap-samples.md once the cases have run.
 *
 * CLASSES. Every case ends in one:
 * - `pass`: every check that applies (request, response) matched;
 * - `fail`: we produce something different (the reason is a short diff), or node-soap's JSON cannot be expressed
 *   in the schema's types ("cannot map");
 * - `unsupported`: the generator or the codec refused it with an error (`GeneratorError`, `SoapCodecError`), and
 *   no check failed;
 * - `skipped-by-design`: no soap.wsdl in this copy; upstream's `.js` option file was not copied; MIME attachments;
 *   a WS-Security header (security.json) or a raw `addSoapHeader` header (header.json), which no WSDL describes;
 *   rpc/encoded or document/encoded; node-soap's raw-XML key `$xml`; nothing left to compare.
 * Any other exception is a crash, which fails the case's test, as does a case listed in PASSING that no longer
 * passes (the other classes are reported, not failed). Known node-soap behaviours behind a failure are appended
 * to its reason (NODE_SOAP_REMARKS); they never change a class.
 *
 * OPERATION. The one named by the folder prefix, in the first port that has it — among several, the first whose
 * SOAP version matches the envelope of request.xml (or response.xml).
 *
 * ARGUMENTS (request.json → positional args). node-soap's object uses `attributes` for attributes and `$value` for
 * text (or the keys `attributesKey` / `valueKey` of wsdl_options.json); ours puts attributes beside the members and
 * text in `$value`. The object is converted with the schema types:
 * - document/literal wrapped: it is the wrapper's content keyed by element name: `args = fields.map(f => json[f.name])`;
 * - document/literal bare, one part: it is the part element's content: `args = [json]`; several parts:
 *   `args = parts.map(p => json[p.element.name])`;
 * - rpc: it is keyed by part name: `args = parts.map(p => json[p.name])`.
 * Conversion by type: built-in scalars to the metadata's scalar representation (numbers, booleans, integer /
 * decimal / date strings; a value that is no boolean or number is passed as it is, for the codec to refuse); a
 * string that is one `<![CDATA[…]]>` section (which node-soap writes raw) to the text inside; a single value for a
 * repeated element to a one-item array (`null` → `[null]`, one nil element); `{ $value, attributes }` on a
 * simple-typed element to its text (the schema declares no attribute there, and the comparison ignores it too);
 * node-soap's derived-type marker (`xsi_type: { type, xmlns }` in requests, `"xsi:type": "p:Name"` in parsed
 * responses) to our `$type`, converting with the derived type; other `xsi:*` / `xmlns*` attribute keys and
 * attributes the type does not declare are dropped (noted). A key that is no element of the type is dropped in a
 * request (noted; the XML comparison then shows the element we did not write) and kept as it is in a response
 * (so the comparison shows that we did not return it).
 *
 * REQUEST comparison (xml-equivalence.ts): the Body's content element by element — namespace URI + local name,
 * order, trimmed text, `xsi:nil`, attributes by expanded name — ignoring prefixes, whitespace between elements,
 * namespace declarations, `xsi:type`, and attributes the schema does not declare for that element (the types of
 * the elements of that name reachable from the operation, with their bases and derived types; an element the
 * schema does not describe has all its attributes compared). The Header's content is compared only when
 * request.xml has some. A different SOAP envelope version is noted, not failed: node-soap sends SOAP 1.1 unless
 * told otherwise, we send what the binding says.
 *
 * RESPONSE comparison: response.xml is decoded with `decodeResponse` and compared with response.json converted to
 * our shape as above. Our result is put in node-soap's shape first: a wrapped or rpc response as
 * `{ [field]: value }` when `result` is `single` (the object itself when `object`); a bare part's value as it is.
 * Normalisation, both sides: numbers, booleans and bigints become strings (node-soap parses some built-ins and
 * leaves others as text); strings are trimmed unless `preserveWhitespace` (node-soap trims); xs:dateTime / xs:date
 * values compare as instants, an unzoned value taken as UTC (node-soap makes them Dates; its samples were recorded
 * in UTC); key order is ignored. Equivalences: node-soap's `null` (an empty element, or a nil one, or no result at
 * all) matches our `null`, `""`, `[]` or `{}`; a missing key matches our `[]` (no occurrence of a repeated
 * element). Without `handleNilAsNull` node-soap leaves nil elements out, so our nulls are removed before comparing
 * (such cases cannot check nil). A fault (error_response.json) is compared by faultcode and faultstring.
 *
 * `NODE_SOAP_SAMPLE=<case folder> npx vitest run test/runtime/node-soap-samples.test.ts` prints what one case sends
 * and decodes.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GeneratorError, loadMetadata } from "../../generator/index.js";
import { builtinCategory } from "../../runtime/src/builtins.js";
import {
  decodeResponse,
  encodeRequest,
  operationRef,
  SoapCodecError,
  SoapFault,
  ValueCodec,
  type ComplexTypeMeta,
  type FieldMeta,
  type MessageMeta,
  type OperationMeta,
  type OperationRef,
  type ServiceMetadata,
  type SimpleTypeMeta,
  type TypeRefMeta,
} from "../../runtime/src/index.js";
import { parseXmlTree, type XmlNode } from "../../runtime/src/xml.js";
import { hasShared, repoRoot, sharedDir, sharedOrSkipMessage } from "../helpers.js";
import { compareElements, expandedName } from "./xml-equivalence.js";

const samplesDir = path.join(sharedDir, "wsdl/corpus/node-soap/request-response-samples");
const present = existsSync(samplesDir);
function presentOrSkipMessage(): boolean {
  const suite = "node-soap request/response samples";
  if (!hasShared) return sharedOrSkipMessage(suite);
  return sharedOrSkipMessage(suite, { present, missing: `${samplesDir} is not present` });
}

/** The cases whose upstream `wsdl_options.js` / `attachmentParts.js` (code) was not copied (SOURCES.md). */
const JS_OPTIONS_NOT_COPIED = new Set([
  "Dummy__ref_element_should_have_correct_namespace_with_overrideElementKey",
  "Dummy__should_handle_inline_types",
  "GET_ALL_STORE_NUMBERS__should_work_with_more_deeply_nested_XML_messages_and_security",
  "GET_DATA__should_work_with_more_deeply_nested_XML_messages_and_without_security",
  "IndienenBericht__should_work_with_deeply_nested_XML_messages",
  "RetrieveCustomerDetails__returning_a_date_should_parse_the_date",
  "getAttachments__should_handle_MTOM_response",
  "getMessage__force_use_schema_xmlns",
]);

const NETSUITE =
  "the shared ../../platform/*.xsd have the 2011_1 namespaces but are imported as 2013_2 (node-soap ignores the mismatch)";

/**
 * Context for non-passing cases, appended to the reason (it never changes a class): the node-soap behaviour behind
 * a failure, or what is wrong with a fixture the generator or codec refuses.
 */
const NIL_NOT_NILLABLE =
  "response.xml has xsi:nil on DummyElement, which the schema does not declare nillable: refused, as the generated " +
  "types do not allow null there (node-soap reads it as null)";
const NULL_NOT_NILLABLE =
  `${NIL_NOT_NILLABLE}; request.json's null for DummyStringFilter, not nillable either, writes no element (the ` +
  "element is optional), where node-soap writes it with xsi:nil";
const UNKNOWN_DUMMY_ACCOUNT =
  "request.json's DummyAccount is no element of DummyRequest (the schema has Account of type DummyAccount); " +
  "node-soap writes unknown keys as elements";

const NODE_SOAP_REMARKS: Record<string, string> = {
  Dummy__should_add_prefix_for_unqualified_global_elements:
    "the response qualifies DummyResult (n:DummyResult), which name.xsd declares unqualified " +
    "(elementFormDefault=unqualified); exact namespace matching keeps it as undeclared content",
  // fail: the expectation is node-soap's own behaviour
  Dummy__should_handle_cdata_xml_in_response:
    "node-soap parses the XML inside the CDATA of an xs:string element into objects; we return the text",
  Dummy__should_ignore_custom_defined_namespaces: UNKNOWN_DUMMY_ACCOUNT,
  Dummy__should_ignore_defined_namespaces: UNKNOWN_DUMMY_ACCOUNT,
  Dummy__should_use_defined_value_key: UNKNOWN_DUMMY_ACCOUNT,
  UpdateProfile__correct_namespaces_for_elements_with_base:
    "node-soap writes request.json's key order (Addresses before Phones); Profile's sequence is IDs, Phones, Addresses, as we write it",
  UpdateProfile__correct_ns_context:
    "node-soap writes request.json's key order (Addresses before Phones); Profile's sequence is IDs, Phones, Addresses, as we write it",
  UpdateProfile__correct_namespaces_for_elements_with_base_ignorednamespaces:
    "node-soap writes request.json's key order, and ignoreBaseNameSpaces moves UniqueID (declared in Common/Types) into Name/Types",
  fooOp__should_return_back_good_response_object:
    "node-soap writes Request1 and its content unqualified; bar.xsd (elementFormDefault qualified) puts them in http://example.com/bar/xsd",
  GetAccountXml__non_xmlns_attributes_should_be_returned:
    "AccountXml is mixed content with xs:any, which our decoder does not return",
  // unsupported: the fixture is invalid or does not match its WSDL where node-soap is lenient
  Dummy__ref_element_should_have_correct_namespace:
    "common.xsd writes xs:simpletype (no XSD element) and refers to it unprefixed, i.e. in no namespace",
  Dummy__should_preserve_leading_and_trailing_whitespace_when_preserveWhitespace_is_true:
    "common.xsd declares DummyResult as an element, not a type",
  Dummy__should_remove_leading_and_trailing_whitespace_by_default:
    "common.xsd declares DummyResult as an element, not a type",
  Dummy__should_work_with_imported_schemas_that_have_aliases:
    'name.xsd\'s type="me:requestType" names an element, not a type',
  GetSubscription__should_handle_ref_minOccurs_and_maxOccurs:
    "EventService.xsd lacks SubscribeResponse, used only by another operation (Subscribe)",
  RetrieveFareQuoteDateRange__should_handle_child_namespaces:
    "no schema of the fixture declares Enums.FareFilterMethodType",
  "SetResource__should_correctly_set_element_if_complex-type_has_same_name":
    "Name.xsd does not declare SetResourceResponse",
  addList__complex_extension_namespace_for_arrays: NETSUITE,
  get__complex_extension_with_explicit_namespace: NETSUITE,
  get__complex_extension_without_explicit_namespace: NETSUITE,
  login__attributes_in_request_should_be_handled: NETSUITE,
  login__attributes_namespace_should_be_configurable: NETSUITE,
  login__complex_schema_xmlns_should_be_handled: NETSUITE,
  login__error_returned_should_contain_root_Json_on_fault: NETSUITE,
  update__complex_extension_fields_in_parent_without_explicit_namespace: NETSUITE,
  update__complex_extension_with_array_attributes: NETSUITE,
  login__complex_schema_xmlns_with_array_and_any_type_and_other_types:
    "its soap.platform.core.xsd was dropped from this copy",
  addPets__force_namespaces: "the WSDL uses the prefix xs: without declaring it",
  addPrefix__should_add_namespace_on_output_message:
    'binding="SoapQuery_Binding" is unprefixed, so it is in the default namespace (WSDL\'s), not the targetNamespace',
  createData__should_generate_complex_type_request: "the schema does not declare Tab",
  getAvailability__should_not_fail_without_children: "imported.wsdl uses the undeclared prefix auth:",
  readMetadata__should_respect_xsi_type_attribute:
    "the shortened WSDL does not declare its header elements (CallOptions, …)",
  readMetadata__should_support_XMLSchema_Instance_override:
    "the shortened WSDL does not declare its header elements (CallOptions, …)",
  GetItemInformation__should_ignore_default_namespace_from_schema:
    "request.json lacks Item's required members; response.xml has Items where the schema has the optional GetItemInformationResult",
  UpdateProfile__correct_namespaces_in_sequence_with_imports: "request.json has no PhoneData, which Phone requires",
  UpdateProfile__correct_namespaces_other_prefixes: "request.json has no PhoneData, which Phone requires",
  execFile__valid_xml_generated_on_request_with_complex_type_element_form_default_missing:
    "response.xml holds execFileResponse/result, not the execFileResult element the WSDL binds; node-soap takes any element",
  execFile__valid_xml_generated_on_request_with_complex_type_element_form_default_qualified:
    "response.xml holds execFileResponse/result, not the execFileResult element the WSDL binds; node-soap takes any element",
  execFile__valid_xml_generated_on_request_with_complex_type_element_form_default_unqualified:
    "response.xml holds execFileResponse/result, not the execFileResult element the WSDL binds; node-soap takes any element",
  getAppointmentNumber__should_be_able_to_parse_response: "response.xml is bare XML, not a SOAP envelope",
  getMessage__does_not_use_schema_xmlns:
    "request.json nests the content in Body/getMessageRequest/message, which the schema does not have",
  administrate__Complex_json_object_namespace_issue: 'request.json gives "" for the xs:boolean IgnoreDup',
  Dummy__should_escape_xml: NULL_NOT_NILLABLE,
  Dummy__should_handle_nil: NIL_NOT_NILLABLE,
  Dummy__should_handle_nil_as_null: NIL_NOT_NILLABLE,
  Dummy__should_parse_nil: NULL_NOT_NILLABLE,
};

/**
 * The cases that pass (26 when this list was written; 22 since nil is refused on elements that are not nillable;
 * namespaces are matched exactly, and this harness retries a refused response with lenientNamespaces): each must go
 * on passing, and its own test fails naming it when it does not. Add a case here when a change makes it pass.
 */
const PASSING = new Set<string>([
  "DefaultNamespace__no_xmlns_prefix_used_for_default_namespace",
  "Dummy__should_deserialize_basic_types",
  "Dummy__should_extract_envelope_from_response",
  "Dummy__should_handle_attributes_in_request",
  "Dummy__should_handle_attributes_in_response",
  "Dummy__should_handle_datetime_transformation",
  "Dummy__should_handle_empty_string_with_pattern_restriction",
  "Dummy__should_handle_minOccurs_and_maxOccurs",
  "Dummy__should_handle_nil_false",
  "Dummy__should_handle_null_args",
  "Dummy__should_ignore_commented_envelope_in_response",
  "Dummy__should_use_empty_tags_only_when_directed",
  "Dummy__should_use_empty_tags_when_directed",
  "Dummy__should_work_with_imported_schemas",
  "GetNodes__complex_self_referencing",
  "OneWay__should_handle_one_way_operation",
  "RequestHeaders__omit_element_when_empty",
  "SendCDATA__cdata_is_handled_correctly",
  "SendCDATA__cdata_preserves_leading_and_trailing_whitespace_when_preserveWhitespace_option_is_true",
  "SendCDATA__cdata_removes_leading_and_trailing_whitespace_by_default",
  "execFile__add_default_namespace_prefix",
]);

type Outcome = "pass" | "fail" | "unsupported" | "skipped-by-design" | "crash";
interface CaseResult {
  name: string;
  outcome: Outcome;
  reason: string;
  /** Remarks on a case (parts not checked, keys dropped while mapping). */
  notes: string[];
}

class SkipByDesign extends Error {}
class Unmappable extends Error {}

type Json = unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const localOf = (key: string) => key.slice(key.indexOf(":") + 1);
const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8")) as Json;

interface NodeSoapKeys {
  value: string;
  attributes: string;
  xml: string;
}

/** node-soap's argument/result objects → our values, driven by the metadata types (see the file comment). */
class NodeSoapMapper {
  readonly notes: string[] = [];
  constructor(
    readonly codec: ValueCodec,
    readonly keys: NodeSoapKeys,
    /** `request`: keys that are no element of the type are dropped (the XML comparison shows what is missing);
     * `response`: they are kept as they are, so the comparison shows that we did not return them. */
    readonly mode: "request" | "response",
  ) {}

  private unknownKey(out: Record<string, unknown>, key: string, value: Json, path: string): void {
    if (this.mode === "response") {
      out[key] = this.any(value, `${path}.${key}`);
      return;
    }
    this.notes.push(`${path}.${key} is not an element of the schema, dropped`);
  }

  /** The content of a wrapper (or an rpc part list) keyed by element name → our object. */
  fields(fields: readonly FieldMeta[], json: Json, path: string): Record<string, unknown> {
    if (json === null || json === undefined) return {};
    if (!isObject(json))
      throw new Unmappable(`${path}: ${JSON.stringify(json)} where element content (an object) is expected`);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(json)) {
      if (key === this.keys.attributes) {
        this.notes.push(`${path}: ${key} on the wrapper dropped`);
        continue;
      }
      if (key === this.keys.xml) throw new SkipByDesign(`request.json uses node-soap's raw-XML key ${key} (${path})`);
      const field = fields.find((f) => f.name === localOf(key));
      if (!field) {
        this.unknownKey(out, key, v, path);
        continue;
      }
      out[field.name] = this.field(field, v, `${path}.${field.name}`);
    }
    return out;
  }

  field(field: FieldMeta, v: Json, path: string): unknown {
    if (v === undefined) return undefined;
    if (field.max === "unbounded" || field.max > 1) {
      const list = Array.isArray(v) ? v : [v];
      return list.map((item, i) => this.value(field.type, item, `${path}[${i}]`));
    }
    if (Array.isArray(v)) throw new Unmappable(`${path}: an array for an element that occurs at most once`);
    return this.value(field.type, v, path);
  }

  value(ref: TypeRefMeta, v: Json, path: string): unknown {
    if (v === null || v === undefined) return v;
    if (isObject(v) && this.keys.xml in v)
      throw new SkipByDesign(`request.json uses node-soap's raw-XML key ${this.keys.xml} (${path})`);
    const type = this.codec.resolve(ref);
    if (type.kind === "builtin")
      return type.name === "anyType" ? this.any(v, path) : this.scalar(type.name, this.text(v, path), path);
    if (type.kind === "simple") return this.simple(type, this.text(v, path), path);
    if (type.array) {
      const item = type.array.item;
      const items = isObject(v) ? v[item.name] : v;
      if (items === undefined) return [];
      return (Array.isArray(items) ? items : [items]).map((x, i) => this.value(item.type, x, `${path}[${i}]`));
    }
    if (type.dictionary) throw new Unmappable(`${path}: a WCF dictionary has no node-soap equivalent`);
    let content = this.codec.content(type);
    const out: Record<string, unknown> = {};
    const attributes = isObject(v) ? v[this.keys.attributes] : undefined;
    const xsiType = isObject(attributes) ? (attributes.xsi_type ?? attributes["xsi:type"]) : undefined;
    if (xsiType !== undefined && typeof ref === "string") {
      const derived = this.derivedType(ref, xsiType, path);
      if (derived) {
        out.$type = derived;
        content = this.codec.content(this.codec.metadata.types[derived] as ComplexTypeMeta);
      }
    }
    if (!isObject(v)) {
      if (content.text !== undefined) return { $value: this.value(content.text, v, `${path}.$value`) };
      if (v === "") return {};
      throw new Unmappable(`${path}: ${JSON.stringify(v)} for the element-only type ${type.xml?.name ?? "(inline)"}`);
    }
    for (const [key, raw] of Object.entries(v)) {
      if (key === this.keys.attributes) {
        if (!isObject(raw)) throw new Unmappable(`${path}.${key} is not an object`);
        for (const [ak, av] of Object.entries(raw)) {
          if (ak === "xsi_type" || ak.startsWith("xsi:") || ak === "xmlns" || ak.startsWith("xmlns:")) continue;
          const attr = content.attributes.find((a) => a.name === localOf(ak));
          if (!attr) {
            this.notes.push(`${path}@${ak} is not declared by the schema, dropped`);
            continue;
          }
          out[attr.name] = this.value(attr.type, av, `${path}@${attr.name}`);
        }
      } else if (key === this.keys.value) {
        if (content.text === undefined)
          throw new Unmappable(`${path}: text (${key}) for a type without simple content`);
        out.$value = this.value(content.text, raw, `${path}.$value`);
      } else {
        const field = content.fields.find((f) => f.name === localOf(key));
        if (!field) {
          this.unknownKey(out, key, raw, path);
          continue;
        }
        out[field.name] = this.field(field, raw, `${path}.${field.name}`);
      }
    }
    return out;
  }

  /**
   * node-soap's derived-type marker — `xsi_type: { type, xmlns }` in a request, `"xsi:type": "prefix:Name"` in a
   * parsed response (the prefix cannot be resolved from JSON, so the local name must be unique) — as our `$type`:
   * the TypeScript name of a type derived from `declared`. The declared type itself gives no `$type`.
   */
  private derivedType(declared: string, marker: unknown, path: string): string | undefined {
    const ns = isObject(marker) && typeof marker.xmlns === "string" ? marker.xmlns : undefined;
    const local = isObject(marker) ? String(marker.type) : localOf(String(marker));
    const types = this.codec.metadata.types;
    const named = Object.keys(types).filter(
      (n) => types[n]!.xml?.name === local && (ns === undefined || types[n]!.xml?.ns === ns),
    );
    if (named.includes(declared)) return undefined;
    const derived = named.filter((n) => this.codec.derivesFrom(n, declared));
    if (derived.length === 1) return derived[0];
    this.notes.push(
      `${path}: xsi:type ${JSON.stringify(marker)} is not ${derived.length ? "one" : "a"} type derived from ${declared}, ignored`,
    );
    return undefined;
  }

  /** The text of a simple-typed value; `{ $value, attributes }` → its `$value`. */
  private text(v: Json, path: string): Json {
    if (!isObject(v)) return v;
    if (this.keys.value in v) {
      const attrs = v[this.keys.attributes];
      if (isObject(attrs) && Object.keys(attrs).some((k) => !k.startsWith("xsi:") && !k.startsWith("xmlns"))) {
        this.notes.push(`${path}: attributes on a simple-typed element dropped (the schema declares none)`);
      }
      return v[this.keys.value];
    }
    if (Object.keys(v).length === 0) return "";
    throw new Unmappable(`${path}: ${JSON.stringify(v)} for a simple type`);
  }

  private scalar(name: string, v: Json, path: string): unknown {
    const scalars = this.codec.scalars;
    if (isObject(v) || Array.isArray(v)) throw new Unmappable(`${path}: ${JSON.stringify(v)} for xs:${name}`);
    // node-soap writes a string that is one CDATA section as it is; the text it carries is the value.
    const s =
      typeof v === "string" && this.mode === "request" ? v.replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, "$1") : String(v);
    switch (builtinCategory(name)) {
      // A value that is not a boolean or number stays as it is, for the codec to accept or refuse.
      case "boolean":
        return s === "true" || s === "1" ? true : s === "false" || s === "0" ? false : v;
      case "number":
        return s.trim() === "" || isNaN(Number(s)) ? v : Number(s);
      case "integer":
        return scalars.integer === "bigint" ? BigInt(s) : scalars.integer === "number" ? Number(s) : s;
      case "decimal":
        return scalars.decimal === "number" ? Number(s) : s;
      case "dateTime":
        return scalars.dateTime === "Date" ? new Date(s) : s;
      case "date":
        return scalars.date === "Date" ? new Date(s) : s;
      default:
        return s;
    }
  }

  private simple(type: SimpleTypeMeta, v: Json, path: string): unknown {
    switch (type.variety) {
      case "list": {
        const items = Array.isArray(v) ? v : String(v).split(/\s+/).filter(Boolean);
        return items.map((x, i) => this.value(type.item!, x, `${path}[${i}]`));
      }
      case "atomic":
        return type.base !== undefined ? this.value(type.base, v, path) : String(v);
      default:
        return String(v);
    }
  }

  /** `xs:anyType` content: node-soap's object as it is, minus attributes (our anyType has none). */
  private any(v: Json, path: string): unknown {
    if (Array.isArray(v)) return v.map((x, i) => this.any(x, `${path}[${i}]`));
    if (!isObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === this.keys.attributes) {
        this.notes.push(`${path}: attributes of xs:anyType content dropped`);
        continue;
      }
      out[k] = this.any(x, `${path}.${k}`);
    }
    return out;
  }
}

// ------------------------------------------------------------------ schema-declared attributes

/**
 * For each element name reachable from an operation's messages, the attributes its type(s) declare (with base
 * types and types derived from them), by expanded name. Elements not in the map are not described by the schema.
 */
function declaredAttributes(metadata: ServiceMetadata, operation: OperationMeta): Map<string, Set<string>> {
  const codec = new ValueCodec(metadata);
  const byElement = new Map<string, Set<string>>();
  const seen = new Set<unknown>();
  const derived = (name: string) =>
    Object.entries(metadata.types)
      .filter(([, t]) => t.kind === "complex" && t.base === name && t.derivation === "extension")
      .map(([n]) => n);
  /** The attributes of a type, its bases (via `content`) and every type derived from it. */
  const attributesOf = (ref: TypeRefMeta, into: Set<string>, visiting = new Set<TypeRefMeta>()) => {
    if (visiting.has(ref)) return;
    visiting.add(ref);
    const type = codec.resolve(ref);
    if (type.kind !== "complex") return;
    for (const a of codec.content(type).attributes) into.add(expandedName(a.ns, a.name));
    if (typeof ref === "string") for (const d of derived(ref)) attributesOf(d, into, visiting);
  };
  /** The elements inside a type (and inside the types derived from it), each type once. */
  const visitChildren = (ref: TypeRefMeta) => {
    const type = codec.resolve(ref);
    if (type.kind !== "complex" || seen.has(type)) return;
    seen.add(type);
    if (type.array) visitElement(type.array.item.ns, type.array.item.name, type.array.item.type);
    if (type.dictionary) {
      byElement.set(expandedName(type.dictionary.entry.ns, type.dictionary.entry.name), new Set());
      visitElement(type.dictionary.key.ns, type.dictionary.key.name, type.dictionary.key.type);
      visitElement(type.dictionary.value.ns, type.dictionary.value.name, type.dictionary.value.type);
    }
    for (const f of codec.content(type).fields) visitElement(f.ns, f.name, f.type);
    if (typeof ref === "string") for (const d of derived(ref)) visitChildren(d);
  };
  const visitElement = (ns: string, name: string, ref: TypeRefMeta) => {
    const key = expandedName(ns, name);
    let set = byElement.get(key);
    if (!set) byElement.set(key, (set = new Set()));
    attributesOf(ref, set);
    visitChildren(ref);
  };
  const visitMessage = (m: MessageMeta | undefined) => {
    if (!m) return;
    if (m.wrapper) {
      byElement.set(
        expandedName(m.wrapper.ns, m.wrapper.name),
        byElement.get(expandedName(m.wrapper.ns, m.wrapper.name)) ?? new Set(),
      );
      for (const f of m.wrapper.fields) visitElement(f.ns, f.name, f.type);
    }
    for (const p of m.parts ?? []) visitElement(p.element?.ns ?? "", p.element?.name ?? p.name, p.type);
    for (const h of m.headers) visitElement(h.element?.ns ?? "", h.element?.name ?? h.name, h.type);
  };
  visitMessage(operation.input);
  visitMessage(operation.output);
  return byElement;
}

// ------------------------------------------------------------------ value comparison

/** A date/dateTime as an instant (an unzoned value is taken as UTC); other text as it is. */
function instant(text: string, date: boolean): string {
  const t = text.trim();
  const zoned = /(Z|[+-]\d\d:\d\d)$/.test(t);
  const ms = Date.parse(date && /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : zoned ? t : `${t}Z`);
  return isNaN(ms) ? text : new Date(ms).toISOString();
}

/** Our-shaped values made comparable by type: xs:dateTime / xs:date text as instants (see the file comment). */
function canonical(codec: ValueCodec, ref: TypeRefMeta, v: unknown): unknown {
  if (v === null || v === undefined) return v;
  const type = codec.resolve(ref);
  if (type.kind === "builtin") {
    const category = builtinCategory(type.name);
    if ((category === "dateTime" || category === "date") && typeof v === "string")
      return instant(v, category === "date");
    return v;
  }
  if (type.kind === "simple") {
    if (type.variety === "list" && Array.isArray(v)) return v.map((x) => canonical(codec, type.item!, x));
    return type.variety === "atomic" && type.base !== undefined ? canonical(codec, type.base, v) : v;
  }
  if (type.array) return Array.isArray(v) ? v.map((x) => canonical(codec, type.array!.item.type, x)) : v;
  if (type.dictionary || !isObject(v)) return v;
  const derived = typeof v.$type === "string" ? codec.metadata.types[v.$type] : undefined;
  const content = codec.content(derived?.kind === "complex" ? derived : type);
  const out: Record<string, unknown> = { ...v };
  for (const a of content.attributes) if (a.name in out) out[a.name] = canonical(codec, a.type, out[a.name]);
  if (content.text !== undefined && "$value" in out) out.$value = canonical(codec, content.text, out.$value);
  return canonicalFields(codec, content.fields, out);
}

function canonicalFields(codec: ValueCodec, fields: readonly FieldMeta[], v: unknown): unknown {
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = { ...v };
  for (const f of fields) {
    if (!(f.name in out)) continue;
    const x = out[f.name];
    out[f.name] =
      Array.isArray(x) && (f.max === "unbounded" || f.max > 1)
        ? x.map((item) => canonical(codec, f.type, item))
        : canonical(codec, f.type, x);
  }
  return out;
}

/**
 * node-soap without `handleNilAsNull` leaves nil elements out of its result: the same is done to ours. An array
 * of nil items only becomes `[]` (no occurrence, which matches node-soap's missing key, and an array wrapper that
 * held only nil items, which matches its `null`).
 */
function withoutNils(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(withoutNils);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    const y = withoutNils(x);
    if (y !== undefined) out[k] = y;
  }
  return out;
}

/** Normalised for comparison: scalars as strings (trimmed unless `preserveWhitespace`), keys sorted. */
function normalise(v: unknown, trim: boolean): unknown {
  if (v === undefined || v === null) return v;
  if (typeof v === "string") return trim ? v.trim() : v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => normalise(x, trim));
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = normalise(v[k], trim);
      if (x !== undefined) out[k] = x;
    }
    return out;
  }
  return v;
}

/** node-soap's `null` (an empty element, or nil) matches an empty value of ours. */
const isEmpty = (v: unknown) =>
  v === null || v === "" || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

function diffValues(expected: unknown, actual: unknown, at: string, out: string[]): void {
  if (out.length >= 5) return;
  const show = (x: unknown) => {
    const s = x === undefined ? "(absent)" : JSON.stringify(x);
    return s.length > 100 ? `${s.slice(0, 100)}…` : s;
  };
  if (expected === null && isEmpty(actual)) return;
  // No occurrence of a repeated element: node-soap has no key, we have [].
  if (expected === undefined && Array.isArray(actual) && actual.length === 0) return;
  if (isObject(expected) && isObject(actual)) {
    for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)]))
      diffValues(expected[k], actual[k], `${at}.${k}`, out);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((x, i) => diffValues(x, actual[i], `${at}[${i}]`, out));
    return;
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual))
    out.push(`${at || "result"}: expected ${show(expected)}, got ${show(actual)}`);
}

// ------------------------------------------------------------------ one case

function soapVersionOf(xml: string | undefined): "1.1" | "1.2" | undefined {
  if (!xml) return undefined;
  try {
    const root = parseXmlTree(xml);
    return root.ns === "http://www.w3.org/2003/05/soap-envelope"
      ? "1.2"
      : root.ns === "http://schemas.xmlsoap.org/soap/envelope/"
        ? "1.1"
        : undefined;
  } catch {
    return undefined;
  }
}

function findOperation(
  metadata: ServiceMetadata,
  method: string,
  version: "1.1" | "1.2" | undefined,
): OperationRef | undefined {
  const candidates = Object.entries(metadata.ports).filter(([, p]) => p.operations[method]);
  const chosen = candidates.find(([, p]) => p.soapVersion === version) ?? candidates[0];
  return chosen ? operationRef(metadata, chosen[0], method) : undefined;
}

/** `NODE_SOAP_SAMPLE=<case folder>` prints what one case sends and decodes. */
const debugCase = process.env.NODE_SOAP_SAMPLE;
let currentCase = "";
const debug = (text: string) => {
  if (debugCase && debugCase === currentCase) console.log(`[${currentCase}] ${text}`);
};

const child = (node: XmlNode, local: string) => node.children.find((c) => c.local === local);

/** The request check: encode request.json's arguments and compare with request.xml. Returns the differences. */
function checkRequest(ref: OperationRef, json: Json, expectedXml: string, mapper: NodeSoapMapper): string[] {
  const op = ref.operation;
  const input = op.input;
  if (!input) throw new SoapCodecError(`operation ${ref.operationName} has no input message`);
  let args: unknown[];
  if (input.wrapper) {
    const content = mapper.fields(input.wrapper.fields, json, input.wrapper.name);
    args = input.wrapper.fields.map((f) => content[f.name]);
  } else {
    const parts = input.parts ?? [];
    const obj = isObject(json) ? json : {};
    if (op.style === "rpc") args = parts.map((p) => mapper.value(p.type, obj[p.name], p.name));
    else if (parts.length === 1) args = [mapper.value(parts[0]!.type, json, parts[0]!.name)];
    else args = parts.map((p) => mapper.value(p.type, obj[p.element?.name ?? p.name], p.name));
  }
  const body = encodeRequest(ref, args).body;
  debug(`request args ${JSON.stringify(args)}\nour request ${body}`);
  const actual = parseXmlTree(body);
  const expected = parseXmlTree(expectedXml);
  if (expected.ns !== actual.ns)
    mapper.notes.push(`envelope: node-soap sent ${expected.ns}, the binding (which we follow) is ${actual.ns}`);
  const declared = declaredAttributes(ref.metadata, op);
  const ignored = new Set<string>();
  const compareAttribute = (el: XmlNode, ns: string, local: string) => {
    const set = declared.get(expandedName(el.ns, el.local));
    const compared = set === undefined || set.has(expandedName(ns, local));
    if (!compared) ignored.add(`@${expandedName(ns, local)} on ${el.local}`);
    return compared;
  };
  const diffs: string[] = [];
  const eh = child(expected, "Header");
  if (eh && (eh.children.length || eh.text.trim())) {
    const ah = child(actual, "Header");
    if (eh.text.trim())
      diffs.push(
        `Header: expected text ${JSON.stringify(eh.text.trim())}, got ${JSON.stringify(ah?.text.trim() ?? "")}`,
      );
    diffs.push(...compareElements(eh.children, ah?.children ?? [], { compareAttribute }, "/Header"));
  }
  diffs.push(
    ...compareElements(
      child(expected, "Body")?.children ?? [],
      child(actual, "Body")?.children ?? [],
      { compareAttribute },
      "/Body",
    ),
  );
  if (ignored.size) mapper.notes.push(`not compared (not declared by the schema): ${[...ignored].join(", ")}`);
  return diffs;
}

/** The response check: decode response.xml and compare with response.json (or the fault with error_response.json). */
function checkResponse(
  ref: OperationRef,
  xml: string,
  expectedJson: Json,
  expectFault: boolean,
  mapper: NodeSoapMapper,
  options: Record<string, unknown>,
): string[] {
  const op = ref.operation;
  let decoded: { result: unknown };
  try {
    decoded = decodeLeniently(ref, xml, mapper.notes);
  } catch (e) {
    if (!(e instanceof SoapFault)) throw e;
    if (!expectFault) return [`unexpected SOAP fault ${e.code}: ${e.reason}`];
    const fault = (expectedJson as { Envelope?: { Body?: { Fault?: { faultcode?: unknown; faultstring?: unknown } } } })
      ?.Envelope?.Body?.Fault;
    const diffs: string[] = [];
    if (String(fault?.faultcode ?? "").trim() !== e.code)
      diffs.push(`faultcode: expected ${JSON.stringify(fault?.faultcode)}, got ${JSON.stringify(e.code)}`);
    if (String(fault?.faultstring ?? "").trim() !== e.reason.trim())
      diffs.push(`faultstring: expected ${JSON.stringify(fault?.faultstring)}, got ${JSON.stringify(e.reason)}`);
    return diffs;
  }
  if (expectFault) return ["expected a SOAP fault, got a result"];
  const output = op.output!;
  const codec = mapper.codec;
  let expected: unknown;
  let actual: unknown;
  const parts = output.parts ?? [];
  const fields: FieldMeta[] | undefined = output.wrapper
    ? output.wrapper.fields
    : op.style === "rpc"
      ? parts.map((p) => ({ name: p.name, ns: "", type: p.type, min: 0, max: 1 }))
      : parts.length > 1
        ? parts.map((p) => ({ name: p.element?.name ?? p.name, ns: p.element?.ns ?? "", type: p.type, min: 0, max: 1 }))
        : undefined;
  if (fields) {
    expected =
      expectedJson === null ? null : canonicalFields(codec, fields, mapper.fields(fields, expectedJson, "response"));
    const wrapped =
      output.result === "single"
        ? { [fields[0]!.name]: decoded.result }
        : output.result === "void"
          ? {}
          : decoded.result;
    actual = canonicalFields(codec, fields, wrapped);
  } else {
    const part = parts[0];
    expected =
      expectedJson === null || !part
        ? expectedJson
        : canonical(codec, part.type, mapper.value(part.type, expectedJson, "response"));
    actual = part ? canonical(codec, part.type, decoded.result) : decoded.result;
  }
  debug(`decoded ${JSON.stringify(decoded.result)}\nexpected (ours) ${JSON.stringify(expected)}`);
  if (options.handleNilAsNull !== true) actual = withoutNils(actual);
  const trim = options.preserveWhitespace !== true;
  const diffs: string[] = [];
  diffValues(normalise(expected, trim), normalise(actual, trim), "", diffs);
  return diffs;
}

/**
 * decodeResponse as a client would call it; when that refuses the message, once more with `lenientNamespaces` (which
 * node-soap's by-local-name reading amounts to), noting that the case needs it.
 */
function decodeLeniently(ref: OperationRef, xml: string, notes: string[]): { result: unknown } {
  try {
    return decodeResponse(ref, xml);
  } catch (e) {
    if (!(e instanceof SoapCodecError)) throw e;
    const warnings: string[] = [];
    let decoded: { result: unknown };
    try {
      decoded = decodeResponse(ref, xml, 200, { lenientNamespaces: true, onWarning: (w) => warnings.push(w) });
    } catch {
      throw e;
    }
    if (!warnings.length) throw e;
    notes.push(`response decoded with lenientNamespaces only (${firstLine(warnings[0]!)})`);
    return decoded;
  }
}

function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? "";
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
}

type CheckOutcome = { status: "pass" } | { status: "fail"; detail: string } | { status: "unsupported"; detail: string };

/** Runs one check, turning the codec's refusals and unmappable JSON into outcomes; anything else propagates. */
function runCheck(check: () => string[]): CheckOutcome {
  try {
    const diffs = check();
    return diffs.length ? { status: "fail", detail: diffs.join("; ") } : { status: "pass" };
  } catch (e) {
    if (e instanceof Unmappable) return { status: "fail", detail: `cannot map node-soap's JSON: ${e.message}` };
    if (e instanceof SoapCodecError || e instanceof GeneratorError)
      return { status: "unsupported", detail: `codec: ${firstLine(e.message)}` };
    throw e;
  }
}

async function runCase(name: string): Promise<CaseResult> {
  currentCase = name;
  const dir = path.join(samplesDir, name);
  const method = name.split("__")[0]!;
  const has = (f: string) => existsSync(path.join(dir, f));
  const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
  const result = (outcome: Outcome, reason: string, notes: string[] = []): CaseResult => ({
    name,
    outcome,
    reason: [reason, NODE_SOAP_REMARKS[name]].filter(Boolean).join(" — "),
    notes,
  });

  if (!has("soap.wsdl"))
    return result("skipped-by-design", "soap.wsdl was dropped from this copy (not namespace-well-formed)");
  if (JS_OPTIONS_NOT_COPIED.has(name))
    return result("skipped-by-design", "needs upstream's wsdl_options.js / attachmentParts.js (code, not copied)");
  const wsdlOptions = (has("wsdl_options.json") ? readJson(path.join(dir, "wsdl_options.json")) : {}) as Record<
    string,
    unknown
  >;
  const callOptions = (has("options.json") ? readJson(path.join(dir, "options.json")) : {}) as Record<string, unknown>;
  if (callOptions.attachments) return result("skipped-by-design", "sends MIME attachments (options.json)");
  if (has("security.json"))
    return result(
      "skipped-by-design",
      "expects a WS-Security header from client.setSecurity() (a node-soap plugin, not described by the WSDL)",
    );
  if (has("header.json"))
    return result(
      "skipped-by-design",
      "expects a raw header from client.addSoapHeader() that the WSDL does not bind (the codec writes bound headers only)",
    );

  const requestXml = has("request.xml") ? read("request.xml") : undefined;
  const responseXml = has("response.xml") ? read("response.xml") : undefined;
  const responseJsonFile = has("response.json")
    ? "response.json"
    : has("error_response.json")
      ? "error_response.json"
      : undefined;
  const notes: string[] = [];
  if (!requestXml)
    notes.push(
      has("reqeust.xml")
        ? "request not checked: only a misspelled reqeust.xml, which node-soap's runner never reads"
        : "request not checked: no request.xml",
    );
  if (!responseXml) notes.push("response not checked: no response.xml");
  else if (!responseJsonFile) notes.push("response not checked: no response.json");

  let ref: OperationRef | undefined;
  try {
    const { metadata } = await loadMetadata(path.join(dir, "soap.wsdl"));
    ref = findOperation(metadata, method, soapVersionOf(requestXml) ?? soapVersionOf(responseXml));
  } catch (e) {
    if (e instanceof GeneratorError)
      return result(
        "unsupported",
        `generator: ${firstLine(e.message.replace(dir + path.sep, "").replace(samplesDir + path.sep, ""))}`,
        notes,
      );
    throw e;
  }
  if (!ref) return result("unsupported", `operation ${method} is in no port of the metadata`, notes);
  if (ref.operation.input?.use === "encoded" || ref.operation.output?.use === "encoded")
    return result(
      "skipped-by-design",
      `${ref.operation.style}/encoded (SOAP encoding) is outside the codec's scope`,
      notes,
    );
  if (!ref.operation.output && responseXml) notes.push("response not checked: one-way operation");

  const keys: NodeSoapKeys = {
    value: typeof wsdlOptions.valueKey === "string" ? wsdlOptions.valueKey : "$value",
    attributes: typeof wsdlOptions.attributesKey === "string" ? wsdlOptions.attributesKey : "attributes",
    xml: typeof wsdlOptions.xmlKey === "string" ? wsdlOptions.xmlKey : "$xml",
  };
  const codec = new ValueCodec(ref.metadata);
  const checks: { part: string; outcome: CheckOutcome }[] = [];
  const mappers: NodeSoapMapper[] = [];
  const opRef = ref;
  try {
    if (requestXml) {
      const mapper = new NodeSoapMapper(codec, keys, "request");
      mappers.push(mapper);
      checks.push({
        part: "request",
        outcome: runCheck(() => checkRequest(opRef, readJson(path.join(dir, "request.json")), requestXml, mapper)),
      });
    }
    if (responseXml && responseJsonFile && ref.operation.output) {
      const mapper = new NodeSoapMapper(codec, keys, "response");
      mappers.push(mapper);
      const expectFault = responseJsonFile === "error_response.json";
      checks.push({
        part: "response",
        outcome: runCheck(() =>
          checkResponse(
            opRef,
            responseXml,
            readJson(path.join(dir, responseJsonFile)),
            expectFault,
            mapper,
            wsdlOptions,
          ),
        ),
      });
    }
  } catch (e) {
    if (e instanceof SkipByDesign)
      return result("skipped-by-design", e.message, [...notes, ...mappers.flatMap((m) => m.notes)]);
    throw e;
  }
  notes.push(...mappers.flatMap((m) => m.notes));
  if (checks.length === 0) return result("skipped-by-design", notes.join("; ") || "nothing to compare");
  const optionNote = Object.keys(wsdlOptions).length ? ` [wsdl_options ${JSON.stringify(wsdlOptions)}]` : "";
  const failed = checks.filter((c) => c.outcome.status !== "pass");
  const reason = failed.map((c) => `${c.part}: ${"detail" in c.outcome ? c.outcome.detail : ""}`).join(" | ");
  if (failed.some((c) => c.outcome.status === "fail")) return result("fail", reason + optionNote, notes);
  if (failed.length) return result("unsupported", reason, notes);
  return result("pass", "", notes);
}

// ------------------------------------------------------------------ report

const escapeCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function report(results: CaseResult[]): string {
  const classes: Outcome[] = ["pass", "fail", "unsupported", "skipped-by-design", "crash"];
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  const lines = [
    `# node-soap request/response samples (${results.length} cases)`,
    "",
    "| class | cases |",
    "| --- | --- |",
    ...classes.map((c) => `| ${c} | ${count(c)} |`),
    "",
    "| case | class | reason |",
    "| --- | --- | --- |",
    ...classes
      .filter((c) => c !== "pass")
      .flatMap((c) =>
        results
          .filter((r) => r.outcome === c)
          .map(
            (r) =>
              `| ${escapeCell(r.name)} | ${c} | ${escapeCell(r.reason)}${r.notes.length ? ` (notes: ${escapeCell(r.notes.join("; "))})` : ""} |`,
          ),
      ),
  ];
  const passNotes = results.filter((r) => r.outcome === "pass" && r.notes.length);
  if (passNotes.length) {
    lines.push(
      "",
      "Passing cases with notes:",
      "",
      "| case | notes |",
      "| --- | --- |",
      ...passNotes.map((r) => `| ${escapeCell(r.name)} | ${escapeCell(r.notes.join("; "))} |`),
    );
  }
  return lines.join("\n") + "\n";
}

const caseNames = present
  ? readdirSync(samplesDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

describe.runIf(present || presentOrSkipMessage())("node-soap request/response samples", () => {
  const results = new Map<string, CaseResult>();

  afterAll(async () => {
    // The summary table, of the cases that ran (all of them unless a filter was given).
    const table = report([...results.values()]);
    console.log(table);
    await mkdir(path.join(repoRoot, "test/.tmp"), { recursive: true });
    await writeFile(path.join(repoRoot, "test/.tmp/node-soap-samples.md"), table, "utf8");
  });

  it.each(caseNames)("%s", async (name) => {
    let result: CaseResult;
    try {
      result = await runCase(name);
    } catch (e) {
      result = {
        name,
        outcome: "crash",
        reason: `${(e as Error).name}: ${firstLine((e as Error).message)}`,
        notes: [],
      };
    }
    results.set(name, result);
    expect(result.outcome, `crashed: ${result.reason}`).not.toBe("crash");
    if (PASSING.has(name)) expect(result.outcome, `no longer passes: ${result.reason}`).toBe("pass");
  });

  it("lists as passing only cases that exist", () => {
    expect(caseNames.length).toBeGreaterThan(0);
    expect([...PASSING].filter((name) => !caseNames.includes(name))).toEqual([]);
  });
});
