-- 0016 (review findings 15 and 17): a draft may be signed for a collective body, "TM. BAN THƯỜNG VỤ" (NĐ30 Điều 13.2);
-- an arrival keeps the sender's page count and the document it answers (edXML OtherInfo/PageAmount, ResponseFor), and the
-- registered document keeps the reference too. A deputy's standing fields are role assignments (Role 6, Deputy, with the
-- department of the field): no column.
ALTER TABLE "OutgoingDocuments" ADD "Collective" character varying(60) NULL;
ALTER TABLE "ReceivedDocuments" ADD "PageAmount" integer NULL;
ALTER TABLE "ReceivedDocuments" ADD "ReplyToKey" character varying(200) NULL;
ALTER TABLE "IncomingDocuments" ADD "ReplyToKey" character varying(200) NULL;
