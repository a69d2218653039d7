// Synthetic WSDL for the scaling benchmark: one SOAP 1.1 document/literal wrapped service with
// N complex types and N/5 operations, fully deterministic (no randomness), so runs are comparable.
//
// For N the schema holds:
//   - N complex types: 90 % records `TypeI` (5–8 members of mixed built-in types, a reference to an earlier
//     record, an enum member, an ArrayOfX member) and 10 % WCF-style arrays `ArrayOfTypeJ`
//     (one unbounded nillable item element);
//   - N/10 enumerations `KindK` (xs:string restriction, 4 values);
//   - for each of the N/5 operations `OpK` the wrapper elements `OpK` and `OpKResponse`.
// Usage as a script: node test/bench/synth.mjs N [outFile]
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TNS = "http://bench.example.org/synthetic";
const BUILTINS = [
  "xs:string",
  "xs:int",
  "xs:boolean",
  "xs:dateTime",
  "xs:decimal",
  "xs:long",
  "xs:double",
  "xs:base64Binary",
  "xs:date",
  "xs:short",
];

/** The kinds of the N complex types, by index: every 10th is an ArrayOfX of an earlier record. */
function isArray(i) {
  return i % 10 === 9;
}

/** Returns the WSDL text for n complex types. */
export function syntheticWsdl(n) {
  const records = [];
  const arrays = [];
  for (let i = 0; i < n; i++) (isArray(i) ? arrays : records).push(i);
  const enumCount = Math.max(1, Math.floor(n / 10));
  const opCount = Math.max(1, Math.floor(n / 5));
  const out = [];
  out.push(`<?xml version="1.0" encoding="utf-8"?>`);
  out.push(
    `<wsdl:definitions name="BenchService" targetNamespace="${TNS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" ` +
      `xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${TNS}">`,
  );
  out.push(`<wsdl:types>`);
  out.push(`<xs:schema elementFormDefault="qualified" targetNamespace="${TNS}">`);
  for (let k = 0; k < enumCount; k++) {
    out.push(`<xs:simpleType name="Kind${k}"><xs:restriction base="xs:string">`);
    for (const v of ["None", "Low", "Medium", "High"]) out.push(`<xs:enumeration value="${v}${k}"/>`);
    out.push(`</xs:restriction></xs:simpleType>`);
  }
  for (let i = 0; i < n; i++) {
    if (isArray(i)) {
      const item = i - 1; // the record just before it (i - 1 is never an array)
      out.push(
        `<xs:complexType name="ArrayOfType${item}"><xs:sequence>` +
          `<xs:element minOccurs="0" maxOccurs="unbounded" name="Type${item}" nillable="true" type="tns:Type${item}"/>` +
          `</xs:sequence></xs:complexType>`,
      );
      continue;
    }
    const members = [];
    const scalarCount = 3 + (i % 4); // 3–6 built-in members
    for (let m = 0; m < scalarCount; m++) {
      const t = BUILTINS[(i + m * 3) % BUILTINS.length];
      const occurs = m % 2 === 1 ? ` minOccurs="0"` : "";
      const nillable = m % 3 === 2 ? ` nillable="true"` : "";
      members.push(`<xs:element${occurs} name="Field${m}"${nillable} type="${t}"/>`);
    }
    members.push(`<xs:element name="Kind" type="tns:Kind${i % enumCount}"/>`);
    if (i >= 2) {
      // a reference to an earlier record (a tree of references, no cycles needed)
      let ref = Math.floor(i * 0.618034);
      if (isArray(ref)) ref -= 1;
      members.push(`<xs:element minOccurs="0" name="Parent" nillable="true" type="tns:Type${ref}"/>`);
    }
    if (i >= 10) {
      // an ArrayOfX member: the array with the highest index below i
      const arrayIndex = Math.floor(i / 10) * 10 - 1;
      members.push(
        `<xs:element minOccurs="0" name="Children" nillable="true" type="tns:ArrayOfType${arrayIndex - 1}"/>`,
      );
    }
    out.push(`<xs:complexType name="Type${i}"><xs:sequence>${members.join("")}</xs:sequence></xs:complexType>`);
  }
  for (let k = 0; k < opCount; k++) {
    const input = records[(k * 13) % records.length];
    const output = records[(k * 17 + 5) % records.length];
    out.push(
      `<xs:element name="Op${k}"><xs:complexType><xs:sequence>` +
        `<xs:element minOccurs="0" name="request" nillable="true" type="tns:Type${input}"/>` +
        `<xs:element minOccurs="0" name="id" type="xs:int"/>` +
        `</xs:sequence></xs:complexType></xs:element>`,
    );
    out.push(
      `<xs:element name="Op${k}Response"><xs:complexType><xs:sequence>` +
        `<xs:element minOccurs="0" name="Op${k}Result" nillable="true" type="tns:Type${output}"/>` +
        `</xs:sequence></xs:complexType></xs:element>`,
    );
  }
  out.push(`</xs:schema>`);
  out.push(`</wsdl:types>`);
  for (let k = 0; k < opCount; k++) {
    out.push(
      `<wsdl:message name="IBench_Op${k}_InputMessage"><wsdl:part name="parameters" element="tns:Op${k}"/></wsdl:message>`,
    );
    out.push(
      `<wsdl:message name="IBench_Op${k}_OutputMessage"><wsdl:part name="parameters" element="tns:Op${k}Response"/></wsdl:message>`,
    );
  }
  out.push(`<wsdl:portType name="IBench">`);
  for (let k = 0; k < opCount; k++) {
    out.push(
      `<wsdl:operation name="Op${k}"><wsdl:input message="tns:IBench_Op${k}_InputMessage"/>` +
        `<wsdl:output message="tns:IBench_Op${k}_OutputMessage"/></wsdl:operation>`,
    );
  }
  out.push(`</wsdl:portType>`);
  out.push(`<wsdl:binding name="BasicHttpBinding_IBench" type="tns:IBench">`);
  out.push(`<soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>`);
  for (let k = 0; k < opCount; k++) {
    out.push(
      `<wsdl:operation name="Op${k}"><soap:operation soapAction="${TNS}/IBench/Op${k}" style="document"/>` +
        `<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`,
    );
  }
  out.push(`</wsdl:binding>`);
  out.push(
    `<wsdl:service name="BenchService"><wsdl:port name="BasicHttpBinding_IBench" binding="tns:BasicHttpBinding_IBench">`,
  );
  out.push(`<soap:address location="http://localhost/BenchService.svc"/></wsdl:port></wsdl:service>`);
  out.push(`</wsdl:definitions>`);
  return out.join("\n") + "\n";
}

/** Writes the synthetic WSDL for n to dir/Bench<n>.wsdl and returns its path. */
export function writeSyntheticWsdl(n, dir) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `Bench${n}.wsdl`);
  writeFileSync(file, syntheticWsdl(n), "utf8");
  return file;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 100);
  const file = process.argv[3];
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, syntheticWsdl(n), "utf8");
    console.log(file);
  } else {
    process.stdout.write(syntheticWsdl(n));
  }
}
