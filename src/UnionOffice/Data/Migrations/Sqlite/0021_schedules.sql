-- 0021 (issue 19, first slice): the leaders' weekly schedule (lịch công tác tuần): weeks approved and published, engagements
-- with who presides and attends, the organ's rooms and cars with their bookings, and calendar subscriptions by secret link.

CREATE TABLE "ScheduleWeeks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ScheduleWeeks" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "WeekStart" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "ApprovedByUserId" TEXT NULL,
    "PublishedAt" INTEGER NULL,
    "IsPublic" INTEGER NOT NULL,
    CONSTRAINT "FK_ScheduleWeeks_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ScheduleEvents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ScheduleEvents" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "WeekStart" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL,
    "Content" TEXT NOT NULL,
    "Place" TEXT NULL,
    "RoomId" TEXT NULL,
    "CarId" TEXT NULL,
    "PreparingDepartmentId" TEXT NULL,
    "Guests" TEXT NULL,
    "Note" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "ProposedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ChangedAt" INTEGER NULL,
    "CancelReason" TEXT NULL,
    "Sequence" INTEGER NOT NULL,
    CONSTRAINT "FK_ScheduleEvents_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ScheduleParticipants" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ScheduleParticipants" PRIMARY KEY,
    "EventId" TEXT NOT NULL,
    "UserId" TEXT NULL,
    "DepartmentId" TEXT NULL,
    "Presides" INTEGER NOT NULL,
    CONSTRAINT "FK_ScheduleParticipants_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ScheduleParticipants_ScheduleEvents_EventId" FOREIGN KEY ("EventId") REFERENCES "ScheduleEvents" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ScheduleResources" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ScheduleResources" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "ApproverUserId" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_ScheduleResources_AspNetUsers_ApproverUserId" FOREIGN KEY ("ApproverUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ScheduleResources_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ResourceBookings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ResourceBookings" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "EventId" TEXT NOT NULL,
    "ResourceId" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "DecidedByUserId" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "Note" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ResourceBookings_ScheduleEvents_EventId" FOREIGN KEY ("EventId") REFERENCES "ScheduleEvents" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ResourceBookings_ScheduleResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "ScheduleResources" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CalendarFeeds" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CalendarFeeds" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "OrganizationId" TEXT NULL,
    "TokenHash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "RevokedAt" INTEGER NULL,
    "LastReadAt" INTEGER NULL,
    CONSTRAINT "FK_CalendarFeeds_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_CalendarFeeds_TokenHash" ON "CalendarFeeds" ("TokenHash");

CREATE INDEX "IX_CalendarFeeds_UserId" ON "CalendarFeeds" ("UserId");

CREATE UNIQUE INDEX "IX_ResourceBookings_EventId_ResourceId" ON "ResourceBookings" ("EventId", "ResourceId");

CREATE INDEX "IX_ResourceBookings_ResourceId_Status" ON "ResourceBookings" ("ResourceId", "Status");

CREATE INDEX "IX_ScheduleEvents_OrganizationId_WeekStart_StartsAt" ON "ScheduleEvents" ("OrganizationId", "WeekStart", "StartsAt");

CREATE INDEX "IX_ScheduleEvents_RoomId_StartsAt" ON "ScheduleEvents" ("RoomId", "StartsAt");

CREATE INDEX "IX_ScheduleParticipants_DepartmentId" ON "ScheduleParticipants" ("DepartmentId");

CREATE INDEX "IX_ScheduleParticipants_EventId" ON "ScheduleParticipants" ("EventId");

CREATE INDEX "IX_ScheduleParticipants_UserId" ON "ScheduleParticipants" ("UserId");

CREATE INDEX "IX_ScheduleResources_ApproverUserId" ON "ScheduleResources" ("ApproverUserId");

CREATE INDEX "IX_ScheduleResources_OrganizationId_Kind" ON "ScheduleResources" ("OrganizationId", "Kind");

CREATE UNIQUE INDEX "IX_ScheduleWeeks_OrganizationId_WeekStart" ON "ScheduleWeeks" ("OrganizationId", "WeekStart");
