"""Where the shared evaluation material lives, and a clean skip when it is absent."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# ../shared/data beside the repository, or DETENTE_SHARED_DATA.
SHARED_DATA = Path(
    os.environ.get("DETENTE_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)


def require(relative: str) -> Path:
    """The path of a shared file; exits 0 with a note when it is not on this machine."""
    path = SHARED_DATA / relative
    if not path.exists():
        print(f"skipped: {path} is not here (the shared evaluation data is optional)")
        sys.exit(0)
    return path
