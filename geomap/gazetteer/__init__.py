"""The offline gazetteer: its sources, how it is built, and the index it is read from."""
