/**
 * The particle readers, one construct at a time (xsd/sequence.ts, all.ts, choice.ts, group.ts, any.ts,
 * substitution-group.ts, through the dispatch in xsd/particles.ts): the fields, choices and warnings a content
 * model reads into.
 */
import { describe, expect, it } from "vitest";
import { DiagnosticSink, GeneratorError } from "../../generator/diagnostics.js";
import { NS } from "../../generator/load/namespaces.js";
import { parseXml } from "../../generator/load/xml.js";
import type { Field } from "../../generator/model/model.js";
import type { Particles } from "../../generator/xsd/content-model.js";
import { readParticles } from "../../generator/xsd/particles.js";
import { schemaReader } from "../../generator/xsd/read-schemas.js";
import { SchemaIndex } from "../../generator/xsd/schema-index.js";
import { substitutes } from "../../generator/xsd/substitution-group.js";

const TNS = "urn:p";

function schemaText(content: string): string {
  return `<xs:schema targetNamespace="${TNS}" elementFormDefault="qualified" xmlns:tns="${TNS}"
  xmlns:xs="http://www.w3.org/2001/XMLSchema">${content}</xs:schema>`;
}

/** Reads the content model of the complex type `T` declared in `content`. */
function read(content: string): { particles: Particles; warnings: string[]; messages: string[] } {
  const sink = new DiagnosticSink();
  const index = new SchemaIndex([parseXml(schemaText(content), "p.xsd")], sink);
  const reader = schemaReader(index, sink);
  const type = index.get("complexType", { ns: TNS, local: "T" });
  if (!type) throw new Error("the schema declares no complexType T");
  const particle = type.el.children.find((c) => c.ns === NS.xs && c.local !== "annotation");
  if (!particle) throw new Error("complexType T has no particle");
  const particles = readParticles(reader, particle, type.schema);
  return { particles, warnings: sink.warnings.map((w) => w.code), messages: sink.warnings.map((w) => w.message) };
}

/** `name min..max` for each field, plus `?choice` for choice members and the particle kind. */
function summary(fields: Field[]): string[] {
  return fields.map(
    (f) =>
      `${f.name} ${f.minOccurs}..${f.maxOccurs === "unbounded" ? "*" : f.maxOccurs}` +
      `${f.choice ? " choice" : ""}${f.particle ? ` ${f.particle}` : ""}`,
  );
}

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof GeneratorError) return e.diagnostics[0]!.code;
    throw e;
  }
  return undefined;
}

describe("xs:sequence", () => {
  it("reads its elements in document order, with their namespace, type and occurrences", () => {
    const { particles, warnings } = read(`
      <xs:complexType name="T"><xs:sequence>
        <xs:element name="b" type="xs:int"/>
        <xs:element name="a" type="xs:string" minOccurs="0" maxOccurs="3" nillable="true"/>
      </xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["b 1..1", "a 0..3"]);
    expect(particles.fields[0]).toMatchObject({ ns: TNS, type: { kind: "builtin", name: "int" }, nillable: false });
    expect(particles.fields[1]).toMatchObject({ nillable: true });
    expect(particles.choices).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("makes the members of an optional sequence optional, and those of a repeated one repeated (warned)", () => {
    const optional = read(`
      <xs:complexType name="T"><xs:sequence>
        <xs:element name="a" type="xs:int"/>
        <xs:sequence minOccurs="0"><xs:element name="b" type="xs:int"/></xs:sequence>
      </xs:sequence></xs:complexType>`);
    expect(summary(optional.particles.fields)).toEqual(["a 1..1", "b 0..1"]);
    expect(optional.warnings).toEqual([]);
    const repeated = read(`
      <xs:complexType name="T"><xs:sequence maxOccurs="unbounded">
        <xs:element name="k" type="xs:string"/><xs:element name="v" type="xs:string"/>
      </xs:sequence></xs:complexType>`);
    expect(summary(repeated.particles.fields)).toEqual(["k 1..*", "v 1..*"]);
    expect(repeated.warnings).toEqual(["repeated-group"]);
  });

  it("merges an element declared twice into one repeated member (warned)", () => {
    const { particles, warnings } = read(`
      <xs:complexType name="T"><xs:sequence>
        <xs:element name="a" type="xs:int"/><xs:element name="a" type="xs:int"/>
      </xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["a 1..*"]);
    expect(warnings).toEqual(["duplicate-element"]);
  });
});

