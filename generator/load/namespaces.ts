/** Namespace URIs the readers recognise. */
export const NS = {
  wsdl: "http://schemas.xmlsoap.org/wsdl/",
  soap11: "http://schemas.xmlsoap.org/wsdl/soap/",
  soap12: "http://schemas.xmlsoap.org/wsdl/soap12/",
  xs: "http://www.w3.org/2001/XMLSchema",
  soapEnc: "http://schemas.xmlsoap.org/soap/encoding/",
  /** SOAP 1.2's encoding namespace; its Array, Struct and built-in aliases are read like SOAP 1.1's. */
  soapEnc12: "http://www.w3.org/2003/05/soap-encoding",
  wcfSerialization: "http://schemas.microsoft.com/2003/10/Serialization/",
  wsdlSoapHttp: "http://schemas.xmlsoap.org/soap/http",
} as const;
