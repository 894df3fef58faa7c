-- 0012: thừa lệnh / thừa ủy quyền (NĐ30 Điều 13): a delegation's kind and the document types it lets the delegate sign; deliveries sent out by mail.
ALTER TABLE "Delegations" ADD "Kind" integer NOT NULL DEFAULT 0;
ALTER TABLE "Delegations" ADD "DocumentTypes" character varying(500) NULL;
-- Why the last attempt to send a delivery out (mail, interconnection) failed; the queue of those to send.
ALTER TABLE "Deliveries" ADD "FailureReason" character varying(1000) NULL;
CREATE INDEX "IX_Deliveries_Kind_State" ON "Deliveries" ("Kind", "State");
