-- 0009: finding incoming documents within an organ, newest first (IncomingFinder); see the PostgreSQL script.
CREATE INDEX "IX_IncomingDocuments_OrganizationId_RegisteredAt_ArrivalNumber" ON "IncomingDocuments" ("OrganizationId", "RegisteredAt", "ArrivalNumber");
