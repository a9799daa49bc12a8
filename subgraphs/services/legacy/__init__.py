"""The catalogue's legacy: an open-data export (files under `<data-dir>/services/`), no server.

- `agencies.json`: `{"exported": "YYYY-MM-DD", "agencies": [{"code", "name", "url"}]}`
- `services.csv`: `;`-separated, UTF-8 with BOM (spreadsheet export):
  `TEENUSE_ID;ASUTUS;NIMETUS;KIRJELDUS;KUIDAS_TAOTLEDA;TINGIMUS` (TINGIMUS is the eligibility rule code)
- `offices.csv`: `;`-separated: `KONTOR_ID;ASUTUS;NIMETUS;AADRESS;LAHTIOLEKUAEG`, where the address
  is `street, city` and opening hours use Estonian weekday letters:
  `E-R 09:00-17:00; N 09:00-19:00; L 10:00-14:00`
  (E T K N R L P = Monday … Sunday; a later part overrides an earlier one for that day).
"""
