// Type-level checks of the choice mapping: exactly one alternative, whole; the repeated choice keeps order.
import type { Contact, Filter, Payment, RefundPayment, Shelf } from "./expected/types.js";

const card = { Number: "4111", Expiry: "12/30" };
export const byCard: Payment = { Amount: "1", Card: card };
export const byBank: Payment = { Amount: "1", BankCode: "6000", Account: "1", Note: "n" };
// @ts-expect-error two alternatives at once
export const both: Payment = { Amount: "1", Card: card, Iban: "NO93" };
// @ts-expect-error a required choice left out
export const none: Payment = { Amount: "1" };
// @ts-expect-error half of the sequence alternative
export const half: Payment = { Amount: "1", BankCode: "6000" };
export const refund: RefundPayment = { Amount: "1", Iban: "NO93", Reason: "r", $type: "RefundPayment" };
export const noContact: Contact = {};
export const phone: Contact = { Phone: "1" };
// @ts-expect-error both alternatives of an optional choice
export const twoContacts: Contact = { Email: "a", Phone: "b" };
export const filter: Filter = { ByTag: ["a"] };
export const shelf: Shelf = { Label: "l", $BookOrMagazine: [{ Book: "a" }, { Magazine: 1 }] };
// @ts-expect-error one item holding two alternatives
export const badShelf: Shelf = { Label: "l", $BookOrMagazine: [{ Book: "a", Magazine: 1 }] };

/** Narrowing works on the members. */
export function describePayment(p: Payment): string {
  if (p.Card) return p.Card.Number;
  if (p.Iban !== undefined) return p.Iban;
  return `${p.BankCode}/${p.Account}`;
}
