using LabelBridge.Storage.Schema;

namespace LabelBridge.Storage.Sqlite;

/// <summary>The SQLite schema, as an ordered list of migrations. Append new steps; never edit an applied one.</summary>
internal static class SqliteSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "tables", """
            CREATE TABLE embeddings (
                model_fingerprint TEXT NOT NULL,
                cache_key TEXT NOT NULL,
                dim INTEGER NOT NULL,
                vector BLOB NOT NULL,
                PRIMARY KEY (model_fingerprint, cache_key));
            CREATE TABLE sweeps (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                project TEXT NOT NULL,
                triggered_by TEXT NOT NULL,
                stage TEXT NOT NULL,
                status TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                error TEXT);
            CREATE TABLE sweep_checkpoints (
                sweep_id INTEGER NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
                stage TEXT NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY (sweep_id, stage));
            CREATE TABLE findings (
                sweep_id INTEGER NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
                finding_key TEXT NOT NULL,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL,
                score REAL NOT NULL,
                annotation_key TEXT NOT NULL,
                annotation_version TEXT NOT NULL,
                item_key TEXT NOT NULL,
                given_label TEXT NOT NULL,
                suggested_label TEXT,
                reason TEXT NOT NULL,
                neighbours TEXT NOT NULL,
                PRIMARY KEY (sweep_id, finding_key));
            CREATE TABLE markers (
                project TEXT NOT NULL,
                finding_key TEXT NOT NULL,
                annotation_key TEXT NOT NULL,
                marker_id TEXT NOT NULL,
                label_when_marked TEXT NOT NULL,
                written_at TEXT NOT NULL,
                resolved INTEGER NOT NULL,
                PRIMARY KEY (project, finding_key));
            CREATE TABLE decisions (
                project TEXT NOT NULL,
                finding_key TEXT NOT NULL,
                annotation_key TEXT NOT NULL,
                annotation_version TEXT NOT NULL,
                verdict TEXT NOT NULL,
                source TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                PRIMARY KEY (project, finding_key));
            CREATE TABLE thumbnails (
                project TEXT NOT NULL,
                annotation_key TEXT NOT NULL,
                image BLOB NOT NULL,
                PRIMARY KEY (project, annotation_key));
            """),
        new(2, "indexes for sweep listing and marker lookup", """
            CREATE INDEX sweeps_by_project ON sweeps (project, started_at);
            CREATE INDEX findings_by_key ON findings (finding_key);
            """),
        new(3, "embedding shards of sweeps run by several workers", """
            CREATE TABLE sweep_shard_counts (
                sweep_id INTEGER PRIMARY KEY REFERENCES sweeps (id) ON DELETE CASCADE,
                total INTEGER NOT NULL,
                remaining INTEGER NOT NULL);
            CREATE TABLE sweep_shards (
                sweep_id INTEGER NOT NULL REFERENCES sweep_shard_counts (sweep_id) ON DELETE CASCADE,
                shard_index INTEGER NOT NULL,
                scope BLOB NOT NULL,
                attempts INTEGER NOT NULL,
                claimed_by TEXT,
                claimed_at TEXT,
                completed_by TEXT,
                completed_at TEXT,
                result BLOB,
                PRIMARY KEY (sweep_id, shard_index));
            """),
        new(4, "the auto embedder choice in its own table (it was kept in the embedding cache)", """
            CREATE TABLE embedder_choices (
                scope TEXT NOT NULL,
                candidate TEXT NOT NULL,
                agreement REAL NOT NULL,
                sequence INTEGER NOT NULL,
                PRIMARY KEY (scope, candidate));
            """),
        new(5, "the server each marker is on, so a project moved to another server reads none of the first server's markers", """
            ALTER TABLE markers ADD COLUMN server TEXT NOT NULL DEFAULT '';
            """),
        new(6, "the ETag / Last-Modified of each fetched image, so an image replaced under the same URL is noticed", """
            CREATE TABLE image_versions (
                image_key TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT);
            """),
        new(7, "threshold overrides an admin set, with who and when; sweeps use them instead of the configured value", """
            CREATE TABLE threshold_overrides (
                project TEXT NOT NULL,
                name TEXT NOT NULL,
                value REAL NOT NULL,
                set_by TEXT NOT NULL,
                set_at TEXT NOT NULL,
                PRIMARY KEY (project, name));
            """),
        new(8, "labels reviewers changed on the platform from the triage page, with who and when", """
            CREATE TABLE relabels (
                project TEXT NOT NULL,
                sweep_id INTEGER NOT NULL,
                finding_key TEXT NOT NULL,
                annotation_key TEXT NOT NULL,
                old_label TEXT NOT NULL,
                new_label TEXT NOT NULL,
                reviewer TEXT NOT NULL,
                relabelled_at TEXT NOT NULL);
            CREATE INDEX relabels_by_project ON relabels (project, relabelled_at);
            """),
    ];
}
