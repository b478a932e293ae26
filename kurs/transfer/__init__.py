"""Moving OKRs in and out of Kurs: `kurs import` and `kurs export` (the YAML OKR file format)."""
