// The gateway's own tables, as ordered migrations. Append new entries; never edit an applied one.
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    id: 1,
    name: "training jobs and trials",
    sql: `
      CREATE TABLE training_jobs (
        id uuid PRIMARY KEY,
        status text NOT NULL,
        total integer NOT NULL,
        completed integer NOT NULL DEFAULT 0,
        input jsonb NOT NULL,
        experiment_id text,
        parent_run_id text,
        best_index integer,
        model_name text,
        model_version integer,
        error text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX training_jobs_created_at ON training_jobs (created_at DESC);
      CREATE TABLE training_trials (
        job_id uuid NOT NULL REFERENCES training_jobs (id) ON DELETE CASCADE,
        index integer NOT NULL,
        algorithm text NOT NULL,
        params jsonb NOT NULL,
        run_id text,
        status text NOT NULL,
        metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
        error text,
        PRIMARY KEY (job_id, index)
      );`,
  },
  {
    id: 2,
    name: "promotion audit",
    sql: `
      CREATE TABLE promotions (
        id bigserial PRIMARY KEY,
        model_name text NOT NULL,
        version integer NOT NULL,
        alias text,
        stage text,
        previous_version integer,
        promoted boolean NOT NULL,
        reason text NOT NULL,
        requested_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX promotions_model ON promotions (model_name, created_at DESC);`,
  },
  {
    id: 3,
    name: "prediction log",
    sql: `
      CREATE TABLE predictions (
        id bigserial PRIMARY KEY,
        model_name text NOT NULL,
        model_version integer NOT NULL,
        input jsonb NOT NULL,
        label text NOT NULL,
        probabilities jsonb NOT NULL,
        requested_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX predictions_model_id ON predictions (model_name, id DESC);`,
  },
  {
    id: 10,
    name: "training job ownership, heartbeat and cancellation requests",
    sql: `
      ALTER TABLE training_jobs
        ADD COLUMN owner text,
        ADD COLUMN heartbeat_at timestamptz,
        ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;
      CREATE INDEX training_jobs_active ON training_jobs (heartbeat_at) WHERE status IN ('QUEUED', 'RUNNING');`,
  },
  {
    id: 14,
    name: "prediction log partitioned by day",
    // The existing table becomes the first partition as it is (no copy): it is attached for every time up to the
    // end of the day of its newest row (at least today), so its rows stay readable and are dropped whole once the
    // retention passes them. Later days get their own partitions (prediction-partitions.ts); predictions_default
    // catches anything else. Ids keep their sequence, so they stay increasing across the conversion.
    sql: `
      DO $$
      DECLARE upper_bound timestamptz;
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass('predictions')) THEN
          RETURN;
        END IF;
        ALTER TABLE predictions RENAME TO predictions_legacy;
        ALTER INDEX IF EXISTS predictions_pkey RENAME TO predictions_legacy_pkey;
        DROP INDEX IF EXISTS predictions_model_id;
        CREATE TABLE predictions (
          id bigint NOT NULL DEFAULT nextval('predictions_id_seq'),
          model_name text NOT NULL,
          model_version integer NOT NULL,
          input jsonb NOT NULL,
          label text NOT NULL,
          probabilities jsonb NOT NULL,
          requested_by text,
          created_at timestamptz NOT NULL DEFAULT now()
        ) PARTITION BY RANGE (created_at);
        ALTER SEQUENCE predictions_id_seq OWNED BY predictions.id;
        ALTER TABLE predictions_legacy ALTER COLUMN id SET DEFAULT nextval('predictions_id_seq');
        CREATE INDEX predictions_time ON predictions (created_at DESC, id DESC);
        CREATE INDEX predictions_model_time ON predictions (model_name, created_at DESC, id DESC);
        CREATE INDEX predictions_model_version_time ON predictions (model_name, model_version, created_at DESC, id DESC);
        SELECT (date_trunc('day', greatest(now(), coalesce(max(created_at), now())) AT TIME ZONE 'UTC')
                + interval '1 day') AT TIME ZONE 'UTC'
          INTO upper_bound FROM predictions_legacy;
        -- The constraint lets ATTACH skip its validation scan.
        EXECUTE format('ALTER TABLE predictions_legacy ADD CONSTRAINT predictions_legacy_range CHECK (created_at < %L)', upper_bound);
        EXECUTE format('ALTER TABLE predictions ATTACH PARTITION predictions_legacy FOR VALUES FROM (MINVALUE) TO (%L)', upper_bound);
        ALTER TABLE predictions_legacy DROP CONSTRAINT predictions_legacy_range;
        CREATE TABLE predictions_default PARTITION OF predictions DEFAULT;
      END $$;`,
  },
  {
    id: 17,
    name: "trial start and end times",
    sql: `
      ALTER TABLE training_trials
        ADD COLUMN IF NOT EXISTS started_at timestamptz,
        ADD COLUMN IF NOT EXISTS finished_at timestamptz;`,
  },
  {
    id: 16,
    name: "trials as queue jobs: the owner of each trial, its worker and attempts; a job's prepared data",
    sql: `
      ALTER TABLE training_trials
        ADD COLUMN owner text,
        ADD COLUMN worker text,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0;
      CREATE TABLE training_job_data (
        job_id uuid PRIMARY KEY REFERENCES training_jobs (id) ON DELETE CASCADE,
        data jsonb NOT NULL
      );`,
  },
  {
    id: 19,
    name: "promotion audit records alias deletions",
    sql: `
      ALTER TABLE promotions ADD COLUMN action text NOT NULL DEFAULT 'promote';`,
  },
  {
    id: 20,
    name: "event payloads too large for NOTIFY",
    sql: `
      CREATE TABLE gateway_events (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX gateway_events_created_at ON gateway_events (created_at);`,
  },
  {
    id: 18,
    name: "pipelines and their runs",
    sql: `
      CREATE TABLE pipelines (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        schedule text,
        enabled boolean NOT NULL DEFAULT true,
        ingest jsonb,
        train jsonb NOT NULL,
        promote jsonb,
        created_by text,
        created_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE pipeline_runs (
        id uuid PRIMARY KEY,
        pipeline_id uuid NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
        trigger text NOT NULL,
        status text NOT NULL,
        requested_by text,
        owner text,
        heartbeat_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        rows_ingested integer,
        training_job_id uuid,
        promotion jsonb,
        error text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX pipeline_runs_pipeline ON pipeline_runs (pipeline_id, created_at DESC);
      -- At most one active run per pipeline, whichever process starts it: the no-overlap rule lives here.
      CREATE UNIQUE INDEX pipeline_runs_one_active ON pipeline_runs (pipeline_id) WHERE status IN ('QUEUED', 'RUNNING');`,
  },
  {
    id: 21,
    name: "one scheduled run per pipeline and cron tick",
    sql: `
      ALTER TABLE pipeline_runs ADD COLUMN scheduled_for timestamptz;
      -- pg-boss's cron may hand one tick to more than one process (its own dedupe covers only a job still
      -- waiting); the tick a scheduled run belongs to is unique here, so a second start of it writes nothing.
      CREATE UNIQUE INDEX pipeline_runs_one_per_tick ON pipeline_runs (pipeline_id, scheduled_for)
        WHERE scheduled_for IS NOT NULL;`,
  },
  {
    id: 22,
    name: "prediction log indexes ascending",
    // Each logged row goes into three B-trees. Descending keys put every new row at the left edge, which
    // PostgreSQL's rightmost-leaf fast path does not cover: a COPY of 200,000 rows took 5.0-5.5 s with the
    // descending indexes, 3.3-4.4 s with these (bench/README.md). Newest-first reads scan them backwards.
    // A one-time rebuild, proportional to the size of the log.
    sql: `
      DROP INDEX IF EXISTS predictions_time, predictions_model_time, predictions_model_version_time;
      CREATE INDEX predictions_time ON predictions (created_at, id);
      CREATE INDEX predictions_model_time ON predictions (model_name, created_at, id);
      CREATE INDEX predictions_model_version_time ON predictions (model_name, model_version, created_at, id);`,
  },
  {
    id: 23,
    name: "prediction log one row per request; predictions a view of every logged row",
    // A 1,000-row predict was 1,000 rows in three B-trees and 2,000 jsonb values: PostgreSQL spent more CPU
    // storing predictions than the gateway spent making them. A request is now one row (inputs and probabilities
    // as JSON arrays, stored as they were sent; labels as text[]): a COPY of 200,000 predictions takes about a
    // seventh of the time (bench/README.md). The old table keeps its rows as prediction_rows until the retention
    // drops them; the predictions view shows both, one row per prediction, with the old columns and types.
    // A logged row's id is its request's id shifted left by 24 bits plus its index in the request
    // (PREDICT_MAX_ROWS is below 2^24), and request ids start past the old ids, so ids keep increasing.
    sql: `
      ALTER TABLE predictions RENAME TO prediction_rows;
      CREATE SEQUENCE prediction_requests_id_seq;
      SELECT setval('prediction_requests_id_seq', (SELECT last_value FROM predictions_id_seq) / 16777216 + 1, false);
      CREATE TABLE prediction_requests (
        id bigint NOT NULL DEFAULT nextval('prediction_requests_id_seq'),
        model_name text NOT NULL,
        model_version integer NOT NULL,
        row_count integer NOT NULL,
        inputs json NOT NULL,
        labels text[] NOT NULL,
        probabilities json NOT NULL,
        requested_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      ) PARTITION BY RANGE (created_at);
      ALTER SEQUENCE prediction_requests_id_seq OWNED BY prediction_requests.id;
      CREATE TABLE prediction_requests_default PARTITION OF prediction_requests DEFAULT;
      CREATE INDEX prediction_requests_time ON prediction_requests (created_at, id);
      CREATE INDEX prediction_requests_model_time ON prediction_requests (model_name, created_at, id);
      CREATE INDEX prediction_requests_model_version_time
        ON prediction_requests (model_name, model_version, created_at, id);
      CREATE VIEW predictions AS
        SELECT id, model_name, model_version, input, label, probabilities, requested_by, created_at
          FROM prediction_rows
        UNION ALL
        SELECT (r.id << 24) + e.n - 1, r.model_name, r.model_version, e.input::jsonb, r.labels[e.n],
               e.probabilities::jsonb, r.requested_by, r.created_at
          FROM prediction_requests r,
               ROWS FROM (json_array_elements(r.inputs), json_array_elements(r.probabilities))
                 WITH ORDINALITY AS e(input, probabilities, n);`,
  },
  {
    id: 24,
    name: "rows written into the predictions view land in prediction_rows",
    // A gateway of an earlier version, still running during a rolling upgrade, COPYs into predictions: with this
    // trigger its rows are kept (COPY and INSERT both run INSTEAD OF INSERT triggers on a view), not refused.
    sql: `
      CREATE FUNCTION predictions_view_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO prediction_rows (model_name, model_version, input, label, probabilities, requested_by, created_at)
        VALUES (NEW.model_name, NEW.model_version, NEW.input, NEW.label, NEW.probabilities, NEW.requested_by,
                coalesce(NEW.created_at, now()));
        RETURN NEW;
      END $$;
      CREATE TRIGGER predictions_view_insert INSTEAD OF INSERT ON predictions
        FOR EACH ROW EXECUTE FUNCTION predictions_view_insert();`,
  },
  {
    id: 25,
    name: "the old prediction table's planner statistics: a model without rows there is estimated as rare",
    // prediction_rows gets no new rows: a model made since migration 23 has none there. With the default estimate
    // (rows / distinct models) PostgreSQL expects thousands of that model's rows, so for a newest-first LIMIT it
    // walks the time index filtering by model and reads the whole table to find none (about 1 s per million
    // rows). Telling it model names are many makes a name it has not sampled rare: it reads the model index.
    sql: `
      DO $$
      DECLARE part regclass;
      BEGIN
        FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'prediction_rows'::regclass LOOP
          EXECUTE format('ALTER TABLE %s ALTER COLUMN model_name SET (n_distinct = -0.5)', part);
          EXECUTE format('ANALYZE %s', part);
        END LOOP;
      END $$;`,
  },
  {
    id: 26,
    name: "the prediction log's large values are compressed with lz4 rather than pglz",
    // A 1,000-row request stores about 230 KB of JSON and a 1,000-label array, each compressed as it is written.
    // COPY of 100 such requests (varied rows) took 365-412 ms with PostgreSQL's default pglz and 157 ms with lz4, for
    // 10 % more disk. Existing partitions are altered one by one (ALTER TABLE on the parent does not reach them);
    // partitions created later inherit the parent's setting. Values already stored keep their compression. A server
    // built without lz4 keeps pglz.
    sql: `
      DO $$
      DECLARE part regclass;
      BEGIN
        FOR part IN
          SELECT 'prediction_requests'::regclass
          UNION ALL SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'prediction_requests'::regclass
        LOOP
          EXECUTE format(
            'ALTER TABLE ONLY %s ALTER COLUMN inputs SET COMPRESSION lz4, ALTER COLUMN probabilities SET COMPRESSION lz4, '
            'ALTER COLUMN labels SET COMPRESSION lz4', part);
        END LOOP;
      EXCEPTION WHEN feature_not_supported THEN
        RAISE NOTICE 'this PostgreSQL has no lz4: the prediction log keeps pglz compression';
      END $$;`,
  },
  {
    id: 27,
    name: "the prediction log's compact layout: inputs as columns, probabilities flat with their classes",
    // A 1,000-row request was about 300 KB of JSON: every row repeated its column names and every probability its
    // class label. New requests store inputs as one object of columns ({"island": [...], ...}) and the probabilities
    // as one flat array, row-major in the order of the new column classes: about a third of the bytes, and COPY of
    // 200 such requests took 104 ms against 300-340 ms (bench/README.md). Rows written before keep their layout
    // (inputs an array of row objects, classes NULL). The predictions view reads either, each request's JSON parsed
    // once, and shows every row with the same columns and values as before.
    sql: `
      ALTER TABLE prediction_requests ADD COLUMN classes text[];
      CREATE OR REPLACE VIEW predictions AS
        SELECT id, model_name, model_version, input, label, probabilities, requested_by, created_at
          FROM prediction_rows
        UNION ALL
        SELECT (r.id << 24) + e.n - 1, r.model_name, r.model_version,
               CASE WHEN j.keys IS NULL THEN j.inputs -> (e.n - 1)
                    ELSE (SELECT jsonb_object_agg(k, j.inputs #> ARRAY[k, (e.n - 1)::text]) FROM unnest(j.keys) AS k)
               END,
               r.labels[e.n],
               CASE WHEN r.classes IS NULL THEN j.probabilities -> (e.n - 1)
                    ELSE (SELECT jsonb_agg(jsonb_build_object('label', c.label, 'probability',
                                   j.probabilities -> ((e.n - 1) * cardinality(r.classes) + c.i::int - 1)) ORDER BY c.i)
                            FROM unnest(r.classes) WITH ORDINALITY AS c(label, i))
               END,
               r.requested_by, r.created_at
          FROM prediction_requests r
               CROSS JOIN LATERAL (
                 SELECT x.*, CASE WHEN jsonb_typeof(x.inputs) = 'object'
                                  THEN ARRAY(SELECT jsonb_object_keys(x.inputs)) END AS keys
                   FROM (SELECT r.inputs::jsonb AS inputs, r.probabilities::jsonb AS probabilities OFFSET 0) AS x
                 OFFSET 0) AS j
               CROSS JOIN LATERAL generate_series(1, r.row_count) AS e(n);`,
  },
];
