"""What the sign-up texts promise residents, as code: retention, deletion links, access exports.

- :data:`RETENTION_MONTHS` is the one retention period; the consent text, the confirmation and
  the storage all read it.
- :mod:`geo.privacy.tokens`: the private deletion link's token (only its hash is stored).
- :mod:`geo.privacy.retention`: the purge of expired sign-ups and its daily schedule.
- :mod:`geo.privacy.access`: a person's sign-ups as JSON, for an access request.
- :mod:`geo.privacy.files`: owner-only files for anything holding personal data.
- ``python -m geo.privacy purge [--dry-run] [--now YYYY-MM-DD]`` from a shell or cron.
"""

from __future__ import annotations

RETENTION_MONTHS = 24
# Who acted, when it was not a staff member (parentheses: no username or e-mail looks like this).
BY_RESIDENT = "(resident)"
BY_STAFF = "(staff)"
BY_RETENTION = "(retention)"
SYSTEM_ACTORS = (BY_RESIDENT, BY_STAFF, BY_RETENTION)
# What the audit log records. Details name counts, statuses and kinds — never personal data.
AUDIT_ACTIONS = ("view", "search", "export", "status", "delete", "withdraw", "purge")
