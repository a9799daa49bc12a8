"""The TaxService WSDL (document/literal, SOAP 1.1), served at `?wsdl` with the real address filled in."""

from __future__ import annotations

TNS = "http://tax.gov.example/TaxService/2009-04"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OPERATIONS = ("GetTaxAccount", "ListAssessments", "GetDeclaredIncome")


def soap_action(operation: str) -> str:
    return f"{TNS}/{operation}"


_TYPES = """
  <wsdl:types>
    <xsd:schema targetNamespace="{tns}" elementFormDefault="qualified">
      <xsd:complexType name="PersonalCodeList">
        <xsd:sequence>
          <xsd:element name="PersonalCode" type="xsd:string" minOccurs="1" maxOccurs="500"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="TaxAccountType">
        <xsd:sequence>
          <xsd:element name="PersonalCode" type="xsd:string"/>
          <xsd:element name="Balance" type="xsd:decimal"/>
          <xsd:element name="DueDate" type="xsd:date" nillable="true"/>
          <xsd:element name="Currency" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:simpleType name="AssessmentStatusCode">
        <xsd:restriction base="xsd:string">
          <xsd:enumeration value="A"/><xsd:enumeration value="P"/>
          <xsd:enumeration value="O"/><xsd:enumeration value="N"/>
        </xsd:restriction>
      </xsd:simpleType>
      <xsd:complexType name="AssessmentType">
        <xsd:sequence>
          <xsd:element name="PersonalCode" type="xsd:string"/>
          <xsd:element name="Year" type="xsd:int"/>
          <xsd:element name="AssessedIncome" type="xsd:decimal"/>
          <xsd:element name="TaxDue" type="xsd:decimal"/>
          <xsd:element name="StatusCode" type="tns:AssessmentStatusCode"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="DeclaredIncomeType">
        <xsd:sequence>
          <xsd:element name="PersonalCode" type="xsd:string"/>
          <xsd:element name="Year" type="xsd:int"/>
          <xsd:element name="Amount" type="xsd:decimal"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="GetTaxAccount"><xsd:complexType><xsd:sequence>
        <xsd:element name="PersonalCodes" type="tns:PersonalCodeList"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="GetTaxAccountResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="TaxAccount" type="tns:TaxAccountType" minOccurs="0" maxOccurs="unbounded"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="ListAssessments"><xsd:complexType><xsd:sequence>
        <xsd:element name="PersonalCodes" type="tns:PersonalCodeList"/>
        <xsd:element name="Year" type="xsd:int" minOccurs="0"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="ListAssessmentsResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="Assessment" type="tns:AssessmentType" minOccurs="0" maxOccurs="unbounded"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="GetDeclaredIncome"><xsd:complexType><xsd:sequence>
        <xsd:element name="PersonalCodes" type="tns:PersonalCodeList"/>
        <xsd:element name="Year" type="xsd:int" minOccurs="0"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="GetDeclaredIncomeResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="DeclaredIncome" type="tns:DeclaredIncomeType" minOccurs="0" maxOccurs="unbounded"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="TaxFaultDetail"><xsd:complexType><xsd:sequence>
        <xsd:element name="Code" type="xsd:string"/>
        <xsd:element name="PersonalCode" type="xsd:string" minOccurs="0" maxOccurs="unbounded"/>
      </xsd:sequence></xsd:complexType></xsd:element>
    </xsd:schema>
  </wsdl:types>"""


def _messages() -> str:
    parts = []
    for op in OPERATIONS:
        for suffix in ("", "Response"):
            parts.append(
                f'  <wsdl:message name="{op}{suffix}Message">'
                f'<wsdl:part name="parameters" element="tns:{op}{suffix}"/></wsdl:message>'
            )
    parts.append(
        '  <wsdl:message name="TaxFaultMessage">'
        '<wsdl:part name="detail" element="tns:TaxFaultDetail"/></wsdl:message>'
    )
    return "\n".join(parts)


def _port_type() -> str:
    ops = "".join(
        f'\n    <wsdl:operation name="{op}"><wsdl:input message="tns:{op}Message"/>'
        f'<wsdl:output message="tns:{op}ResponseMessage"/>'
        f'<wsdl:fault name="TaxFault" message="tns:TaxFaultMessage"/></wsdl:operation>'
        for op in OPERATIONS
    )
    return f'  <wsdl:portType name="TaxServicePortType">{ops}\n  </wsdl:portType>'


def _binding() -> str:
    ops = "".join(
        f'\n    <wsdl:operation name="{op}"><soap:operation soapAction="{soap_action(op)}" style="document"/>'
        '<wsdl:input><soap:body use="literal"/></wsdl:input>'
        '<wsdl:output><soap:body use="literal"/></wsdl:output>'
        '<wsdl:fault name="TaxFault"><soap:fault name="TaxFault" use="literal"/></wsdl:fault>'
        "</wsdl:operation>"
        for op in OPERATIONS
    )
    return (
        '  <wsdl:binding name="TaxServiceBinding" type="tns:TaxServicePortType">\n'
        '    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>'
        f"{ops}\n  </wsdl:binding>"
    )


def render_wsdl(location: str) -> str:
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<wsdl:definitions name="TaxService" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"'
            ' xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
            f' xmlns:tns="{TNS}" targetNamespace="{TNS}">',
            _TYPES.format(tns=TNS),
            _messages(),
            _port_type(),
            _binding(),
            '  <wsdl:service name="TaxService">'
            '<wsdl:port name="TaxServicePort" binding="tns:TaxServiceBinding">'
            f'<soap:address location="{location}"/></wsdl:port></wsdl:service>',
            "</wsdl:definitions>",
        ]
    )
