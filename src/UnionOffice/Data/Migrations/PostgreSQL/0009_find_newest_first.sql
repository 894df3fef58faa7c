-- 0009: finding incoming documents within an organ, newest first (IncomingFinder): walked backwards, this index gives the
-- first page of a frequent word after a few dozen documents instead of testing every match (docs/benchmarks.md).
CREATE INDEX "IX_IncomingDocuments_OrganizationId_RegisteredAt_ArrivalNumber" ON "IncomingDocuments" ("OrganizationId", "RegisteredAt", "ArrivalNumber");
