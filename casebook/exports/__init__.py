"""Downloads of the casebook for Excel (.xlsx and CSV), written by the kernel (portal.excel,
portal.exports) from the same selectors as the pages."""
