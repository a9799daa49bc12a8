"""The tax board's legacy SOAP 1.1 web service (its own process) and its dated SQLite store.

Run it: `python -m subgraphs.tax.legacy --data-dir DIR --port 4302`; the WSDL is at `/TaxService?wsdl`.
"""
