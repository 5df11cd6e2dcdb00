// Dataset lineage: the MLflow runs whose dataset inputs name a table, searched across every active experiment.
import type { MlflowClient } from "./client";
import type { MlflowRun } from "./types";

/** search-runs takes a list of experiment ids; keep each request's list modest. */
const EXPERIMENTS_PER_SEARCH = 100;
const EXPERIMENT_PAGE = 1000;

/** True when a dataset source string names no database table, or names exactly `tableUri`. */
export function sourceNamesTable(source: string | undefined, tableUri: string): boolean {
  if (!source || !/(mysql|postgres(ql)?):\/\//i.test(source)) return true;
  const escaped = tableUri.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${escaped}(?![A-Za-z0-9_])`).test(source);
}

/**
 * Runs (newest first, at most `first`) with a dataset input called `table`. MLflow filters by name
 * (`dataset.name`, verified against MLflow 3.17); when the input's source records a mysql:// or postgresql:// URI,
 * it must be this table's `tableUri`, so a MySQL and a PostgreSQL table of the same name keep separate lineage.
 */
export async function runsUsingTable(
  client: MlflowClient,
  table: string,
  tableUri: string,
  first: number,
): Promise<MlflowRun[]> {
  if (first <= 0) return [];
  const experimentIds: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchExperiments({ maxResults: EXPERIMENT_PAGE, pageToken });
    experimentIds.push(...page.items.map((e) => e.experiment_id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  // The table name is an identifier (letters, digits, _), so it is safe inside the quoted filter value.
  const filter = `dataset.name = '${table}'`;
  const found: MlflowRun[] = [];
  for (let i = 0; i < experimentIds.length; i += EXPERIMENTS_PER_SEARCH) {
    const ids = experimentIds.slice(i, i + EXPERIMENTS_PER_SEARCH);
    let token: string | undefined;
    let kept = 0;
    do {
      const page = await client.searchRuns({
        experimentIds: ids,
        filter,
        orderBy: ["attributes.start_time DESC"],
        maxResults: Math.min(1000, Math.max(first, 50)),
        pageToken: token,
      });
      for (const run of page.items) {
        const inputs = run.inputs?.dataset_inputs ?? [];
        if (inputs.some((d) => d.dataset.name === table && sourceNamesTable(d.dataset.source, tableUri))) {
          found.push(run);
          kept++;
        }
      }
      token = page.nextPageToken;
    } while (token && kept < first);
  }
  found.sort((a, b) => Number(b.info.start_time ?? 0) - Number(a.info.start_time ?? 0));
  return found.slice(0, first);
}
