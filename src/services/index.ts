// Builds every service from the typed config, starts them, and closes them in order.
import type { Logger } from "pino";
import type { Config } from "../config";
import { describeCause } from "../errors";
import { ArtifactStore } from "./artifacts/store";
import { DatasetService } from "./datasets/service";
import { MysqlSource, PostgresSource } from "./datasets/sources";
import { EventBus } from "./events/bus";
import { HealthService } from "./health";
import { MlflowClient } from "./mlflow/client";
import { HousekeepingService } from "./mlflow/housekeeping";
import { MonitoringService } from "./monitoring/service";
import { TrackingService } from "./mlflow/tracking";
import { PipelineService } from "./pipelines/service";
import { PromotionService } from "./promotion/service";
import { queueNamespace, QueueService } from "./queue/boss";
import { ServingService } from "./serving/service";
import { GatewayDb } from "./store/db";
import { TrainingService } from "./training/service";

export interface Services {
  config: Config;
  log: Logger;
  mlflow: MlflowClient;
  artifacts: ArtifactStore;
  db: GatewayDb;
  /** pg-boss in the gateway's database: trials across processes, schedules. */
  queue: QueueService;
  /** Events across gateway processes (subscriptions): PostgreSQL LISTEN/NOTIFY on DATABASE_URL. */
  events: EventBus;
  mysql: MysqlSource;
  postgres: PostgresSource;
  datasets: DatasetService;
  tracking: TrackingService;
  promotion: PromotionService;
  training: TrainingService;
  serving: ServingService;
  housekeeping: HousekeepingService;
  monitoring: MonitoringService;
  pipelines: PipelineService;
  health: HealthService;
}

export function createServices(config: Config, log: Logger): Services {
  const mlflow = new MlflowClient(config.mlflow);
  const artifacts = new ArtifactStore(config.s3, mlflow);
  const db = new GatewayDb(config.databaseUrl, config.upstreamTimeoutMs);
  const queue = new QueueService(
    {
      databaseUrl: config.databaseUrl,
      ...config.queue,
      namespace: queueNamespace(config.mlflow.uri, config.queue.namespace),
    },
    log,
  );
  const events = new EventBus(db, config.databaseUrl, log);
  const mysql = new MysqlSource(config.mysqlUrl, config.upstreamTimeoutMs);
  const postgres = new PostgresSource(config.datasetsPgUrl, config.upstreamTimeoutMs);
  const datasets = new DatasetService(mysql, postgres, config, log);
  const tracking = new TrackingService(mlflow, artifacts, config);
  // Built first and given to both: trainGrid's promoteTo and promoteModel share one set of rules and one audit.
  const promotion = new PromotionService({ log, db, mlflow, events });
  promotion.onPromoted((name) => tracking.forgetAliases(name));
  const training = new TrainingService({
    config,
    log,
    db,
    queue,
    events,
    mlflow,
    artifacts,
    datasets,
    tracking,
    promotion,
  });
  const serving = new ServingService({ config, log, db, mlflow, artifacts, tracking, promotion });
  const housekeeping = new HousekeepingService(mlflow);
  const monitoring = new MonitoringService({
    config: config.monitoring,
    log,
    db,
    mlflow,
    artifacts,
    datasets,
    tracking,
    flushLog: () => serving.flush(),
  });
  const pipelines = new PipelineService({ log, db, queue, events, datasets, training, promotion });
  const services: Services = {
    config,
    log,
    mlflow,
    artifacts,
    db,
    queue,
    events,
    mysql,
    postgres,
    datasets,
    tracking,
    promotion,
    training,
    serving,
    housekeeping,
    monitoring,
    pipelines,
    health: new HealthService(() => services),
  };
  return services;
}

/** Migrations, then services that need the database (job recovery, prediction log). */
export async function startServices(s: Services): Promise<void> {
  try {
    const applied = await s.db.migrate();
    if (applied) s.log.info({ applied }, "applied gateway database migrations");
    await s.queue.start();
    await s.events.start();
    await s.training.start();
    await s.serving.start();
    // issue 13: leftovers of crashed ingests; a database that is down now only delays this to the next start.
    await s.datasets
      .cleanStaging()
      .then((dropped) => dropped.length && s.log.info({ dropped }, "dropped leftover staging tables"))
      .catch((err) => s.log.warn({ err: describeCause(err) }, "could not clean leftover staging tables"));
    await s.pipelines.start();
  } catch (err) {
    // A start that fails half-way (a database refusing, a migration deadlock) must not leave the queue's timers
    // and pools running: the process would neither serve nor exit.
    await closeServices(s).catch(() => {});
    throw err;
  }
}

export async function closeServices(s: Services): Promise<void> {
  await s.pipelines.close().catch((err) => s.log.error({ err }, "closing pipelines"));
  await s.training.close().catch((err) => s.log.error({ err }, "closing training"));
  await s.serving.close().catch((err) => s.log.error({ err }, "closing serving"));
  await s.queue.stop().catch((err) => s.log.error({ err }, "closing the job queue"));
  await s.events.close();
  await Promise.allSettled([s.db.close(), s.mysql.close(), s.postgres.close(), s.mlflow.close()]);
  s.artifacts.s3.destroy();
}
