package store

// SchemaVersion is the newest schema this build knows. A database written by
// a newer Homer is refused rather than guessed at.
const SchemaVersion = 52

// migrations[i] takes a database from version i to i+1. Released entries are
// never edited; a change is a new entry.
//
// A store whose version was set back (by hand, or by tests that replay
// old migrations) runs them again over the newer schema: each must hold up
// to that, with IF NOT EXISTS or, where a script would do harm the second
// time, a guard in applied.
var migrations = []string{
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE nodes (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL,
	name         TEXT NOT NULL,
	content_hash TEXT NOT NULL DEFAULT '',
	metadata     TEXT NOT NULL DEFAULT '{}',
	UNIQUE (kind, name)
);

-- Hyperedges: calls, imports, tests, co-change sets, renames, releases...
-- identity is derived from the kind and the members' names, never from row
-- ids, so writing the same fact twice is a no-op.
CREATE TABLE edges (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	identity   TEXT NOT NULL UNIQUE,
	confidence REAL NOT NULL DEFAULT 1,
	metadata   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX edges_kind ON edges (kind);

CREATE TABLE edge_members (
	edge_id  INTEGER NOT NULL REFERENCES edges (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	node_id  INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	role     TEXT NOT NULL,
	PRIMARY KEY (edge_id, position)
) WITHOUT ROWID;
CREATE INDEX edge_members_node ON edge_members (node_id);

-- History, typed for speed: one row per commit node, one per file change.
CREATE TABLE commits (
	node_id     INTEGER PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
	author_id   INTEGER NOT NULL REFERENCES nodes (id),
	author_time INTEGER NOT NULL,
	commit_time INTEGER NOT NULL,
	parents     INTEGER NOT NULL,
	message     TEXT NOT NULL
);
CREATE INDEX commits_time ON commits (commit_time);
-- Every column that references nodes is indexed: deleting nodes (the code
-- graph is rewritten on each resolve) checks each reference.
CREATE INDEX commits_author ON commits (author_id);

CREATE TABLE changes (
	commit_id   INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	file_id     INTEGER NOT NULL REFERENCES nodes (id),
	status      TEXT NOT NULL,
	added       INTEGER NOT NULL,
	deleted     INTEGER NOT NULL,
	binary      INTEGER NOT NULL,
	old_file_id INTEGER,
	PRIMARY KEY (commit_id, file_id)
) WITHOUT ROWID;
CREATE INDEX changes_file ON changes (file_id);
CREATE INDEX changes_old_file ON changes (old_file_id);

-- The files at HEAD, as the structure source last saw them.
CREATE TABLE head_files (
	node_id  INTEGER PRIMARY KEY REFERENCES nodes (id),
	blob_id  TEXT NOT NULL,
	language TEXT NOT NULL,
	size     INTEGER NOT NULL,
	is_test  INTEGER NOT NULL
);

-- Parse results keyed by content: a blob is parsed once per plugin version
-- and configuration, whatever its path or branch.
CREATE TABLE parse_memo (
	blob_id TEXT NOT NULL,
	parser  TEXT NOT NULL,
	facts   BLOB NOT NULL,
	PRIMARY KEY (blob_id, parser)
) WITHOUT ROWID;

CREATE TABLE results (
	node_id    INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	input_hash TEXT NOT NULL,
	data       TEXT NOT NULL,
	PRIMARY KEY (node_id, kind)
) WITHOUT ROWID;
-- The primary key alone makes SQLite's foreign-key checks on node deletion
-- ten times slower (measured: 1.0 s against 0.2 s for 5,000 definitions).
CREATE INDEX results_node ON results (node_id);

CREATE TABLE stages (
	name TEXT PRIMARY KEY,
	key  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE checkpoints (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE search USING fts5 (kind UNINDEXED, ref UNINDEXED, body);
`,
	`
-- Every analysis reads and replaces its results by kind, comparing a
-- hash of each row's data (xxhash64 of the JSON, as a signed integer)
-- rather than the data itself.
CREATE INDEX results_kind ON results (kind);
ALTER TABLE results ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;

-- A hash of the part of the code graph each file owns (its definitions,
-- the calls made from them, its imports): resolve rewrites only the parts
-- whose hash changed.
-- Facts depend on the path as well as the content (a module's qualified
-- name, whether a file is a test), so the parse memo is keyed by both: a
-- blob held by two paths is parsed for each. Every stage runs again.
DROP TABLE parse_memo;
CREATE TABLE parse_memo (
	blob_id TEXT NOT NULL,
	parser  TEXT NOT NULL,
	path    TEXT NOT NULL,
	facts   BLOB NOT NULL,
	PRIMARY KEY (blob_id, parser, path)
) WITHOUT ROWID;
DELETE FROM stages;

CREATE TABLE graph_digests (
	path   TEXT PRIMARY KEY,
	digest TEXT NOT NULL
) WITHOUT ROWID;
`,
	`
-- Whether a file at HEAD is program source, as the structure source says:
-- source no language plugin parses is still weighed by its history.
-- Edges now carry how they were resolved, and definitions their
-- complexity. Every stage runs again.
ALTER TABLE head_files ADD COLUMN code INTEGER NOT NULL DEFAULT 0;
DELETE FROM stages;
DELETE FROM graph_digests;
`,
	`
-- No path of the machine is stored. Output nodes were named by the
-- artifact's absolute path; they are named relative to the repository root
-- now, and the renders run again to record them so. Plugin descriptions
-- were cached under their binary's absolute path; they are cached under a
-- hash of it, and described again.
DELETE FROM nodes WHERE kind = 'output';
DELETE FROM stages WHERE name LIKE 'render.%';
DELETE FROM checkpoints WHERE name LIKE 'plugin-info:%';
`,
	`
-- Graphs through time: the file graph at a commit (release tags, every N
-- commits, on demand). Files are numbered within their snapshot and edges
-- name them by that number: a snapshot of 955 files and 6,282 links
-- (prometheus) takes about 260 KB with its index. kind 0 is an import, 1 the
-- calls from one file into another (weight: how many). IF NOT EXISTS: a
-- store set back to an older version runs this again.
CREATE TABLE IF NOT EXISTS snapshots (
	id          INTEGER PRIMARY KEY,
	commit_sha  TEXT NOT NULL UNIQUE,
	ref         TEXT NOT NULL,
	reason      TEXT NOT NULL,
	commit_time INTEGER NOT NULL,
	graph_key   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot_files (
	snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
	idx         INTEGER NOT NULL,
	path        TEXT NOT NULL,
	blob_id     TEXT NOT NULL,
	is_test     INTEGER NOT NULL,
	pagerank    REAL NOT NULL,
	betweenness REAL NOT NULL,
	PRIMARY KEY (snapshot_id, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS snapshot_files_path ON snapshot_files (path);
CREATE TABLE IF NOT EXISTS snapshot_edges (
	snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
	kind        INTEGER NOT NULL,
	src         INTEGER NOT NULL,
	dst         INTEGER NOT NULL,
	weight      INTEGER NOT NULL,
	PRIMARY KEY (snapshot_id, kind, src, dst)
) WITHOUT ROWID;
`,
	`
-- Documentation freshness reads each version of a file: the blobs a path
-- had after and before each commit that touched it, and per blob (parsed
-- under the path it has at HEAD) hashes of each function's doc and body.
-- Both are facts of immutable objects, kept across runs, so an update
-- reads only the commits and blobs it has not seen.
CREATE TABLE IF NOT EXISTS path_blobs (
	commit_sha TEXT NOT NULL,
	path       TEXT NOT NULL,
	after      TEXT NOT NULL,
	before     TEXT NOT NULL,
	PRIMARY KEY (commit_sha, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doc_memo (
	blob_id TEXT NOT NULL,
	parser  TEXT NOT NULL,
	path    TEXT NOT NULL,
	defs    TEXT NOT NULL,
	PRIMARY KEY (blob_id, parser, path)
) WITHOUT ROWID;
`,
	`
-- Full-text search matches words by their stem: "slash" finds "slashes",
-- "parse" finds "parsing". The index is rebuilt with the Porter stemmer
-- over the same rows (a row's id is its node's), carried over from the
-- old one, so a store keeps what it had indexed without a new run.
CREATE TEMP TABLE search_carried AS SELECT rowid AS id, kind, ref, body FROM search;
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5 (kind UNINDEXED, ref UNINDEXED, body, tokenize = 'porter unicode61');
INSERT INTO search (rowid, kind, ref, body) SELECT id, kind, ref, body FROM search_carried;
DROP TABLE search_carried;
`,
	`
-- Compact where the volume is (issue 10). An edge's row id is a 64-bit
-- hash of its identity (edge_id, see EdgeID), which is neither stored nor
-- indexed any more: on spring-boot the identities and their unique index
-- took 140 MB. The tables are rebuilt with the same rows, members
-- included; the new members table references the new edges table before
-- the old one is dropped, so no cascade reaches it.
CREATE TABLE edges_v8 (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	confidence REAL NOT NULL DEFAULT 1,
	metadata   TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO edges_v8 (id, kind, confidence, metadata)
	SELECT edge_id(identity), kind, confidence, metadata FROM edges;
CREATE TABLE edge_members_v8 (
	edge_id  INTEGER NOT NULL REFERENCES edges_v8 (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	node_id  INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	role     TEXT NOT NULL,
	PRIMARY KEY (edge_id, position)
) WITHOUT ROWID;
INSERT INTO edge_members_v8 (edge_id, position, node_id, role)
	SELECT edge_id(e.identity), m.position, m.node_id, m.role FROM edge_members m JOIN edges e ON e.id = m.edge_id;
DROP TABLE edge_members;
DROP TABLE edges;
ALTER TABLE edges_v8 RENAME TO edges;
ALTER TABLE edge_members_v8 RENAME TO edge_members;
CREATE INDEX edges_kind ON edges (kind);
CREATE INDEX edge_members_node ON edge_members (node_id);

-- Results and parse facts are stored packed (one format byte, then
-- DEFLATE when that is shorter; see Pack): readers take unpack(data). The
-- digest stays that of the data itself. Both become tables with row ids:
-- a row of a WITHOUT ROWID table longer than about 1 KB spills into an
-- overflow page it leaves mostly empty (on spring-boot half of these two
-- tables' pages were unused), where a rowid table keeps up to 4 KB in its
-- page. The unique index serves the foreign-key checks on node deletion
-- that results_node served.
CREATE TABLE results_v8 (
	node_id    INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	input_hash TEXT NOT NULL,
	data       BLOB NOT NULL,
	digest     INTEGER NOT NULL DEFAULT 0,
	UNIQUE (node_id, kind)
);
INSERT INTO results_v8 (node_id, kind, input_hash, data, digest)
	SELECT node_id, kind, input_hash, pack(data), digest FROM results;
DROP TABLE results;
ALTER TABLE results_v8 RENAME TO results;
CREATE INDEX results_kind ON results (kind);

CREATE TABLE parse_memo_v8 (
	blob_id TEXT NOT NULL,
	parser  TEXT NOT NULL,
	path    TEXT NOT NULL,
	facts   BLOB NOT NULL,
	UNIQUE (blob_id, parser, path)
);
INSERT INTO parse_memo_v8 (blob_id, parser, path, facts)
	SELECT blob_id, parser, path, pack(facts) FROM parse_memo;
DROP TABLE parse_memo;
ALTER TABLE parse_memo_v8 RENAME TO parse_memo;

-- Only a rename has an old path: the index of old paths (read when a
-- file node is deleted) holds those rows alone. x = ? implies x IS NOT
-- NULL, so lookups still use it.
DROP INDEX IF EXISTS changes_old_file;
CREATE INDEX changes_old_file ON changes (old_file_id) WHERE old_file_id IS NOT NULL;

-- The render model is no longer stored: it is built from the rows it
-- summed (34 MB of protobuf on spring-boot).
DELETE FROM results WHERE kind = 'model';

-- Import memos are written packed too; the old ones are dropped (they
-- are caches: the next resolve asks the plugins again).
DELETE FROM checkpoints WHERE name LIKE 'imports.%';
`,
	`
-- The full-text index keeps no copy of the texts it indexes (issue 10: the
-- copy was a third of the index, and commit messages were stored twice).
-- It reads them through search_source: a commit's message from commits,
-- any other text (a definition's doc) from search_texts, and the ref from
-- the node's name. Texts the old index held that commits cannot give back
-- (no commit row, or a message that differs) move to search_texts, so
-- nothing indexed is lost; the index is then built again from the view.
-- A text leaves the index when its row is deleted, by the triggers, which
-- hand the index the old text (it takes those words out); a node's
-- deletion reaches its text by the cascade.
CREATE TABLE search_texts (
	node_id INTEGER PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
	kind    TEXT NOT NULL,
	body    TEXT NOT NULL
);
INSERT INTO search_texts (node_id, kind, body)
	SELECT s.rowid, s.kind, s.body FROM search s WHERE s.rowid IN (SELECT id FROM nodes) AND NOT EXISTS (SELECT 1 FROM commits c JOIN nodes n ON n.id = c.node_id
		WHERE s.kind = 'commit' AND c.node_id = s.rowid AND n.name = s.ref AND c.message = s.body);
DROP TABLE search;
CREATE VIEW search_source AS
	SELECT c.node_id AS id, 'commit' AS kind, n.name AS ref, c.message AS body FROM commits c JOIN nodes n ON n.id = c.node_id
	UNION ALL
	SELECT t.node_id, t.kind, n.name, t.body FROM search_texts t JOIN nodes n ON n.id = t.node_id;
CREATE VIRTUAL TABLE search USING fts5 (kind UNINDEXED, ref UNINDEXED, body, content = 'search_source', content_rowid = 'id', tokenize = 'porter unicode61');
CREATE TRIGGER search_commit_gone AFTER DELETE ON commits BEGIN
	INSERT INTO search (search, rowid, kind, ref, body) VALUES ('delete', OLD.node_id, 'commit', '', OLD.message);
END;
CREATE TRIGGER search_text_gone AFTER DELETE ON search_texts BEGIN
	INSERT INTO search (search, rowid, kind, ref, body) VALUES ('delete', OLD.node_id, OLD.kind, '', OLD.body);
END;
INSERT INTO search (search) VALUES ('rebuild');
`,
	`
-- Nodes are found by a key, a 64-bit hash of kind and name (NodeKey, SQL
-- node_key), instead of a unique index on the names themselves (issue 10:
-- on spring-boot that index took 26 MB of 174). A definition's key lies
-- in its file's key range, which serves the reads of a file's
-- definitions the name index served. The table is rebuilt with the same
-- rows and ids (the migration runs with foreign keys off, so dropping the
-- old table reaches no row that refers to it); the view over it is made
-- again.
CREATE TABLE nodes_v10 (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL,
	name         TEXT NOT NULL,
	content_hash TEXT NOT NULL DEFAULT '',
	metadata     TEXT NOT NULL DEFAULT '{}',
	key          INTEGER NOT NULL UNIQUE
);
INSERT INTO nodes_v10 (id, kind, name, content_hash, metadata, key)
	SELECT id, kind, name, content_hash, metadata, node_key(kind, name) FROM nodes;
DROP VIEW search_source;
DROP TABLE nodes;
ALTER TABLE nodes_v10 RENAME TO nodes;
CREATE INDEX nodes_kind ON nodes (kind);
CREATE VIEW search_source AS
	SELECT c.node_id AS id, 'commit' AS kind, n.name AS ref, c.message AS body FROM commits c JOIN nodes n ON n.id = c.node_id
	UNION ALL
	SELECT t.node_id, t.kind, n.name, t.body FROM search_texts t JOIN nodes n ON n.id = t.node_id;
`,
	`
-- Calls between definitions, the bulk of the graph (issue 10: 108,000 on
-- spring-boot), are rows of their own: the caller's and the callee's node
-- ids, keyed by the pair, the confidence, and the metadata as columns:
-- count, test (made from test code) and via (how the call was resolved).
-- As edges each was an edge row and two member rows, with their indexes,
-- about 190 bytes on prometheus. Metadata not of that form is kept as it
-- is in other (NULL otherwise); the view call_edges gives each call's
-- metadata back as the JSON text it was written as. A call's identity is
-- still "calls|caller|callee" (its EdgeID the same); a node's deletion
-- takes its calls by the cascade, as it took its memberships. The calls
-- stored as edges move here; run again, the script finds none to move.
CREATE TABLE IF NOT EXISTS calls (
	caller     INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	callee     INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	confidence REAL NOT NULL DEFAULT 1,
	count      INTEGER NOT NULL DEFAULT 0,
	test       INTEGER NOT NULL DEFAULT 0,
	via        TEXT NOT NULL DEFAULT '',
	other      TEXT,
	PRIMARY KEY (caller, callee)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS calls_callee ON calls (callee);
DROP VIEW IF EXISTS call_edges;
CREATE VIEW call_edges AS
	SELECT caller, callee, confidence, coalesce(other, '{"count":' || count
		|| CASE WHEN test THEN ',"test":1' ELSE '' END
		|| CASE WHEN via != '' THEN ',"via":"' || via || '"' ELSE '' END || '}') AS metadata
	FROM calls;
-- Metadata the columns do not give back exactly is kept whole.
INSERT OR REPLACE INTO calls (caller, callee, confidence, count, test, via, other)
	SELECT caller, callee, confidence, count, test, via, CASE WHEN metadata IS '{"count":' || count
		|| CASE WHEN test THEN ',"test":1' ELSE '' END
		|| CASE WHEN via != '' THEN ',"via":"' || via || '"' ELSE '' END || '}' THEN NULL ELSE metadata END
	FROM (SELECT a.node_id AS caller, b.node_id AS callee, e.confidence AS confidence, e.metadata AS metadata,
			coalesce(json_extract(e.metadata, '$.count'), 0) AS count, coalesce(json_extract(e.metadata, '$.test'), 0) AS test,
			coalesce(json_extract(e.metadata, '$.via'), '') AS via
		FROM edges e
		JOIN edge_members a ON a.edge_id = e.id AND a.position = 0
		JOIN edge_members b ON b.edge_id = e.id AND b.position = 1
		WHERE e.kind = 'calls');
DELETE FROM edge_members WHERE edge_id IN (SELECT id FROM edges WHERE kind = 'calls');
DELETE FROM edges WHERE kind = 'calls';
`,
	`
-- The file-level and history edges leave the edge tables too (issue 10:
-- on spring-boot 95,000 of them took 15 MB as an edge row and two or
-- three member rows each, with their indexes). Imports, file-level calls,
-- tests and releases are rows of links: the kind as a number (1 imports,
-- 2 file-calls, 3 tests, 4 release), the two nodes' ids, keyed by
-- (src, kind, dst), the confidence, and the metadata as columns: count
-- (imports and file-level calls) and indirect (a test that reaches its
-- subject only through other code). Metadata not of that form is kept as
-- it is in other (NULL otherwise); the view link_edges gives each link's
-- kind and metadata back as the text they were written as. A node's
-- deletion takes its links by the cascade.
--
-- A rename was an edge of the old file, the new one and the commit, which
-- is the change row that names the old file (changes.old_file_id): the
-- change keeps the similarity (percent), and the view rename_edges gives
-- the rename back, confidence the similarity / 100.
--
-- Co-change sets keep the edge tables: their members are any number of
-- files, and there are few (1,323 on spring-boot).
CREATE TABLE links (
	kind       INTEGER NOT NULL,
	src        INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	dst        INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	confidence REAL NOT NULL DEFAULT 1,
	count      INTEGER NOT NULL DEFAULT 0,
	indirect   INTEGER NOT NULL DEFAULT 0,
	other      TEXT,
	PRIMARY KEY (src, kind, dst)
) WITHOUT ROWID;
CREATE INDEX links_dst ON links (dst);
CREATE VIEW link_edges AS
	SELECT CASE kind WHEN 1 THEN 'imports' WHEN 2 THEN 'file-calls' WHEN 3 THEN 'tests' WHEN 4 THEN 'release' END AS kind,
		src, dst, confidence, coalesce(other, CASE WHEN kind IN (1, 2) THEN '{"count":' || count || '}'
			WHEN indirect THEN '{"indirect":true}' ELSE '{}' END) AS metadata
	FROM links;
INSERT OR REPLACE INTO links (kind, src, dst, confidence, count, indirect, other)
	SELECT kind, src, dst, confidence, count, indirect, CASE WHEN metadata IS CASE WHEN kind IN (1, 2) THEN '{"count":' || count || '}'
			WHEN indirect THEN '{"indirect":true}' ELSE '{}' END THEN NULL ELSE metadata END
	FROM (SELECT CASE e.kind WHEN 'imports' THEN 1 WHEN 'file-calls' THEN 2 WHEN 'tests' THEN 3 ELSE 4 END AS kind,
			a.node_id AS src, b.node_id AS dst, e.confidence AS confidence, e.metadata AS metadata,
			CASE WHEN e.kind IN ('imports', 'file-calls') THEN coalesce(json_extract(e.metadata, '$.count'), 0) ELSE 0 END AS count,
			e.kind = 'tests' AND e.metadata = '{"indirect":true}' AS indirect
		FROM edges e
		JOIN edge_members a ON a.edge_id = e.id AND a.position = 0
		JOIN edge_members b ON b.edge_id = e.id AND b.position = 1
		WHERE e.kind IN ('imports', 'file-calls', 'tests', 'release'));

ALTER TABLE changes ADD COLUMN similarity INTEGER;
UPDATE changes SET similarity = r.similarity
	FROM (SELECT c.node_id AS commit_id, t.node_id AS file_id, CAST(round(e.confidence * 100) AS INTEGER) AS similarity
		FROM edges e
		JOIN edge_members t ON t.edge_id = e.id AND t.position = 1
		JOIN edge_members c ON c.edge_id = e.id AND c.position = 2
		WHERE e.kind = 'renamed') r
	WHERE changes.commit_id = r.commit_id AND changes.file_id = r.file_id;
CREATE VIEW rename_edges AS
	SELECT commit_id, old_file_id AS src, file_id AS dst, similarity / 100.0 AS confidence FROM changes WHERE old_file_id IS NOT NULL;

DELETE FROM edge_members WHERE edge_id IN (SELECT id FROM edges WHERE kind IN ('imports', 'file-calls', 'tests', 'release', 'renamed'));
DELETE FROM edges WHERE kind IN ('imports', 'file-calls', 'tests', 'release', 'renamed');
`,
	`
-- A definition is named relative to its file (issue 10: on spring-boot the
-- paths and '#' the definitions' names repeated took 8.7 MB). The table of
-- nodes becomes node_rows, with a column file: for a definition whose name
-- begins with the name of a file node and '#', that node's id, and the
-- rest of the name in name; NULL for every other node, whose name is whole.
-- The view nodes gives every node its whole name back (the file's name
-- looked up by id), so every reader reads what it read before; writers
-- write node_rows. Keys stay the hashes of the whole names, so a
-- definition's key still lies in its file's key range.
--
-- A file node's deletion gives its definitions their whole names back
-- first (the trigger; it finds them in the file's key range by the key
-- index, so file needs no index of its own).
--
-- Renaming the table carries the references of the tables that refer to
-- it (and would rewrite the view search_source to read node_rows, so that
-- view is dropped first and made again over the view nodes).
DROP VIEW search_source;
ALTER TABLE nodes RENAME TO node_rows;
ALTER TABLE node_rows ADD COLUMN file INTEGER;
UPDATE node_rows AS n SET file = f.id, name = substr(n.name, length(f.name) + 2)
	FROM node_rows f
	WHERE n.kind = 'definition' AND instr(n.name, '#') > 1
		AND f.key = node_key('file', substr(n.name, 1, instr(n.name, '#') - 1))
		AND f.kind = 'file' AND f.name = substr(n.name, 1, instr(n.name, '#') - 1);
CREATE VIEW nodes AS
	SELECT id, kind, CASE WHEN file IS NULL THEN name ELSE (SELECT f.name FROM node_rows f WHERE f.id = n.file) || '#' || name END AS name,
		content_hash, metadata, key
	FROM node_rows n;
-- The older migrations delete from nodes when a store set back runs them
-- again: a deletion from the view deletes the row.
CREATE TRIGGER nodes_delete INSTEAD OF DELETE ON nodes BEGIN
	DELETE FROM node_rows WHERE id = OLD.id;
END;
CREATE TRIGGER node_file_gone BEFORE DELETE ON node_rows WHEN OLD.kind = 'file' BEGIN
	UPDATE node_rows SET name = OLD.name || '#' || name, file = NULL
		WHERE key BETWEEN node_range_lo('definition', OLD.name) AND node_range_hi('definition', OLD.name) AND file = OLD.id;
END;
CREATE VIEW search_source AS
	SELECT c.node_id AS id, 'commit' AS kind, n.name AS ref, c.message AS body FROM commits c JOIN nodes n ON n.id = c.node_id
	UNION ALL
	SELECT t.node_id, t.kind, n.name, t.body FROM search_texts t JOIN nodes n ON n.id = t.node_id;
`,
	`
-- A definition's metadata of the usual form, {"name", "kind", "line",
-- "end", "exported", "doc" if any, "complexity" if not 0} with no
-- character escaped, is held in columns of node_rows (issue 10: on
-- spring-boot the keys and quotes of 70,000 such texts took about 4.5 MB,
-- and the name repeats the definition's): metadata is then empty, and the
-- view nodes writes the text out again. def_name is NULL when the name
-- is the stored name's part after its last '.'; a file node's deletion,
-- which gives its definitions their whole names, keeps their def_name
-- first. Metadata of any other form (a path with '#', a variant file) is
-- kept as it is, the columns NULL. The view and its triggers are made
-- again; the definitions stored are moved into the columns.
ALTER TABLE node_rows ADD COLUMN def_kind TEXT;
ALTER TABLE node_rows ADD COLUMN line INTEGER;
ALTER TABLE node_rows ADD COLUMN end_line INTEGER;
ALTER TABLE node_rows ADD COLUMN exported INTEGER;
ALTER TABLE node_rows ADD COLUMN complexity INTEGER;
ALTER TABLE node_rows ADD COLUMN doc TEXT;
ALTER TABLE node_rows ADD COLUMN def_name TEXT;
UPDATE node_rows SET def_kind = m.k, line = m.l, end_line = m.e, exported = m.x, complexity = m.c, doc = m.d, metadata = '',
		def_name = CASE WHEN m.nm = substr(node_rows.name, length(rtrim(node_rows.name, replace(node_rows.name, '.', ''))) + 1) THEN NULL ELSE m.nm END
	FROM (SELECT id, json_extract(metadata, '$.name') AS nm, json_extract(metadata, '$.kind') AS k, json_extract(metadata, '$.line') AS l,
			json_extract(metadata, '$.end') AS e, json_extract(metadata, '$.exported') AS x, json_extract(metadata, '$.complexity') AS c,
			json_extract(metadata, '$.doc') AS d
		FROM node_rows WHERE kind = 'definition' AND json_valid(metadata)) m
	WHERE node_rows.id = m.id AND typeof(m.nm) = 'text' AND typeof(m.k) = 'text' AND typeof(m.l) = 'integer' AND typeof(m.e) = 'integer'
		AND typeof(m.x) = 'integer' AND typeof(m.c) IN ('integer', 'null') AND typeof(m.d) IN ('text', 'null') AND m.d IS NOT ''
		AND node_rows.metadata = '{"name":"' || m.nm || '","kind":"' || m.k || '","line":' || m.l || ',"end":' || m.e
			|| ',"exported":' || CASE m.x WHEN 1 THEN 'true' ELSE 'false' END || coalesce(',"doc":"' || m.d || '"', '')
			|| CASE WHEN m.c != 0 THEN ',"complexity":' || m.c ELSE '' END || '}';
DROP VIEW nodes;
CREATE VIEW nodes AS
	SELECT id, kind, CASE WHEN file IS NULL THEN name ELSE (SELECT f.name FROM node_rows f WHERE f.id = n.file) || '#' || name END AS name,
		content_hash, CASE WHEN def_kind IS NULL THEN metadata ELSE '{"name":"'
			|| coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) || '","kind":"' || def_kind
			|| '","line":' || line || ',"end":' || end_line || ',"exported":' || CASE exported WHEN 1 THEN 'true' ELSE 'false' END
			|| coalesce(',"doc":"' || doc || '"', '') || CASE WHEN complexity != 0 THEN ',"complexity":' || complexity ELSE '' END || '}' END AS metadata,
		key
	FROM node_rows n;
CREATE TRIGGER nodes_delete INSTEAD OF DELETE ON nodes BEGIN
	DELETE FROM node_rows WHERE id = OLD.id;
END;
DROP TRIGGER node_file_gone;
CREATE TRIGGER node_file_gone BEFORE DELETE ON node_rows WHEN OLD.kind = 'file' BEGIN
	UPDATE node_rows SET name = OLD.name || '#' || name, file = NULL,
			def_name = CASE WHEN def_kind IS NULL THEN def_name ELSE coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) END
		WHERE key BETWEEN node_range_lo('definition', OLD.name) AND node_range_hi('definition', OLD.name) AND file = OLD.id;
END;
`,
	`
-- A result row names its kind and the hash of its run's inputs by a
-- number (issue 10: on spring-boot the 77,000 rows repeated eight kinds
-- and as many hashes, with the index of kinds 3 MB): result_kinds numbers
-- the kinds, result_inputs the input hashes of each kind (those no row
-- holds are deleted as rows are replaced), and result_rows holds the
-- rows. The view results gives the rows back as they were, read as
-- before (the input hash looked up only when read); writers write
-- result_rows. The index of (kind, input) serves the reads of a kind and
-- the pruning of its input hashes. The view is a join: a reader reads it
-- in a subquery, not as the right side of a LEFT JOIN, which SQLite would
-- build whole.
CREATE TABLE result_kinds (
	id   INTEGER PRIMARY KEY,
	kind TEXT NOT NULL UNIQUE
);
CREATE TABLE result_inputs (
	id         INTEGER PRIMARY KEY,
	kind       INTEGER NOT NULL,
	input_hash TEXT NOT NULL,
	UNIQUE (kind, input_hash)
);
INSERT INTO result_kinds (kind) SELECT DISTINCT kind FROM results ORDER BY kind;
INSERT INTO result_inputs (kind, input_hash)
	SELECT DISTINCT k.id, r.input_hash FROM results r JOIN result_kinds k ON k.kind = r.kind ORDER BY k.id, r.input_hash;
CREATE TABLE result_rows (
	node_id INTEGER NOT NULL REFERENCES node_rows (id) ON DELETE CASCADE,
	kind    INTEGER NOT NULL,
	input   INTEGER NOT NULL,
	data    BLOB NOT NULL,
	digest  INTEGER NOT NULL DEFAULT 0,
	UNIQUE (node_id, kind)
);
INSERT INTO result_rows (node_id, kind, input, data, digest)
	SELECT r.node_id, k.id, i.id, r.data, r.digest FROM results r
		JOIN result_kinds k ON k.kind = r.kind JOIN result_inputs i ON i.kind = k.id AND i.input_hash = r.input_hash
	ORDER BY r.rowid;
DROP TABLE results;
CREATE INDEX result_rows_kind ON result_rows (kind, input);
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		r.data AS data, r.digest AS digest
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
-- The older migrations delete from results when a store set back runs
-- them again.
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;

-- The view nodes also gives a node's name as stored (local_name): a
-- definition's name within its file, any other node's whole name. A
-- search for names ending in a text with no '#' reads it alone, without
-- looking up each definition's file (query.Lookup).
DROP VIEW nodes;
CREATE VIEW nodes AS
	SELECT id, kind, CASE WHEN file IS NULL THEN name ELSE (SELECT f.name FROM node_rows f WHERE f.id = n.file) || '#' || name END AS name,
		content_hash, CASE WHEN def_kind IS NULL THEN metadata ELSE '{"name":"'
			|| coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) || '","kind":"' || def_kind
			|| '","line":' || line || ',"end":' || end_line || ',"exported":' || CASE exported WHEN 1 THEN 'true' ELSE 'false' END
			|| coalesce(',"doc":"' || doc || '"', '') || CASE WHEN complexity != 0 THEN ',"complexity":' || complexity ELSE '' END || '}' END AS metadata,
		key, name AS local_name
	FROM node_rows n;
CREATE TRIGGER nodes_delete INSTEAD OF DELETE ON nodes BEGIN
	DELETE FROM node_rows WHERE id = OLD.id;
END;
`,
	`
-- The parse memo is keyed by a 64-bit hash of (blob, parser, path), its
-- row id (MemoKey, SQL memo_key), instead of a unique index on the three
-- texts (issue 10: on spring-boot that index held 1.8 MB of keys the
-- table holds too, 3.8 MB after a migration's vacuum). The columns stay,
-- so a reader checks them and prunes by them. The rows are copied with
-- their keys computed; run again, the script is skipped (applied).
CREATE TABLE parse_memo_v16 (
	id      INTEGER PRIMARY KEY,
	blob_id TEXT NOT NULL,
	parser  TEXT NOT NULL,
	path    TEXT NOT NULL,
	facts   BLOB NOT NULL
);
INSERT OR REPLACE INTO parse_memo_v16 (id, blob_id, parser, path, facts)
	SELECT memo_key(blob_id, parser, path), blob_id, parser, path, facts FROM parse_memo ORDER BY parser, path, blob_id;
DROP TABLE parse_memo;
ALTER TABLE parse_memo_v16 RENAME TO parse_memo;
`,
	`
-- A commit node's name, 40 hexadecimal digits, is stored as the 20 bytes
-- they spell (issue 10: 2.5 MB of names on spring-boot, 1.25 saved); the
-- view nodes, local_name included, writes the digits out again. Only a
-- name the bytes give back exactly (lower case) is stored so (hex_bytes);
-- any other stays text. Keys stay the hashes of the text names.
UPDATE node_rows SET name = hex_bytes(name) WHERE kind = 'commit' AND typeof(name) = 'text';
DROP VIEW nodes;
CREATE VIEW nodes AS
	SELECT id, kind, CASE WHEN file IS NOT NULL THEN (SELECT f.name FROM node_rows f WHERE f.id = n.file) || '#' || name
			WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS name,
		content_hash, CASE WHEN def_kind IS NULL THEN metadata ELSE '{"name":"'
			|| coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) || '","kind":"' || def_kind
			|| '","line":' || line || ',"end":' || end_line || ',"exported":' || CASE exported WHEN 1 THEN 'true' ELSE 'false' END
			|| coalesce(',"doc":"' || doc || '"', '') || CASE WHEN complexity != 0 THEN ',"complexity":' || complexity ELSE '' END || '}' END AS metadata,
		key, CASE WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS local_name
	FROM node_rows n;
CREATE TRIGGER nodes_delete INSTEAD OF DELETE ON nodes BEGIN
	DELETE FROM node_rows WHERE id = OLD.id;
END;
`,
	`
-- The doc-freshness memo of the blobs a path had around a commit keeps
-- the commit and the two blob ids as the 20 bytes their hexadecimal
-- digits spell (issue 10: three 40-character texts a row, 0.9 MB of
-- spring-boot's 3.9), where the digits give the bytes back exactly; an
-- empty id (no blob) or any other text stays text. Readers write the
-- digits out again (hex_text).
CREATE TABLE path_blobs_v18 (
	commit_sha BLOB NOT NULL,
	path       TEXT NOT NULL,
	after      BLOB NOT NULL,
	before     BLOB NOT NULL,
	PRIMARY KEY (commit_sha, path)
) WITHOUT ROWID;
INSERT OR IGNORE INTO path_blobs_v18 (commit_sha, path, after, before)
	SELECT hex_bytes(commit_sha), path, hex_bytes(after), hex_bytes(before) FROM path_blobs;
DROP TABLE path_blobs;
ALTER TABLE path_blobs_v18 RENAME TO path_blobs;
`,
	`
-- A call's confidence and the way it was resolved are small numbers
-- (issue 10: on spring-boot 108,000 calls held an 8-byte float and a word
-- each, 1.6 MB): the confidence in hundredths where that gives the float
-- back exactly (call_confidence; the view divides by 100.0), the way as
-- 1 receiver, 2 dispatch, 3 scope, 4 import, 5 name, 0 none
-- (call_via). A confidence or a way of any other value is kept as it is,
-- which the columns (of no type) keep apart from the numbers. The view
-- call_edges gives both back as before. Both functions pass a number
-- through, so the script can run again.
CREATE TABLE calls_v19 (
	caller     INTEGER NOT NULL REFERENCES node_rows (id) ON DELETE CASCADE,
	callee     INTEGER NOT NULL REFERENCES node_rows (id) ON DELETE CASCADE,
	confidence NOT NULL DEFAULT 100,
	count      INTEGER NOT NULL DEFAULT 0,
	test       INTEGER NOT NULL DEFAULT 0,
	via        NOT NULL DEFAULT 0,
	other      TEXT,
	PRIMARY KEY (caller, callee)
) WITHOUT ROWID;
INSERT INTO calls_v19 (caller, callee, confidence, count, test, via, other)
	SELECT caller, callee, call_confidence(confidence), count, test, call_via(via), other FROM calls;
DROP VIEW call_edges;
DROP TABLE calls;
ALTER TABLE calls_v19 RENAME TO calls;
CREATE INDEX calls_callee ON calls (callee);
CREATE VIEW call_edges AS
	SELECT caller, callee, CASE typeof(confidence) WHEN 'integer' THEN confidence / 100.0 ELSE confidence END AS confidence,
		coalesce(other, '{"count":' || count || CASE WHEN test THEN ',"test":1' ELSE '' END
			|| coalesce(',"via":"' || CASE typeof(via) WHEN 'integer' THEN CASE via WHEN 1 THEN 'receiver' WHEN 2 THEN 'dispatch'
				WHEN 3 THEN 'scope' WHEN 4 THEN 'import' WHEN 5 THEN 'name' END WHEN 'text' THEN nullif(via, '') END || '"', '') || '}') AS metadata
	FROM calls;
`,
	`
-- Commit messages are stored packed (PackText: DEFLATE primed with the
-- words and trailers of commit messages; issue 10: on spring-boot 5.7 MB
-- of text become 3.3 MB). Readers take unpack(message); the full-text
-- index reads them so through search_source, and a deleted commit's
-- message is handed to it unpacked. The index itself is unchanged.
-- pack_text passes a packed message through, so the script can run again.
UPDATE commits SET message = pack_text(message) WHERE typeof(message) = 'text';
DROP VIEW search_source;
CREATE VIEW search_source AS
	SELECT c.node_id AS id, 'commit' AS kind, n.name AS ref, unpack(c.message) AS body FROM commits c JOIN nodes n ON n.id = c.node_id
	UNION ALL
	SELECT t.node_id, t.kind, n.name, t.body FROM search_texts t JOIN nodes n ON n.id = t.node_id;
DROP TRIGGER search_commit_gone;
CREATE TRIGGER search_commit_gone AFTER DELETE ON commits BEGIN
	INSERT INTO search (search, rowid, kind, ref, body) VALUES ('delete', OLD.node_id, 'commit', '', unpack(OLD.message));
END;
`,
	`
-- The other texts the full-text index reads, definitions' docs with their
-- qualified names, are stored packed too (PackText; issue 10: 2.6 MB of
-- search_texts on spring-boot become 1.5), read through unpack(body) as
-- commit messages are; the index is unchanged.
UPDATE search_texts SET body = pack_text(body) WHERE typeof(body) = 'text';
DROP VIEW search_source;
CREATE VIEW search_source AS
	SELECT c.node_id AS id, 'commit' AS kind, n.name AS ref, unpack(c.message) AS body FROM commits c JOIN nodes n ON n.id = c.node_id
	UNION ALL
	SELECT t.node_id, t.kind, n.name, unpack(t.body) FROM search_texts t JOIN nodes n ON n.id = t.node_id;
DROP TRIGGER search_text_gone;
CREATE TRIGGER search_text_gone AFTER DELETE ON search_texts BEGIN
	INSERT INTO search (search, rowid, kind, ref, body) VALUES ('delete', OLD.node_id, OLD.kind, '', unpack(OLD.body));
END;
`,
	`
-- A result that begins with its node's name, {"path":"src/a",... as a
-- file's metrics and behaviour do, is stored without it (PackResult,
-- format 0x04; issue 10: on spring-boot 23,600 rows repeated their file's
-- path); the view results puts the name back (result_data, which hands
-- unpack the whole text), so every reader reads what it read before. The
-- stored rows are packed again so where that leaves the name out.
UPDATE result_rows SET data = p.d
	FROM (SELECT r.rowid AS id, result_pack(unpack(r.data), (SELECT n.name FROM nodes n WHERE n.id = r.node_id)) AS d
		FROM result_rows r WHERE substr(r.data, 1, 1) != x'04') p
	WHERE result_rows.rowid = p.id AND substr(p.d, 1, 1) = x'04';
DROP VIEW results;
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		CASE WHEN substr(r.data, 1, 1) = x'04' THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id)) ELSE r.data END AS data,
		r.digest AS digest
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;
`,
	`
-- A node's kind, one of ten words on every row of node_rows and in every
-- entry of its index nodes_kind (issue 10: on spring-boot 190,000 rows,
-- the index alone 3.0 MB), is stored as a one-character code (KindCode,
-- SQL node_kind): 0 commit, 1 definition, 2 file, 3 person, 4 release,
-- 5 module, 6 manifest, 7 command, 8 repository, 9 output; a kind not
-- among them is stored as it is. The view nodes gives the word back as
-- kind, and the code as kind_code, which a read of one kind compares
-- with node_kind(?) so that the index serves it. Keys stay the hashes of
-- the words. Codes are not words, so the script can run again.
UPDATE node_rows SET kind = CASE kind WHEN 'commit' THEN '0' WHEN 'definition' THEN '1' WHEN 'file' THEN '2' WHEN 'person' THEN '3'
	WHEN 'release' THEN '4' WHEN 'module' THEN '5' WHEN 'manifest' THEN '6' WHEN 'command' THEN '7' WHEN 'repository' THEN '8'
	WHEN 'output' THEN '9' END
	WHERE kind IN ('commit', 'definition', 'file', 'person', 'release', 'module', 'manifest', 'command', 'repository', 'output');
DROP VIEW nodes;
CREATE VIEW nodes AS
	SELECT id, CASE kind WHEN '0' THEN 'commit' WHEN '1' THEN 'definition' WHEN '2' THEN 'file' WHEN '3' THEN 'person'
			WHEN '4' THEN 'release' WHEN '5' THEN 'module' WHEN '6' THEN 'manifest' WHEN '7' THEN 'command' WHEN '8' THEN 'repository'
			WHEN '9' THEN 'output' ELSE kind END AS kind,
		CASE WHEN file IS NOT NULL THEN (SELECT f.name FROM node_rows f WHERE f.id = n.file) || '#' || name
			WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS name,
		content_hash, CASE WHEN def_kind IS NULL THEN metadata ELSE '{"name":"'
			|| coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) || '","kind":"' || def_kind
			|| '","line":' || line || ',"end":' || end_line || ',"exported":' || CASE exported WHEN 1 THEN 'true' ELSE 'false' END
			|| coalesce(',"doc":"' || doc || '"', '') || CASE WHEN complexity != 0 THEN ',"complexity":' || complexity ELSE '' END || '}' END AS metadata,
		key, CASE WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS local_name, kind AS kind_code
	FROM node_rows n;
CREATE TRIGGER nodes_delete INSTEAD OF DELETE ON nodes BEGIN
	DELETE FROM node_rows WHERE id = OLD.id;
END;
DROP TRIGGER node_file_gone;
CREATE TRIGGER node_file_gone BEFORE DELETE ON node_rows WHEN OLD.kind = '2' BEGIN
	UPDATE node_rows SET name = OLD.name || '#' || name, file = NULL,
			def_name = CASE WHEN def_kind IS NULL THEN def_name ELSE coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) END
		WHERE key BETWEEN node_range_lo('definition', OLD.name) AND node_range_hi('definition', OLD.name) AND file = OLD.id;
END;
`,
	`
-- A result is packed with its node's name as well as jsonDict as the
-- preset dictionary (PackResult, format 0x05, also within 0x04), and a
-- file's parse facts with its path (PackFacts, format 0x06): the paths
-- and names a result or a file's facts hold often share a prefix or a
-- word with their own (issue 10: on spring-boot 1.4 and 0.35 MB). Both
-- are read with the name given again: the view results hands 0x05 to
-- result_data as it does 0x04. The rows stored are packed again so; a
-- row packed so already comes out the same, so the script can run again.
DROP VIEW results;
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		CASE WHEN substr(r.data, 1, 1) IN (x'04', x'05') THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id)) ELSE r.data END AS data,
		r.digest AS digest
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;
UPDATE result_rows SET data = p.d
	FROM (SELECT r.rowid AS id, result_pack(unpack(result_data(r.data, n.name)), n.name) AS d
		FROM result_rows r JOIN nodes n ON n.id = r.node_id) p
	WHERE result_rows.rowid = p.id AND p.d != result_rows.data;
UPDATE parse_memo SET facts = pack_facts(unpack(facts), path) WHERE substr(facts, 1, 1) IN (x'00', x'01');
`,
	`
-- Two memos name a file by its path, which the file's node holds already
-- (issue 10: on spring-boot 1.9 MB of paths in path_blobs, 1.0 MB in
-- graph_digests). Where a file node of the path exists, they hold its key
-- (node_key('file', path), an integer; keys are never reused for another
-- name, as row ids may be), and readers read the path back from the node
-- (pathOf); any other path stays text. A row whose node is gone reads
-- as a NULL path: path_blobs drops it (a memo of git objects, read again
-- from git); GraphDigests deletes it and resolve rewrites the whole graph. The
-- column has no type, so an integer stays one. Run again, the copy keeps
-- what it finds.
CREATE TABLE path_blobs_v25 (
	commit_sha BLOB NOT NULL,
	path       NOT NULL,
	after      BLOB NOT NULL,
	before     BLOB NOT NULL,
	PRIMARY KEY (commit_sha, path)
) WITHOUT ROWID;
INSERT OR IGNORE INTO path_blobs_v25 (commit_sha, path, after, before)
	SELECT commit_sha, CASE typeof(path) WHEN 'text' THEN coalesce((SELECT n.key FROM node_rows n
		WHERE n.key = node_key('file', path) AND n.kind = node_kind('file')), path) ELSE path END, after, before FROM path_blobs;
DROP TABLE path_blobs;
ALTER TABLE path_blobs_v25 RENAME TO path_blobs;
CREATE TABLE graph_digests_v25 (
	path   NOT NULL PRIMARY KEY,
	digest TEXT NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO graph_digests_v25 (path, digest)
	SELECT CASE typeof(path) WHEN 'text' THEN coalesce((SELECT n.key FROM node_rows n
		WHERE n.key = node_key('file', path) AND n.kind = node_kind('file')), path) ELSE path END, digest FROM graph_digests;
DROP TABLE graph_digests;
ALTER TABLE graph_digests_v25 RENAME TO graph_digests;

-- Commits in time order are read whole (the history, add-patterns) and
-- sorted, or a file pair's few; only the first and last times of the
-- history used the index of commit times (0.8 MB on spring-boot), and
-- read them from the table now.
DROP INDEX IF EXISTS commits_time;
`,
	`
-- The parse memo keeps a file's path as its file node's key where the
-- node exists (as path_blobs does since 25), and the blob id as the 20
-- bytes its digits spell (hex_bytes); other paths and ids stay text
-- (issue 10: on spring-boot 1.1 MB of paths, 0.4 MB of ids). The row's
-- id stays the hash of the three texts (MemoKey). Readers read the view
-- parse_memos, which gives the texts back; a row whose file node is gone
-- has a NULL path there, is read by no one and is pruned. The columns
-- have no type, so an integer or bytes stay so. Run again, the copy keeps
-- what it finds.
DROP VIEW IF EXISTS parse_memos;
CREATE TABLE parse_memo_v26 (
	id      INTEGER PRIMARY KEY,
	blob_id NOT NULL,
	parser  TEXT NOT NULL,
	path    NOT NULL,
	facts   BLOB NOT NULL
);
INSERT INTO parse_memo_v26 (id, blob_id, parser, path, facts)
	SELECT id, CASE typeof(blob_id) WHEN 'text' THEN hex_bytes(blob_id) ELSE blob_id END, parser,
		CASE typeof(path) WHEN 'text' THEN coalesce((SELECT n.key FROM node_rows n
			WHERE n.key = node_key('file', path) AND n.kind = node_kind('file')), path) ELSE path END, facts
	FROM parse_memo ORDER BY id;
DROP TABLE parse_memo;
ALTER TABLE parse_memo_v26 RENAME TO parse_memo;
CREATE VIEW parse_memos AS
	SELECT id, CASE typeof(blob_id) WHEN 'blob' THEN lower(hex(blob_id)) ELSE blob_id END AS blob_id, parser,
		CASE typeof(path) WHEN 'integer' THEN (SELECT n.name FROM node_rows n WHERE n.key = m.path AND n.kind = node_kind('file')) ELSE path END AS path,
		facts
	FROM parse_memo m;
`,
	`
-- The index of node kinds holds the kinds of few nodes alone, codes from
-- '3' on and kinds stored as words (issue 10: on spring-boot 1.9 MB, all
-- but 5,800 of its 190,000 entries commits, definitions and files, which
-- are read whole, by scanning the table). A read of such a kind states
-- the index's condition as well (OfKind), so that SQLite uses it.
DROP INDEX IF EXISTS nodes_kind;
CREATE INDEX nodes_kind ON node_rows (kind) WHERE kind >= '3';
`,
	`
-- File nodes are named by their directory (issue 10: on spring-boot the
-- 52,000 paths, most of them of files no longer at HEAD, took 6.5 MB, in
-- 15,800 directories of 121 characters on average). This adds the table
-- of directories, each keyed by a hash of its path (DirKey, SQL dir_key)
-- with the number of file nodes in it, and the column dir; the next
-- migration moves the names. A column cannot be added twice, so a store
-- that has it skips this (applied).
CREATE TABLE IF NOT EXISTS dirs (
	id    INTEGER PRIMARY KEY,
	path  TEXT NOT NULL,
	files INTEGER NOT NULL
);
ALTER TABLE node_rows ADD COLUMN dir INTEGER;
`,
	`
-- A file node whose path has a '/' is stored by the name after its last
-- '/' and its directory's key (dir); every other node as before. The view
-- nodes puts "dir/" back, for the file and for its definitions' whole
-- names, so readers read what they read before; the parse memo's view,
-- which names a file by its node, does too. Writers write whole paths:
-- the trigger node_file_dir moves a new file node's directory into dirs
-- (refusing a directory whose key another one holds) and counts it, and
-- node_file_undir takes a directory out with its last file node, so the
-- table holds exactly the directories of the file nodes. A file node's
-- deletion gives its definitions their whole names, with its directory.
-- The names stored are moved; run again, the script finds none to move
-- and makes the views and triggers again.
INSERT INTO dirs (id, path, files)
	SELECT dir_key(d), d, count(*) FROM (SELECT path_dir(name) AS d FROM node_rows WHERE kind = '2' AND dir IS NULL AND instr(name, '/') > 0)
	GROUP BY d ORDER BY d
	ON CONFLICT (id) DO UPDATE SET files = files + excluded.files;
UPDATE node_rows SET dir = dir_key(path_dir(name)), name = path_base(name) WHERE kind = '2' AND dir IS NULL AND instr(name, '/') > 0;
DROP VIEW nodes;
CREATE VIEW nodes AS
	SELECT id, CASE kind WHEN '0' THEN 'commit' WHEN '1' THEN 'definition' WHEN '2' THEN 'file' WHEN '3' THEN 'person'
			WHEN '4' THEN 'release' WHEN '5' THEN 'module' WHEN '6' THEN 'manifest' WHEN '7' THEN 'command' WHEN '8' THEN 'repository'
			WHEN '9' THEN 'output' ELSE kind END AS kind,
		CASE WHEN file IS NOT NULL THEN (SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END FROM node_rows f WHERE f.id = n.file) || '#' || name
			WHEN dir IS NOT NULL THEN (SELECT d.path FROM dirs d WHERE d.id = n.dir) || '/' || name
			WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS name,
		content_hash, CASE WHEN def_kind IS NULL THEN metadata ELSE '{"name":"'
			|| coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) || '","kind":"' || def_kind
			|| '","line":' || line || ',"end":' || end_line || ',"exported":' || CASE exported WHEN 1 THEN 'true' ELSE 'false' END
			|| coalesce(',"doc":"' || doc || '"', '') || CASE WHEN complexity != 0 THEN ',"complexity":' || complexity ELSE '' END || '}' END AS metadata,
		key, CASE WHEN dir IS NOT NULL THEN (SELECT d.path FROM dirs d WHERE d.id = n.dir) || '/' || name
			WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS local_name, kind AS kind_code
	FROM node_rows n;
CREATE TRIGGER nodes_delete INSTEAD OF DELETE ON nodes BEGIN
	DELETE FROM node_rows WHERE id = OLD.id;
END;
DROP TRIGGER IF EXISTS node_file_gone;
CREATE TRIGGER node_file_gone BEFORE DELETE ON node_rows WHEN OLD.kind = '2' BEGIN
	UPDATE node_rows SET name = (CASE WHEN OLD.dir IS NULL THEN OLD.name ELSE (SELECT d.path FROM dirs d WHERE d.id = OLD.dir) || '/' || OLD.name END) || '#' || name, file = NULL,
			def_name = CASE WHEN def_kind IS NULL THEN def_name ELSE coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) END
		WHERE key BETWEEN node_range_lo('definition', CASE WHEN OLD.dir IS NULL THEN OLD.name ELSE (SELECT d.path FROM dirs d WHERE d.id = OLD.dir) || '/' || OLD.name END) AND node_range_hi('definition', CASE WHEN OLD.dir IS NULL THEN OLD.name ELSE (SELECT d.path FROM dirs d WHERE d.id = OLD.dir) || '/' || OLD.name END) AND file = OLD.id;
END;
DROP TRIGGER IF EXISTS node_file_dir;
CREATE TRIGGER node_file_dir AFTER INSERT ON node_rows WHEN NEW.kind = '2' AND NEW.dir IS NULL AND instr(NEW.name, '/') > 0 BEGIN
	SELECT RAISE(ABORT, 'two directories of one key') FROM dirs WHERE id = dir_key(path_dir(NEW.name)) AND path != path_dir(NEW.name);
	INSERT INTO dirs (id, path, files) VALUES (dir_key(path_dir(NEW.name)), path_dir(NEW.name), 1)
		ON CONFLICT (id) DO UPDATE SET files = files + 1;
	UPDATE node_rows SET dir = dir_key(path_dir(NEW.name)), name = path_base(NEW.name) WHERE id = NEW.id;
END;
DROP TRIGGER IF EXISTS node_file_undir;
CREATE TRIGGER node_file_undir AFTER DELETE ON node_rows WHEN OLD.dir IS NOT NULL BEGIN
	UPDATE dirs SET files = files - 1 WHERE id = OLD.dir;
	DELETE FROM dirs WHERE id = OLD.dir AND files <= 0;
END;
DROP VIEW IF EXISTS parse_memos;
CREATE VIEW parse_memos AS
	SELECT id, CASE typeof(blob_id) WHEN 'blob' THEN lower(hex(blob_id)) ELSE blob_id END AS blob_id, parser,
		CASE typeof(path) WHEN 'integer' THEN (SELECT CASE WHEN n.dir IS NULL THEN n.name ELSE (SELECT d.path FROM dirs d WHERE d.id = n.dir) || '/' || n.name END FROM node_rows n WHERE n.key = m.path AND n.kind = node_kind('file')) ELSE path END AS path,
		facts
	FROM parse_memo m;
`,
	`
-- The parse memo keeps the facts of several files in one pack (issue 10:
-- on spring-boot 9.6 MB of facts packed one by one took 12.4 MB of
-- pages, rows of about a kilobyte leaving a fifth of them empty, and one
-- file's facts repeat much of its neighbours'). A pack is a row of
-- parse_packs, the facts of up to 16 files of one parser whose paths
-- sort side by side, packed together (PackParseMemo; init packs them
-- before its vacuum, the migration packs the stored ones); a file's
-- memo row then holds where its facts lie in the pack (format 0x07:
-- memo_pack gives the pack's id, memo_facts the facts). The view
-- parse_memos gives every file's facts back as before (facts), and the
-- stored value (stored) and the pack's id (pack) to readers that read
-- many files' facts a pack at a time. A pack goes with the last row that
-- refers to it (PruneParseMemo). Run again, the script makes the view
-- again.
CREATE TABLE IF NOT EXISTS parse_packs (
	id   INTEGER PRIMARY KEY,
	data BLOB NOT NULL
);
DROP VIEW IF EXISTS parse_memos;
CREATE VIEW parse_memos AS
	SELECT id, CASE typeof(blob_id) WHEN 'blob' THEN lower(hex(blob_id)) ELSE blob_id END AS blob_id, parser,
		CASE typeof(path) WHEN 'integer' THEN (SELECT CASE WHEN n.dir IS NULL THEN n.name ELSE (SELECT d.path FROM dirs d WHERE d.id = n.dir) || '/' || n.name END FROM node_rows n WHERE n.key = m.path AND n.kind = node_kind('file')) ELSE path END AS path,
		CASE WHEN substr(facts, 1, 1) = x'07' THEN memo_facts(facts, (SELECT p.data FROM parse_packs p WHERE p.id = memo_pack(m.facts))) ELSE facts END AS facts,
		facts AS stored, memo_pack(facts) AS pack
	FROM parse_memo m;
`,
	`
-- Two values every row of node_rows repeated (issue 10: on spring-boot
-- 0.6 MB): a definition's kind, a word of up to 11 letters on each of
-- 70,000 rows, is stored as one byte where it is one of the kinds the
-- language plugins report (0 method, 1 function, 2 class, 3 constructor,
-- 4 interface, 5 enum, 6 struct, 7 constant, 8 variable, 9 type,
-- 10 module, 11 field, 12 property, 13 trait, 14 macro, 15 namespace:
-- DefKindCode; bytes, as the column's text affinity would make a number
-- text; any other kind stays text); and
-- the empty metadata '{}' of commits, files and most other nodes is
-- stored as '' (a definition's metadata in columns is '' too, its
-- def_kind set). The view nodes gives both back as they were. Run again,
-- the script finds nothing to change.
UPDATE node_rows SET def_kind = CASE def_kind WHEN 'method' THEN x'00' WHEN 'function' THEN x'01' WHEN 'class' THEN x'02' WHEN 'constructor' THEN x'03' WHEN 'interface' THEN x'04' WHEN 'enum' THEN x'05' WHEN 'struct' THEN x'06' WHEN 'constant' THEN x'07' WHEN 'variable' THEN x'08' WHEN 'type' THEN x'09' WHEN 'module' THEN x'0a' WHEN 'field' THEN x'0b' WHEN 'property' THEN x'0c' WHEN 'trait' THEN x'0d' WHEN 'macro' THEN x'0e' WHEN 'namespace' THEN x'0f' END
	WHERE typeof(def_kind) = 'text' AND def_kind IN ('method', 'function', 'class', 'constructor', 'interface', 'enum', 'struct', 'constant', 'variable', 'type', 'module', 'field', 'property', 'trait', 'macro', 'namespace');
UPDATE node_rows SET metadata = '' WHERE metadata = '{}' AND def_kind IS NULL;
DROP VIEW nodes;
CREATE VIEW nodes AS
	SELECT id, CASE kind WHEN '0' THEN 'commit' WHEN '1' THEN 'definition' WHEN '2' THEN 'file' WHEN '3' THEN 'person'
			WHEN '4' THEN 'release' WHEN '5' THEN 'module' WHEN '6' THEN 'manifest' WHEN '7' THEN 'command' WHEN '8' THEN 'repository'
			WHEN '9' THEN 'output' ELSE kind END AS kind,
		CASE WHEN file IS NOT NULL THEN (SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END FROM node_rows f WHERE f.id = n.file) || '#' || name
			WHEN dir IS NOT NULL THEN (SELECT d.path FROM dirs d WHERE d.id = n.dir) || '/' || name
			WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS name,
		content_hash, CASE WHEN def_kind IS NULL THEN CASE metadata WHEN '' THEN '{}' ELSE metadata END ELSE '{"name":"'
			|| coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) || '","kind":"'
			|| CASE typeof(def_kind) WHEN 'blob' THEN CASE def_kind WHEN x'00' THEN 'method' WHEN x'01' THEN 'function' WHEN x'02' THEN 'class' WHEN x'03' THEN 'constructor' WHEN x'04' THEN 'interface' WHEN x'05' THEN 'enum' WHEN x'06' THEN 'struct' WHEN x'07' THEN 'constant' WHEN x'08' THEN 'variable' WHEN x'09' THEN 'type' WHEN x'0a' THEN 'module' WHEN x'0b' THEN 'field' WHEN x'0c' THEN 'property' WHEN x'0d' THEN 'trait' WHEN x'0e' THEN 'macro' WHEN x'0f' THEN 'namespace' END ELSE def_kind END
			|| '","line":' || line || ',"end":' || end_line || ',"exported":' || CASE exported WHEN 1 THEN 'true' ELSE 'false' END
			|| coalesce(',"doc":"' || doc || '"', '') || CASE WHEN complexity != 0 THEN ',"complexity":' || complexity ELSE '' END || '}' END AS metadata,
		key, CASE WHEN dir IS NOT NULL THEN (SELECT d.path FROM dirs d WHERE d.id = n.dir) || '/' || name
			WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS local_name, kind AS kind_code
	FROM node_rows n;
CREATE TRIGGER nodes_delete INSTEAD OF DELETE ON nodes BEGIN
	DELETE FROM node_rows WHERE id = OLD.id;
END;
`,
	`
-- A commit's file changes are packed into its row (issue 10: on
-- spring-boot the table of changes, a row per change, took 4.7 MB and its
-- two indexes 3.3): the column changes holds them by file id, each a few
-- varints (PackChanges; NULL for a commit without changes, a merge). The
-- readers that read the whole history unpack them themselves; the view
-- changes gives the rows back as they were (change_rows, through
-- json_each), and rename_edges reads it. A file's changes are found by
-- reading them all: no reader asks for one file's often. The migration
-- packs the old rows (pack_changes) and is not run twice (applied).
ALTER TABLE commits ADD COLUMN changes BLOB;
UPDATE commits SET changes = g.data
	FROM (SELECT commit_id, pack_changes(file_id, status, added, deleted, binary, old_file_id, similarity) AS data FROM changes GROUP BY commit_id) g
	WHERE g.commit_id = commits.node_id;
DROP VIEW IF EXISTS rename_edges;
DROP TABLE changes;
CREATE VIEW changes AS
	SELECT c.node_id AS commit_id, j.value->>0 AS file_id, j.value->>1 AS status, j.value->>2 AS added, j.value->>3 AS deleted,
		j.value->>4 AS binary, j.value->>5 AS old_file_id, j.value->>6 AS similarity
	FROM commits c, json_each(change_rows(c.changes)) j WHERE c.changes IS NOT NULL;
CREATE VIEW rename_edges AS
	SELECT commit_id, old_file_id AS src, file_id AS dst, similarity / 100.0 AS confidence FROM changes WHERE old_file_id IS NOT NULL;
`,
	`
-- Results are keyed by (node, kind) without a row id (issue 10: on
-- spring-boot the unique index of (node_id, kind) beside the table took
-- 1.0 MB, the key stored again with each row's id): the key is the
-- table's own, and still serves the cascade from a node's deletion. The
-- index of (kind, input) stays. Rows are copied as they are; the view
-- results and its trigger are made again over the new table. Not run
-- twice (applied).
CREATE TABLE result_rows_keyed (
	node_id INTEGER NOT NULL REFERENCES node_rows (id) ON DELETE CASCADE,
	kind    INTEGER NOT NULL,
	input   INTEGER NOT NULL,
	data    BLOB NOT NULL,
	digest  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (node_id, kind)
) WITHOUT ROWID;
INSERT INTO result_rows_keyed (node_id, kind, input, data, digest) SELECT node_id, kind, input, data, digest FROM result_rows;
DROP VIEW results;
DROP TABLE result_rows;
ALTER TABLE result_rows_keyed RENAME TO result_rows;
CREATE INDEX result_rows_kind ON result_rows (kind, input);
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		CASE WHEN substr(r.data, 1, 1) IN (x'04', x'05') THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id)) ELSE r.data END AS data,
		r.digest AS digest
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;
`,
	`
-- A co-change row names its partners by their file nodes' keys (issue
-- 10: on spring-boot the partners' paths were most of the 3.0 MB the
-- 11,500 rows took): format 0x08 (PackPartners), for a row whose
-- partners are all file nodes; any other row stays as it was. The view
-- results gives the row back as the JSON it was (partners_data, given
-- each partner's key and name; a partner whose node is gone, with no
-- name, is left out), so readers read what they read before; digests,
-- of that JSON, stay. The view reads node_rows, not nodes, whose columns
-- older migrations run again would not have. Run again, the rows already
-- packed so are left alone and the view is made again.
UPDATE result_rows SET data = g.packed
	FROM (SELECT r.node_id AS node_id, partners_pack(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id)))) AS packed
		FROM result_rows r
		WHERE r.kind = (SELECT id FROM result_kinds WHERE kind = 'co-change') AND substr(r.data, 1, 1) != x'08'
			AND NOT EXISTS (SELECT 1 FROM json_each(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))), '$.partners') j
				WHERE NOT EXISTS (SELECT 1 FROM node_rows f WHERE f.key = node_key('file', j.value->>'Path') AND f.kind = '2'))) g
	WHERE result_rows.node_id = g.node_id AND result_rows.kind = (SELECT id FROM result_kinds WHERE kind = 'co-change') AND g.packed IS NOT NULL;
