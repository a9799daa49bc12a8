"""WS-Security (OASIS WSS 1.0) on the TaxService: every SOAP call carries a UsernameToken.

    <S:Header><wsse:Security><wsse:UsernameToken>
        <wsse:Username>govgraph-tax</wsse:Username>
        <wsse:Password Type="...#PasswordText">the credential</wsse:Password>
    </wsse:UsernameToken></wsse:Security></S:Header>

The password is the tax board's service credential (`$GOVGRAPH_TAX_LEGACY_CREDENTIAL`,
subgraphs/common/credentials.py). A call without the header, with another user or password, or to a
service with no credential configured is answered with the standard WSS fault
`wsse:FailedAuthentication` and a generic faultstring (HTTP 500, as every SOAP 1.1 fault here).
"""

from __future__ import annotations

from lxml import etree

from subgraphs.common.credentials import credential_matches
from subgraphs.tax.legacy.soap import SoapFault

WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
SERVICE_USER = "govgraph-tax"  # the account the tax board set up for the agency's subgraph
FAILED = "The security token could not be authenticated or authorized"  # WSS 1.0, table 4


def _token_text(header: etree._Element | None, name: str) -> str | None:
    if header is None:
        return None
    found = header.find(f"{{{WSSE}}}Security/{{{WSSE}}}UsernameToken/{{{WSSE}}}{name}")
    return None if found is None else (found.text or "").strip()


def authenticate(header: etree._Element | None, credential: str | None) -> None:
    """Raise the FailedAuthentication fault unless the SOAP Header carries the service's UsernameToken."""
    user = _token_text(header, "Username")
    password = _token_text(header, "Password")
    user_ok = credential_matches(user, SERVICE_USER if credential else None)
    if not (credential_matches(password, credential) and user_ok):
        raise SoapFault("FailedAuthentication", FAILED, "FailedAuthentication", namespace=WSSE)
