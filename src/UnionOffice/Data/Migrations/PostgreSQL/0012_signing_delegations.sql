-- 0012: thừa lệnh / thừa ủy quyền (NĐ30 Điều 13): a delegation's kind and the document types it lets the delegate sign.
ALTER TABLE "Delegations" ADD "Kind" integer NOT NULL DEFAULT 0;
ALTER TABLE "Delegations" ADD "DocumentTypes" character varying(500) NULL;
