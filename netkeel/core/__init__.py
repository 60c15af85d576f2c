"""netkeel's framework: base models, connectivity checks, generic views. It imports no domain app."""
