-- 0006: follow-up of incoming work: requests to extend a deadline (gia hạn) decided by whoever gave the work, and
-- notifications to people (work given, chases, reminders before and after deadlines), with e-mail copies.
CREATE TABLE "Notifications" (
    "Id" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "Kind" character varying(40) NOT NULL,
    "Title" character varying(300) NOT NULL,
    "Link" character varying(300),
    "CreatedAt" timestamp with time zone NOT NULL,
    "ReadAt" timestamp with time zone,
    "DedupKey" character varying(200),
    "MailedAt" timestamp with time zone,
    CONSTRAINT "PK_Notifications" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Notifications_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "DeadlineExtensions" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "AssignmentId" uuid NOT NULL,
    "DocumentId" uuid NOT NULL,
    "CurrentDeadline" date NOT NULL,
    "RequestedDeadline" date NOT NULL,
    "Reason" character varying(1000) NOT NULL,
    "RequestedByUserId" uuid NOT NULL,
    "RequestedAt" timestamp with time zone NOT NULL,
    "Status" integer NOT NULL,
    "DecidedByUserId" uuid,
    "DecidedOnBehalfOfUserId" uuid,
    "DecidedAt" timestamp with time zone,
    "DecisionNote" character varying(1000),
    CONSTRAINT "PK_DeadlineExtensions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_DeadlineExtensions_AspNetUsers_RequestedByUserId" FOREIGN KEY ("RequestedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DeadlineExtensions_IncomingAssignments_AssignmentId" FOREIGN KEY ("AssignmentId") REFERENCES "IncomingAssignments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DeadlineExtensions_IncomingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_DeadlineExtensions_AssignmentId_Status" ON "DeadlineExtensions" ("AssignmentId", "Status");

CREATE INDEX "IX_DeadlineExtensions_DocumentId" ON "DeadlineExtensions" ("DocumentId");

CREATE INDEX "IX_DeadlineExtensions_RequestedByUserId" ON "DeadlineExtensions" ("RequestedByUserId");

CREATE UNIQUE INDEX "IX_Notifications_DedupKey" ON "Notifications" ("DedupKey");

CREATE INDEX "IX_Notifications_MailedAt" ON "Notifications" ("MailedAt");

CREATE INDEX "IX_Notifications_UserId_CreatedAt" ON "Notifications" ("UserId", "CreatedAt");

CREATE INDEX "IX_Notifications_UserId_ReadAt" ON "Notifications" ("UserId", "ReadAt");

