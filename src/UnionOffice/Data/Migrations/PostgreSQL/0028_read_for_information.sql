-- expand
-- 0028 (issue 22 §5): a copy sent "để biết" is read or not — the reader's first opening is kept, so the list says
-- "chưa đọc" and the head sees who has read it; the documents a person directed or gave out are listed by the giver.
-- Nullable: a node of the previous version neither reads nor writes it.

ALTER TABLE "IncomingAssignments" ADD "ReadAt" timestamp with time zone NULL;

CREATE INDEX "IX_IncomingAssignments_AssignedByUserId" ON "IncomingAssignments" ("AssignedByUserId");
CREATE INDEX "IX_IncomingAssignments_AssignedOnBehalfOfUserId" ON "IncomingAssignments" ("AssignedOnBehalfOfUserId");