DROP VIEW results;
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		CASE WHEN substr(r.data, 1, 1) IN (x'04', x'05') THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))
			WHEN substr(r.data, 1, 1) = x'08' THEN partners_data(r.data, (SELECT group_concat(j.value || ' ' || coalesce((SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END
					FROM node_rows f WHERE f.key = j.value AND f.kind = '2'), ''), char(0))
				FROM json_each(partner_keys(r.data)) j))
			ELSE r.data END AS data,
		r.digest AS digest
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;
`,
	`
-- A commit is its row of commits alone (issue 10: on spring-boot its node
-- row and key took 4.3 MB beside the row): the row keeps its id and holds
-- the sha (sha: the 20 bytes the hex digits spell, as node names held
-- them since schema 17, or the text of a name that is not such digits),
-- and the commit nodes go. Commit ids are no node ids any more: a new
-- commit takes the next id of commits, which a node may hold too, so
-- nothing refers to a commit as a node. A release's link to its commit
-- goes with them: the release node names the commit's sha (content_hash
-- and metadata), and nothing read the link; so do the texts of commit
-- nodes that older stores kept in search_texts (a commit's message is
-- indexed from its row). No index finds a commit by its sha: the few
-- writers that ask read the column (AddCommits, DropCommits). The
-- author is a person node's id without a foreign key, and so without the
-- index (0.7 MB on spring-boot) that made each deletion of a node (resolve
-- deletes definitions) check commits: people are deleted only by
-- DropCommits, which leaves every author of a stored commit. The views
-- over commits are made again; the full-text index is rebuilt by the next
-- migration. Run with foreign keys off (rebuilds); not run twice
-- (applied).
CREATE TABLE commits_sha (
	node_id     INTEGER PRIMARY KEY,
	sha         BLOB NOT NULL,
	author_id   INTEGER NOT NULL,
	author_time INTEGER NOT NULL,
	commit_time INTEGER NOT NULL,
	parents     INTEGER NOT NULL,
	message     TEXT NOT NULL,
	changes     BLOB
);
INSERT INTO commits_sha (node_id, sha, author_id, author_time, commit_time, parents, message, changes)
	SELECT c.node_id, n.name, c.author_id, c.author_time, c.commit_time, c.parents, c.message, c.changes
	FROM commits c JOIN node_rows n ON n.id = c.node_id;
