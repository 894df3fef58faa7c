-- 0032 (issue 22 §13): "Tôi đã chỉ đạo / Tôi đã giao" is read from the newest direction back, by (giver, time).

CREATE INDEX "IX_IncomingAssignments_AssignedByUserId_CreatedAt" ON "IncomingAssignments" ("AssignedByUserId", "CreatedAt");
CREATE INDEX "IX_IncomingAssignments_AssignedOnBehalfOfUserId_CreatedAt" ON "IncomingAssignments" ("AssignedOnBehalfOfUserId", "CreatedAt");
DROP INDEX "IX_IncomingAssignments_AssignedByUserId";
DROP INDEX "IX_IncomingAssignments_AssignedOnBehalfOfUserId";
