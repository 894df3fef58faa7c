#!/usr/bin/env python3
"""For migration authors: prints the CREATE TABLE / CREATE INDEX statements of the named tables from the output of
`UnionOffice schema-script` (see docs/adr/0002-migrations.md). Usage: extract-ddl.py schema.sql Table1 [Table2 ...]"""
import re, sys
text = open(sys.argv[1]).read()
tables = sys.argv[2:]
for stmt in [s.strip() + ";" for s in text.split(";") if s.strip()]:
    m = re.match(r'CREATE (?:UNIQUE )?(?:TABLE|INDEX) "?(\w+)"?(?: ON "?(\w+)"?)?', stmt)
    if not m:
        continue
    if m.group(1) in tables or (m.group(2) in tables):
        print(stmt + "\n")
