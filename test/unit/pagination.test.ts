import "reflect-metadata";
import assert from "node:assert/strict";
import { test } from "node:test";
import { GraphQLError } from "graphql";
import { MAX_PAGE_SIZE, pageCursor, pageSize, toPageInfo } from "../../src/schema/pagination";

const badInputOn = (field: string) => (err: unknown) => {
  assert.ok(err instanceof GraphQLError);
  assert.equal(err.extensions.code, "BAD_USER_INPUT");
  assert.equal(err.extensions.field, field);
  assert.match(err.message, new RegExp(field));
  return true;
};

test("first defaults when absent and accepts 1 to 1000", () => {
  assert.equal(pageSize(undefined), 50);
  assert.equal(pageSize(null, 20), 20);
  assert.equal(pageSize(1), 1);
  assert.equal(pageSize(MAX_PAGE_SIZE), 1000);
});

test("first above 1000, below 1 or fractional is BAD_USER_INPUT naming first", () => {
  for (const bad of [1001, 0, -1, 2.5, Number.NaN]) assert.throws(() => pageSize(bad), badInputOn("first"));
  assert.throws(() => pageSize(5000, 50, "versions.first"), badInputOn("versions.first"));
});

test("after passes MLflow's base64 page tokens through and refuses anything else", () => {
  const token = Buffer.from(JSON.stringify({ offset: 50 })).toString("base64");
  assert.equal(pageCursor(token), token);
  assert.equal(pageCursor(undefined), undefined);
  assert.equal(pageCursor(null), undefined);
  assert.equal(pageCursor(""), undefined);
  for (const bad of ["not a cursor", "a'b", "x".repeat(5000)])
    assert.throws(() => pageCursor(bad), badInputOn("after"));
});

test("PageInfo: endCursor is MLflow's next_page_token and hasNextPage says whether there is one", () => {
  assert.deepEqual({ ...toPageInfo("abc=") }, { hasNextPage: true, endCursor: "abc=" });
  assert.deepEqual({ ...toPageInfo(undefined) }, { hasNextPage: false, endCursor: null });
  assert.deepEqual({ ...toPageInfo("") }, { hasNextPage: false, endCursor: null });
});
