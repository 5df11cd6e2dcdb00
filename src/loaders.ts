// Per-request DataLoaders: one per "load many X by key" that MLflow can batch. Created fresh for every request.
import type { Services } from "./services";

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the tracking area
export interface Loaders {}

export function createLoaders(_services: Services): Loaders {
  return {};
}
