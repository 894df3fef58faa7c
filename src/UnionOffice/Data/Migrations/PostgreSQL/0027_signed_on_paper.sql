-- 0027 (issue 16 §6): a document the head signed on paper, numbered by the clerk and issued as a scan authenticated by
-- the organ's digital signature (seed 002 Điều 8.3b, NĐ30 Điều 18.6) says so, for the register and the record.

ALTER TABLE "OutgoingDocuments" ADD "SignedOnPaper" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE "OutgoingDocuments" ALTER COLUMN "SignedOnPaper" DROP DEFAULT;