DROP VIEW IF EXISTS rename_edges;
DROP VIEW IF EXISTS changes;
DROP VIEW IF EXISTS search_source;
DROP TABLE commits;
ALTER TABLE commits_sha RENAME TO commits;
CREATE VIEW changes AS
	SELECT c.node_id AS commit_id, j.value->>0 AS file_id, j.value->>1 AS status, j.value->>2 AS added, j.value->>3 AS deleted,
		j.value->>4 AS binary, j.value->>5 AS old_file_id, j.value->>6 AS similarity
	FROM commits c, json_each(change_rows(c.changes)) j WHERE c.changes IS NOT NULL;
CREATE VIEW rename_edges AS
	SELECT commit_id, old_file_id AS src, file_id AS dst, similarity / 100.0 AS confidence FROM changes WHERE old_file_id IS NOT NULL;
DELETE FROM search_texts WHERE node_id IN (SELECT id FROM node_rows WHERE kind = '0');
DELETE FROM links WHERE kind = 4;
DELETE FROM result_rows WHERE node_id IN (SELECT id FROM node_rows WHERE kind = '0');
DELETE FROM edge_members WHERE node_id IN (SELECT id FROM node_rows WHERE kind = '0');
DELETE FROM node_rows WHERE kind = '0';
`,
	`
