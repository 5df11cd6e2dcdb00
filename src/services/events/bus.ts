// Events between gateway processes: PostgreSQL LISTEN/NOTIFY on the gateway's database, topics routed in-process.
import { Repeater } from "@graphql-yoga/subscription";
import { Client, Notification } from "pg";
import type { Logger } from "pino";
import type { GatewayDb } from "../store/db";

/**
 * Why every event goes through PostgreSQL, even to a subscriber of the same process: a publisher never knows
 * where the subscribers are (any replica, any worker), and one path means the cross-process path is the one
 * every test exercises. NOTIFY is delivered after the publishing statement commits, to every listening session.
 */
const CHANNEL = "gateway_events";
/** NOTIFY refuses payloads of 8000 bytes or more; larger ones are stored in gateway_events and sent by id. */
export const MAX_NOTIFY_BYTES = 7900;
/** Stored payloads older than this are deleted (every listener has read them long before). */
const STORED_TTL_MINUTES = 10;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

type Listener = (payload: unknown) => void;

interface Envelope {
  topic: string;
  payload?: unknown;
  /** Id of the gateway_events row holding the payload when it was too large to send. */
  ref?: string;
}

export class EventBus {
  private client?: Client;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly reconnectListeners = new Set<() => void>();
  /** Notifications are handled one after the other, so a stored payload's read cannot reorder them. */
  private delivery: Promise<void> = Promise.resolve();
  private closed = false;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly db: GatewayDb,
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  /** Whether the listening connection is up (events published meanwhile are not seen by this process). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Open the dedicated listening connection; later drops reconnect on their own. */
  async start(): Promise<void> {
    this.closed = false;
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
    await this.delivery;
  }

  /** Send an event to every subscriber of `topic` in every gateway process. */
  async publish(topic: string, payload: unknown): Promise<void> {
    let message = JSON.stringify({ topic, payload } satisfies Envelope);
    if (Buffer.byteLength(message, "utf8") > MAX_NOTIFY_BYTES) {
      const [row] = await this.db.query<{ id: string }>(
        "INSERT INTO gateway_events (topic, payload) VALUES ($1, $2) RETURNING id",
        [topic, JSON.stringify(payload)],
      );
      message = JSON.stringify({ topic, ref: String(row.id) } satisfies Envelope);
      await this.db.query(
        `DELETE FROM gateway_events WHERE created_at < now() - interval '${STORED_TTL_MINUTES} minutes'`,
      );
    }
    await this.db.query("SELECT pg_notify($1, $2)", [CHANNEL, message]);
  }

  /** Call `fn` with each payload published to `topic` from now on; returns the function that stops it. */
  listen(topic: string, fn: Listener): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (!set.size && this.listeners.get(topic) === set) this.listeners.delete(topic);
    };
  }

  /** Call `fn` after the listening connection came back: events published while it was down were missed. */
  onReconnect(fn: () => void): () => void {
    this.reconnectListeners.add(fn);
    return () => this.reconnectListeners.delete(fn);
  }

  /** The payloads of `topic` as an async iterable (what a GraphQL subscription returns). */
  subscribe<T>(topic: string): AsyncIterableIterator<T> {
    return new Repeater<T>(async (push, stop) => {
      const unlisten = this.listen(topic, (p) => void push(p as T));
      await stop;
      unlisten();
    });
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, keepAlive: true, connectionTimeoutMillis: 5000 });
    client.on("notification", (n) => this.received(n));
    client.on("error", (err) => {
      this.log.warn({ err }, "event bus: the listening connection failed; reconnecting");
      this.dropped(client);
    });
    client.on("end", () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      client.removeAllListeners("end");
      await client.end().catch(() => {});
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_MIN_MS;
  }

  private dropped(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners("notification");
    void client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().then(
        () => {
          if (!this.client) return;
          this.log.info("event bus: listening again");
          for (const fn of this.reconnectListeners) fn();
        },
        (err) => {
          this.log.warn({ err, retryMs: this.retryMs }, "event bus: reconnecting failed; retrying");
          this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
          this.scheduleReconnect();
        },
      );
    }, this.retryMs);
    this.retryTimer.unref();
  }

  private received(n: Notification): void {
    if (n.channel !== CHANNEL || !n.payload) return;
    this.delivery = this.delivery
      .then(() => this.deliver(n.payload!))
      .catch((err) => {
        this.log.warn({ err }, "event bus: could not deliver an event");
      });
  }

  private async deliver(raw: string): Promise<void> {
    const envelope = JSON.parse(raw) as Envelope;
    const set = this.listeners.get(envelope.topic);
    if (!set?.size) return;
    let payload = envelope.payload;
    if (envelope.ref !== undefined) {
      const [row] = await this.db.query<{ payload: unknown }>(
        "SELECT payload FROM gateway_events WHERE id = $1",
        [envelope.ref],
      );
      if (!row) return;
      payload = row.payload;
    }
    for (const fn of [...set]) fn(payload);
  }
}
