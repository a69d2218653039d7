/**
 * Names that are also `Object.prototype` members (issue 12 part 3, runtime side): types, ports, operations, members,
 * attributes and headers named `constructor`, `__proto__`, `toString`, `hasOwnProperty`, `valueOf` work like any
 * other name; a missing one is an error, never the prototype's function; decoding one never changes a prototype.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SoapClient } from "../../runtime/src/client.js";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, operationRef } from "../../runtime/src/codec.js";
import { SoapCodecError, UnknownOperationError } from "../../runtime/src/errors.js";
import { METADATA_FORMAT, type ServiceMetadata, type TypeMeta } from "../../runtime/src/metadata.js";
import { createSoapHandler } from "../../runtime/src/server.js";
import { ValueCodec } from "../../runtime/src/values.js";
import { parseXmlTree, type XmlNode } from "../../runtime/src/xml.js";
import { LOSSLESS, newPrefixes, xmlOf } from "./value-metadata.js";

const NS = "urn:proto";
const NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"] as const;
const SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

/** A service whose type, operation, members, attribute and headers are all named like Object.prototype members. */
function protoMetadata(): ServiceMetadata {
  const field = (name: string, type = "xs:string") => ({ name, ns: NS, type, min: 0, max: 1 });
  const operation = (name: string) => ({
    style: "document" as const,
    input: {
      use: "literal" as const,
      wrapper: { ns: NS, name, fields: [field("valueOf", "constructor")] },
      headers: [
        { name: "__proto__", element: { ns: NS, name: "__proto__" }, type: "xs:string" },
        { name: "toString", element: { ns: NS, name: "toString" }, type: "xs:string" },
      ],
    },
    output: {
      use: "literal" as const,
      wrapper: { ns: NS, name: `${name}Response`, fields: [field("constructor")] },
      result: "single" as const,
      headers: [],
    },
    faults: [],
  });
  return {
    format: METADATA_FORMAT,
    service: "Proto",
    scalars: LOSSLESS,
    // Built from entries: an object literal key `constructor` is typed against Object.prototype.constructor.
    types: Object.fromEntries<TypeMeta>([
      [
        "constructor",
        {
          kind: "complex",
          xml: { ns: NS, name: "constructor" },
          fields: NAMES.filter((n) => n !== "__proto__").map((n) =>
            field(n, n === "toString" ? "xs:int" : "xs:string"),
          ),
          attributes: [{ name: "__proto__", ns: "", type: "xs:string" }],
        },
      ],
      ["valueOf", { kind: "complex", xml: { ns: NS, name: "valueOf" }, fields: [field("__proto__")] }],
    ]),
    ports: {
      P: {
        soapVersion: "1.1",
        address: "http://127.0.0.1:1/",
        binding: { ns: NS, name: "B" },
        operations: Object.fromEntries([
          ["constructor", operation("constructor")],
          ["toString", operation("toString")],
        ]),
      },
    },
  };
}

const metadata = protoMetadata();
const codec = new ValueCodec(metadata);

