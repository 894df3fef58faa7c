-- 0004: files attached to documents; the bytes are in the content-addressed store (Storage:Root), keyed by SHA-256.
CREATE TABLE "DocumentFiles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DocumentFiles" PRIMARY KEY,
    "OwnerType" TEXT NOT NULL,
    "OwnerId" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "ContentType" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "UploadedByUserId" TEXT NOT NULL,
    "UploadedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_DocumentFiles_AspNetUsers_UploadedByUserId" FOREIGN KEY ("UploadedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_DocumentFiles_OwnerType_OwnerId" ON "DocumentFiles" ("OwnerType", "OwnerId");

CREATE INDEX "IX_DocumentFiles_Sha256" ON "DocumentFiles" ("Sha256");

CREATE INDEX "IX_DocumentFiles_UploadedByUserId" ON "DocumentFiles" ("UploadedByUserId");
