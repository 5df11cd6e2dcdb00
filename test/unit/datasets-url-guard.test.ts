// The URL guard: which addresses count as public, allow-list matching, URL checks and the connect-time lookup.
import assert from "node:assert/strict";
import type { LookupAddress } from "node:dns";
import { test } from "node:test";
import { GraphQLError } from "graphql";
import {
  BlockedAddressError,
  checkUrl,
  guardedLookup,
  parsePrivateExceptions,
  privateExcepted,
  hostListed,
  isPublicAddress,
  type UrlPolicy,
} from "../../src/services/datasets/url-guard";

const open: UrlPolicy = { allowedHosts: [], allowPrivate: false };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof GraphQLError, String(err));
    assert.equal(err.extensions.code, "BAD_USER_INPUT");
    assert.equal(err.extensions.field, "input.url");
    return err.message;
  }
  assert.fail("expected a refusal");
}

test("private, loopback, link-local, reserved and mapped addresses are not public", () => {
  for (const ip of [
    "127.0.0.1",
    "127.255.0.9",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "fc00::abcd",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "64:ff9b::a00:1",
    "[::1]",
    "fe80::1%eth0",
    "not an ip",
  ])
    assert.equal(isPublicAddress(ip), false, ip);
  for (const ip of [
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "192.169.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
  ])
    assert.equal(isPublicAddress(ip), true, ip);
});

test("allow-list entries match exact hosts, and subdomains with a leading dot or *.", () => {
  assert.ok(hostListed("data.example.com", ["data.example.com"]));
  assert.ok(hostListed("DATA.example.com.", ["data.example.com"]));
  assert.ok(!hostListed("evil-data.example.com", ["data.example.com"]));
  assert.ok(hostListed("a.b.example.org", [".example.org"]));
  assert.ok(hostListed("a.example.org", ["*.example.org"]));
  assert.ok(!hostListed("example.org.evil.net", ["*.example.org"]));
  assert.ok(!hostListed("notexample.org", ["*.example.org"]));
});

test("checkUrl: http(s) only, no credentials, allow-list enforced, IP literals must be public", () => {
  assert.equal(checkUrl("https://example.com/a.csv", open, "input.url").hostname, "example.com");
  assert.match(
    refusal(() => checkUrl("file:///etc/passwd", open, "input.url")),
    /only http and https/,
  );
  assert.match(
    refusal(() => checkUrl("gopher://x/", open, "input.url")),
    /only http and https/,
  );
  assert.match(
    refusal(() => checkUrl("not a url", open, "input.url")),
    /not a URL/,
  );
  assert.match(
    refusal(() => checkUrl("http://u:p@example.com/", open, "input.url")),
    /user name or password/,
  );
  for (const url of [
    "http://127.0.0.1/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://[::1]:8080/",
    "http://[::ffff:127.0.0.1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.5/",
  ])
    assert.match(
      refusal(() => checkUrl(url, open, "input.url")),
      /private, loopback or reserved/,
      url,
    );
  const listed: UrlPolicy = { allowedHosts: ["127.0.0.1", "data.example.com"], allowPrivate: false };
  assert.equal(checkUrl("http://127.0.0.1:9/x", listed, "input.url").port, "9");
  assert.match(
    refusal(() => checkUrl("https://example.com/", listed, "input.url")),
    /not allowed/,
  );
  assert.equal(
    checkUrl("http://10.0.0.5/", { allowedHosts: [], allowPrivate: true }, "input.url").hostname,
    "10.0.0.5",
  );
});

function lookupWith(policy: UrlPolicy, host: string, all: boolean, port = 80) {
  return new Promise<{ err: Error | null; address: string | LookupAddress[] }>((resolve) =>
    guardedLookup(policy, port)(host, { all }, (err, address) => resolve({ err, address })),
  );
}

test("the connect-time lookup refuses names that resolve to private addresses and passes public answers on", async () => {
  const refused = await lookupWith(open, "localhost", true);
  assert.ok(refused.err instanceof BlockedAddressError, String(refused.err));
  assert.equal((refused.err as BlockedAddressError).host, "localhost");
  const listed = await lookupWith({ allowedHosts: ["localhost"], allowPrivate: false }, "localhost", false);
  assert.equal(listed.err, null);
  assert.match(String(listed.address), /^(127\.0\.0\.1|::1)$/);
  const allowed = await lookupWith({ allowedHosts: [], allowPrivate: true }, "localhost", true);
  assert.ok(Array.isArray(allowed.address) && allowed.address.length > 0);
});

test("INGEST_ALLOWED_HOSTS lifts the private-address refusal for exactly the named destinations", async () => {
  const parsed = parsePrivateExceptions("localhost:8080, 10.1.0.0/16, batch.internal, [::1]:99");
  assert.deepEqual(parsed.problems, []);
  const policy: UrlPolicy = { allowedHosts: [], allowPrivate: false, privateExceptions: parsed.entries };
  // CIDR: any port, only inside the range.
  assert.equal(checkUrl("http://10.1.2.3:7000/x", policy, "input.url").hostname, "10.1.2.3");
  assert.match(
    refusal(() => checkUrl("http://10.2.0.1/x", policy, "input.url")),
    /INGEST_ALLOWED_HOSTS/,
  );
  assert.equal(checkUrl("http://[::1]:99/x", policy, "input.url").port, "99");
  assert.match(
    refusal(() => checkUrl("http://[::1]:98/x", policy, "input.url")),
    /private/,
  );
  // host:port: that port only, checked where the name resolves.
  assert.equal((await lookupWith(policy, "localhost", true, 8080)).err, null);
  assert.ok((await lookupWith(policy, "localhost", true, 8081)).err instanceof BlockedAddressError);
  // Public hosts stay reachable; the exceptions do not restrict them.
  assert.equal(checkUrl("https://example.com/", policy, "input.url").hostname, "example.com");
  assert.equal(privateExcepted(parsed.entries, "batch.internal", 443, "192.168.1.1"), true);
  assert.equal(privateExcepted(parsed.entries, "other.internal", 443, "192.168.1.1"), false);
  assert.deepEqual(
    parsePrivateExceptions("10.0.0.0/33,bad host,x:70000").problems.length,
    3,
    "invalid entries are reported",
  );
});
