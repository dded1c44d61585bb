-- a database for each service that keeps one (inbox up and deploy/k8s create the same)
CREATE DATABASE inbox_ingest;
CREATE DATABASE inbox_conversation;
CREATE DATABASE inbox_handoff;
CREATE DATABASE inbox_summary;