-- The full-text index reads a commit's sha from its row (schema 35), and
-- takes every other text (search_texts) under its node's id negated, so
-- that a commit's id, which a node may hold too, is never another text's
-- rowid. The view and the triggers are made again and the index rebuilt
-- from them. Run again (a store set back to an older schema, whose
-- scripts make the old view), it makes the same.
DROP VIEW IF EXISTS search_source;
CREATE VIEW search_source AS
	SELECT c.node_id AS id, 'commit' AS kind, CASE typeof(c.sha) WHEN 'blob' THEN lower(hex(c.sha)) ELSE c.sha END AS ref,
		unpack(c.message) AS body FROM commits c
	UNION ALL
	SELECT -t.node_id, t.kind, n.name, unpack(t.body) FROM search_texts t JOIN nodes n ON n.id = t.node_id;
DROP TRIGGER IF EXISTS search_commit_gone;
CREATE TRIGGER search_commit_gone AFTER DELETE ON commits BEGIN
	INSERT INTO search (search, rowid, kind, ref, body) VALUES ('delete', OLD.node_id, 'commit', '', unpack(OLD.message));
END;
DROP TRIGGER IF EXISTS search_text_gone;
CREATE TRIGGER search_text_gone AFTER DELETE ON search_texts BEGIN
	INSERT INTO search (search, rowid, kind, ref, body) VALUES ('delete', -OLD.node_id, OLD.kind, '', unpack(OLD.body));
