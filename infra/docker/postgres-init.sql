-- Runs once, when the postgres container initialises an empty data volume (docker-entrypoint-initdb.d).
-- One database per service, as infra/local's ensureDatabases() creates them; each service migrates its own.
CREATE DATABASE parley_session;
CREATE DATABASE parley_messaging;
CREATE DATABASE parley_media;
CREATE DATABASE parley_conversation;
