/** Namespace URIs the readers recognise, by short name (the URIs themselves live in runtime/namespaces.ts). */
import {
  SOAP11_ENV,
  SOAP12_ENV,
  SOAP_HTTP_TRANSPORT,
  SOAPENC12_NS,
  SOAPENC_NS,
  WCF_SERIALIZATION_NS,
  WSDL_NS,
  WSDL_SOAP11_NS,
  WSDL_SOAP12_NS,
  XML_NS,
  XSD_NS,
} from "@wsdlgen/runtime/namespaces";

export const NS = {
  wsdl: WSDL_NS,
  soap11: WSDL_SOAP11_NS,
  soap12: WSDL_SOAP12_NS,
  xs: XSD_NS,
  xml: XML_NS,
  soapEnc: SOAPENC_NS,
  /** SOAP 1.2's encoding namespace; its Array, Struct and built-in aliases are read like SOAP 1.1's. */
  soapEnc12: SOAPENC12_NS,
  wcfSerialization: WCF_SERIALIZATION_NS,
  wsdlSoapHttp: SOAP_HTTP_TRANSPORT,
  soapEnv11: SOAP11_ENV,
  soapEnv12: SOAP12_ENV,
} as const;