END;
INSERT INTO search (search) VALUES ('rebuild');
`,
	`
-- Results are no longer indexed by (kind, input) (issue 10: on
-- spring-boot the index took 0.87 MB). A writer that replaces a kind's
-- rows reads them by scanning result_rows once (about 10 ms on
-- spring-boot's 80,000 rows), and so does the pruning of a kind's input
-- hashes; readers of a kind's rows read them as fast without it. The
-- primary key (node_id, kind) still serves a node's deletion. Run again,
-- it finds nothing to drop.
DROP INDEX IF EXISTS result_rows_kind;
`,
	`
-- A file's blob id at HEAD, 40 hex digits, is stored as the 20 bytes they
-- spell where they give the same text back (hex_bytes, as the parse memo
-- and path_blobs hold blob ids; issue 10: 0.24 MB on spring-boot), any
-- other text as it is; HeadFiles reads the digits back. The column's
-- text affinity leaves bytes alone. Run again, it finds no text to
-- change.
UPDATE head_files SET blob_id = hex_bytes(blob_id) WHERE typeof(blob_id) = 'text';
`,
	`
-- A file's behaviour row is stored by its fields (issue 10: on
-- spring-boot its 11,746 rows took 2.17 MB as packed JSON): format 0x09
-- (PackBehaviour), numbers as varints, the times of the last year's
-- changes as distances, for a row that reads back byte for byte; any
-- other stays as it was. The view results gives the JSON back
-- (result_data), so readers read what they read before; digests, of that
-- JSON, stay. Run again, the rows already stored so are left alone and
-- the view is made again.
UPDATE result_rows SET data = g.packed
	FROM (SELECT r.node_id AS node_id, behaviour_pack(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))),
			(SELECT n.name FROM nodes n WHERE n.id = r.node_id)) AS packed
		FROM result_rows r
		WHERE r.kind = (SELECT id FROM result_kinds WHERE kind = 'behavior') AND substr(r.data, 1, 1) IN (x'00', x'01', x'02', x'04', x'05')) g
	WHERE result_rows.node_id = g.node_id AND result_rows.kind = (SELECT id FROM result_kinds WHERE kind = 'behavior') AND g.packed IS NOT NULL;
