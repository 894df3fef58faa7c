-- 0026 (issue 16): keys held elsewhere — a certificate says where its key is (PKCS#12 here, USB token, remote service,
-- HSM) and keeps its public part and chain; a prepared signature waits in PendingSignatures for the key to sign its digest.

ALTER TABLE "SigningCertificates" ADD COLUMN "Holder" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "SigningCertificates" ADD COLUMN "PublicCertificate" BLOB NULL;
ALTER TABLE "SigningCertificates" ADD COLUMN "ChainPem" TEXT NULL;
ALTER TABLE "SigningCertificates" ADD COLUMN "KeyReference" TEXT NULL;

CREATE TABLE "PendingSignatures" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PendingSignatures" PRIMARY KEY,
    "Purpose" TEXT NOT NULL,
    "SubjectId" TEXT NOT NULL,
    "SubjectVersion" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "CertificateId" TEXT NOT NULL,
    "PreparedPdf" BLOB NOT NULL,
    "Digest" BLOB NOT NULL,
    "Details" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "BatchId" TEXT NULL,
    "RemoteTransactionId" TEXT NULL,
    "State" INTEGER NOT NULL,
    "Error" TEXT NULL,
    "FinishedAt" INTEGER NULL,
    "ResultSha256" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_PendingSignatures_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_PendingSignatures_SigningCertificates_CertificateId" FOREIGN KEY ("CertificateId") REFERENCES "SigningCertificates" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_PendingSignatures_BatchId" ON "PendingSignatures" ("BatchId");
CREATE INDEX "IX_PendingSignatures_CertificateId" ON "PendingSignatures" ("CertificateId");
CREATE INDEX "IX_PendingSignatures_State_RemoteTransactionId" ON "PendingSignatures" ("State", "RemoteTransactionId");
CREATE INDEX "IX_PendingSignatures_UserId_State" ON "PendingSignatures" ("UserId", "State");
