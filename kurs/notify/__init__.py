"""Keeping people current: check-in reminders, the weekly leadership update, `kurs worker`.

- `models` — per-person reminder settings, subscriptions to a unit's weekly update, and
  what was sent when (so that nothing is sent twice for the same week);
- `mail` — one email, in its reader's language, with a plain-text and an HTML part;
- `tasks` — the background work (Django's tasks interface, a queue in the database);
- `scheduler` — what is due when (`kurs worker` asks it every few seconds, `--interval`).
"""
