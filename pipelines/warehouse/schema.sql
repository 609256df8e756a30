-- The aggstats warehouse: dimensions, one long fact table of published counts, and views.
-- There is no table or column for an individual person, case or event: every row is a count.
-- {grains} stands for aggstats.calendar.GRAINS, filled in by pipelines.warehouse.create, which
-- also creates the calendar's macros (fiscal_year_start, period_after, period_days...) first.

CREATE TABLE dim_source (
    source_id     VARCHAR PRIMARY KEY,
    publisher     VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    landing_page  VARCHAR NOT NULL,
    licence       VARCHAR NOT NULL,
    citation      VARCHAR NOT NULL,
    levels        VARCHAR[] NOT NULL,
    quirks        VARCHAR[] NOT NULL,
    cadence       VARCHAR NOT NULL
        CHECK (cadence IN ('biweekly', 'monthly', 'quarterly', 'annual', 'ended'))
);

CREATE TABLE dim_file (
    file_id     VARCHAR PRIMARY KEY,          -- <source_id>/<file name>
    source_id   VARCHAR NOT NULL REFERENCES dim_source (source_id),
    file_name   VARCHAR NOT NULL,
    layout      VARCHAR NOT NULL,
    release     VARCHAR NOT NULL,
    published   VARCHAR NOT NULL,
    as_of       DATE NOT NULL,                -- the release's vintage: newer wins per period
    accessed    VARCHAR NOT NULL,
    size        BIGINT NOT NULL,
    sha256      VARCHAR NOT NULL,
    url         VARCHAR,
    stands_for  VARCHAR[] NOT NULL,
    original    BOOLEAN NOT NULL,
    provenance  VARCHAR NOT NULL,
    coverage    VARCHAR NOT NULL,
    levels      VARCHAR[] NOT NULL,
    reconcile_only BOOLEAN NOT NULL               -- a copy kept only to reconcile with
);

CREATE TABLE dim_measure (
    measure_id  VARCHAR PRIMARY KEY,          -- <source_id>.<name>
    source_id   VARCHAR NOT NULL REFERENCES dim_source (source_id),
    name        VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL,
    topic       VARCHAR NOT NULL,
    definition  VARCHAR NOT NULL,
    caveats     VARCHAR[] NOT NULL,
    additive    BOOLEAN NOT NULL,             -- breakdown parts sum to the total
    kind        VARCHAR NOT NULL CHECK (kind IN ('flow', 'stock', 'ratio')),  -- registry.KINDS
    to_date     BOOLEAN NOT NULL,             -- released before its period ended: to date
    counts      VARCHAR NOT NULL,             -- what one unit is: events, people, cases...
    rounded_to  INTEGER,                      -- published rounded to this; NULL when exact
    role        VARCHAR UNIQUE CHECK (role IN ('population_denominator'))  -- registry.ROLES
);

