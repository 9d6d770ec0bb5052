"""The admin of the human-support pillar: HQ and the bureaus keep the roster, the skills
taxonomy, the bureau desks (who holds the chief's authority) and the 地域創生枠 here.
Requests are decided and staffed on the portal's own pages; the admin lists them
read-only, scoped like everything else. 協力隊 support (H3): the missions taxonomy, and
positions, trial programmes and the register read-only (kyoryokutai.py)."""

from . import kyoryokutai, requests, roster

__all__ = ["kyoryokutai", "requests", "roster"]
