"""The transport administration's legacy side: nightly EBCDIC exports described by COBOL copybooks.

There is no legacy server process: the mainframe drops files into a folder (see ``seed.py``
for the writer and ``copybooks/`` for the record layouts).
"""
