// Server-side request forgery guard for user-supplied URLs: scheme and host rules, private-address refusal
// checked at connect time (so DNS rebinding cannot slip past), manual redirects, and a size-limited fetch.
import dns from "node:dns";
import net from "node:net";
import { Agent, request } from "undici";
import { badInput, describeCause, isConnectionError, upstreamUnavailable } from "../../errors";

/**
 * What a URL may reach. `allowedHosts` empty: any host whose addresses are all public. Non-empty: only those hosts
 * (exact names, or `.example.com` / `*.example.com` for subdomains), and they may resolve to private addresses,
 * since naming a host is an explicit decision. `allowPrivate`: skip the address check entirely. `privateExceptions`
 * (INGEST_ALLOWED_HOSTS): destinations that may be private while every other host still must be public.
 */
export interface UrlPolicy {
  allowedHosts: string[];
  allowPrivate: boolean;
  privateExceptions?: PrivateException[];
}

/** One INGEST_ALLOWED_HOSTS entry: a host name or IP (optionally with a port), or a CIDR range of addresses. */
export type PrivateException =
  | { kind: "host"; host: string; port: number | null }
  | { kind: "cidr"; list: net.BlockList; text: string };

/**
 * Parse INGEST_ALLOWED_HOSTS entries: `host`, `host:port`, `[v6]:port`, an IP, or `a.b.c.d/n` / `v6/n`.
 * Returns the entries and a message per entry that is not valid.
 */
export function parsePrivateExceptions(raw: string): { entries: PrivateException[]; problems: string[] } {
  const entries: PrivateException[] = [];
  const problems: string[] = [];
  for (const text of raw
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/.exec(text);
    if (cidr) {
      const family = net.isIP(cidr[1]);
      const bits = Number(cidr[2]);
      if (family === 0 || bits > (family === 4 ? 32 : 128)) {
        problems.push(`INGEST_ALLOWED_HOSTS entry ${JSON.stringify(text)} is not a valid CIDR range`);
        continue;
      }
      const list = new net.BlockList();
      list.addSubnet(cidr[1], bits, family === 4 ? "ipv4" : "ipv6");
      entries.push({ kind: "cidr", list, text });
      continue;
    }
    const m = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(text) ?? /^([a-z0-9.-]+)(?::(\d+))?$/.exec(text);
    const port = m?.[2] === undefined ? null : Number(m[2]);
    if (!m || (port !== null && (port < 1 || port > 65535))) {
      if (net.isIP(text) === 6) entries.push({ kind: "host", host: text, port: null });
      else
        problems.push(
          `INGEST_ALLOWED_HOSTS entry ${JSON.stringify(text)} is not valid: expected host, host:port or a CIDR range such as 10.0.0.0/8`,
        );
      continue;
    }
    entries.push({ kind: "host", host: m[1].replace(/\.$/, ""), port });
  }
  return { entries, problems };
}

/** Whether a connection to `address` for the URL host `host` on `port` is one INGEST_ALLOWED_HOSTS names. */
export function privateExcepted(
  exceptions: PrivateException[] | undefined,
  host: string,
  port: number,
  address: string,
): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  const ip = address.replace(/^\[|\]$/g, "");
  return (exceptions ?? []).some((e) => {
    if (e.kind === "cidr") {
      const family = net.isIP(ip);
      return family !== 0 && e.list.check(ip, family === 4 ? "ipv4" : "ipv6");
    }
    return (e.host === h || e.host === ip) && (e.port === null || e.port === port);
  });
}

const portOf = (u: URL) => (u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80);