DROP VIEW results;
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		CASE WHEN substr(r.data, 1, 1) IN (x'04', x'05', x'09') THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))
			WHEN substr(r.data, 1, 1) = x'08' THEN partners_data(r.data, (SELECT group_concat(j.value || ' ' || coalesce((SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END
					FROM node_rows f WHERE f.key = j.value AND f.kind = '2'), ''), char(0))
				FROM json_each(partner_keys(r.data)) j))
			ELSE r.data END AS data,
		r.digest AS digest
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;
`,
	`
-- A definition's name within its file nearly always begins with the
-- file's stem, its name up to the first '.' (issue 10: on spring-boot
-- 70,584 of 70,639 names, the stems 1.9 MB): a definition stored within
-- its file node whose name begins with the stem and a '.' is stored
-- with char(1) in place of the stem (elideStem). The view nodes puts the
-- stem back in name and local_name, and so does the trigger that gives a
-- file's definitions their whole names when the file node goes; every
-- stored name still ends in the name's last part, which the metadata's
-- name is taken from. The view's stored_name is the name as stored,
-- which a reader of every local name may test before local_name, whose
-- stem is looked up in the file's row. Run
-- again, the names stored so (beginning with char(1)) are left alone and
-- the view and trigger made again.
UPDATE node_rows SET name = g.stored
	FROM (SELECT n.id AS id, char(1) || substr(n.name, length(s.stem) + 1) AS stored
		FROM node_rows n JOIN (SELECT f.id AS id, CASE WHEN instr(f.name, '.') > 1 THEN substr(f.name, 1, instr(f.name, '.') - 1) END AS stem FROM node_rows f WHERE f.kind = '2') s ON s.id = n.file
		WHERE n.kind = '1' AND s.stem IS NOT NULL AND length(n.name) > length(s.stem) AND substr(n.name, 1, length(s.stem) + 1) = s.stem || '.') g
	WHERE node_rows.id = g.id;