function envelope(body: string, header = ""): string {
  return `<s:Envelope xmlns:s="${SOAP}" xmlns:p="${NS}"><s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

describe("types named like Object.prototype members", () => {
  it("a type and members named constructor, __proto__, toString… round-trip as own members", () => {
    const value = Object.fromEntries([
      ["__proto__", "attribute"],
      ["constructor", "c"],
      ["toString", 5],
      ["hasOwnProperty", "h"],
      ["valueOf", "v"],
    ]);
    const xml = xmlOf([codec.encodeElement(newPrefixes(), NS, "v", "constructor", value, "v")]);
    expect(xml).toBe(
      '<ns1:v __proto__="attribute"><ns1:constructor>c</ns1:constructor><ns1:toString>5</ns1:toString>' +
        "<ns1:hasOwnProperty>h</ns1:hasOwnProperty><ns1:valueOf>v</ns1:valueOf></ns1:v>",
    );
    // fast-xml-parser refuses an attribute named __proto__; the decoder's side of it is the next test's.
    const decoded = codec.decodeElement(
      parseXmlTree(xml.replace('<ns1:v __proto__="attribute">', `<ns1:v xmlns:ns1="${NS}">`)),
      "constructor",
      "v",
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(decoded).toEqual(Object.fromEntries(Object.entries(value).filter(([k]) => k !== "__proto__")));
  });

  it("a value without those members writes none of them (the prototype's functions are not members)", () => {
    expect(xmlOf([codec.encodeElement(newPrefixes(), NS, "v", "constructor", {}, "v")])).toBe("<ns1:v/>");
  });

  it("decoding an element or attribute named __proto__ defines an own member and changes no prototype", () => {
    // Built by hand: the element name is the decoder's concern, whatever the XML reader makes of it.
    const scope = new Map([["", NS]]);
    const leaf = (local: string, text: string): XmlNode => ({ local, ns: NS, attrs: {}, children: [], text, scope });
    const node: XmlNode = { ...leaf("v", ""), children: [leaf("__proto__", "b")] };
    const decoded = codec.decodeElement(node, "valueOf", "v") as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(decoded, "__proto__")?.value).toBe("b");
    const withAttribute = codec.decodeElement(
      { ...leaf("v", ""), attrs: Object.fromEntries([["__proto__", "a"]]) },
      "constructor",
      "v",
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(withAttribute)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(withAttribute, "__proto__")?.value).toBe("a");
  });

  it.each(["toString", "hasOwnProperty", "isPrototypeOf", "__proto__"])(
    "a missing type named %s is an error",
    (name) => {
      expect(() => codec.resolve(name)).toThrowError(new SoapCodecError(`type ${name} is not in the metadata`));
      expect(() => codec.encodeElement(newPrefixes(), NS, "v", name, "x", "v")).toThrowError(SoapCodecError);
    },
  );

  it("a $type named like a prototype member is no derived type", () => {
    expect(() => codec.encodeElement(newPrefixes(), NS, "v", "constructor", { $type: "toString" }, "v")).toThrowError(
      /\$type "toString" is not a type derived from constructor/,
    );
  });
});

describe("ports, operations and headers named like Object.prototype members", () => {
  it("operationRef finds own ports and operations only", () => {
    expect(operationRef(metadata, "P", "constructor").operationName).toBe("constructor");
    expect(() => operationRef(metadata, "toString", "constructor")).toThrowError(
      new SoapCodecError("port toString is not in the metadata of Proto"),
    );
    expect(() => operationRef(metadata, "P", "hasOwnProperty")).toThrowError(
      new SoapCodecError("operation hasOwnProperty is not in port P"),
    );
  });

  it("headers named __proto__ and toString are sent only when given, and decoded as own members", () => {
    const ref = operationRef(metadata, "P", "constructor");
    const { body } = encodeRequest(ref, [undefined], {});
    expect(body).not.toContain("Header");
    const headers = Object.fromEntries([
      ["__proto__", "p"],
      ["toString", "t"],
    ]);
    const decoded = decodeRequest(ref, encodeRequest(ref, [undefined], headers).body);
    expect(Object.getPrototypeOf(decoded.headers)).toBe(Object.prototype);
    expect(Object.entries(decoded.headers)).toEqual([
      ["__proto__", "p"],
      ["toString", "t"],
    ]);
  });

  it("a response without its single result member named constructor is an error, not Object", () => {
    const ref = operationRef(metadata, "P", "constructor");
    const error = thrown(() => decodeResponse(ref, envelope("<p:constructorResponse/>")));
    expect(error).toEqual(new SoapCodecError("the response of constructor has no constructor"));
    expect(decodeResponse(ref, encodeResponse(ref, "ok").body).result).toBe("ok");
  });

  it("the client finds own ports and operations only", async () => {
    expect(() => new SoapClient(metadata, "toString", { endpoint: "http://127.0.0.1:1/" })).toThrow(
      "port toString is not in the metadata of Proto",
    );
    const client = new SoapClient(metadata, "P", { endpoint: "http://127.0.0.1:1/" });
    await expect(client.invoke("valueOf", [])).rejects.toBeInstanceOf(UnknownOperationError);
  });
});

describe("a server whose implementation lacks operations named like Object.prototype members", () => {
  let server: http.Server;
  let endpoint: string;
  class Implementation {
    unrelated() {
      return "x";
    }
  }
  beforeAll(async () => {
    server = http.createServer(createSoapHandler(metadata, "P", new Implementation()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(["constructor", "toString"])(
    "answers %s with 'not implemented', calling no prototype function",
    async (op) => {
      const ref = operationRef(metadata, "P", op);
      const request = encodeRequest(ref, [undefined]);
      const res = await fetch(endpoint, { method: "POST", headers: request.httpHeaders, body: request.body });
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).toContain(`operation ${op} is not implemented`);
    },
  );
});

describe("the metadata format", () => {
  it("metadata of another format is refused with the remedy, not misread", () => {
    const old = { ...protoMetadata(), format: 1 } as unknown as ServiceMetadata;
    expect(() => new ValueCodec(old)).toThrowError(
      /the metadata of Proto has format 1; this runtime reads format 2: regenerate the client/,
    );
    expect(() => encodeRequest(operationRef(old, "P", "constructor"), [undefined])).toThrowError(/has format 1/);
  });
});
