"""Pure rules of the dispatch pillar, one module per sub-domain: shared by the pages and
the services so that both say the same."""
