-- 0005: concurrency tokens: of two people changing the same delegation, document or assignment at once, the second
-- is refused (409 CONCURRENT_CHANGE) instead of silently overwriting the first.
ALTER TABLE "Delegations" ADD COLUMN "Version" integer NOT NULL DEFAULT 0;
ALTER TABLE "IncomingDocuments" ADD COLUMN "Version" integer NOT NULL DEFAULT 0;
ALTER TABLE "IncomingAssignments" ADD COLUMN "Version" integer NOT NULL DEFAULT 0;
