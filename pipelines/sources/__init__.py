"""One folder per published source: `source.yaml` (the declaration) and `pipeline.py`.

`pipeline.py` exposes two pure functions the build calls for each declared file:
  read(path, layout) -> polars.DataFrame   the published table, renamed and typed (staging)
  tidy(staged, file) -> polars.DataFrame   observations (see pipelines.tidy.OBSERVATION_SCHEMA)
"""
