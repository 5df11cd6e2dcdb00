// Datasets: MySQL and PostgreSQL tables listed, described, previewed, profiled, ingested and prepared.
import type { Config } from "../../config";
import type { MysqlSource, PostgresSource } from "./sources";

export class DatasetService {
  constructor(
    readonly mysql: MysqlSource,
    readonly postgres: PostgresSource,
    readonly config: Config,
  ) {}
}
