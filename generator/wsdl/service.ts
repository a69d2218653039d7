/** `wsdl:service` and its `wsdl:port`s with their SOAP addresses. */
import type { DiagnosticSink } from "../diagnostics.js";
import { NS } from "../load/namespaces.js";
import { childrenNamed, firstChild } from "../load/xml.js";
import type { Port, Service } from "../model/model.js";
import type { XsdReader } from "../xsd/reader.js";
import { readBinding } from "./binding.js";
import { documentation, wsdlQName, type WsdlIndex } from "./definitions.js";

export function readServices(wsdl: WsdlIndex, reader: XsdReader, sink: DiagnosticSink): Service[] {
  const services: Service[] = [];
  for (const { el, name, targetNamespaces } of wsdl.services) {
    const service: Service = { name: name.local, ports: [] };
    const doc = documentation(el) ?? wsdl.definitionsDoc;
    if (doc) service.doc = doc;
    for (const portEl of childrenNamed(el, NS.wsdl, "port")) {
      const construct = `wsdl:port ${portEl.attrs.name ?? ""}`;
      const bindingName = wsdlQName(portEl, "binding", sink, construct);
      const binding = readBinding(wsdl, reader, bindingName, sink, portEl.location, { el, name, targetNamespaces });
      if (!binding) continue;
      const address = firstChild(portEl, NS.soap11, "address") ?? firstChild(portEl, NS.soap12, "address");
      const port: Port = {
        name: portEl.attrs.name ?? "",
        binding: binding.name,
        portType: binding.portType,
        soapVersion: binding.soapVersion,
        operations: binding.operations,
      };
      if (binding.portTypeDoc) port.portTypeDoc = binding.portTypeDoc;
      if (address?.attrs.location) port.address = address.attrs.location;
      service.ports.push(port);
    }
    if (service.ports.length) services.push(service);
  }
  if (services.length === 0) {
    // No wsdl:service (an abstract WSDL): expose every SOAP binding as a port without an address.
    const ports: Port[] = [];
    for (const { el, name } of wsdl.bindings.values()) {
      const binding = readBinding(wsdl, reader, name, sink, el.location);
      if (!binding) continue;
      const port: Port = {
        name: name.local,
        binding: name,
        portType: binding.portType,
        soapVersion: binding.soapVersion,
        operations: binding.operations,
      };
      if (binding.portTypeDoc) port.portTypeDoc = binding.portTypeDoc;
      ports.push(port);
    }
    if (ports.length) {
      sink.warn(
        "service-missing",
        "the WSDL declares no wsdl:service; its bindings are generated without an endpoint address",
        "wsdl:definitions",
      );
      const service: Service = { name: wsdl.definitionsName ?? ports[0]!.portType.local, ports };
      if (wsdl.definitionsDoc) service.doc = wsdl.definitionsDoc;
      services.push(service);
    }
  }
  return services;
}
