"""The OKR coach: quality checks from the seeds, offline, in German and English.

Layers, from the inside out:
- `findings` — codes, severities and the `Finding` every check produces;
- `spec` — plain OKR data (no database): what a YAML file, an API request or the
  database (`selectors.spec_for_unit`) turns into;
- `text` — the language checks of one statement (is this objective a number, is this
  key result a task, ...), German and English;
- `checks` — all checks over a whole `OkrSet`, text and structure;
- `similarity` — alignment suggestions by text similarity;
- `okrfile` — the YAML OKR file format (version 1), read with line numbers and written.
Nothing here but `selectors` and `views` touches the database: `kurs lint` runs without one.
"""
