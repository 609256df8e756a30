"""ETL for aggstats: the source registry, fetch, per-source pipelines and the warehouse build."""
