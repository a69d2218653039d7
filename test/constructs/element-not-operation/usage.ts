// Type-level checks: the request and response types have names users can write.
import type { IAanleverServiceAgent } from "./expected/AanleverServiceAgent.js";
import type { aanleverRequest, aanleverRequest_berichtInhoud, aanleverResponse } from "./expected/types.js";

declare const agent: IAanleverServiceAgent;
const berichtInhoud: aanleverRequest_berichtInhoud = {
  mimeType: "text/xml",
  bestandsnaam: "a.xml",
  inhoud: "PGEvPg==",
};
const request: aanleverRequest = {
  berichtsoort: "IB",
  identiteitBelanghebbende: { nummer: "1", type: "BSN" },
  berichtInhoud,
};
export const response: Promise<aanleverResponse> = agent.aanleveren(request);
// @ts-expect-error the request is one parameter, not unwrapped into its elements
export const unwrapped = agent.aanleveren(undefined, "IB");
// @ts-expect-error berichtInhoud is required
export const incomplete: aanleverRequest = {
  berichtsoort: "IB",
  identiteitBelanghebbende: { nummer: "1", type: "BSN" },
};
