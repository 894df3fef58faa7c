-- 0022 (issue 19, second slice): meetings of the organ's bodies and office: agenda, invitees (members who vote, guests
-- inside and outside the system) with their answers, substitutes and presence; requests to speak; votes, open or secret,
-- with ballots kept apart from a secret vote's choices; materials in versions and each reader's private notes on them.

CREATE TABLE "Meetings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Meetings" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "Body" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL,
    "Place" TEXT NULL,
    "PresidingUserId" TEXT NOT NULL,
    "QuorumNumerator" INTEGER NOT NULL,
    "QuorumDenominator" INTEGER NOT NULL,
    "MajorityOfMembers" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ScheduleEventId" TEXT NULL,
    CONSTRAINT "FK_Meetings_AspNetUsers_PresidingUserId" FOREIGN KEY ("PresidingUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Meetings_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AgendaItems" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AgendaItems" PRIMARY KEY,
    "MeetingId" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Presenter" TEXT NULL,
    CONSTRAINT "FK_AgendaItems_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Invitees" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Invitees" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "MeetingId" TEXT NOT NULL,
    "UserId" TEXT NULL,
    "ExternalName" TEXT NULL,
    "ExternalOrgan" TEXT NULL,
    "IsMember" INTEGER NOT NULL,
    "Response" INTEGER NOT NULL,
    "SubstituteUserId" TEXT NULL,
    "ResponseNote" TEXT NULL,
    "RespondedAt" INTEGER NULL,
    "Present" INTEGER NOT NULL,
    "PresentAt" INTEGER NULL,
    CONSTRAINT "FK_Invitees_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Invitees_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingVotes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_MeetingVotes" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "MeetingId" TEXT NOT NULL,
    "AgendaItemId" TEXT NULL,
    "Question" TEXT NOT NULL,
    "Secret" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "OpenedAt" INTEGER NOT NULL,
    "ClosedAt" INTEGER NULL,
    "Yes" INTEGER NULL,
    "No" INTEGER NULL,
    "Abstain" INTEGER NULL,
    "Present" INTEGER NULL,
    "Members" INTEGER NULL,
    "Passed" INTEGER NULL,
    CONSTRAINT "FK_MeetingVotes_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Ballots" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Ballots" PRIMARY KEY,
    "VoteId" TEXT NOT NULL,
    "VoterUserId" TEXT NOT NULL,
    "Choice" INTEGER NULL,
    "CastAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Ballots_AspNetUsers_VoterUserId" FOREIGN KEY ("VoterUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Ballots_MeetingVotes_VoteId" FOREIGN KEY ("VoteId") REFERENCES "MeetingVotes" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SecretChoices" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SecretChoices" PRIMARY KEY,
    "VoteId" TEXT NOT NULL,
    "Choice" INTEGER NOT NULL,
    CONSTRAINT "FK_SecretChoices_MeetingVotes_VoteId" FOREIGN KEY ("VoteId") REFERENCES "MeetingVotes" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SpeakRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SpeakRequests" PRIMARY KEY,
    "MeetingId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Topic" TEXT NULL,
    "RequestedAt" INTEGER NOT NULL,
    "SpokeAt" INTEGER NULL,
    CONSTRAINT "FK_SpeakRequests_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_SpeakRequests_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingMaterials" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_MeetingMaterials" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "MeetingId" TEXT NOT NULL,
    "AgendaItemId" TEXT NULL,
    "SeriesId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "FileId" TEXT NOT NULL,
    "Downloadable" INTEGER NOT NULL,
    "Released" INTEGER NOT NULL,
    "ReleasedAt" INTEGER NULL,
    "UploadedByUserId" TEXT NOT NULL,
    "UploadedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MeetingMaterials_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MaterialNotes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_MaterialNotes" PRIMARY KEY,
    "SeriesId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MaterialNotes_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_AgendaItems_MeetingId_Order" ON "AgendaItems" ("MeetingId", "Order");

CREATE UNIQUE INDEX "IX_Ballots_VoteId_VoterUserId" ON "Ballots" ("VoteId", "VoterUserId");

CREATE INDEX "IX_Ballots_VoterUserId" ON "Ballots" ("VoterUserId");

CREATE INDEX "IX_Invitees_MeetingId" ON "Invitees" ("MeetingId");

CREATE INDEX "IX_Invitees_UserId_MeetingId" ON "Invitees" ("UserId", "MeetingId");

CREATE UNIQUE INDEX "IX_MaterialNotes_SeriesId_UserId" ON "MaterialNotes" ("SeriesId", "UserId");

CREATE INDEX "IX_MaterialNotes_UserId" ON "MaterialNotes" ("UserId");

CREATE UNIQUE INDEX "IX_MeetingMaterials_MeetingId_SeriesId_Number" ON "MeetingMaterials" ("MeetingId", "SeriesId", "Number");

CREATE INDEX "IX_Meetings_OrganizationId_StartsAt" ON "Meetings" ("OrganizationId", "StartsAt");

CREATE INDEX "IX_Meetings_PresidingUserId" ON "Meetings" ("PresidingUserId");

CREATE INDEX "IX_MeetingVotes_MeetingId" ON "MeetingVotes" ("MeetingId");

CREATE INDEX "IX_SecretChoices_VoteId" ON "SecretChoices" ("VoteId");

CREATE INDEX "IX_SpeakRequests_MeetingId_RequestedAt" ON "SpeakRequests" ("MeetingId", "RequestedAt");

CREATE INDEX "IX_SpeakRequests_UserId" ON "SpeakRequests" ("UserId");
