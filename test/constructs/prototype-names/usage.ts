// Type-level checks: types, members, enumeration values, operations and ports named like Object's members.
import { __proto__Agent, type I__proto__Agent } from "./expected/__proto__Agent.js";
import { metadata } from "./expected/metadata.js";
import {
  valueOf,
  type __proto__,
  type constructor,
  type hasOwnProperty,
  type toString,
  type valueOfRequest,
} from "./expected/types.js";

const dictionary: hasOwnProperty = { constructor: "a", toString: "b", ["__proto__"]: "c" };
const inner: constructor = {
  constructor: "x",
  ["__proto__"]: "own member",
  toString: 2,
  hasOwnProperty: true,
  valueOf: valueOf.__proto__,
  extra: dictionary,
};
const proto: __proto__ = { constructor: "c", toString: 1, inner };
const derived: toString = { ...inner, $type: "toString", more: "m" };

const agent: I__proto__Agent = new __proto__Agent({ port: "constructor" });
export const a: Promise<toString> = agent.constructor_(derived);
export const b: Promise<valueOf> = agent.toString(proto);
export const c: Promise<void> = agent.__proto__(dictionary);
export const d: Promise<hasOwnProperty> = agent.valueOf({ valueOf: "hasOwnProperty" });
export const e: Promise<valueOfRequest> = agent.hasOwnProperty(dictionary);
export const ports: string[] = Object.keys(metadata.ports);
export const typeNames: string[] = Object.keys(metadata.types);
// @ts-expect-error an enumeration value outside the set
export const bad: valueOf = "isPrototypeOf";
// @ts-expect-error a port the service does not have
export const noPort = new __proto__Agent({ port: "toString" });
