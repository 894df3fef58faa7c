-- 0010: nothing to do on SQLite. On PostgreSQL the tsvector's GIN index becomes a GIN index on (OrganizationId, Vector)
-- for searching within one organ; SQLite searches the normalised text with LIKE and has no such index.
SELECT 1;
