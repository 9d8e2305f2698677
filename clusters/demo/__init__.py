"""Demo clusters for `manage.py seed_demo`.

Twelve clusters across the five pilot provinces, in every state of their
life, with a dated history from January 2024 on; organisations, member firms
from the demo registry, action plans (some completed, some not),
university-industry cooperation, grant applications and partner-search posts.

The content is data: TOML files under clusters/data/demo/ (its README gives
the format), a file per cluster in the order they are seeded, the firms and
organisations they name by a short key, and the partner-search posts.
`records` reads them; `seed` writes the rows through the services.

Deterministic and idempotent: clusters are matched on province and name,
organisations on their name, and every other row on its natural key
(cluster + firm, cluster + year, plan + title, post topic, post + user, ...);
a row that exists is left as it is, so a second run creates nothing. Dates are
fixed (from an anchor in January 2024) but never after the day of the run;
only the closing dates of partner-search posts count from that day.
"""

from .records import CLUSTERS, load_demo
from .seed import seed_clusters

__all__ = ["CLUSTERS", "load_demo", "seed_clusters"]
