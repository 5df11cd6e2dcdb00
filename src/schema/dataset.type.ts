// Dataset types: tables in MySQL or PostgreSQL, their columns, profiles, ingest and prepare.
import { Field, Float, InputType, Int, ObjectType } from "type-graphql";
import { BuiltinDataset, DatasetSource, IngestMode } from "./enums";
import { JSONScalar } from "./scalars";

@ObjectType({ simpleResolvers: true, description: "A column of a dataset table." })
export class Column {
  @Field(() => String, { description: "Column name." }) name!: string;
  @Field(() => String, { description: "The database's column type, e.g. double, varchar(255), bigint." })
  type!: string;
  @Field(() => Boolean, { description: "Whether the column admits NULL." }) nullable!: boolean;
}

@ObjectType({
  simpleResolvers: true,
  description: "Per-column statistics computed in SQL by the dataset's database.",
})
export class ColumnProfile {
  @Field(() => String, { description: "Column name." }) name!: string;
  @Field(() => Int, { description: "Rows where the column is NULL." }) nullCount!: number;
  @Field(() => Int, { description: "Distinct non-NULL values." }) distinctCount!: number;
  @Field(() => JSONScalar, {
    nullable: true,
    description: "Smallest value (numbers, or text in the database's collation order).",
  })
  min!: unknown;
  @Field(() => JSONScalar, {
    nullable: true,
    description: "Largest value (numbers, or text in the database's collation order).",
  })
  max!: unknown;
  @Field(() => Float, { nullable: true, description: "Mean of numeric columns; null for text." }) mean!:
    | number
    | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "A table in the configured MySQL database or PostgreSQL schema. Fields `rows`, `profile` and `runs` are resolved on demand.",
})
export class Dataset {
  @Field(() => String, { description: "Table name." }) name!: string;
  @Field(() => DatasetSource, { description: "MYSQL or POSTGRES." }) source!: DatasetSource;
  @Field(() => Int, { description: "Exact row count (COUNT(*))." }) rowCount!: number;
  @Field(() => [Column], { description: "Columns in table order, with the database's types." })
  columns!: Column[];
}

@InputType({ description: "Exactly one of builtin, url and csv." })
export class IngestDatasetInput {
  @Field(() => String, { description: "Target table name: ^[A-Za-z_][A-Za-z0-9_]{0,63}$." }) name!: string;
  @Field(() => DatasetSource, {
    defaultValue: DatasetSource.MYSQL,
    description: "Which database to write the table to.",
  })
  source!: DatasetSource;
  @Field(() => BuiltinDataset, { nullable: true, description: "A dataset shipped with the gateway." })
  builtin?: BuiltinDataset | null;
  @Field(() => String, {
    nullable: true,
    description: "http(s) URL of a CSV file or a JSON array of objects.",
  })
  url?: string | null;
  @Field(() => String, { nullable: true, description: "CSV text with a header row." }) csv?: string | null;
  @Field(() => IngestMode, {
    defaultValue: IngestMode.REPLACE,
    description: "REPLACE (atomic swap, default) or APPEND (columns must match).",
  })
  mode!: IngestMode;
}

@ObjectType({ simpleResolvers: true, description: "The result of an ingest." })
export class IngestResult {
  @Field(() => Dataset, { description: "The table as it is after the ingest." }) dataset!: Dataset;
  @Field(() => Int, { description: "Rows written by this ingest." }) rowsWritten!: number;
}

@InputType({ description: "Fractions of rows for the validation and test parts; the rest is train." })
export class SplitInput {
  @Field(() => Float, {
    defaultValue: 0,
    description: "Share of rows for the `<to>_validation` table (stratified by label).",
  })
  validation!: number;
  @Field(() => Float, {
    defaultValue: 0.2,
    description: "Share of rows for the `<to>_test` table (stratified by label).",
  })
  test!: number;
  @Field(() => Int, {
    defaultValue: 42,
    description: "Seed of the shuffle: the same seed gives the same split.",
  })
  seed!: number;
}

@InputType({ description: "Clean a table into train/validation/test tables." })
export class PrepareDatasetInput {
  @Field(() => String, { description: "The source table." }) from!: string;
  @Field(() => String, {
    description: "The train table to write; `<to>_validation` and `<to>_test` beside it.",
  })
  to!: string;
  @Field(() => DatasetSource, {
    defaultValue: DatasetSource.MYSQL,
    description: "Which database holds `from` (the tables are written there too).",
  })
  source!: DatasetSource;
  @Field(() => String, { description: "The label column, kept as is and used to stratify the split." })
  label!: string;
  @Field(() => Boolean, { defaultValue: true, description: "Drop rows with a NULL in any column." })
  dropNulls!: boolean;
  @Field(() => [String], {
    nullable: true,
    description: "Columns to one-hot encode into integer columns `<column>_<value>`.",
  })
  oneHot?: string[] | null;
  @Field(() => SplitInput, {
    nullable: true,
    description: "Train/validation/test fractions; null: one table with every row.",
  })
  split?: SplitInput | null;
  @Field(() => Int, {
    nullable: true,
    description: "Rows per batch in the train table's batch_id column; null: one batch.",
  })
  batchSize?: number | null;
}

@ObjectType({ simpleResolvers: true, description: "The tables written by prepareDataset." })
export class PreparedDataset {
  @Field(() => Dataset, { description: "The train table (every row when there is no split)." })
  train!: Dataset;
  @Field(() => Dataset, { nullable: true, description: "The validation table, when asked for." })
  validation!: Dataset | null;
  @Field(() => Dataset, { nullable: true, description: "The test table, when asked for." })
  test!: Dataset | null;
  @Field(() => Int, { description: "Distinct batch_id values in the train table (1 without batchSize)." })
  batches!: number;
}
