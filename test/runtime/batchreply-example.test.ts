/**
 * SuperOffice's documented BatchReply messages (../shared/examples/superoffice/Ticket/). The example uses the
 * SOAP 1.2 envelope namespace and puts the header elements directly under Envelope, while the WSDL binds SOAP 1.1
 * with soap:header. Decision: the binding governs the wire — the client sends a SOAP 1.1 envelope with the
 * headers inside soap:Header and a SOAPAction HTTP header; decoding accepts both shapes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { metadata } from "../../generated/Services88-Ticket/metadata.js";
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  operationRef,
  parseEnvelope,
  SOAP11_ENV,
} from "../../runtime/src/codec.js";
import { XSI_NS } from "../../runtime/src/namespaces.js";
import { attributeNS, type XmlNode } from "../../runtime/src/xml.js";
import { hasShared, sharedDir, sharedOrSkipMessage } from "../helpers.js";

const exampleDir = path.join(sharedDir, "examples/superoffice/Ticket");
const ref = operationRef(metadata, "BasicHttpBinding_Ticket", "BatchReply");

/** Namespace, local name, trimmed text and children, in order; prefixes, whitespace and xsi:type dropped. */
interface Canon {
  name: string;
  text?: string;
  nil?: true;
  children?: Canon[];
}
function canon(node: XmlNode): Canon {
  const c: Canon = { name: `{${node.ns}}${node.local}` };
  if (node.children.length) c.children = node.children.map(canon);
  else c.text = node.text.trim();
  if (attributeNS(node, XSI_NS, "nil") === "true") c.nil = true;
  return c;
}

const documentedData = {
  TicketIds: [0],
  CloseTickets: false,
  AttachmentIds: [0],
  HtmlBody: "",
  Slevel: "Unknown" as const,
  TimeSpent: 0,
  SendCopyToCustomer: false,
};
const documentedHeaders = { ApplicationToken: "1234567-1234-9876", Credentials: { Ticket: "7T:1234abcxyzExample==" } };

describe.runIf(hasShared || sharedOrSkipMessage("SuperOffice's documented BatchReply messages"))(
  "documented BatchReply messages",
  () => {
    const requestXml = () => readFileSync(path.join(exampleDir, "BatchReply.request.xml"), "utf8");
    const responseXml = () => readFileSync(path.join(exampleDir, "BatchReply.response.xml"), "utf8");

    it("encoding the documented values gives an equivalent envelope (elements, namespaces, order, values)", () => {
      const ours = parseEnvelope(encodeRequest(ref, [documentedData], documentedHeaders).body);
      const theirs = parseEnvelope(requestXml());
      expect(ours.body.children.map(canon)).toEqual(theirs.body.children.map(canon));
      expect(ours.headers.map(canon)).toEqual(theirs.headers.map(canon));
      // Not vacuous: the body holds the seven members.
      expect(ours.body.children[0]!.children[0]!.children.map((c) => c.local)).toEqual(Object.keys(documentedData));
    });

    it("sends what the binding says: SOAP 1.1, headers in soap:Header, SOAPAction", () => {
      const { body, httpHeaders } = encodeRequest(ref, [documentedData], documentedHeaders);
      const parsed = parseEnvelope(body);
      expect(parsed.env).toBe(SOAP11_ENV);
      expect(body).toMatch(/<soap:Envelope[^>]*><soap:Header><ns1:ApplicationToken>/);
      expect(httpHeaders).toEqual({
        "Content-Type": "text/xml; charset=utf-8",
        SOAPAction: '"http://www.superoffice.net/ws/crm/NetServer/Services88/Ticket/BatchReply"',
      });
    });

    it("decodes the documented request (SOAP 1.2 namespace, headers under Envelope) into typed values", () => {
      expect(decodeRequest(ref, requestXml())).toEqual({ args: [documentedData], headers: documentedHeaders });
    });

    it("decodes the documented response to 0", () => {
      expect(decodeResponse(ref, responseXml())).toEqual({ result: 0, headers: {} });
    });

    it("encodes a response equivalent to the documented one", () => {
      const ours = parseEnvelope(encodeResponse(ref, 0).body);
      const theirs = parseEnvelope(responseXml());
      expect(ours.body.children.map(canon)).toEqual(theirs.body.children.map(canon));
    });
  },
);
