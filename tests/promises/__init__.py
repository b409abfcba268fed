"""The standing fault-and-attack suite, one module per promise (issue 15):

- nothing lost: tests/property/test_replicas_restores.py, tests/sync/test_forks.py
- nothing forged: tests/sync/test_attacks.py (kept where it is), tests/sync/test_payload_schema.py
- one clear line: tests/promises/test_one_clear_line.py (every bad input listed in the issue)
- store unchanged: tests/promises/test_store_unchanged.py, and every case of test_one_clear_line
- writers queue: tests/core/test_writers_queue.py; spreadsheets: tests/core/test_csv_safe.py;
  the complete recount: tests/core/test_recount.py
"""