describe("xs:all", () => {
  it("reads its elements in schema order, like a sequence", () => {
    const { particles, warnings } = read(`
      <xs:complexType name="T"><xs:all>
        <xs:element name="z" type="xs:int"/><xs:element name="y" type="xs:int" minOccurs="0"/>
      </xs:all></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["z 1..1", "y 0..1"]);
    expect(particles.choices).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("makes the members of an optional xs:all optional", () => {
    const { particles } = read(`
      <xs:complexType name="T"><xs:all minOccurs="0">
        <xs:element name="z" type="xs:int"/><xs:element name="y" type="xs:int"/>
      </xs:all></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["z 0..1", "y 0..1"]);
  });

  it("makes its members optional inside an optional group", () => {
    const { particles } = read(`
      <xs:complexType name="T"><xs:sequence minOccurs="0"><xs:all>
        <xs:element name="z" type="xs:int"/>
      </xs:all></xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["z 0..1"]);
  });
});

describe("xs:choice", () => {
  it("is an exclusive choice: every member optional on the body, one alternative per particle", () => {
    const { particles, warnings } = read(`
      <xs:complexType name="T"><xs:choice>
        <xs:element name="a" type="xs:int"/>
        <xs:sequence><xs:element name="b" type="xs:int"/><xs:element name="c" type="xs:int" minOccurs="0"/></xs:sequence>
      </xs:choice></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["a 0..1 choice", "b 0..1 choice", "c 0..1 choice"]);
    expect(particles.choices).toEqual([
      {
        alternatives: [
          [{ name: "a", required: true }],
          [
            { name: "b", required: true },
            { name: "c", required: false },
          ],
        ],
        optional: false,
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it("is optional when the choice is, when an enclosing group is, or when an alternative sets nothing", () => {
    const optional = (content: string) => read(`<xs:complexType name="T">${content}</xs:complexType>`).particles;
    const ab = `<xs:element name="a" type="xs:int"/><xs:element name="b" type="xs:int"/>`;
    expect(optional(`<xs:choice>${ab}</xs:choice>`).choices[0]!.optional).toBe(false);
    expect(optional(`<xs:choice minOccurs="0">${ab}</xs:choice>`).choices[0]!.optional).toBe(true);
    expect(optional(`<xs:sequence minOccurs="0"><xs:choice>${ab}</xs:choice></xs:sequence>`).choices[0]!.optional).toBe(
      true,
    );
    const nested = optional(
      `<xs:choice><xs:element name="c" type="xs:int"/><xs:choice minOccurs="0">${ab}</xs:choice></xs:choice>`,
    );
    expect(nested.choices[0]).toEqual({
      alternatives: [[{ name: "c", required: true }], [{ name: "a", required: true }], [{ name: "b", required: true }]],
      optional: true,
    });
  });

  it("becomes one group field when repeated, whose items are the choice", () => {
    const { particles } = read(`
      <xs:complexType name="T"><xs:choice maxOccurs="unbounded">
        <xs:element name="a" type="xs:int"/><xs:element name="b" type="xs:string"/>
      </xs:choice></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["$aOrb 1..* choice group"]);
    const items = particles.fields[0]!.type;
    expect(items.kind === "inline" && items.type.kind === "complex" && summary(items.type.fields)).toEqual([
      "a 0..1 choice",
      "b 0..1 choice",
    ]);
    expect(particles.choices).toEqual([]);
  });

  it("falls back to optional members when it contains xs:any (warned)", () => {
    const { particles, warnings, messages } = read(`
      <xs:complexType name="T"><xs:choice>
        <xs:element name="a" type="xs:int"/><xs:any/>
      </xs:choice></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["a 0..1 choice", "$any 0..* any"]);
    expect(particles.choices).toEqual([]);
    expect(warnings).toEqual(["choice-as-optional"]);
    expect(messages[0]).toContain("xs:choice containing xs:any");
  });
});

describe("xs:group ref", () => {
  const group = `
      <xs:group name="G"><xs:sequence>
        <xs:element name="g1" type="xs:int"/><xs:element name="g2" type="xs:int"/>
      </xs:sequence></xs:group>`;

  it("inlines the group's members where it is referred to", () => {
    const { particles } = read(`${group}
      <xs:complexType name="T"><xs:sequence>
        <xs:element name="a" type="xs:int"/><xs:group ref="tns:G"/><xs:element name="z" type="xs:int"/>
      </xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["a 1..1", "g1 1..1", "g2 1..1", "z 1..1"]);
  });

  it("applies the ref's occurrences to the group's members", () => {
    const { particles } = read(`${group}
      <xs:complexType name="T"><xs:sequence><xs:group ref="tns:G" minOccurs="0"/></xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["g1 0..1", "g2 0..1"]);
  });

  it("fails on a group that is not declared, and on one that contains itself", () => {
    expect(
      errorCode(() =>
        read(`<xs:complexType name="T"><xs:sequence><xs:group ref="tns:Missing"/></xs:sequence></xs:complexType>`),
      ),
    ).toBe("group-missing");
    expect(
      errorCode(() =>
        read(`
      <xs:group name="Loop"><xs:sequence><xs:group ref="tns:Loop"/></xs:sequence></xs:group>
      <xs:complexType name="T"><xs:sequence><xs:group ref="tns:Loop"/></xs:sequence></xs:complexType>`),
      ),
    ).toBe("schema-group-cycle");
  });
});

describe("xs:any", () => {
  it("is one $any field at the position of the first wildcard", () => {
    const { particles, warnings } = read(`
      <xs:complexType name="T"><xs:sequence>
        <xs:element name="a" type="xs:int"/><xs:any/><xs:element name="b" type="xs:int"/><xs:any/>
      </xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["a 1..1", "$any 0..* any", "b 1..1"]);
    expect(particles.fields[1]!.type).toEqual({ kind: "builtin", name: "anyType" });
    expect(particles.anyElement).toBe(true);
    expect(warnings).toEqual([]);
  });

  it("leaves anyElement unset in a content model without wildcards", () => {
    const { particles } = read(
      `<xs:complexType name="T"><xs:sequence><xs:element name="a" type="xs:int"/></xs:sequence></xs:complexType>`,
    );
    expect(particles.anyElement).toBe(false);
  });
});

describe("substitution groups", () => {
  const elements = `
      <xs:element name="Shape" type="xs:string"/>
      <xs:element name="Square" type="xs:string" substitutionGroup="tns:Shape"/>
      <xs:element name="Circle" type="xs:string" substitutionGroup="tns:Shape"/>
      <xs:element name="BigCircle" type="xs:string" substitutionGroup="tns:Circle"/>
      <xs:element name="Ghost" type="xs:string" abstract="true" substitutionGroup="tns:Shape"/>`;

  it("lists the elements that substitute for a head, transitively, sorted by name", () => {
    const sink = new DiagnosticSink();
    const index = new SchemaIndex([parseXml(schemaText(elements), "p.xsd")], sink);
    const reader = schemaReader(index, sink);
    expect(substitutes(reader, { ns: TNS, local: "Shape" }).map((q) => q.local)).toEqual([
      "BigCircle",
      "Circle",
      "Ghost",
      "Square",
    ]);
    expect(substitutes(reader, { ns: TNS, local: "Square" })).toEqual([]);
  });

  it("reads a ref to the head as an exclusive choice of the head and its non-abstract members", () => {
    const { particles, warnings } = read(`${elements}
      <xs:complexType name="T"><xs:sequence><xs:element ref="tns:Shape"/></xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual([
      "Shape 0..1 choice",
      "BigCircle 0..1 choice",
      "Circle 0..1 choice",
      "Square 0..1 choice",
    ]);
    expect(particles.choices[0]!.alternatives.map((a) => a.map((m) => m.name))).toEqual([
      ["Shape"],
      ["BigCircle"],
      ["Circle"],
      ["Square"],
    ]);
    expect(particles.fields.every((f) => f.ref?.ns === TNS)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it("leaves an abstract head out of the choice", () => {
    const { particles } = read(`
      <xs:element name="Base" type="xs:string" abstract="true"/>
      <xs:element name="Real" type="xs:string" substitutionGroup="tns:Base"/>
      <xs:complexType name="T"><xs:sequence><xs:element ref="tns:Base"/></xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["Real 0..1 choice"]);
  });

  it("reads a repeated ref to the head as the group field $<Head>", () => {
    const { particles } = read(`${elements}
      <xs:complexType name="T"><xs:sequence>
        <xs:element ref="tns:Shape" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["$Shape 0..* choice group"]);
  });

  it("reads a ref to an abstract head nothing substitutes for as the element itself (warned)", () => {
    const { particles, warnings } = read(`
      <xs:element name="Lonely" type="xs:string" abstract="true"/>
      <xs:complexType name="T"><xs:sequence><xs:element ref="tns:Lonely"/></xs:sequence></xs:complexType>`);
    expect(summary(particles.fields)).toEqual(["Lonely 1..1"]);
    expect(warnings).toEqual(["substitution-group-empty"]);
  });
});
