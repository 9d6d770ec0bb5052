"""Every write of the grants pillar. Views, the admin, commands and tasks call these."""
