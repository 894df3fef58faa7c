-- 0016 (review findings 15 and 17): a draft may be signed for a collective body, "TM. BAN THƯỜNG VỤ" (NĐ30 Điều 13.2);
-- an arrival keeps the sender's page count and the document it answers (edXML OtherInfo/PageAmount, ResponseFor), and the
-- registered document keeps the reference too. A deputy's standing fields are role assignments (Role 6, Deputy, with the
-- department of the field): no column.
ALTER TABLE "OutgoingDocuments" ADD "Collective" TEXT NULL;
ALTER TABLE "ReceivedDocuments" ADD "PageAmount" INTEGER NULL;
ALTER TABLE "ReceivedDocuments" ADD "ReplyToKey" TEXT NULL;
ALTER TABLE "IncomingDocuments" ADD "ReplyToKey" TEXT NULL;
