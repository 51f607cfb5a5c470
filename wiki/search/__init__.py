"""Search: the French analyzer, the schema, the indexer (sole writer of the index), queries."""
