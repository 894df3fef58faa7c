-- expand
-- 0032 (issue 22 §13): "Tôi đã chỉ đạo / Tôi đã giao" is read from the newest direction back, by (giver, time): the
-- indexes of 0028 on the giver alone made the page gather and sort every direction a head ever gave (seconds at 2 million
-- documents). Indexes only: the previous version's queries still run, on the new indexes.

CREATE INDEX "IX_IncomingAssignments_AssignedByUserId_CreatedAt" ON "IncomingAssignments" ("AssignedByUserId", "CreatedAt");
CREATE INDEX "IX_IncomingAssignments_AssignedOnBehalfOfUserId_CreatedAt" ON "IncomingAssignments" ("AssignedOnBehalfOfUserId", "CreatedAt");
DROP INDEX "IX_IncomingAssignments_AssignedByUserId";
DROP INDEX "IX_IncomingAssignments_AssignedOnBehalfOfUserId";
