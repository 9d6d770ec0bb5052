"""照会・調査 on the portal: the respondent's pages (the sender works in the admin)."""
