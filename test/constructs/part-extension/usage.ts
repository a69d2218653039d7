// Type-level checks: the part's type is declared under the element's name and extends the base.
import type { IShippingAgent } from "./expected/ShippingAgent.js";
import type { BaseRequest, BaseResponse, Shipment, ShipmentResponse } from "./expected/types.js";

declare const agent: IShippingAgent;
const shipment: Shipment = { version: "2", ClientId: "c", Weight: "1.5", Destination: "NL", priority: true };
export const base: BaseRequest = shipment;
export const response: Promise<ShipmentResponse> = agent.Shipment(shipment);
export const status: Promise<BaseResponse> = response;
// @ts-expect-error the base's required attribute is required here too
export const noVersion: Shipment = { ClientId: "c", Weight: "1.5", Destination: "NL" };
// @ts-expect-error the result is not void
export const nothing: Promise<void> = agent.Shipment(shipment);
