"""A progress bar per phase of a long load (tqdm, on stderr)."""

import sys

from tqdm import tqdm


def bar(total: int, desc: str, unit: str = "rows"):
    """A tqdm bar; it draws nothing when stderr is not a terminal except the
    final line, so logs of `make loadtest` stay readable."""
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        unit_scale=True,
        file=sys.stderr,
        mininterval=0.5 if sys.stderr.isatty() else 30,
        dynamic_ncols=True,
    )
