-- Runs once, on the first start of an empty PostgreSQL volume (docker-entrypoint-initdb.d).
-- The same databases scripts/stack.sh creates: MLflow's backend store, the gateway's own
-- records, and the PostgreSQL side of the datasets; all owned by the gateway user.
CREATE ROLE gateway LOGIN PASSWORD 'gateway';
CREATE DATABASE mlflow OWNER gateway;
CREATE DATABASE gateway OWNER gateway;
CREATE DATABASE datasets OWNER gateway;
