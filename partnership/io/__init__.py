"""Reading the facts: the Data Package, its schema checks, uploads in people's formats, Comtrade files, diffs."""