/** Addresses a request from the gateway must not reach: loopback, private, link-local, shared, reserved, multicast. */
const BLOCKED = new net.BlockList();
for (const [net4, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  BLOCKED.addSubnet(net4, bits, "ipv4");
for (const [net6, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["3fff::", 20],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  BLOCKED.addSubnet(net6, bits, "ipv6");

/** The eight 16-bit groups of an IPv6 address in any spelling (`::`, embedded dotted quad), or null. */
export function ipv6Groups(ip: string): number[] | null {
  if (net.isIP(ip) !== 6) return null;
  let text = ip.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const groups = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address an IPv6 address carries in its last 32 bits, for the forms that deliver to it:
 * IPv4-compatible (::a.b.c.d, deprecated), IPv4-mapped (::ffff:a.b.c.d), IPv4-translated
 * (::ffff:0:a.b.c.d) and NAT64's well-known prefix (64:ff9b::a.b.c.d). WHATWG URLs print them in hex
 * (`[::7f00:1]`), so the check works on the groups, never on the spelling.
 */
export function embeddedIpv4(ip: string): string | null {
  const g = ipv6Groups(ip);
  if (!g) return null;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4 = v4Of(g[6], g[7]);
  if (zeros(0, 5) && (g[5] === 0 || g[5] === 0xffff)) return zeros(0, 6) && g[6] === 0 ? null : v4;
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return v4;
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4;
  return null;
}

/** True for an IP address outside every loopback, private, link-local, reserved and multicast range. */
export function isPublicAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = net.isIP(bare);
  if (family === 0) return false;
  if (family === 6) {
    // Embedded IPv4 (compatible, mapped, translated, NAT64): decided by the IPv4 address's class.
    const v4 = embeddedIpv4(bare);
    if (v4) return !BLOCKED.check(v4, "ipv4");
    const g = ipv6Groups(bare);
    // Only global unicast (2000::/3) is public; 6to4, Teredo and the documentation ranges are in BLOCKED.
    if (!g || (g[0] & 0xe000) !== 0x2000) return false;
    return !BLOCKED.check(bare, "ipv6");
  }
  return !BLOCKED.check(bare, "ipv4");
}

/** Whether `host` (lowercase, no brackets) is named by the allow-list. */
export function hostListed(host: string, allowedHosts: string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return allowedHosts.some((entry) => {
    const e = entry.toLowerCase().replace(/\.$/, "");
    if (e.startsWith("*.")) return h.endsWith(e.slice(1));
    if (e.startsWith(".")) return h.endsWith(e);
    return h === e;
  });
}

const hostOf = (u: URL) => u.hostname.replace(/^\[|\]$/g, "").toLowerCase();

/** Thrown by the connect-time lookup when a name resolves to an address the policy refuses. */
export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, a private or reserved address`);
    this.name = "BlockedAddressError";
  }
}

/**
 * Parse and check a URL before any connection: http/https only, no user:password, host on the allow-list when
 * there is one, and an IP-literal host must be public (names are checked when they resolve, see guardedLookup).
 */
export function checkUrl(raw: string, policy: UrlPolicy, field: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw badInput(`${JSON.stringify(raw.slice(0, 200))} is not a URL: expected http(s)://host/path`, {
      field,
    });
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw badInput(`only http and https URLs can be ingested, not ${u.protocol.replace(/:$/, "")}`, {
      field,
    });
  }
  if (u.username || u.password) {
    throw badInput("the URL must not contain a user name or password", { field });
  }
  const host = hostOf(u);
  const listed = policy.allowedHosts.length > 0 && hostListed(host, policy.allowedHosts);
  if (policy.allowedHosts.length && !listed) {
    throw badInput(
      `host "${host}" is not allowed: the gateway only fetches from ${policy.allowedHosts.join(", ")} (INGEST_URL_ALLOWED_HOSTS)`,
      { field },
    );
  }
  if (
    !policy.allowPrivate &&
    !listed &&
    net.isIP(host) &&
    !isPublicAddress(host) &&
    !privateExcepted(policy.privateExceptions, host, portOf(u), host)
  ) {
    throw badInput(
      `host "${host}" is a private, loopback or reserved address, which the gateway refuses to fetch from (name it in INGEST_ALLOWED_HOSTS to allow it)`,
      { field },
    );
  }
  return u;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net.connect that resolves the name and refuses it when any address is not public. The connection
 * uses exactly the addresses checked here, so a second, different DNS answer cannot be used to reach a private host.
 */
export function guardedLookup(policy: UrlPolicy, port: number) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const trusted =
        policy.allowPrivate || (policy.allowedHosts.length > 0 && hostListed(hostname, policy.allowedHosts));
      if (!trusted) {
        const bad = addresses.find(
          (a) =>
            !isPublicAddress(a.address) &&
            !privateExcepted(policy.privateExceptions, hostname, port, a.address),
        );
        if (bad) return callback(new BlockedAddressError(hostname, bad.address) as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

/** An undici dispatcher whose every connection (to `port`) goes through guardedLookup. */
export function guardedAgent(policy: UrlPolicy, timeoutMs: number, port: number): Agent {
  return new Agent({
    connect: { lookup: guardedLookup(policy, port), timeout: Math.min(timeoutMs, 10_000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

function findBlocked(err: unknown): BlockedAddressError | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    if (e instanceof BlockedAddressError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface FetchedBody {
  body: Buffer;
  contentType: string;
  /** The URL that answered, after redirects. */
  url: string;
}

/**
 * GET a user-supplied URL under the policy: at most `maxRedirects` redirects (each re-checked), the body cut off at
 * `maxBytes`, the whole exchange bounded by `timeoutMs`. Refusals are BAD_USER_INPUT naming `field`.
 */
export async function fetchGuarded(
  raw: string,
  opts: { policy: UrlPolicy; maxBytes: number; timeoutMs: number; field: string; maxRedirects?: number },
): Promise<FetchedBody> {
  const { policy, maxBytes, timeoutMs, field } = opts;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = checkUrl(raw, policy, field);
  // One agent per hop: the lookup checks INGEST_ALLOWED_HOSTS entries with a port against that hop's port.
  const agents: Agent[] = [];
  try {
    for (let hop = 0; ; hop++) {
      const agent = guardedAgent(policy, timeoutMs, portOf(url));
      agents.push(agent);
      const res = await request(url, {
        method: "GET",
        dispatcher: agent,
        signal,
        headers: { accept: "text/csv, application/json;q=0.9, */*;q=0.5" },
      });
      if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
        await res.body.dump();
        if (hop >= (opts.maxRedirects ?? 3)) throw badInput(`${raw} redirects too many times`, { field });
        url = checkUrl(new URL(String(res.headers.location), url).toString(), policy, field);
        continue;
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump();
        throw badInput(
          `${url.toString()} answered HTTP ${res.statusCode}: expected 200 with a CSV or JSON body`,
          { field },
        );
      }
      const declared = Number(res.headers["content-length"] ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body.destroy();
        throw badInput(
          `${url.toString()} is ${declared} bytes, more than the ingest limit of ${maxBytes} bytes`,
          { field },
        );
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          res.body.destroy();
          throw badInput(`${url.toString()} is larger than the ingest limit of ${maxBytes} bytes`, { field });
        }
        chunks.push(chunk as Buffer);
      }
      const contentType = String(res.headers["content-type"] ?? "");
      return { body: Buffer.concat(chunks), contentType, url: url.toString() };
    }
  } catch (err) {
    const blocked = findBlocked(err);
    if (blocked) {
      throw badInput(
        `host "${blocked.host}" resolves to a private, loopback or reserved address, which the gateway refuses to fetch from (name it in INGEST_ALLOWED_HOSTS to allow it)`,
        { field },
      );
    }
    if (isConnectionError(err)) {
      throw upstreamUnavailable("url", `could not fetch ${url.toString()} (${describeCause(err)})`, {
        field,
      });
    }
    throw err;
  } finally {
    for (const agent of agents) agent.close().catch(() => {});
  }
}
