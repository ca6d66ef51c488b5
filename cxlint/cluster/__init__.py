"""Scanning on a Dask cluster: a page-scanner service on the workers, the orchestration on the client.

``open_backend(plan.cluster)`` gives the backend a run scans its pages with, and
``runner.run(request, backend=...)`` uses it; one backend may serve several runs
at once. Nothing here imports ``distributed`` until a cluster is asked for.
"""

from cxlint.cluster.backend import Backend, ClusterError, DaskBackend, InProcessBackend, PageService, open_backend

__all__ = ["Backend", "ClusterError", "DaskBackend", "InProcessBackend", "PageService", "open_backend"]
