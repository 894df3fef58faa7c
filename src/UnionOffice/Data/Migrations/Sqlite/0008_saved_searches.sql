-- 0008: searches a person keeps under a name (the query string of /api/v1/incoming/find).
CREATE TABLE "SavedSearches" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SavedSearches" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Query" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_SavedSearches_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_SavedSearches_UserId_Name" ON "SavedSearches" ("UserId", "Name");