CREATE TABLE dim_level (
    level       VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE dim_region (
    region_code  VARCHAR PRIMARY KEY,         -- <level>:<code>
    level        VARCHAR NOT NULL REFERENCES dim_level (level),
    name         VARCHAR NOT NULL,
    parent_code  VARCHAR,
    states       VARCHAR[] NOT NULL,
    lat          DOUBLE,
    lon          DOUBLE,
    note         VARCHAR
);

CREATE TABLE dim_dimension (
    source_id   VARCHAR NOT NULL REFERENCES dim_source (source_id),
    dimension   VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    PRIMARY KEY (source_id, dimension)
);

CREATE TABLE fact_observation (
    measure_id   VARCHAR NOT NULL REFERENCES dim_measure (measure_id),
    region_code  VARCHAR NOT NULL REFERENCES dim_region (region_code),
    period       DATE NOT NULL,               -- first day of the month or fiscal year
    grain        VARCHAR NOT NULL CHECK (grain IN ({grains})),  -- aggstats.calendar.GRAINS
    dimension    VARCHAR NOT NULL,            -- 'total', or the breakdown (citizenship, ...)
    category     VARCHAR NOT NULL,            -- 'total', or the breakdown's category
    value        DOUBLE NOT NULL,
    file_id      VARCHAR NOT NULL REFERENCES dim_file (file_id),
    as_of        DATE NOT NULL,               -- the release (vintage) the value is from
    PRIMARY KEY (measure_id, region_code, period, grain, dimension, category, file_id, as_of)
);

CREATE TABLE meta_build (
    built_at        TIMESTAMP NOT NULL,
    aggstats_version VARCHAR NOT NULL,
    seconds         DOUBLE NOT NULL
);

-- Every release's figures, with the release's vintage.
CREATE VIEW observation_all AS
SELECT o.*, r.level AS region_level
FROM fact_observation o
JOIN dim_region r USING (region_code);

-- The figures as they stood at `cutoff`: for each measure, region, period, grain and breakdown,
-- the newest release published by then that has it. A release that restates only some regions
-- (a Southwest-only file) replaces those regions and leaves the others as they were. A figure
-- two files of one release both print (the 2013 Yearbook's tables 33 and 34d) is taken once,
-- from the first file by name: checks.sql makes sure they print the same figure.
CREATE MACRO observation_as_of(cutoff) AS TABLE
SELECT * EXCLUDE (newest)
FROM (
    SELECT *, max(as_of) OVER (
        PARTITION BY measure_id, region_code, period, grain, dimension
    ) AS newest
    FROM observation_all
    WHERE as_of <= cutoff
      AND file_id NOT IN (SELECT file_id FROM dim_file WHERE reconcile_only)
)
WHERE as_of = newest
QUALIFY row_number() OVER (
    PARTITION BY measure_id, region_code, period, grain, dimension, category ORDER BY file_id
) = 1;

-- Cross-source reconciliation: where two publishers (or two files) count the same thing.
CREATE TABLE dim_reconciliation (
    reconciliation_id  VARCHAR PRIMARY KEY,
    title              VARCHAR NOT NULL,
    why                VARCHAR NOT NULL,
    left_label         VARCHAR NOT NULL,
    right_label        VARCHAR NOT NULL,
    left_measure       VARCHAR NOT NULL REFERENCES dim_measure (measure_id),
    left_region        VARCHAR NOT NULL REFERENCES dim_region (region_code),
    right_measure      VARCHAR NOT NULL REFERENCES dim_measure (measure_id),
    right_region       VARCHAR NOT NULL REFERENCES dim_region (region_code),
    tolerance          DOUBLE NOT NULL      -- relative difference still counted as agreement
);

CREATE TABLE fact_reconciliation (
    reconciliation_id  VARCHAR NOT NULL REFERENCES dim_reconciliation (reconciliation_id),
    period             DATE NOT NULL,       -- first day of the fiscal year
    left_value         DOUBLE NOT NULL,
    right_value        DOUBLE NOT NULL,
    difference         DOUBLE NOT NULL,     -- right - left
    relative_difference DOUBLE,             -- difference / left
    agrees             BOOLEAN NOT NULL,
    PRIMARY KEY (reconciliation_id, period)
);

-- Context drawn on charts (pipelines/context.yaml): policy periods, dated events, targets.
CREATE TABLE dim_context (
    context_id     VARCHAR PRIMARY KEY,
    kind           VARCHAR NOT NULL CHECK (kind IN ('band', 'marker', 'target')),
    label          VARCHAR NOT NULL,
    start_date     DATE NOT NULL,           -- a band's first day, a marker's date, a target's since
    end_date       DATE,                    -- a band's last day (inclusive); a marker's date
    per_day        DOUBLE,                  -- a target's rate
    note           VARCHAR NOT NULL,
    counts         VARCHAR NOT NULL,        -- what a target counts, against what is published
    source         VARCHAR NOT NULL,
    source_short   VARCHAR,                 -- the source as named on the chart
    url            VARCHAR NOT NULL,
    secondary      STRUCT(source VARCHAR, url VARCHAR)[] NOT NULL,
    -- a figure the entry quotes, checked against that release (checks.sql)
    figure_measure VARCHAR REFERENCES dim_measure (measure_id),
    figure_region  VARCHAR REFERENCES dim_region (region_code),
    figure_grain   VARCHAR CHECK (figure_grain IN ({grains})),
    figure_period  DATE,
    figure_as_of   DATE,
    figure_value   DOUBLE,
    CHECK (kind <> 'target' OR per_day IS NOT NULL)
);

-- The measures each entry applies to; a target may count one category of a breakdown.
CREATE TABLE dim_context_measure (
    context_id  VARCHAR NOT NULL REFERENCES dim_context (context_id),
    measure_id  VARCHAR NOT NULL REFERENCES dim_measure (measure_id),
    dimension   VARCHAR NOT NULL,           -- 'total', or the breakdown the target counts in
    category    VARCHAR NOT NULL,
    PRIMARY KEY (context_id, measure_id)
);

-- Series across sources (pipelines/series.yaml): one line from several publishers' figures.
-- fact_series_segment and fact_series are built from them by series.sql.
CREATE TABLE dim_series (
    series_id    VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    definition   VARCHAR NOT NULL,
    region_code  VARCHAR NOT NULL REFERENCES dim_region (region_code)
);

-- A series' segments, in order of precedence (rank 1 wins a year it has complete).
CREATE TABLE dim_series_segment (
    series_id    VARCHAR NOT NULL REFERENCES dim_series (series_id),
    rank         INTEGER NOT NULL,
    measure_id   VARCHAR NOT NULL REFERENCES dim_measure (measure_id),
    source_id    VARCHAR NOT NULL REFERENCES dim_source (source_id),
    dimension    VARCHAR NOT NULL,          -- 'total', or the breakdown of the one category
    category     VARCHAR NOT NULL,
    label        VARCHAR NOT NULL,          -- the segment's source as named on the chart
    short        VARCHAR NOT NULL,          -- ... and at its seams
    first_year   INTEGER NOT NULL,          -- fiscal years the segment may cover (inclusive)
    last_year    INTEGER,                   -- null: to the newest
    measure_unit VARCHAR NOT NULL,
    unit_note    VARCHAR,                   -- what changes at its seam, where its unit differs
    note         VARCHAR,
    PRIMARY KEY (series_id, rank)
);
