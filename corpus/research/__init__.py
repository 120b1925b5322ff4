"""Research views built on the engine interface: hits over time, trends, concordance,
collocations, story grouping."""
