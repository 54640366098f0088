"""Let `formulas` register its statistical functions without importing scipy at once.

`formulas.functions.stat` imports `scipy.stats`, `scipy.linalg` and
`scipy.interpolate.interp1d` at the top of the module, for a handful of functions
(KURT, SKEW, PERCENTILE, FORECAST, WEIBULL, ...) that no canonical workbook uses.
Those imports are ~0.45 s of every process that compiles a formula model: each
bulk-check worker and each cold `jobzone check` of an edited workbook. While that
one module is imported, the three names are bound to stand-ins that import the
real scipy module the first time anything in it is used; right after, the
stand-ins leave `sys.modules`, so every other import of scipy gets scipy itself.
A workbook that does call one of those functions pays the import then, once.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from typing import Any

STAT_MODULE = "formulas.functions.stat"
DEFERRED = ("scipy.stats", "scipy.linalg", "scipy.interpolate")
_lock = threading.RLock()  # a stand-in used while the stat module imports must not deadlock


class DeferredModule(types.ModuleType):
    """Stands for a scipy module; the first attribute read imports the real one."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__dict__["_jobzone_deferred"] = True

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        real = _real(self.__name__)
        return getattr(real, attribute)


def _real(name: str) -> types.ModuleType:
    module = sys.modules.get(name)
    if module is None or getattr(module, "_jobzone_deferred", False):
        with _lock:
            if getattr(sys.modules.get(name), "_jobzone_deferred", False):
                del sys.modules[name]
            module = importlib.import_module(name)
    return module


def interp1d(*args: Any, **kwargs: Any) -> Any:
    """scipy.interpolate.interp1d, imported when first called."""
    return _real("scipy.interpolate").interp1d(*args, **kwargs)


def import_stat_functions() -> None:
    """Import formulas' statistical functions with scipy deferred; idempotent.

    Does nothing when that module or scipy's are already imported: then there is
    nothing left to save.
    """
    with _lock:
        if STAT_MODULE in sys.modules or any(name in sys.modules for name in DEFERRED):
            return
        stand_ins = {name: DeferredModule(name) for name in DEFERRED}
        stand_ins["scipy.interpolate"].__dict__["interp1d"] = interp1d
        sys.modules.update(stand_ins)
        try:
            importlib.import_module(STAT_MODULE)
        finally:
            for name, stand_in in stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
