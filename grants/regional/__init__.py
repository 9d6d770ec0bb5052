"""The grants pillar's figures for the kernel's regional view."""
