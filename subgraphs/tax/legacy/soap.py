"""SOAP 1.1 envelopes for the legacy server: parse requests, build responses and faults.

Responses use JAX-WS style prefixes (`S:` for the envelope, `ns2:` for the service), so a
client has to resolve namespaces rather than match prefixes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from subgraphs.tax.legacy.wsdl import SOAP_ENV, TNS, XSI

NSMAP = {"S": SOAP_ENV, "ns2": TNS, "xsi": XSI}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass
class SoapFault(Exception):
    """A fault to answer with: faultcode is 'Client', 'Server' or 'VersionMismatch'."""

    faultcode: str
    faultstring: str
    code: str = ""  # goes into TaxFaultDetail/Code
    personal_codes: list[str] = field(default_factory=list)
    namespace: str = ""  # of a faultcode that is not SOAP's own (wsse:FailedAuthentication)


@dataclass(frozen=True)
class SoapRequest:
    operation: str
    body: etree._Element  # the operation element
    header: etree._Element | None = None  # the SOAP Header (WS-Security: security.py)


def parse_request(raw: bytes) -> SoapRequest:
    try:
        root = etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SoapFault("Client", f"Malformed XML: {exc}", "MalformedRequest") from exc
    if etree.QName(root).localname != "Envelope":
        raise SoapFault("Client", "Root element is not a SOAP Envelope", "MalformedRequest")
    if etree.QName(root).namespace != SOAP_ENV:
        raise SoapFault("VersionMismatch", "Only SOAP 1.1 envelopes are understood", "VersionMismatch")
    body = root.find(f"{{{SOAP_ENV}}}Body")
    if body is None or len(body) == 0:
        raise SoapFault("Client", "SOAP Body is missing or empty", "MalformedRequest")
    op = etree.QName(body[0])
    if op.namespace != TNS:
        raise SoapFault("Client", f"Unknown namespace {op.namespace!r}", "UnknownOperation")
    return SoapRequest(operation=op.localname, body=body[0], header=root.find(f"{{{SOAP_ENV}}}Header"))


def child_text(element: etree._Element, name: str) -> str | None:
    found = element.find(f"{{{TNS}}}{name}")
    return None if found is None or found.text is None else found.text.strip()


def personal_codes(element: etree._Element) -> list[str]:
    path = f"{{{TNS}}}PersonalCodes/{{{TNS}}}PersonalCode"
    return [(el.text or "").strip() for el in element.iterfind(path)]


def _envelope() -> tuple[etree._Element, etree._Element]:
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap=NSMAP)
    etree.SubElement(env, f"{{{SOAP_ENV}}}Header")
    body = etree.SubElement(env, f"{{{SOAP_ENV}}}Body")
    return env, body


def _serialize(env: etree._Element) -> bytes:
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


Item = list[tuple[str, str | None]]  # (element name, text or None for xsi:nil)


def response(operation: str, item_name: str, items: Iterable[Item]) -> bytes:
    env, body = _envelope()
    wrapper = etree.SubElement(body, f"{{{TNS}}}{operation}Response")
    for item in items:
        el = etree.SubElement(wrapper, f"{{{TNS}}}{item_name}")
        for name, text in item:
            child = etree.SubElement(el, f"{{{TNS}}}{name}")
            if text is None:
                child.set(f"{{{XSI}}}nil", "true")
            else:
                child.text = text
    return _serialize(env)


def fault(f: SoapFault) -> bytes:
    env, body = _envelope()
    el = etree.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    if f.namespace:
        etree.SubElement(el, "faultcode", nsmap={"wsse": f.namespace}).text = f"wsse:{f.faultcode}"
    else:
        etree.SubElement(el, "faultcode").text = f"S:{f.faultcode}"
    etree.SubElement(el, "faultstring").text = f.faultstring
    detail = etree.SubElement(etree.SubElement(el, "detail"), f"{{{TNS}}}TaxFaultDetail")
    etree.SubElement(detail, f"{{{TNS}}}Code").text = f.code or f.faultcode
    for code in f.personal_codes:
        etree.SubElement(detail, f"{{{TNS}}}PersonalCode").text = code
    return _serialize(env)
