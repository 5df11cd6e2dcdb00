// Cursor pagination over MLflow page tokens: checks `first` and `after`, and builds PageInfo from a next_page_token.
import { badInput } from "../errors";
import { PageInfo } from "./common.type";

/** The largest page a connection serves (MLflow's registered-model search caps at 1000 too). */
export const MAX_PAGE_SIZE = 1000;

/** `first` as a page size: 1..MAX_PAGE_SIZE, else BAD_USER_INPUT naming the argument. */
export function pageSize(first: number | null | undefined, defaultSize = 50, field = "first"): number {
  if (first === null || first === undefined) return defaultSize;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(
      `${field} must be a whole number from 1 to ${MAX_PAGE_SIZE}; got ${first}. Page with \`after\` for more.`,
      {
        field,
      },
    );
  }
  return first;
}

// MLflow's page tokens are base64 (of a small JSON document); anything else cannot be one of ours.
const CURSOR = /^[A-Za-z0-9+/_=-]{1,4096}$/;

/** `after` as an MLflow page token: absent or empty means the first page. */
export function pageCursor(after: string | null | undefined, field = "after"): string | undefined {
  if (after === null || after === undefined || after === "") return undefined;
  if (!CURSOR.test(after)) {
    throw badInput(
      `${field} is not a cursor this API handed out: pass a previous page's pageInfo.endCursor`,
      { field },
    );
  }
  return after;
}

/** PageInfo for a page whose upstream answered with `nextPageToken` (absent or empty on the last page). */
export function toPageInfo(nextPageToken: string | null | undefined): PageInfo {
  return Object.assign(new PageInfo(), {
    hasNextPage: Boolean(nextPageToken),
    endCursor: nextPageToken || null,
  });
}
