// Type-level checks: one parameter per body part, an object of the output parts.
import type { IBankAgent } from "./expected/BankAgent.js";
import type { Receipt } from "./expected/types.js";

declare const agent: IBankAgent;
export const done: Promise<{ receipt: Receipt; balance: string | null }> = agent.Transfer(
  { Iban: "NL01" },
  { Iban: "NL02" },
  "10.00",
);
// @ts-expect-error every part is a required parameter
export const missing = agent.Transfer({ Iban: "NL01" }, { Iban: "NL02" });