DROP VIEW nodes;
CREATE VIEW nodes AS
	SELECT id, CASE kind WHEN '0' THEN 'commit' WHEN '1' THEN 'definition' WHEN '2' THEN 'file' WHEN '3' THEN 'person'
			WHEN '4' THEN 'release' WHEN '5' THEN 'module' WHEN '6' THEN 'manifest' WHEN '7' THEN 'command' WHEN '8' THEN 'repository'
			WHEN '9' THEN 'output' ELSE kind END AS kind,
		CASE WHEN file IS NOT NULL THEN (SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END || '#'
				|| CASE WHEN substr(n.name, 1, 1) = char(1) THEN CASE WHEN instr(f.name, '.') > 1 THEN substr(f.name, 1, instr(f.name, '.') - 1) END || substr(n.name, 2) ELSE n.name END FROM node_rows f WHERE f.id = n.file)
			WHEN dir IS NOT NULL THEN (SELECT d.path FROM dirs d WHERE d.id = n.dir) || '/' || name
			WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS name,
		content_hash, CASE WHEN def_kind IS NULL THEN CASE metadata WHEN '' THEN '{}' ELSE metadata END ELSE '{"name":"'
			|| coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) || '","kind":"'
			|| CASE typeof(def_kind) WHEN 'blob' THEN CASE def_kind WHEN x'00' THEN 'method' WHEN x'01' THEN 'function' WHEN x'02' THEN 'class' WHEN x'03' THEN 'constructor' WHEN x'04' THEN 'interface' WHEN x'05' THEN 'enum' WHEN x'06' THEN 'struct' WHEN x'07' THEN 'constant' WHEN x'08' THEN 'variable' WHEN x'09' THEN 'type' WHEN x'0a' THEN 'module' WHEN x'0b' THEN 'field' WHEN x'0c' THEN 'property' WHEN x'0d' THEN 'trait' WHEN x'0e' THEN 'macro' WHEN x'0f' THEN 'namespace' END ELSE def_kind END
			|| '","line":' || line || ',"end":' || end_line || ',"exported":' || CASE exported WHEN 1 THEN 'true' ELSE 'false' END
			|| coalesce(',"doc":"' || doc || '"', '') || CASE WHEN complexity != 0 THEN ',"complexity":' || complexity ELSE '' END || '}' END AS metadata,
		key, CASE WHEN dir IS NOT NULL THEN (SELECT d.path FROM dirs d WHERE d.id = n.dir) || '/' || name
			WHEN substr(name, 1, 1) = char(1) THEN (SELECT CASE WHEN substr(n.name, 1, 1) = char(1) THEN CASE WHEN instr(f.name, '.') > 1 THEN substr(f.name, 1, instr(f.name, '.') - 1) END || substr(n.name, 2) ELSE n.name END FROM node_rows f WHERE f.id = n.file)
			WHEN typeof(name) = 'blob' THEN lower(hex(name)) ELSE name END AS local_name, kind AS kind_code, name AS stored_name
	FROM node_rows n;
CREATE TRIGGER nodes_delete INSTEAD OF DELETE ON nodes BEGIN
	DELETE FROM node_rows WHERE id = OLD.id;
END;
DROP TRIGGER IF EXISTS node_file_gone;
CREATE TRIGGER node_file_gone BEFORE DELETE ON node_rows WHEN OLD.kind = '2' BEGIN
	UPDATE node_rows SET name = (CASE WHEN OLD.dir IS NULL THEN OLD.name ELSE (SELECT d.path FROM dirs d WHERE d.id = OLD.dir) || '/' || OLD.name END) || '#'
			|| CASE WHEN substr(name, 1, 1) = char(1) THEN CASE WHEN instr(OLD.name, '.') > 1 THEN substr(OLD.name, 1, instr(OLD.name, '.') - 1) END || substr(name, 2) ELSE name END, file = NULL,
			def_name = CASE WHEN def_kind IS NULL THEN def_name ELSE coalesce(def_name, substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)) END
		WHERE key BETWEEN node_range_lo('definition', CASE WHEN OLD.dir IS NULL THEN OLD.name ELSE (SELECT d.path FROM dirs d WHERE d.id = OLD.dir) || '/' || OLD.name END) AND node_range_hi('definition', CASE WHEN OLD.dir IS NULL THEN OLD.name ELSE (SELECT d.path FROM dirs d WHERE d.id = OLD.dir) || '/' || OLD.name END) AND file = OLD.id;
END;
`,
	`
-- Commit messages are packed several together (issue 10: on spring-boot
-- the 62,000 messages, each packed by itself, took 3.5 MB): a row of
-- message_packs holds the messages of up to 512 commits stored together
-- (PackText of their lengths and texts), and a commit whose message lies
-- in one has message_at, the pack's id times 1024 plus the message's
-- place, and '' as its message. The next migration makes the readers
-- read it; the migration packs a store's stored messages once its scripts
-- have run (PackMessages). Not run twice (applied).
CREATE TABLE IF NOT EXISTS message_packs (
	id   INTEGER PRIMARY KEY,
	data BLOB NOT NULL
);
ALTER TABLE commits ADD COLUMN message_at INTEGER;
`,
	`
-- The full-text index reads a commit's message where it lies (text_in
-- of its pack, or unpack of a message stored alone), and so does the
-- trigger that takes a deleted commit's message out of it; the index is
-- rebuilt from the view (a store set back to an older schema has had the
-- older view's texts put in; its migration to schema 20 packed the ''
-- of a message in a pack, which goes back to ''). Run again, it makes the
-- same.
UPDATE commits SET message = '' WHERE message_at IS NOT NULL AND message != '';
DROP VIEW IF EXISTS search_source;
CREATE VIEW search_source AS
	SELECT c.node_id AS id, 'commit' AS kind, CASE typeof(c.sha) WHEN 'blob' THEN lower(hex(c.sha)) ELSE c.sha END AS ref,
		CASE WHEN c.message_at IS NULL THEN unpack(c.message) ELSE text_in(c.message_at, (SELECT p.data FROM message_packs p WHERE p.id = c.message_at >> 10)) END AS body
	FROM commits c
	UNION ALL
	SELECT -t.node_id, t.kind, n.name, unpack(t.body) FROM search_texts t JOIN nodes n ON n.id = t.node_id;
DROP TRIGGER IF EXISTS search_commit_gone;
CREATE TRIGGER search_commit_gone AFTER DELETE ON commits BEGIN
	INSERT INTO search (search, rowid, kind, ref, body) VALUES ('delete', OLD.node_id, 'commit', '',
		CASE WHEN OLD.message_at IS NULL THEN unpack(OLD.message) ELSE text_in(OLD.message_at, (SELECT p.data FROM message_packs p WHERE p.id = OLD.message_at >> 10)) END);
END;
INSERT INTO search (search) VALUES ('rebuild');
`,
	`
-- The texts of search_texts (a definition's doc comment, its name first)
-- are packed several together (issue 10: on spring-boot 13,000 texts,
-- each packed by itself, took 1.5 MB): a row of text_packs holds up to
-- 256 texts written together (PackText of their lengths and texts), and
-- a text in one has body_at, the pack's id times 1024 plus the text's
-- place, and '' as its body. The next migration makes the readers read
-- it; the migration packs a store's texts once its scripts have run
-- (PackSearchTexts). Not run twice (applied).
CREATE TABLE IF NOT EXISTS text_packs (
	id   INTEGER PRIMARY KEY,
	data BLOB NOT NULL
);
ALTER TABLE search_texts ADD COLUMN body_at INTEGER;
`,
	`
-- The full-text index reads a text of search_texts where it lies (text_in
-- of its pack, or unpack of a text stored alone), and so does the trigger
-- that takes a deleted text out of it; the index is rebuilt from the view
-- (a store set back to an older schema has had the older view's texts put
-- in; its migration to schema 21 packed the '' of a text in a pack, which
-- goes back to ''). Run again, it makes the same.
UPDATE search_texts SET body = '' WHERE body_at IS NOT NULL AND body != '';
DROP VIEW IF EXISTS search_source;
CREATE VIEW search_source AS
	SELECT c.node_id AS id, 'commit' AS kind, CASE typeof(c.sha) WHEN 'blob' THEN lower(hex(c.sha)) ELSE c.sha END AS ref,
		CASE WHEN c.message_at IS NULL THEN unpack(c.message) ELSE text_in(c.message_at, (SELECT p.data FROM message_packs p WHERE p.id = c.message_at >> 10)) END AS body
	FROM commits c
	UNION ALL
	SELECT -t.node_id, t.kind, n.name,
		CASE WHEN t.body_at IS NULL THEN unpack(t.body) ELSE text_in(t.body_at, (SELECT p.data FROM text_packs p WHERE p.id = t.body_at >> 10)) END
	FROM search_texts t JOIN nodes n ON n.id = t.node_id;
DROP TRIGGER IF EXISTS search_text_gone;
CREATE TRIGGER search_text_gone AFTER DELETE ON search_texts BEGIN
	INSERT INTO search (search, rowid, kind, ref, body) VALUES ('delete', -OLD.node_id, OLD.kind, '',
		CASE WHEN OLD.body_at IS NULL THEN unpack(OLD.body) ELSE text_in(OLD.body_at, (SELECT p.data FROM text_packs p WHERE p.id = OLD.body_at >> 10)) END);
END;
INSERT INTO search (search) VALUES ('rebuild');
`,
	`
-- A commit's author time is stored as its distance from its commit time,
-- author_lag (issue 10: on spring-boot 40,300 of the 62,300 commits were
-- authored when committed, a 0 SQLite stores in no byte, where each time
-- took four; most others are within a few bytes). Nothing but the
-- end-to-end comparisons reads it: the author time is commit_time +
-- author_lag. Not run twice (applied).
ALTER TABLE commits RENAME COLUMN author_time TO author_lag;
UPDATE commits SET author_lag = author_lag - commit_time;
`,
	`
-- A pair of path_blobs names its commit by the commit's node id where the
-- store holds the commit (issue 10: on spring-boot 15,500 pairs held a
-- 20-byte sha each, where an id takes 2 or 3 bytes), else by its sha as
-- before; readers read the sha back (PathBlobCommit). A commit's pairs
-- leave with its row (DropCommits, ClearHistory), so that an id, once
-- free, names no pair of another commit. The column keeps its name and
-- its BLOB affinity, which leaves an integer alone. A temporary index
-- finds the commits by sha, as no other reader needs to. Run again, it
-- finds no sha of a stored commit left.
CREATE INDEX IF NOT EXISTS commits_sha_v46 ON commits (sha);
UPDATE path_blobs SET commit_sha = (SELECT c.node_id FROM commits c WHERE c.sha = path_blobs.commit_sha)
	WHERE typeof(commit_sha) != 'integer' AND EXISTS (SELECT 1 FROM commits c WHERE c.sha = path_blobs.commit_sha);
DROP INDEX commits_sha_v46;
`,
	`
-- A file's graph digest, 16 hexadecimal digits, is stored as the 8 bytes
-- they spell where they give the same text back (hex_bytes, as blob ids
-- are kept; issue 10: 8,200 digests on spring-boot), any other text as it
-- is; GraphDigests reads the digits back. The column's text affinity
-- leaves bytes alone. Run again, it finds no text to change.
UPDATE graph_digests SET digest = hex_bytes(digest) WHERE typeof(digest) = 'text';
`,
	`
-- A definition's entity row and a file's centrality row are stored by
-- their fields (issue 10: on spring-boot 32,000 rows took 1.4 MB as packed
-- JSON): format 0x0a (PackScores), scores as their ten-thousandths, counts
-- as varints, for a row that reads back byte for byte; any other stays as
-- it was. The view results gives the JSON back (result_data), so readers
-- read what they read before; digests, of that JSON, stay. Run again, the
-- rows already stored so are left alone and the view is made again.
UPDATE result_rows SET data = g.packed
	FROM (SELECT r.node_id AS node_id, r.kind AS kind, scores_pack(k.kind, unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))),
			(SELECT n.name FROM nodes n WHERE n.id = r.node_id)) AS packed
		FROM result_rows r JOIN result_kinds k ON k.id = r.kind
		WHERE k.kind IN ('entity', 'centrality') AND substr(r.data, 1, 1) IN (x'00', x'01', x'02', x'04', x'05')) g
	WHERE result_rows.node_id = g.node_id AND result_rows.kind = g.kind AND g.packed IS NOT NULL;
