// Datasets: MySQL and PostgreSQL tables listed, described, previewed, profiled, ingested and prepared.
import type { Config } from "../../config";
import { DatasetSource } from "../../schema/enums";
import type { MysqlSource, PostgresSource } from "./sources";

/** Rows of a table as training reads them: typed column descriptions and plain row objects. */
export interface TableData {
  table: string;
  source: DatasetSource;
  columns: { name: string; type: string; nullable: boolean; numeric: boolean }[];
  rows: Record<string, unknown>[];
  /** A content digest (hex) of the rows read, for MLflow dataset inputs. */
  digest: string;
  /** e.g. mysql://127.0.0.1:3306/datasets.penguins */
  sourceUri: string;
}

export class DatasetService {
  constructor(
    readonly mysql: MysqlSource,
    readonly postgres: PostgresSource,
    readonly config: Config,
  ) {}

  /**
   * Read whole columns of a table for training. Unknown table: BAD_USER_INPUT naming it (field "dataset");
   * unknown column: BAD_USER_INPUT naming it. `columns` undefined = every column.
   */
  async readTable(_source: DatasetSource, _table: string, _columns?: string[]): Promise<TableData> {
    throw new Error("DatasetService.readTable is not implemented yet");
  }
}
