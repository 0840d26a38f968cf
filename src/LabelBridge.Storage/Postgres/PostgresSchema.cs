using LabelBridge.Storage.Schema;

namespace LabelBridge.Storage.Postgres;

/// <summary>The PostgreSQL schema, as an ordered list of migrations. Append new steps; never edit an applied one.</summary>
/// <remarks>Timestamps are ISO-8601 text as in SQLite, so both stores keep every tick.</remarks>
internal static class PostgresSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "tables", """
            CREATE TABLE embeddings (
                model_fingerprint text NOT NULL,
                cache_key text NOT NULL,
                dim integer NOT NULL,
                vector bytea NOT NULL,
                PRIMARY KEY (model_fingerprint, cache_key));
            CREATE TABLE sweeps (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                project text NOT NULL,
                triggered_by text NOT NULL,
                stage text NOT NULL,
                status text NOT NULL,
                started_at text NOT NULL,
                finished_at text,
                error text);
            CREATE TABLE sweep_checkpoints (
                sweep_id bigint NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
                stage text NOT NULL,
                data bytea NOT NULL,
                PRIMARY KEY (sweep_id, stage));
            CREATE TABLE findings (
                sweep_id bigint NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
                finding_key text NOT NULL,
                position integer NOT NULL,
                kind text NOT NULL,
                score double precision NOT NULL,
                annotation_key text NOT NULL,
                annotation_version text NOT NULL,
                item_key text NOT NULL,
                given_label text NOT NULL,
                suggested_label text,
                reason text NOT NULL,
                neighbours jsonb NOT NULL,
                PRIMARY KEY (sweep_id, finding_key));
            CREATE TABLE markers (
                project text NOT NULL,
                finding_key text NOT NULL,
                annotation_key text NOT NULL,
                marker_id text NOT NULL,
                label_when_marked text NOT NULL,
                written_at text NOT NULL,
                resolved boolean NOT NULL,
                PRIMARY KEY (project, finding_key));
            CREATE TABLE decisions (
                project text NOT NULL,
                finding_key text NOT NULL,
                annotation_key text NOT NULL,
                annotation_version text NOT NULL,
                verdict text NOT NULL,
                source text NOT NULL,
                decided_at text NOT NULL,
                PRIMARY KEY (project, finding_key));
            CREATE TABLE thumbnails (
                project text NOT NULL,
                annotation_key text NOT NULL,
                image bytea NOT NULL,
                PRIMARY KEY (project, annotation_key));
            """),
        new(2, "indexes for sweep listing and marker lookup", """
            CREATE INDEX sweeps_by_project ON sweeps (project, started_at);
            CREATE INDEX findings_by_key ON findings (finding_key);
            """),
        new(3, "embedding shards of sweeps run by several workers", """
            CREATE TABLE sweep_shard_counts (
                sweep_id bigint PRIMARY KEY REFERENCES sweeps (id) ON DELETE CASCADE,
                total integer NOT NULL,
                remaining integer NOT NULL);
            CREATE TABLE sweep_shards (
                sweep_id bigint NOT NULL REFERENCES sweep_shard_counts (sweep_id) ON DELETE CASCADE,
                shard_index integer NOT NULL,
                scope bytea NOT NULL,
                attempts integer NOT NULL,
                claimed_by text,
                claimed_at text,
                completed_by text,
                completed_at text,
                result bytea,
                PRIMARY KEY (sweep_id, shard_index));
            """),
        new(4, "the auto embedder choice in its own table (it was kept in the embedding cache)", """
            CREATE TABLE embedder_choices (
                scope text NOT NULL,
                candidate text NOT NULL,
                agreement double precision NOT NULL,
                sequence integer NOT NULL,
                PRIMARY KEY (scope, candidate));
            """),
        new(5, "the server each marker is on, so a project moved to another server reads none of the first server's markers", """
            ALTER TABLE markers ADD COLUMN server TEXT NOT NULL DEFAULT '';
            """),
        new(6, "the ETag / Last-Modified of each fetched image, so an image replaced under the same URL is noticed", """
            CREATE TABLE image_versions (
                image_key text PRIMARY KEY,
                etag text,
                last_modified text);
            """),
        new(7, "threshold overrides an admin set, with who and when; sweeps use them instead of the configured value", """
            CREATE TABLE threshold_overrides (
                project text NOT NULL,
                name text NOT NULL,
                value double precision NOT NULL,
                set_by text NOT NULL,
                set_at text NOT NULL,
                PRIMARY KEY (project, name));
            """),
        new(8, "labels reviewers changed on the platform from the triage page, with who and when", """
            CREATE TABLE relabels (
                project text NOT NULL,
                sweep_id bigint NOT NULL,
                finding_key text NOT NULL,
                annotation_key text NOT NULL,
                old_label text NOT NULL,
                new_label text NOT NULL,
                reviewer text NOT NULL,
                relabelled_at text NOT NULL);
            CREATE INDEX relabels_by_project ON relabels (project, relabelled_at);
            """),
    ];
}
