"""How does newsgraph ingest more than one core can? Partitioned batch runs on Dask, loaded into any store.

``ingest_distributed`` is the entry point; ``plan_partitions`` / ``read_partition`` cut the
inputs; ``outputs`` holds the Parquet partition files and the manifest.
"""

from newsgraph.scale.partitions import Partition, plan_partitions, read_partition
from newsgraph.scale.runner import (
    DistributedReport, default_work_dir, ingest_distributed, ingest_on_dask, local_cluster, store_key_for,
)

__all__ = [
    "DistributedReport", "Partition", "default_work_dir", "ingest_distributed", "ingest_on_dask", "local_cluster", "plan_partitions", "read_partition",
    "store_key_for",
]
