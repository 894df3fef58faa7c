-- 0030 (issue 22 §12): the directory (danh bạ) shows each person's phone and e-mail as they chose — to the people of
-- their organs (0, the default), to everyone (1), to nobody (2).

ALTER TABLE "AspNetUsers" ADD COLUMN "DirectoryContact" INTEGER NOT NULL DEFAULT 0;
