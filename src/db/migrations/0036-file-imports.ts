import type { Migration } from './types';

/**
 * The file fallback's imports. A file reaches the desk server in chunks (an API input is capped
 * at 1 MB), so an import is a session: its bytes wait in a temporary file in the data folder and
 * this row says whose it is, how far the upload got and how it ended. Finished rows stay as the
 * history of what was imported from which file, next to the audit log.
 */
export const m0036: Migration = {
  version: 36,
  name: 'file-imports',
  up(db) {
    db.exec(`
      CREATE TABLE file_imports (
        id TEXT PRIMARY KEY,
        staff_id TEXT,
        staff_name TEXT,
        file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
        received_bytes INTEGER NOT NULL DEFAULT 0 CHECK (received_bytes >= 0 AND received_bytes <= size_bytes),
        status TEXT NOT NULL CHECK (status IN ('uploading', 'imported', 'rejected', 'cancelled')),
        format TEXT CHECK (format IS NULL OR format IN ('csv', 'fhir-bundle', 'fhir-ndjson')),
        rows INTEGER,
        inserted INTEGER,
        updated INTEGER,
        unchanged INTEGER,
        created_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX file_imports_recent ON file_imports (created_at);
    `);
  },
};