DROP VIEW results;
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		CASE WHEN substr(r.data, 1, 1) IN (x'04', x'05', x'09', x'0a') THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))
			WHEN substr(r.data, 1, 1) = x'08' THEN partners_data(r.data, (SELECT group_concat(j.value || ' ' || coalesce((SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END
					FROM node_rows f WHERE f.key = j.value AND f.kind = '2'), ''), char(0))
				FROM json_each(partner_keys(r.data)) j))
			ELSE r.data END AS data,
		r.digest AS digest
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;
`,
	`
-- A file's metrics row is packed with a dictionary of its own,
-- metricsDict, in jsonDict's place (format 0x0b, PackMetrics; within 0x04,
-- without the file's path, as before). Issue 10: on spring-boot the risk
-- verdicts' reasons and recommendations were 2.2 of the rows' 5.8 MB of
-- JSON, and jsonDict held none of their words; the rows took 2.37 MB. The
-- view results reads the new byte with the node's name (result_data).
-- Run again, the rows already packed so are left alone.
UPDATE result_rows SET data = g.packed
	FROM (SELECT r.node_id AS node_id, r.kind AS kind, metrics_pack(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))),
			(SELECT n.name FROM nodes n WHERE n.id = r.node_id)) AS packed
		FROM result_rows r JOIN result_kinds k ON k.id = r.kind
		WHERE k.kind = 'metrics' AND substr(r.data, 1, 1) IN (x'00', x'01', x'02', x'04', x'05') AND substr(r.data, 1, 2) != x'040b') g
	WHERE result_rows.node_id = g.node_id AND result_rows.kind = g.kind;
DROP VIEW results;
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		CASE WHEN substr(r.data, 1, 1) IN (x'04', x'05', x'09', x'0a', x'0b') THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))
			WHEN substr(r.data, 1, 1) = x'08' THEN partners_data(r.data, (SELECT group_concat(j.value || ' ' || coalesce((SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END
					FROM node_rows f WHERE f.key = j.value AND f.kind = '2'), ''), char(0))
				FROM json_each(partner_keys(r.data)) j))
			ELSE r.data END AS data,
		r.digest AS digest
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;
`,
	`
-- A file's source row is stored by its fields (issue 10: on spring-boot
-- 9,163 rows of about 100 bytes of JSON took 33 bytes each packed): format
-- 0x0c (PackSource), four counts as varints, a byte of flags, the language
-- and test role as their bytes, for a row that reads back byte for byte;
-- any other stays as it was. unpack gives the JSON back, so the view
-- results is as it was. Run again, the rows already stored so are left
-- alone.
UPDATE result_rows SET data = g.packed
	FROM (SELECT r.node_id AS node_id, r.kind AS kind, source_pack(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id)))) AS packed
		FROM result_rows r JOIN result_kinds k ON k.id = r.kind
		WHERE k.kind = 'source' AND substr(r.data, 1, 1) IN (x'00', x'01', x'02', x'04', x'05')) g
	WHERE result_rows.node_id = g.node_id AND result_rows.kind = g.kind AND g.packed IS NOT NULL;
`,
	`
-- A file's metrics row names the tests it lists (tested_by,
-- tested_indirectly_by) by their file nodes' keys (issue 10: on
-- spring-boot 29,300 paths, 4.0 MB of the rows' JSON): format 0x0d
-- (PackMetricsByKeys), for a row whose tests are all file nodes and that
-- reads back byte for byte; any other row stays as it was. The view
-- results gives the row back as the JSON it was (metrics_data, given
-- each test's key and name; a test whose node is gone is left out), so
-- readers read what they read before; digests, of that JSON, stay. Run
-- again, the rows already packed so are left alone and the view is made
-- again. A list that is null (json_each gives the null itself) names no
-- test.
UPDATE result_rows SET data = g.packed
	FROM (SELECT r.node_id AS node_id, r.kind AS kind, metrics_keys_pack(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))),
			(SELECT n.name FROM nodes n WHERE n.id = r.node_id)) AS packed
		FROM result_rows r JOIN result_kinds k ON k.id = r.kind
		WHERE k.kind = 'metrics' AND substr(r.data, 1, 1) != x'0d'
			AND NOT EXISTS (SELECT 1 FROM json_each(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))), '$.tested_by') j
				WHERE j.type = 'text' AND NOT EXISTS (SELECT 1 FROM node_rows f WHERE f.key = node_key('file', j.value) AND f.kind = '2'))
			AND NOT EXISTS (SELECT 1 FROM json_each(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))), '$.tested_indirectly_by') j
				WHERE j.type = 'text' AND NOT EXISTS (SELECT 1 FROM node_rows f WHERE f.key = node_key('file', j.value) AND f.kind = '2'))) g
	WHERE result_rows.node_id = g.node_id AND result_rows.kind = g.kind AND g.packed IS NOT NULL;
DROP VIEW results;
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		CASE WHEN substr(r.data, 1, 1) IN (x'04', x'05', x'09', x'0a', x'0b') THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))
			WHEN substr(r.data, 1, 1) = x'08' THEN partners_data(r.data, (SELECT group_concat(j.value || ' ' || coalesce((SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END
					FROM node_rows f WHERE f.key = j.value AND f.kind = '2'), ''), char(0))
				FROM json_each(partner_keys(r.data)) j))
			WHEN substr(r.data, 1, 1) = x'0d' THEN metrics_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id),
				(SELECT group_concat(j.value || ' ' || coalesce((SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END
					FROM node_rows f WHERE f.key = j.value AND f.kind = '2'), ''), char(0))
				FROM json_each(metrics_keys(r.data)) j))
			ELSE r.data END AS data,
		r.digest AS digest
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;
`,
	`
-- A file's centrality row names its dependents by their file nodes' keys
-- (issue 10: on spring-boot 7,618 dependents, 0.96 MB of the rows' JSON):
-- format 0x0e (PackCentralityByKeys), for a row whose dependents are all
-- file nodes and that reads back byte for byte; any other row stays as it
-- was. The view results gives the row back as the JSON it was
-- (centrality_data, given each dependent's key and name; one whose node
-- is gone is left out), so readers read what they read before; digests,
-- of that JSON, stay. Run again, the rows already stored so are left
-- alone and the view is made again. A null list names no dependent.
-- The view gains a column, scores: the row as data gives it but with
-- every name a row by keys holds left out (its lists empty), none looked
-- up, for readers of a kind's numbers alone (a pass over every metrics
-- row looked up 28,000 tests' names on spring-boot, 70 ms).
UPDATE result_rows SET data = g.packed
	FROM (SELECT r.node_id AS node_id, r.kind AS kind, centrality_keys_pack(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))),
			(SELECT n.name FROM nodes n WHERE n.id = r.node_id)) AS packed
		FROM result_rows r JOIN result_kinds k ON k.id = r.kind
		WHERE k.kind = 'centrality' AND substr(r.data, 1, 1) != x'0e'
			AND NOT EXISTS (SELECT 1 FROM json_each(unpack(result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))), '$.dependents') j
				WHERE j.type = 'object' AND NOT EXISTS (SELECT 1 FROM node_rows f WHERE f.key = node_key('file', j.value->>'path') AND f.kind = '2'))) g
	WHERE result_rows.node_id = g.node_id AND result_rows.kind = g.kind AND g.packed IS NOT NULL;
DROP VIEW results;
CREATE VIEW results AS
	SELECT r.node_id AS node_id, k.kind AS kind, (SELECT i.input_hash FROM result_inputs i WHERE i.id = r.input) AS input_hash,
		CASE WHEN substr(r.data, 1, 1) IN (x'04', x'05', x'09', x'0a', x'0b') THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))
			WHEN substr(r.data, 1, 1) = x'08' THEN partners_data(r.data, (SELECT group_concat(j.value || ' ' || coalesce((SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END
					FROM node_rows f WHERE f.key = j.value AND f.kind = '2'), ''), char(0))
				FROM json_each(partner_keys(r.data)) j))
			WHEN substr(r.data, 1, 1) = x'0d' THEN metrics_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id),
				(SELECT group_concat(j.value || ' ' || coalesce((SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END
					FROM node_rows f WHERE f.key = j.value AND f.kind = '2'), ''), char(0))
				FROM json_each(metrics_keys(r.data)) j))
			WHEN substr(r.data, 1, 1) = x'0e' THEN centrality_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id),
				(SELECT group_concat(j.value || ' ' || coalesce((SELECT CASE WHEN f.dir IS NULL THEN f.name ELSE (SELECT d.path FROM dirs d WHERE d.id = f.dir) || '/' || f.name END
					FROM node_rows f WHERE f.key = j.value AND f.kind = '2'), ''), char(0))
				FROM json_each(centrality_keys(r.data)) j))
			ELSE r.data END AS data,
		r.digest AS digest,
		CASE WHEN substr(r.data, 1, 1) IN (x'04', x'05', x'09', x'0a', x'0b') THEN result_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id))
			WHEN substr(r.data, 1, 1) = x'08' THEN partners_data(r.data, NULL)
			WHEN substr(r.data, 1, 1) = x'0d' THEN metrics_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id), NULL)
			WHEN substr(r.data, 1, 1) = x'0e' THEN centrality_data(r.data, (SELECT n.name FROM nodes n WHERE n.id = r.node_id), NULL)
			ELSE r.data END AS scores
	FROM result_rows r JOIN result_kinds k ON k.id = r.kind;
CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
	DELETE FROM result_rows WHERE node_id = OLD.node_id AND kind = (SELECT id FROM result_kinds WHERE kind = OLD.kind);
END;
`,
}

// applied holds, for migrations that must not run twice, a query that
// says whether the store already has what the migration makes (1) or not
// (0). Migration 8 packs results in place: packing them again would make
// them unreadable; 11, 13 and 28 add columns, which cannot be added twice; 12
// renames a table, which then no longer has the old name; 14 makes a
// table of results a view; 15 and 17 rebuild a table whose old form they
// read; 32 packs the table of changes into commits and drops it; 33
// rebuilds result_rows keyed by (node, kind); 35 rebuilds commits with
// their shas and deletes the commit nodes; 41 adds a column of commits,
// 43 one of search_texts; 45 renames a column of commits and rewrites
// its values from the old name's.
var applied = map[int]string{
	7:  "SELECT count(*) = 0 FROM pragma_table_info('edges') WHERE name = 'identity'",
	8:  "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'search_source'",
	9:  "SELECT count(*) > 0 FROM pragma_table_info('nodes') WHERE name = 'key'",
	11: "SELECT count(*) > 0 FROM pragma_table_info('changes') WHERE name = 'similarity'",
	12: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'node_rows'",
	13: "SELECT count(*) > 0 FROM pragma_table_info('node_rows') WHERE name = 'def_kind'",
	14: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'result_rows'",
	15: "SELECT count(*) > 0 FROM pragma_table_info('parse_memo') WHERE name = 'id'",
	17: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'path_blobs' AND sql LIKE '%commit_sha BLOB%'",
	// Migration 22 reads each result that is not 0x04 with unpack, which
	// cannot read the 0x05 of migration 24 without the name: a store that
	// holds one has had both (and 24 runs again after). It names rows by
	// their rowid, which result_rows has no more since 33: a store keyed
	// so has had it too.
	21: "SELECT EXISTS (SELECT 1 FROM result_rows WHERE substr(data, 1, 1) = x'05') OR EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'result_rows' AND sql LIKE '%WITHOUT ROWID%')",
	// Migration 24 packs facts with their path, which cannot be a file
	// node's key: a store with the view of migration 26 has had it.
	23: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'parse_memos'",
	27: "SELECT count(*) > 0 FROM pragma_table_info('node_rows') WHERE name = 'dir'",
	31: "SELECT count(*) > 0 FROM pragma_table_info('commits') WHERE name = 'changes'",
	32: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'result_rows' AND sql LIKE '%WITHOUT ROWID%'",
	34: "SELECT count(*) > 0 FROM pragma_table_info('commits') WHERE name = 'sha'",
	40: "SELECT count(*) > 0 FROM pragma_table_info('commits') WHERE name = 'message_at'",
	42: "SELECT count(*) > 0 FROM pragma_table_info('search_texts') WHERE name = 'body_at'",
	44: "SELECT count(*) > 0 FROM pragma_table_info('commits') WHERE name = 'author_lag'",
}
