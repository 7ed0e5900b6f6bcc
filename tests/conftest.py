from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

# CI runs more examples; every profile drops the deadline, since a shared two-core CI
# machine makes per-example timing meaningless.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "default")

# The suite's expectations are the default pack's: packs of other installed distributions
# (an example pack installed by hand, say) must not change them. Tests of third-party packs
# turn autoload back on explicitly (PackOptions(autoload=True) or the environment).
os.environ["BACKSAFE_DISABLE_PACK_AUTOLOAD"] = "1"

# The suite (and the commands it runs) caches the built default catalog and pack in a
# directory of its own, never in the user's cache; the first test to load them fills it.
_CACHE = tempfile.mkdtemp(prefix="backsafe-test-cache-")
os.environ["BACKSAFE_CACHE_DIR"] = _CACHE
os.environ.pop("BACKSAFE_NO_CACHE", None)
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

# The plugin tests run pytest inside pytest.
pytest_plugins = ("pytester",)
