// Dataset types: tables in MySQL or PostgreSQL, their columns, profiles, ingest and prepare.
import { Field, Float, InputType, Int, ObjectType } from "type-graphql";
import { BuiltinDataset, DatasetSource, IngestMode } from "./enums";
import { JSONScalar } from "./scalars";

@ObjectType({ description: "A column of a dataset table." })
export class Column {
  @Field(() => String) name!: string;
  @Field(() => String, { description: "The database's column type, e.g. double, varchar(255), bigint." })
  type!: string;
  @Field(() => Boolean) nullable!: boolean;
}

@ObjectType({ description: "Per-column statistics computed in SQL by the dataset's database." })
export class ColumnProfile {
  @Field(() => String) name!: string;
  @Field(() => Int) nullCount!: number;
  @Field(() => Int) distinctCount!: number;
  @Field(() => JSONScalar, { nullable: true }) min!: unknown;
  @Field(() => JSONScalar, { nullable: true }) max!: unknown;
  @Field(() => Float, { nullable: true, description: "Mean of numeric columns; null for text." }) mean!:
    | number
    | null;
}

@ObjectType({
  description:
    "A table in the configured MySQL database or PostgreSQL schema. Fields `rows`, `profile` and `runs` are resolved on demand.",
})
export class Dataset {
  @Field(() => String) name!: string;
  @Field(() => DatasetSource) source!: DatasetSource;
  @Field(() => Int, { description: "Exact row count (COUNT(*))." }) rowCount!: number;
  @Field(() => [Column]) columns!: Column[];
}

@InputType({ description: "Exactly one of builtin, url and csv." })
export class IngestDatasetInput {
  @Field(() => String, { description: "Target table name: ^[A-Za-z_][A-Za-z0-9_]{0,63}$." }) name!: string;
  @Field(() => DatasetSource, { defaultValue: DatasetSource.MYSQL }) source!: DatasetSource;
  @Field(() => BuiltinDataset, { nullable: true }) builtin?: BuiltinDataset | null;
  @Field(() => String, {
    nullable: true,
    description: "http(s) URL of a CSV file or a JSON array of objects.",
  })
  url?: string | null;
  @Field(() => String, { nullable: true, description: "CSV text with a header row." }) csv?: string | null;
  @Field(() => IngestMode, { defaultValue: IngestMode.REPLACE }) mode!: IngestMode;
}

@ObjectType({ description: "The result of an ingest." })
export class IngestResult {
  @Field(() => Dataset) dataset!: Dataset;
  @Field(() => Int) rowsWritten!: number;
}

@InputType({ description: "Fractions of rows for the validation and test parts; the rest is train." })
export class SplitInput {
  @Field(() => Float, { defaultValue: 0 }) validation!: number;
  @Field(() => Float, { defaultValue: 0.2 }) test!: number;
  @Field(() => Int, { defaultValue: 42 }) seed!: number;
}

@InputType({ description: "Clean a table into train/validation/test tables." })
export class PrepareDatasetInput {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => DatasetSource, { defaultValue: DatasetSource.MYSQL }) source!: DatasetSource;
  @Field(() => String) label!: string;
  @Field(() => Boolean, { defaultValue: true }) dropNulls!: boolean;
  @Field(() => [String], { nullable: true }) oneHot?: string[] | null;
  @Field(() => SplitInput, { nullable: true }) split?: SplitInput | null;
  @Field(() => Int, {
    nullable: true,
    description: "Rows per batch in the train table's batch_id column; null: one batch.",
  })
  batchSize?: number | null;
}

@ObjectType({ description: "The tables written by prepareDataset." })
export class PreparedDataset {
  @Field(() => Dataset) train!: Dataset;
  @Field(() => Dataset, { nullable: true }) validation!: Dataset | null;
  @Field(() => Dataset, { nullable: true }) test!: Dataset | null;
  @Field(() => Int) batches!: number;
}
