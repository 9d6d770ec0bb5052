"""The casebook's figures in the kernel's regional view, one module per sub-domain."""
