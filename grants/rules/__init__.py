"""Pure rules of the grants pillar (arithmetic and checks), one module per sub-domain."""
