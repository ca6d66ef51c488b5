"""What a worker needs to scan a run's pages, as one picklable value built on the client.

The plan alone is not enough on another machine: the rules (bundled plus the
user's folders) were loaded here, a baseline file and a storage-state file sit
on this disk, and ``$VAR`` headers are read from this environment. So the job
carries the loaded registry and baseline, the resolved header values and the
storage state's content. Workers build the same :class:`PageScanner` from it as
the local run does, so the findings stage (fingerprints, suppressions, baseline)
runs on the worker, next to the live page its inline markers need, and gives
the same output.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path

from cxlint import __version__
from cxlint.config import ConfigError, Plan
from cxlint.findings.baseline import Baseline
from cxlint.registry import Registry
from cxlint.scanner import PageScanner
from cxlint.secrets import Credentials

__all__ = ["ScanJob"]


@dataclass(frozen=True)
class ScanJob:
    plan: Plan
    """The run's plan with its header values and storage-state path left out (they travel resolved below)."""
    registry: Registry
    start_urls: tuple[str, ...]
    baseline: Baseline | None = None
    credentials: Credentials | None = None
    headers: dict[str, str] = field(default_factory=dict)
    """Header values as resolved on the client (``$VAR`` read there): held in memory only, never stored."""
    storage_state: str | None = None
    """The storage-state file's JSON text, written to a private file on the worker."""
    version: str = __version__

    @classmethod
    def for_run(
        cls,
        plan: Plan,
        registry: Registry,
        start_urls: list[str],
        *,
        scanner: PageScanner,
        baseline: Baseline | None,
        credentials: Credentials | None,
    ) -> ScanJob:
        """The job for a run whose local ``scanner`` was built from the same plan (its headers are resolved)."""
        state: str | None = None
        if plan.page.storage_state:
            try:
                state = Path(plan.page.storage_state).read_text(encoding="utf-8")
                json.loads(state)
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise ConfigError(f"--storage-state '{plan.page.storage_state}': cannot read it ({exc})") from None
        page = plan.page.model_copy(update={"headers": {}, "storage_state": None})
        shipped = plan.model_copy(update={"page": page, "cluster": None})
        return cls(
            plan=shipped, registry=registry, start_urls=tuple(start_urls), baseline=baseline,
            credentials=credentials, headers=dict(scanner.opts.headers), storage_state=state,
        )

    def pack(self) -> tuple[str, bytes]:
        """(key, pickled job): the key names the job on every worker, so each builds its scanner once."""
        blob = pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)
        return "cxlint-job-" + hashlib.sha256(blob).hexdigest()[:24], blob

    def scanner(self, state_file: Path | None) -> PageScanner:
        """The page scanner the local run would build; ``state_file`` holds ``storage_state`` when there is one."""
        # A worker's scanner lives as long as the run, so its tabs go from page to page as in a local run.
        scanner = PageScanner.from_plan(
            self.plan, self.registry, list(self.start_urls), baseline=self.baseline, credentials=self.credentials,
            reuse_tabs=True,
        )  # fmt: skip
        scanner.opts = replace(
            scanner.opts, headers=dict(self.headers), storage_state=str(state_file) if state_file else None
        )
        return scanner

