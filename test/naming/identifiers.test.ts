/** naming/identifiers.ts: legal declaration names, parameter names, property keys, string literals, doc text. */
import { describe, expect, it } from "vitest";
import {
  docText,
  isIdentifier,
  lowerFirstWord,
  propertyKey,
  stringLiteral,
  toIdentifier,
  toParameterName,
} from "../../generator/naming/identifiers.js";

describe("toIdentifier", () => {
  it("keeps legal names unchanged", () => {
    for (const name of ["Ticket", "ArrayOfint", "guid", "_private", "$value", "SoExceptionInfo", "A1"])
      expect(toIdentifier(name)).toBe(name);
  });

  it("replaces characters that cannot be in an identifier with _", () => {
    expect(toIdentifier("my-type")).toBe("my_type");
    expect(toIdentifier("a.b c")).toBe("a_b_c");
    expect(toIdentifier("Ticket`1")).toBe("Ticket_1");
  });

  it("prefixes a leading digit with _", () => {
    expect(toIdentifier("1st")).toBe("_1st");
    expect(toIdentifier("2-way")).toBe("_2_way");
  });

  it("suffixes reserved words, built-in type names and globals the generated code uses with _", () => {
    for (const name of [
      "class",
      "default",
      "delete",
      "enum",
      "interface",
      "string",
      "number",
      "any",
      "unknown",
      "object",
      "Date",
      "Record",
      "Promise",
      "Array",
      "Uint8Array",
    ]) {
      expect(toIdentifier(name)).toBe(`${name}_`);
    }
  });

  it("turns the empty name into _", () => {
    expect(toIdentifier("")).toBe("_");
  });

  it("keeps ASCII names as the Unicode rules do", () => {
    for (const name of ["a", "Z9", "_x", "$y", "A_b$", "class", "Date", "x1y2"]) {
      const unicode = /^[\p{ID_Start}_$][\p{ID_Continue}_$\u200c\u200d]*$/u.test(name);
      expect(toIdentifier(name), name).toBe(unicode ? (isIdentifier(name) ? name : `${name}_`) : "?");
      expect(propertyKey(name), name).toBe(name);
    }
  });

  it("always returns a legal, non-reserved identifier", () => {
    for (const name of ["", "1", "class", "a-b", "Größe", "Date", "x y", "_", "$"])
      expect(isIdentifier(toIdentifier(name))).toBe(true);
  });
});

describe("toParameterName", () => {
  it("lower-cases the first letter of a PascalCase wire name", () => {
    expect(toParameterName("BatchReplyData")).toBe("batchReplyData");
    expect(toParameterName("TicketIds")).toBe("ticketIds");
    expect(toParameterName("Id")).toBe("id");
    expect(toParameterName("X")).toBe("x");
  });

  it("lower-cases a leading acronym as a whole", () => {
    expect(toParameterName("ID")).toBe("id");
    expect(toParameterName("URL")).toBe("url");
    expect(toParameterName("URLValue")).toBe("urlValue");
    expect(toParameterName("HTMLBody")).toBe("htmlBody");
  });

  it("keeps names that already start lower-case", () => {
    expect(toParameterName("batchReplyData")).toBe("batchReplyData");
    expect(toParameterName("parameters")).toBe("parameters");
  });

  it("lower-cases exactly what the regular expression of the rule matches", () => {
    const rule = (name: string) => name.replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (m) => m.toLowerCase());
    const pieces = ["A", "B", "Z", "a", "z", "1", "_", "-", "É", "é", "ID", "Id", "URL", ""];
    const names = [""];
    for (let length = 0; length < 4; length++)
      for (const name of names.splice(0)) for (const piece of pieces) names.push(name, name + piece);
    expect([...new Set(names)].filter((name) => lowerFirstWord(name) !== rule(name))).toEqual([]);
  });

  it("makes the result legal: reserved words get _, illegal characters become _", () => {
    expect(toParameterName("Default")).toBe("default_");
    expect(toParameterName("Class")).toBe("class_");
    expect(toParameterName("New")).toBe("new_");
    expect(toParameterName("Ticket-Id")).toBe("ticket_Id");
    expect(toParameterName("1st")).toBe("_1st");
  });
});

describe("propertyKey", () => {
  it("writes identifiers as they are, reserved words included", () => {
    for (const name of ["TicketIds", "class", "default", "$value", "_x"]) expect(propertyKey(name)).toBe(name);
  });

  it("quotes names that are not identifiers", () => {
    expect(propertyKey("my-field")).toBe('"my-field"');
    expect(propertyKey("1st")).toBe('"1st"');
    expect(propertyKey("a b")).toBe('"a b"');
    expect(propertyKey("")).toBe('""');
    expect(propertyKey('say "hi"')).toBe('"say \\"hi\\""');
  });
});

describe("stringLiteral", () => {
  it("escapes quotes, backslashes, control characters and line separators", () => {
    expect(stringLiteral("plain")).toBe('"plain"');
    expect(stringLiteral('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(stringLiteral("line\nbreak")).toBe('"line\\nbreak"');
    expect(stringLiteral("x\u2028y\u2029z")).toBe('"x\\u2028y\\u2029z"');
  });
});

describe("docText", () => {
  it("escapes comment terminators", () => {
    expect(docText("a */ b")).toBe("a *\\/ b");
    expect(docText("*/*/")).toBe("*\\/*\\/");
    expect(docText("**/")).toBe("**\\/");
    expect(docText("a */ b")).not.toContain("*/");
  });

  it("replaces control characters and line separators, normalises line ends, keeps tabs", () => {
    expect(docText("a\u0000b\u0007c")).toBe("a b c");
    expect(docText("a\u2028b")).toBe("a b");
    expect(docText("one\r\ntwo\rthree")).toBe("one\ntwo\nthree");
    expect(docText("tab\there")).toBe("tab\there");
  });

  it("leaves ordinary text alone", () => {
    expect(docText("Replies to several tickets; see `BatchReplyData` & <b>HTML</b>.")).toBe(
      "Replies to several tickets; see `BatchReplyData` & <b>HTML</b>.",
    );
  });
});
